#include "MetricsReport.h"

#include "protocol/ApprovalJson.h"

#include <QJsonArray>

namespace countersign::client {

namespace {
// {"count", "average_s", "p90_s"}
MetricsReport::Durations durations(const QJsonObject &o)
{
    return {o.value(QLatin1String("count")).toInt(), o.value(QLatin1String("average_s")).toDouble(),
            o.value(QLatin1String("p90_s")).toDouble()};
}
} // namespace

MetricsReport MetricsReport::fromJson(const QJsonObject &s)
{
    MetricsReport m;
    m.computedAt = json::parseTime(s.value(QLatin1String("computed_at")).toString());
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
    m.timeToDecision = durations(s.value(QLatin1String("time_to_decision")).toObject());
    m.revisionRoundsPerTask = s.value(QLatin1String("revision_rounds_per_task")).toDouble();
    for (const QJsonValue &v : s.value(QLatin1String("routes")).toArray()) {
        const QJsonObject r = v.toObject();
        m.routes.append({r.value(QLatin1String("route")).toString(), r.value(QLatin1String("pending")).toInt(),
                         r.value(QLatin1String("oldest_pending_age_s")).toDouble(),
                         durations(r.value(QLatin1String("time_to_decision")).toObject()),
                         r.value(QLatin1String("expired")).toInt()});
    }
    for (const QJsonValue &v : s.value(QLatin1String("approvers")).toArray()) {
        const QJsonObject a = v.toObject();
        m.approvers.append({a.value(QLatin1String("approver")).toString(), durations(a)});
    }
    return m;
}

} // namespace countersign::client
