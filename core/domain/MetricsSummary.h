#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace countersign {

// Time statistics of a set of durations, in seconds; nothing was measured when count is 0.
// p90 is the nearest-rank 90th percentile.
struct DurationStats
{
    int count = 0;
    double averageS = 0;
    double p90S = 0;
};

// Where approvals stand over a window (GET /api/v1/metrics/summary): how fast humans decide, how often each
// outcome happens, how many rounds tasks take, who answers how fast, and where approvals wait (bottlenecks).
// The server computes it (server/metrics), json::toJson writes it, and the desktop reads it back with
// json::metricsSummaryFromJson (core/protocol/MetricsJson.h).
struct MetricsSummary
{
    QDateTime from;
    QDateTime to;
    QDateTime computedAt;
    // Rounds closed in the window: human decisions plus expiries.
    int closed = 0;
    int approved = 0;  // approve and approve_with_edits
    int approvedWithEdits = 0;
    int rejected = 0;
    int revised = 0;
    int expired = 0;
    // Shares of the closed rounds, 0 to 1.
    struct Rates
    {
        double approve = 0;
        double reject = 0;
        double revise = 0;
        double expire = 0;
    };
    Rates rates;
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
    QList<Route> routes;  // bottlenecks first: the route whose oldest approval has waited longest
};

} // namespace countersign
