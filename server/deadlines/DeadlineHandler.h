#pragma once

#include "approvals/StoreContext.h"
#include "deadlines/Deadlines.h"

#include <optional>

namespace countersign::server {

// What happens when time passes, on the store thread: SLA reminders, escalation up the chain and to fallback
// approvers, and expiry (an automatic reject with reason "timeout"). Every step is one transition in the store's
// batch, so a deadline that passed while the server was down is handled once, at start-up. DeadlineScheduler
// decides when to call it.
class DeadlineHandler final
{
public:
    explicit DeadlineHandler(StoreContext &tx) : m_tx(tx) {}

    // Handles every pending approval whose SLA reminder or deadline is due (escalate or expire), at most `limit`
    // of them; returns the next deadline to wake up for.
    std::optional<qint64> handleDueDeadlines(int limit, bool *more);

private:
    void handleDeadline(Approval a);
    void expire(Approval &a);
    void escalate(Approval &a, const Escalation &step);
    void remind(Approval &a);

    StoreContext &m_tx;
};

} // namespace countersign::server
