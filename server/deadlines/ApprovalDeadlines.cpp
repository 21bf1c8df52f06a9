// Deadlines of ApprovalService: SLA reminders, escalation up the chain and to fallback approvers, and expiry
// (an automatic reject with reason "timeout"). Every step is one transition in the store's batch, so a
// deadline that passed while the server was down is handled once, at start-up. See ApprovalService.h.
#include "approvals/ApprovalService.h"

#include "protocol/ApprovalJson.h"
#include "time/Clock.h"

#include <QJsonArray>

namespace countersign::server {

namespace {
const Actor System{QStringLiteral("countersign"), {}, {}};
}

std::optional<qint64> ApprovalService::handleDueDeadlines(int limit, bool *more)
{
    const QList<Approval> due = m_store.dueDeadlines(m_clock.nowMs(), limit);
    *more = due.size() >= limit;
    for (const Approval &a : due)
        handleDeadline(a);
    return m_store.nextDeadlineMs();
}

void ApprovalService::handleDeadline(Approval a)
{
    if (a.status != Status::Pending)
        return;
    const QDateTime now = m_clock.now();
    if (a.expiresAt.isValid() && a.expiresAt <= now) {
        const Escalation step = escalationFor(m_config.escalation, a);
        if (step.kind == Escalation::Kind::Expire)
            expire(a);
        else
            escalate(a, step);
        return;
    }
    if (a.remindAt.isValid() && a.remindAt <= now)
        remind(a);
}

void ApprovalService::expire(Approval &a)
{
    const QDateTime now = m_clock.now();
    Decision d;
    d.decision = QString::fromLatin1(decisions::Reject);
    d.feedback = QStringLiteral("timeout");
    d.output = a.output;
    d.decidedBy = System.name;
    d.decidedAt = now;
    d.version = a.version;
    a.decision = d;
    a.status = Status::Expired;
    a.updatedAt = now;
    a.remindAt = {};
    Event e = event(a, QStringLiteral("expired"), System,
                    {{QStringLiteral("reason"), QStringLiteral("timeout")},
                     {QStringLiteral("deadline"), json::time(a.expiresAt)},
                     {QStringLiteral("escalation_level"), a.escalationLevel}});
    const bool callback = !a.callbackUrl.isEmpty();
    if (callback)
        queueCallback(a);
    commitChange(a, e, callback);
}

void ApprovalService::escalate(Approval &a, const Escalation &step)
{
    const QDateTime now = m_clock.now();
    QJsonObject details{{QStringLiteral("reason"), QStringLiteral("timeout")},
                        {QStringLiteral("from_route"), a.route},
                        {QStringLiteral("deadline"), json::time(a.expiresAt)}};
    if (step.kind == Escalation::Kind::NextLevel) {
        a.route = step.route;
        details.insert(QStringLiteral("to_route"), step.route);
    } else {
        a.assignees = step.approvers;
        details.insert(QStringLiteral("to_approvers"), QJsonArray::fromStringList(step.approvers));
    }
    a.escalationLevel += 1;
    details.insert(QStringLiteral("level"), a.escalationLevel);
    a.updatedAt = now;
    armDeadlines(m_config.timeouts, a, now);
    Event e = event(a, QStringLiteral("escalated"), System, details);
    commitChange(a, e, false, NotifyReason::Escalated);
}

void ApprovalService::remind(Approval &a)
{
    a.remindAt = {};
    Event e = event(a, QStringLiteral("sla_reminder"), System,
                    {{QStringLiteral("deadline"), json::time(a.expiresAt)},
                     {QStringLiteral("fraction"), m_config.timeouts.reminderFraction}});
    commitChange(a, e, false, NotifyReason::Reminder);
}

} // namespace countersign::server
