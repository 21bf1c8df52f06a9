#pragma once

#include "config/Config.h"
#include "domain/Approval.h"

#include <optional>

namespace countersign::server {

// How long `a` may wait for a decision: its own timeout_s, else its priority's default, else its route's,
// else the server-wide default; nothing when none of them is set.
std::optional<qint64> timeoutFor(const Config::Timeouts &timeouts, const Approval &a);

// Starts the clock of a pending round at `now`: sets expires_at and, when reminders are on, remind_at.
void armDeadlines(const Config::Timeouts &timeouts, Approval &a, const QDateTime &now);

// What happens when a pending approval's deadline passes.
struct Escalation
{
    enum class Kind { NextLevel, Fallback, Expire };
    Kind kind = Kind::Expire;
    QString route;          // NextLevel: the next role of the chain
    QStringList approvers;  // Fallback: the named approvers
};

// High and critical approvals (by default) climb the chain from their route, then go to the fallback
// approvers; once those had their turn too, or for other priorities, the approval expires.
Escalation escalationFor(const Config::Escalation &escalation, const Approval &a);

} // namespace countersign::server
