#pragma once

#include "StoreContext.h"
#include "delivery/notify/NotificationPlanner.h"

#include <optional>

namespace countersign::server {

// How every transition ends, whoever makes it (an agent, an approver, a deadline): the event is appended, the
// approval stored at the event's seq, the notifications the policy asks for queued, and the change recorded in
// the batch's change log for the hub, the long polls and the dispatchers.
class ChangeRecorder final
{
public:
    explicit ChangeRecorder(StoreContext &tx) : m_tx(tx) {}

    // Appends `e`, stores `a` at the event's seq (with its history) and records the change.
    void commit(Approval &a, Event &e, bool deliveryQueued, std::optional<NotifyReason> notify = std::nullopt);
    // Records a change of `a`, stored already, queuing the notifications `notify` asks for.
    void record(const Approval &a, const QString &action, bool deliveryQueued, std::optional<NotifyReason> notify);
    // Records approvals changed by another process (an admin command) as changes of this batch.
    void collectExternal();

private:
    StoreContext &m_tx;
};

} // namespace countersign::server
