#include "ApproverReads.h"

#include "metrics/MetricsSummary.h"
#include "time/Clock.h"

#include <algorithm>

namespace countersign::server {

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

Visibility visibility(const User &user)
{
    return {routeRoles(user), user.username, seesAll(user)};
}

} // namespace

QList<Approval> ApproverReads::queue(const User &user, QueueQuery query)
{
    query.visible = visibility(user);
    QList<Approval> list;
    if (query.text.isEmpty()) {
        list = m_tx.store.queue(query);
    } else {
        // Free text is matched here, over the redacted approver view, never in the store over the stored document
        // (which holds the masked values and the integration's tokens). Pages of the store's order are read
        // until `limit` matches are found, so paging by `after` stays as it was.
        const QString text = query.text;
        const int wanted = query.limit;
        query.text.clear();
        query.limit = std::max(wanted, SearchPage);
        for (;;) {
            const QList<Approval> page = m_tx.store.queue(query);
            for (const Approval &a : page) {
                if (m_tx.redactor.approverViewContains(a, text))
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
    const QHash<QString, QList<Event>> history = m_tx.store.eventsForAll(ids);  // one read, not one per approval
    for (Approval &a : list)
        a.history = history.value(a.id);
    return list;
}

std::optional<Approval> ApproverReads::approvalFor(const User &user, const QString &approvalId)
{
    const std::optional<StoredApproval> stored = m_tx.store.findById(approvalId);
    if (!stored || !canSee(user, stored->approval))
        return std::nullopt;
    return m_tx.withHistory(stored->approval);
}

QList<Approval> ApproverReads::changedSince(const User &user, qint64 since, qint64 upTo, int limit)
{
    return m_tx.store.changedSince(since, upTo, visibility(user), limit);
}

QList<Approval> ApproverReads::withdrawnSince(const User &user, qint64 since, qint64 upTo, int limit)
{
    QList<Approval> gone = m_tx.store.reroutedSince(since, upTo, limit);
    gone.removeIf([&user](const Approval &a) { return canSee(user, a) || !couldSeeBefore(user, a); });
    return gone;
}

qint64 ApproverReads::currentSeq()
{
    return m_tx.store.currentSeq();
}

QList<AuditEntry> ApproverReads::auditAfter(qint64 seq, int limit)
{
    return m_tx.store.auditAfter(seq, limit);
}

bool ApproverReads::storeReachable()
{
    return m_tx.store.isReachable();
}

MetricsSummary ApproverReads::metrics(const User &user, const QDateTime &from, const QDateTime &to)
{
    const Visibility visible = visibility(user);
    auto sees = [&visible](const QString &route) { return visible.all || visible.routes.contains(route); };
    QList<DecisionRecord> decisions = m_tx.store.decisionsBetween(from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch());
    decisions.removeIf([&sees](const DecisionRecord &r) { return !sees(r.route); });
    QList<RouteBacklog> waiting = m_tx.store.backlog();
    waiting.removeIf([&sees](const RouteBacklog &b) { return !sees(b.route); });
    return summarize(decisions, waiting, from, to, m_tx.clock.now());
}

QList<RouteBacklog> ApproverReads::backlog()
{
    return m_tx.store.backlog();
}

} // namespace countersign::server
