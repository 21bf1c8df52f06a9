#include "MetricsJson.h"

#include "protocol/ApprovalJson.h"

#include <QJsonArray>

#include <cmath>

namespace countersign::json {

namespace {

double seconds(double s)
{
    return std::round(s * 1000.0) / 1000.0;
}

// {"count", "average_s", "p90_s"}
QJsonObject toJson(const DurationStats &s)
{
    return {{QStringLiteral("count"), s.count},
            {QStringLiteral("average_s"), seconds(s.averageS)},
            {QStringLiteral("p90_s"), seconds(s.p90S)}};
}

DurationStats durationStatsFromJson(const QJsonObject &o)
{
    return {o.value(QLatin1String("count")).toInt(), o.value(QLatin1String("average_s")).toDouble(),
            o.value(QLatin1String("p90_s")).toDouble()};
}

} // namespace

QJsonObject toJson(const MetricsSummary &m)
{
    QJsonArray approverList;
    for (const MetricsSummary::Approver &a : m.approvers) {
        QJsonObject o = toJson(a.response);
        o.insert(QStringLiteral("approver"), a.name);
        approverList.append(o);
    }
    QJsonArray routeList;
    for (const MetricsSummary::Route &r : m.routes) {
        routeList.append(QJsonObject{{QStringLiteral("route"), r.route},
                                     {QStringLiteral("pending"), r.pending},
                                     {QStringLiteral("oldest_pending_age_s"), seconds(r.oldestPendingAgeS)},
                                     {QStringLiteral("time_to_decision"), toJson(r.timeToDecision)},
                                     {QStringLiteral("expired"), r.expired}});
    }
    return {
        {QStringLiteral("from"), json::time(m.from)},
        {QStringLiteral("to"), json::time(m.to)},
        {QStringLiteral("computed_at"), json::time(m.computedAt)},
        {QStringLiteral("closed"), m.closed},
        {QStringLiteral("counts"), QJsonObject{{QStringLiteral("approved"), m.approved},
                                               {QStringLiteral("approved_with_edits"), m.approvedWithEdits},
                                               {QStringLiteral("rejected"), m.rejected},
                                               {QStringLiteral("revised"), m.revised},
                                               {QStringLiteral("expired"), m.expired}}},
        {QStringLiteral("rates"), QJsonObject{{QStringLiteral("approve"), m.rates.approve},
                                              {QStringLiteral("reject"), m.rates.reject},
                                              {QStringLiteral("revise"), m.rates.revise},
                                              {QStringLiteral("expire"), m.rates.expire}}},
        {QStringLiteral("time_to_decision"), toJson(m.timeToDecision)},
        {QStringLiteral("finished_tasks"), m.finishedTasks},
        {QStringLiteral("revision_rounds_per_task"), m.revisionRoundsPerTask},
        {QStringLiteral("approvers"), approverList},
        {QStringLiteral("routes"), routeList},
    };
}

MetricsSummary metricsSummaryFromJson(const QJsonObject &s)
{
    MetricsSummary m;
    m.from = parseTime(s.value(QLatin1String("from")).toString());
    m.to = parseTime(s.value(QLatin1String("to")).toString());
    m.computedAt = parseTime(s.value(QLatin1String("computed_at")).toString());
    m.closed = s.value(QLatin1String("closed")).toInt();
    const QJsonObject counts = s.value(QLatin1String("counts")).toObject();
    m.approved = counts.value(QLatin1String("approved")).toInt();
    m.approvedWithEdits = counts.value(QLatin1String("approved_with_edits")).toInt();
    m.rejected = counts.value(QLatin1String("rejected")).toInt();
    m.revised = counts.value(QLatin1String("revised")).toInt();
    m.expired = counts.value(QLatin1String("expired")).toInt();
    const QJsonObject rates = s.value(QLatin1String("rates")).toObject();
    m.rates = {rates.value(QLatin1String("approve")).toDouble(), rates.value(QLatin1String("reject")).toDouble(),
               rates.value(QLatin1String("revise")).toDouble(), rates.value(QLatin1String("expire")).toDouble()};
    m.timeToDecision = durationStatsFromJson(s.value(QLatin1String("time_to_decision")).toObject());
    m.finishedTasks = s.value(QLatin1String("finished_tasks")).toInt();
    m.revisionRoundsPerTask = s.value(QLatin1String("revision_rounds_per_task")).toDouble();
    for (const QJsonValue &v : s.value(QLatin1String("approvers")).toArray()) {
        const QJsonObject a = v.toObject();
        m.approvers.append({a.value(QLatin1String("approver")).toString(), durationStatsFromJson(a)});
    }
    for (const QJsonValue &v : s.value(QLatin1String("routes")).toArray()) {
        const QJsonObject r = v.toObject();
        m.routes.append({r.value(QLatin1String("route")).toString(), r.value(QLatin1String("pending")).toInt(),
                         r.value(QLatin1String("oldest_pending_age_s")).toDouble(),
                         durationStatsFromJson(r.value(QLatin1String("time_to_decision")).toObject()),
                         r.value(QLatin1String("expired")).toInt()});
    }
    return m;
}

} // namespace countersign::json
