#pragma once

#include "domain/Approval.h"

#include <QDateTime>
#include <QStringList>

namespace countersign::server {

namespace roles {
inline constexpr auto Admin = "admin";
inline constexpr auto Auditor = "auditor";
} // namespace roles

struct User
{
    QString username;
    QString displayName;
    QString email;
    QStringList roles;
    QByteArray passwordHash;  // hex PBKDF2-SHA256
    QByteArray salt;          // hex
    int iterations = 0;
    bool disabled = false;
    QDateTime createdAt;

    bool hasRole(const char *role) const { return roles.contains(QLatin1String(role)); }
};

// Who may see and decide what: the one place (the seed calls it can_approve).
// - An approval is visible to a user whose roles include its route, to its named assignees (escalation
//   fallback approvers), to admins and to auditors.
// - It may be decided by a user whose roles include its route, by an assignee, or by an admin. Auditors only read.
bool canSee(const User &user, const Approval &approval);
bool canDecide(const User &user, const Approval &approval);
// Whether the user could see the approval at some earlier point of its history (a route it was routed or
// escalated from, or an earlier list of assignees), whatever it is now: such a user is told when the approval
// leaves their view (escalated, re-routed on a revision) instead of keeping a stale copy.
bool couldSeeBefore(const User &user, const Approval &approval);
// The role a decision is recorded under: the route when the user holds it, "fallback" for an assignee,
// else "admin".
QString decidingRole(const User &user, const Approval &approval);

QJsonObject publicJson(const User &user);  // {"username","display_name","email","roles"}

} // namespace countersign::server
