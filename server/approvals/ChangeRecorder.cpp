#include "ChangeRecorder.h"

#include "delivery/OutboxQueue.h"

namespace countersign::server {

void ChangeRecorder::commit(Approval &a, Event &e, bool deliveryQueued, std::optional<NotifyReason> notify)
{
    m_tx.store.appendEvent(e);
    a.seq = e.seq;
    m_tx.store.updateApproval(a);
    a = m_tx.withHistory(a);
    record(a, e.action, deliveryQueued, notify);
}

void ChangeRecorder::record(const Approval &a, const QString &action, bool deliveryQueued,
                            std::optional<NotifyReason> notify)
{
    if (notify)
        deliveryQueued = OutboxQueue(m_tx).queueNotifications(a, *notify) || deliveryQueued;
    ApprovalChange change{a, deliveryQueued, action, {}, {}};
    if (notify && notifiesDesktop(m_tx.config.notifications, a))
        change.notify = toString(*notify);
    m_tx.changes.append(change);
}

void ChangeRecorder::collectExternal()
{
    for (const Approval &stored : m_tx.store.takeExternalChanges()) {
        const Approval a = m_tx.withHistory(stored);
        m_tx.changes.append({a, !a.callbackUrl.isEmpty() && isAgentVisibleOutcome(a.status),
                             a.history.isEmpty() ? QString() : a.history.last().action, {}, {}});
    }
}

} // namespace countersign::server
