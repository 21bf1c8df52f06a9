#pragma once

#include "domain/MetricsSummary.h"
#include "store/Store.h"

#include <QDateTime>
#include <QList>

namespace countersign::server {

// Time statistics of a set of durations, in seconds. p90 is the nearest-rank 90th percentile.
DurationStats durationStats(QList<double> seconds);

// The metrics summary of the decisions closed in [from, to) and of the approvals waiting now.
MetricsSummary summarize(const QList<DecisionRecord> &decisions, const QList<RouteBacklog> &backlog,
                         const QDateTime &from, const QDateTime &to, const QDateTime &now);

} // namespace countersign::server
