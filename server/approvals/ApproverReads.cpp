// The approver-facing reads of ApprovalService: sessions, the queue, changes for the hub, the audit log and
// metrics. See ApprovalService.h.
#include "ApprovalService.h"

#include "auth/Passwords.h"
#include "metrics/MetricsSummary.h"
#include "time/Clock.h"

#include <algorithm>

namespace countersign::server {

std::optional<User> ApprovalService::user(const QString &username)
{
    return m_store.findUser(username);
}

std::optional<User> ApprovalService::userForToken(const QByteArray &token)
{
    const auto username = m_store.tokenUser(passwords::tokenHash(token), m_clock.nowMs());
    if (!username)
        return std::nullopt;
    auto u = m_store.findUser(*username);
    if (!u || u->disabled)
        return std::nullopt;
    return u;
}

QList<std::optional<User>> ApprovalService::usersForTokens(const QList<QByteArray> &tokens)
{
    QList<std::optional<User>> users;
    users.reserve(tokens.size());
    for (const QByteArray &token : tokens)
        users.append(userForToken(token));
    return users;
}

QByteArray ApprovalService::issueToken(const QString &username, qint64 ttlMs)
{
    const QByteArray token = passwords::newToken();
    m_store.insertToken(passwords::tokenHash(token), username, m_clock.nowMs(), m_clock.nowMs() + ttlMs);
    return token;
}

void ApprovalService::revokeToken(const QByteArray &token)
{
    m_store.revokeToken(passwords::tokenHash(token));
}

namespace {
// Approvals read from the store per step while searching: one statement for a queue of a few hundred.
constexpr int SearchPage = 200;

QStringList routeRoles(const User &user)
{
    QStringList routes = user.roles;
    routes.removeAll(QLatin1String(roles::Admin));
    routes.removeAll(QLatin1String(roles::Auditor));
    return routes;
}
bool seesAll(const User &user)
{
    return user.hasRole(roles::Admin) || user.hasRole(roles::Auditor);
}
} // namespace

Visibility ApprovalService::visibility(const User &user) const
{
    return {routeRoles(user), user.username, seesAll(user)};
}

QList<Approval> ApprovalService::queue(const User &user, QueueQuery query)
{
    query.visible = visibility(user);
    QList<Approval> list;
    if (query.text.isEmpty()) {
        list = m_store.queue(query);
    } else {
        // Free text is matched here, over the redacted approver view, never in the store over the stored document
        // (which holds the masked values and the integration's tokens). Pages of the store's order are read
        // until `limit` matches are found, so paging by `after` stays as it was.
        const QString text = query.text;
        const int wanted = query.limit;
        query.text.clear();
        query.limit = std::max(wanted, SearchPage);
        for (;;) {
            const QList<Approval> page = m_store.queue(query);
            for (const Approval &a : page) {
                if (m_redactor.approverViewContains(a, text))
                    list.append(a);
                if (list.size() == wanted)
                    break;
            }
            if (list.size() == wanted || page.size() < query.limit)
                break;
            query.afterId = page.last().id;
        }
    }
    QStringList ids;
    for (const Approval &a : std::as_const(list))
        ids.append(a.id);
    const QHash<QString, QList<Event>> history = m_store.eventsForAll(ids);  // one read, not one per approval
    for (Approval &a : list)
        a.history = history.value(a.id);
    return list;
}

std::optional<Approval> ApprovalService::approvalFor(const User &user, const QString &approvalId)
{
    const std::optional<StoredApproval> stored = m_store.findById(approvalId);
    if (!stored || !canSee(user, stored->approval))
        return std::nullopt;
    return withHistory(stored->approval);
}

QList<Approval> ApprovalService::changedSince(const User &user, qint64 since, qint64 upTo, int limit)
{
    return m_store.changedSince(since, upTo, visibility(user), limit);
}

QList<Approval> ApprovalService::withdrawnSince(const User &user, qint64 since, qint64 upTo, int limit)
{
    QList<Approval> gone = m_store.reroutedSince(since, upTo, limit);
    gone.removeIf([&user](const Approval &a) { return canSee(user, a) || !couldSeeBefore(user, a); });
    return gone;
}

qint64 ApprovalService::currentSeq()
{
    return m_store.currentSeq();
}

QList<AuditEntry> ApprovalService::auditAfter(qint64 seq, int limit)
{
    return m_store.auditAfter(seq, limit);
}

bool ApprovalService::storeReachable()
{
    return m_store.isReachable();
}

QList<ApprovalChange> ApprovalService::takeChanges()
{
    return std::exchange(m_changes, {});
}

MetricsSummary ApprovalService::metrics(const User &user, const QDateTime &from, const QDateTime &to)
{
    const Visibility visible = visibility(user);
    auto sees = [&visible](const QString &route) { return visible.all || visible.routes.contains(route); };
    QList<DecisionRecord> decisions = m_store.decisionsBetween(from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch());
    decisions.removeIf([&sees](const DecisionRecord &r) { return !sees(r.route); });
    QList<RouteBacklog> waiting = m_store.backlog();
    waiting.removeIf([&sees](const RouteBacklog &b) { return !sees(b.route); });
    return summarize(decisions, waiting, from, to, m_clock.now());
}

QList<RouteBacklog> ApprovalService::backlog()
{
    return m_store.backlog();
}

} // namespace countersign::server
