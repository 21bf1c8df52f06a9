#include "User.h"

#include <QJsonArray>
#include <QJsonObject>

namespace countersign::server {

bool canSee(const User &user, const Approval &approval)
{
    return !user.disabled
        && (user.roles.contains(approval.route) || approval.assignees.contains(user.username)
            || user.hasRole(roles::Admin) || user.hasRole(roles::Auditor));
}

bool couldSeeBefore(const User &user, const Approval &approval)
{
    if (user.disabled)
        return false;
    auto holds = [&user](const QJsonValue &route) { return route.isString() && user.roles.contains(route.toString()); };
    for (const Event &e : approval.history) {
        if (e.action == QLatin1String("routed") && holds(e.details.value(QLatin1String("route"))))
            return true;
        if (e.action == QLatin1String("escalated")
            && (holds(e.details.value(QLatin1String("from_route")))
                || e.details.value(QLatin1String("to_approvers")).toArray().contains(user.username)))
            return true;
    }
    return false;
}

bool canDecide(const User &user, const Approval &approval)
{
    return !user.disabled
        && (user.roles.contains(approval.route) || approval.assignees.contains(user.username)
            || user.hasRole(roles::Admin));
}

QString decidingRole(const User &user, const Approval &approval)
{
    if (user.roles.contains(approval.route))
        return approval.route;
    if (approval.assignees.contains(user.username))
        return QStringLiteral("fallback");
    return QString::fromLatin1(roles::Admin);
}

QJsonObject publicJson(const User &user)
{
    return {{QStringLiteral("username"), user.username},
            {QStringLiteral("display_name"), user.displayName},
            {QStringLiteral("email"), user.email},
            {QStringLiteral("roles"), QJsonArray::fromStringList(user.roles)}};
}

} // namespace countersign::server
