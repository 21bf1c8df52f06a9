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
