#pragma once

#include "approvals/StoreContext.h"
#include "auth/User.h"

#include <optional>

namespace countersign {
struct MetricsSummary;
}

namespace countersign::server {

// What approvers read, limited to the routes each may see: the queue (free text matched over the redacted view),
// one approval, the changes and withdrawals the hub pushes, the audit log, metrics and the backlog.
class ApproverReads final
{
public:
    explicit ApproverReads(StoreContext &tx) : m_tx(tx) {}

    QList<Approval> queue(const User &user, QueueQuery query);
    // One approval with its history, when `user` may see it.
    std::optional<Approval> approvalFor(const User &user, const QString &approvalId);
    // Visible approvals whose latest change is in (since, upTo], oldest change first, with their history.
    QList<Approval> changedSince(const User &user, qint64 since, qint64 upTo, int limit);
    // Approvals re-routed in (since, upTo] that `user` could see before and cannot see now.
    QList<Approval> withdrawnSince(const User &user, qint64 since, qint64 upTo, int limit);
    qint64 currentSeq();
    QList<AuditEntry> auditAfter(qint64 seq, int limit);
    // Metrics over decisions made in [from, to) on the routes `user` may see; the backlog is as of now.
    MetricsSummary metrics(const User &user, const QDateTime &from, const QDateTime &to);
    QList<RouteBacklog> backlog();
    bool storeReachable();

private:
    StoreContext &m_tx;
};

} // namespace countersign::server
