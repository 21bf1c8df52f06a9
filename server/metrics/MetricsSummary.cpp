#include "MetricsSummary.h"

#include "domain/Approval.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace countersign::server {

namespace {

double rate(int part, int whole)
{
    return whole == 0 ? 0.0 : double(part) / double(whole);
}

} // namespace

DurationStats durationStats(QList<double> values)
{
    DurationStats s;
    s.count = int(values.size());
    if (values.isEmpty())
        return s;
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (double v : std::as_const(values))
        sum += v;
    s.averageS = sum / double(values.size());
    const qsizetype rank = qsizetype(std::ceil(0.9 * double(values.size())));
    s.p90S = values.at(std::max<qsizetype>(rank, 1) - 1);
    return s;
}

MetricsSummary summarize(const QList<DecisionRecord> &decisions, const QList<RouteBacklog> &backlog,
                         const QDateTime &from, const QDateTime &to, const QDateTime &now)
{
    MetricsSummary m;
    m.from = from;
    m.to = to;
    m.computedAt = now;
    QList<double> all;
    QMap<QString, QList<double>> perApprover;
    QMap<QString, QList<double>> perRoute;
    QMap<QString, int> expiredPerRoute;
    int rounds = 0;
    for (const DecisionRecord &d : decisions) {
        ++m.closed;
        const double took = double(d.decidedMs - d.startedMs) / 1000.0;
        const bool final = d.decision != QLatin1String(decisions::Revise);
        if (d.decision == QLatin1String("expired")) {
            ++m.expired;
            ++expiredPerRoute[d.route];
        } else {
            if (d.decision == QLatin1String(decisions::Approve) || d.decision == QLatin1String(decisions::ApproveWithEdits))
                ++m.approved;
            if (d.decision == QLatin1String(decisions::ApproveWithEdits))
                ++m.approvedWithEdits;
            if (d.decision == QLatin1String(decisions::Reject))
                ++m.rejected;
            if (d.decision == QLatin1String(decisions::Revise))
                ++m.revised;
            all.append(took);
            perApprover[d.decidedBy].append(took);
            perRoute[d.route].append(took);
        }
        if (final) {
            ++m.finishedTasks;
            rounds += d.version - 1;
        }
    }
    m.rates = {rate(m.approved, m.closed), rate(m.rejected, m.closed), rate(m.revised, m.closed), rate(m.expired, m.closed)};
    m.timeToDecision = durationStats(all);
    m.revisionRoundsPerTask = m.finishedTasks == 0 ? 0.0 : double(rounds) / double(m.finishedTasks);
    for (auto it = perApprover.begin(); it != perApprover.end(); ++it)
        m.approvers.append({it.key(), durationStats(it.value())});

    QMap<QString, MetricsSummary::Route> routes;
    for (auto it = perRoute.begin(); it != perRoute.end(); ++it) {
        routes[it.key()].route = it.key();
        routes[it.key()].timeToDecision = durationStats(it.value());
    }
    for (auto it = expiredPerRoute.begin(); it != expiredPerRoute.end(); ++it) {
        routes[it.key()].route = it.key();
        routes[it.key()].expired = it.value();
    }
    for (const RouteBacklog &b : backlog) {
        MetricsSummary::Route &r = routes[b.route];
        r.route = b.route;
        r.pending = b.pending;
        r.oldestPendingAgeS = b.pending > 0 ? double(now.toMSecsSinceEpoch() - b.oldestCreatedMs) / 1000.0 : 0.0;
    }
    m.routes = routes.values();
    // Bottlenecks first: the route whose oldest approval has waited longest.
    std::stable_sort(m.routes.begin(), m.routes.end(), [](const MetricsSummary::Route &a, const MetricsSummary::Route &b) {
        return a.oldestPendingAgeS > b.oldestPendingAgeS;
    });
    return m;
}

} // namespace countersign::server
