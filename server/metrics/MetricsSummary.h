#pragma once

#include "store/Store.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace countersign::server {

// Time statistics of a set of durations, in seconds. p90 is the nearest-rank 90th percentile.
struct DurationStats
{
    int count = 0;
    double averageS = 0;
    double p90S = 0;
    QJsonObject toJson() const;
};
DurationStats durationStats(QList<double> seconds);

// Where approvals stand over a window (GET /api/v1/metrics/summary): how fast humans decide, how often each
// outcome happens, how many rounds tasks take, who answers how fast, and where approvals wait (bottlenecks).
struct MetricsSummary
{
    QDateTime from;
    QDateTime to;
    QDateTime computedAt;
    // Rounds closed in the window: human decisions plus expiries.
    int closed = 0;
    int approved = 0;            // approve and approve_with_edits
    int approvedWithEdits = 0;
    int rejected = 0;
    int revised = 0;
    int expired = 0;
    DurationStats timeToDecision;  // human decisions only: from the round's start to the decision
    // Tasks that reached their final outcome (approved, rejected, expired) in the window.
    int finishedTasks = 0;
    double revisionRoundsPerTask = 0;
    struct Approver
    {
        QString name;
        DurationStats response;
    };
    QList<Approver> approvers;
    struct Route
    {
        QString route;
        int pending = 0;
        double oldestPendingAgeS = 0;
        DurationStats timeToDecision;
        int expired = 0;
    };
    QList<Route> routes;

    QJsonObject toJson() const;
};

MetricsSummary summarize(const QList<DecisionRecord> &decisions, const QList<RouteBacklog> &backlog,
                         const QDateTime &from, const QDateTime &to, const QDateTime &now);

} // namespace countersign::server
