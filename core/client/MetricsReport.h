#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace countersign::client {

// The server's approval metrics for a period (GET /api/v1/metrics/summary), parsed once for the Metrics view.
struct MetricsReport
{
    // Time statistics of a set of durations in seconds; nothing was measured when count is 0.
    struct Durations
    {
        int count = 0;
        double averageS = 0;
        double p90S = 0;
    };
    struct Route
    {
        QString route;
        int pending = 0;
        double oldestPendingAgeS = 0;
        Durations timeToDecision;
        int expired = 0;
    };
    struct Approver
    {
        QString name;
        Durations response;
    };
    // Shares of the closed rounds, 0 to 1.
    struct Rates
    {
        double approve = 0;
        double reject = 0;
        double revise = 0;
        double expire = 0;
    };

    QDateTime computedAt;
    int closed = 0;
    int approved = 0;  // approve and approve_with_edits
    int approvedWithEdits = 0;
    int rejected = 0;
    int revised = 0;
    int expired = 0;
    Rates rates;
    Durations timeToDecision;
    double revisionRoundsPerTask = 0;
    QList<Route> routes;  // bottlenecks first, as the server orders them
    QList<Approver> approvers;

    static MetricsReport fromJson(const QJsonObject &summary);
};

} // namespace countersign::client
