#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace countersign::client {

// What the approval list shows of one approval; the full document stays in the local store and is read when
// the approval is opened. Small on purpose: the list holds up to 100,000 of them.
struct ApprovalSummary
{
    QString id;
    QString title;
    QString agent;
    QString route;
    QString status;
    QString priority;
    int priorityRank = 1;  // low 0, normal 1, high 2, critical 3: for sorting
    int version = 1;
    qint64 seq = 0;
    qint64 createdMs = 0;
    qint64 expiresMs = 0;  // 0: no deadline
    // Lower-case title, agent and output text, cut to a few KiB, in UTF-8: half the memory of UTF-16, and
    // searched with memmem (a UTF-8 needle cannot match in the middle of another character).
    QByteArray searchText;

    static ApprovalSummary fromJson(const QJsonObject &approval);
};

int priorityRank(const QString &priority);

} // namespace countersign::client
