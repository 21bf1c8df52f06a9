#pragma once

#include "approvals/StoreContext.h"
#include "delivery/notify/NotificationPlanner.h"
#include "store/Delivery.h"

#include <optional>

namespace countersign::server {

// The outbox's side in the store: callbacks to agents and notifications to approvers are queued in the same
// batch as the change that causes them (so a committed decision always has its callback), the dispatchers
// read what is due, and each sending attempt is recorded here with its retry policy and its audit event.
class OutboxQueue final
{
public:
    explicit OutboxQueue(StoreContext &tx) : m_tx(tx) {}

    void queueCallback(const Approval &a);
    // Queues the email and Slack messages the policy asks for; true when any was queued.
    bool queueNotifications(const Approval &a, NotifyReason reason);

    // The messages of `kinds` due now, leaving out those being sent.
    QList<Delivery> dueDeliveries(const QStringList &kinds, int limit, const QStringList &inFlight);
    std::optional<qint64> nextDeliveryDueMs(const QStringList &kinds);
    void recordDeliveryAttempt(Delivery delivery, bool delivered, const QString &error);

private:
    StoreContext &m_tx;
};

} // namespace countersign::server
