#include "DeadlineHandler.h"

#include "approvals/ChangeRecorder.h"
#include "delivery/OutboxQueue.h"

#include "protocol/ApprovalJson.h"
#include "time/Clock.h"

#include <QJsonArray>

namespace countersign::server {

namespace {
const Actor System{QStringLiteral("countersign"), {}, {}};
}

std::optional<qint64> DeadlineHandler::handleDueDeadlines(int limit, bool *more)
{
    const QList<Approval> due = m_tx.store.dueDeadlines(m_tx.clock.nowMs(), limit);
    *more = due.size() >= limit;
    for (const Approval &a : due)
        handleDeadline(a);
    return m_tx.store.nextDeadlineMs();
}

void DeadlineHandler::handleDeadline(Approval a)
{
    if (a.status != Status::Pending)
        return;
    const QDateTime now = m_tx.clock.now();
    if (a.expiresAt.isValid() && a.expiresAt <= now) {
        const Escalation step = escalationFor(m_tx.config.escalation, a);
        if (step.kind == Escalation::Kind::Expire)
            expire(a);
        else
            escalate(a, step);
        return;
    }
    if (a.remindAt.isValid() && a.remindAt <= now)
        remind(a);
}

void DeadlineHandler::expire(Approval &a)
{
    const QDateTime now = m_tx.clock.now();
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
    Event e = m_tx.event(a, QStringLiteral("expired"), System,
                         {{QStringLiteral("reason"), QStringLiteral("timeout")},
                          {QStringLiteral("deadline"), json::time(a.expiresAt)},
                          {QStringLiteral("escalation_level"), a.escalationLevel}});
    const bool callback = !a.callbackUrl.isEmpty();
    if (callback)
        OutboxQueue(m_tx).queueCallback(a);
    ChangeRecorder(m_tx).commit(a, e, callback);
}

void DeadlineHandler::escalate(Approval &a, const Escalation &step)
{
    const QDateTime now = m_tx.clock.now();
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
    armDeadlines(m_tx.config.timeouts, a, now);
    Event e = m_tx.event(a, QStringLiteral("escalated"), System, details);
    ChangeRecorder(m_tx).commit(a, e, false, NotifyReason::Escalated);
}

void DeadlineHandler::remind(Approval &a)
{
    a.remindAt = {};
    Event e = m_tx.event(a, QStringLiteral("sla_reminder"), System,
                         {{QStringLiteral("deadline"), json::time(a.expiresAt)},
                          {QStringLiteral("fraction"), m_tx.config.timeouts.reminderFraction}});
    ChangeRecorder(m_tx).commit(a, e, false, NotifyReason::Reminder);
}

} // namespace countersign::server
