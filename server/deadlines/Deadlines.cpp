#include "Deadlines.h"

#include <cmath>

namespace countersign::server {

std::optional<qint64> timeoutFor(const Config::Timeouts &timeouts, const Approval &a)
{
    if (a.timeoutS)
        return a.timeoutS;
    if (auto it = timeouts.perPriority.constFind(toString(a.priority)); it != timeouts.perPriority.cend())
        return *it;
    if (auto it = timeouts.perRoute.constFind(a.route); it != timeouts.perRoute.cend())
        return *it;
    return timeouts.defaultS;
}

void armDeadlines(const Config::Timeouts &timeouts, Approval &a, const QDateTime &now)
{
    a.expiresAt = {};
    a.remindAt = {};
    const auto timeout = timeoutFor(timeouts, a);
    if (!timeout)
        return;
    const qint64 ms = *timeout * 1000;
    a.expiresAt = now.addMSecs(ms);
    if (timeouts.reminderFraction > 0)
        a.remindAt = now.addMSecs(static_cast<qint64>(std::llround(double(ms) * timeouts.reminderFraction)));
}

Escalation escalationFor(const Config::Escalation &escalation, const Approval &a)
{
    if (!escalation.priorities.contains(toString(a.priority)))
        return {};
    const qsizetype level = escalation.chain.indexOf(a.route);
    if (a.assignees.isEmpty() && level >= 0 && level + 1 < escalation.chain.size())
        return {Escalation::Kind::NextLevel, escalation.chain.at(level + 1), {}};
    if (!escalation.fallbackApprovers.isEmpty() && a.assignees != escalation.fallbackApprovers)
        return {Escalation::Kind::Fallback, {}, escalation.fallbackApprovers};
    return {};
}

} // namespace countersign::server
