#pragma once

#include <QByteArray>
#include <QString>

namespace countersign::server {

// One callback to an agent: the same id (X-Countersign-Delivery) on every attempt.
struct Delivery
{
    enum class State { Pending, Delivered, Abandoned };
    QString id;
    QString approvalId;
    QString source;
    QString url;
    QByteArray body;
    int attempts = 0;
    qint64 createdAtMs = 0;
    qint64 nextAttemptAtMs = 0;
    State state = State::Pending;
    QString lastError;
};

} // namespace countersign::server
