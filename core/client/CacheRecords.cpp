#include "CacheRecords.h"

namespace countersign::client {

QJsonObject OutboxEntry::toFrame() const
{
    QJsonObject f{{QStringLiteral("type"), QStringLiteral("decide")},
                  {QStringLiteral("request_id"), requestId},
                  {QStringLiteral("approval_id"), approvalId},
                  {QStringLiteral("decision"), decision},
                  {QStringLiteral("feedback"), feedback}};
    if (version)
        f.insert(QStringLiteral("version"), *version);
    if (!output.isUndefined() && !output.isNull())
        f.insert(QStringLiteral("output"), output);
    if (!outcome.isEmpty())
        f.insert(QStringLiteral("outcome"), outcome);
    return f;
}

QJsonObject OutboxEntry::toJson() const
{
    QJsonObject o = toFrame();
    o.remove(QStringLiteral("type"));
    o.insert(QStringLiteral("created_ms"), createdMs);
    return o;
}

OutboxEntry OutboxEntry::fromJson(const QJsonObject &o)
{
    OutboxEntry e;
    e.requestId = o.value(QLatin1String("request_id")).toString();
    e.approvalId = o.value(QLatin1String("approval_id")).toString();
    if (o.value(QLatin1String("version")).isDouble())
        e.version = o.value(QLatin1String("version")).toInt();
    e.decision = o.value(QLatin1String("decision")).toString();
    e.feedback = o.value(QLatin1String("feedback")).toString();
    e.output = o.value(QLatin1String("output"));
    e.outcome = o.value(QLatin1String("outcome")).toString();
    e.createdMs = o.value(QLatin1String("created_ms")).toInteger();
    return e;
}

} // namespace countersign::client
