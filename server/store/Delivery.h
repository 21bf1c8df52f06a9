#pragma once

#include <QByteArray>
#include <QString>

namespace countersign::server {

// One message in the outbox: a callback to an agent (the same id, X-Countersign-Delivery, on every attempt),
// or a notification to approvers by email or Slack.
struct Delivery
{
    enum class State { Pending, Delivered, Abandoned };
    static constexpr const char *Callback = "callback";
    static constexpr const char *Email = "email";
    static constexpr const char *Slack = "slack";
    static constexpr const char *CrewAi = "crewai";  // a decision answered to CrewAI AMP (integrations/)
    QString id;
    QString kind = QString::fromLatin1(Callback);
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
