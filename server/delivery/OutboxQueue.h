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

    // Claims the messages of `kinds` due now, leaving out those this node is sending: each one's next attempt
    // moves to now + `leaseMs`, so no other node (all share the database; their batches are serialized) sees
    // it as due while this node's attempt runs. The returned copies carry the lease's end in nextAttemptAtMs.
    // If the node dies mid-attempt, the message is due again when the lease runs out: nothing is dropped.
    QList<Delivery> claimDueDeliveries(const QStringList &kinds, int limit, const QStringList &inFlight, qint64 leaseMs);
    // Gives back the claim of an attempt cut short (a graceful stop): due now, for a restart or another node.
    // Does nothing once the lease has run out, as another node may have claimed the message since.
    void releaseClaim(Delivery claimed);
    std::optional<qint64> nextDeliveryDueMs(const QStringList &kinds);
    // Records the outcome of the attempt made under the claim `claimed`. A failure that comes after the lease
    // ran out is not recorded (false): another node may have claimed the message meanwhile, and its outcome
    // must not be overwritten; the message is due anyway, so the attempt is simply made again. A success is
    // always recorded: a delivered message must not be sent again.
    bool recordDeliveryAttempt(Delivery claimed, bool delivered, const QString &error);

private:
    StoreContext &m_tx;
};

} // namespace countersign::server
