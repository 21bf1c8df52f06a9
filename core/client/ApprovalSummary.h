#pragma once

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
    QString searchText;    // lower-case title, agent and output text, cut to a few KiB

    static ApprovalSummary fromJson(const QJsonObject &approval);
};

int priorityRank(const QString &priority);

} // namespace countersign::client
