#include "ApprovalJson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace countersign::json {

QJsonValue time(const QDateTime &t)
{
    if (!t.isValid())
        return QJsonValue::Null;
    const QDateTime utc = t.timeSpec() == Qt::UTC ? t : t.toUTC();
    const QDate d = utc.date();
    if (d.year() < 0 || d.year() > 9999)
        return utc.toString(Qt::ISODate);
    // Every approval, event and frame carries several times: formatted by hand, QDateTime::toString costs more
    // than the rest of the object.
    const QTime c = utc.time();
    char text[21];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year(), d.month(), d.day(), c.hour(),
                  c.minute(), c.second());
    return QString::fromLatin1(text, 20);
}

QDateTime parseTime(const QString &s)
{
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(s, Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

QJsonObject toJson(const Decision &d)
{
    QJsonObject o{
        {QStringLiteral("decision"), d.decision},
        {QStringLiteral("feedback"), d.feedback},
        {QStringLiteral("output"), d.output},
        {QStringLiteral("edited"), d.edited},
        {QStringLiteral("decided_by"), d.decidedBy},
        {QStringLiteral("role"), d.role},
        {QStringLiteral("decided_at"), time(d.decidedAt)},
        {QStringLiteral("version"), d.version},
    };
    if (!d.outcome.isEmpty())
        o.insert(QStringLiteral("outcome"), d.outcome);  // v1 extension: only when an offered outcome was chosen
    return o;
}

std::optional<Decision> decisionFromJson(const QJsonObject &o)
{
    if (o.isEmpty())
        return std::nullopt;
    Decision d;
    d.decision = o.value(QLatin1String("decision")).toString();
    d.feedback = o.value(QLatin1String("feedback")).toString();
    d.outcome = o.value(QLatin1String("outcome")).toString();
    d.output = o.value(QLatin1String("output"));
    d.edited = o.value(QLatin1String("edited")).toBool();
    d.decidedBy = o.value(QLatin1String("decided_by")).toString();
    d.role = o.value(QLatin1String("role")).toString();
    d.decidedAt = parseTime(o.value(QLatin1String("decided_at")).toString());
    d.version = o.value(QLatin1String("version")).toInt();
    return d;
}

QJsonObject toJson(const Event &e)
{
    return {
        {QStringLiteral("seq"), e.seq},
        {QStringLiteral("at"), time(e.at)},
        {QStringLiteral("actor"), e.actor},
        {QStringLiteral("action"), e.action},
        {QStringLiteral("approval_id"), e.approvalId},
        {QStringLiteral("version"), e.version},
        {QStringLiteral("details"), e.details},
        {QStringLiteral("ip"), e.ip.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.ip)},
    };
}

Event eventFromJson(const QJsonObject &o)
{
    Event e;
    e.seq = o.value(QLatin1String("seq")).toInteger();
    e.at = parseTime(o.value(QLatin1String("at")).toString());
    e.actor = o.value(QLatin1String("actor")).toString();
    e.action = o.value(QLatin1String("action")).toString();
    e.approvalId = o.value(QLatin1String("approval_id")).toString();
    e.version = o.value(QLatin1String("version")).toInt();
    e.details = o.value(QLatin1String("details")).toObject();
    e.ip = o.value(QLatin1String("ip")).toString();
    return e;
}

QJsonObject toJson(const Approval &a, View view)
{
    QJsonArray history;
    for (const Event &e : a.history)
        history.append(toJson(e));
    QJsonObject o{
        {QStringLiteral("id"), a.id},
        {QStringLiteral("task_id"), a.taskId},
        {QStringLiteral("source"), a.source},
        {QStringLiteral("agent"), a.agent},
        {QStringLiteral("title"), a.title},
        {QStringLiteral("type"), a.type},
        {QStringLiteral("priority"), toString(a.priority)},
        {QStringLiteral("route"), a.route},
        {QStringLiteral("status"), toString(a.status)},
        {QStringLiteral("version"), a.version},
        {QStringLiteral("output"), a.output},
        {QStringLiteral("context"), a.context},
        {QStringLiteral("criteria"), QJsonArray::fromStringList(a.criteria)},
        {QStringLiteral("metadata"), a.metadata},
        {QStringLiteral("allowed_decisions"),
         QJsonArray::fromStringList(a.allowedDecisions.isEmpty() ? decisions::all() : a.allowedDecisions)},
        {QStringLiteral("max_revisions"), a.maxRevisions},
        {QStringLiteral("timeout_s"), a.timeoutS ? QJsonValue(*a.timeoutS) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("created_at"), time(a.createdAt)},
        {QStringLiteral("updated_at"), time(a.updatedAt)},
        {QStringLiteral("expires_at"), time(a.expiresAt)},
        {QStringLiteral("escalation_level"), a.escalationLevel},
        {QStringLiteral("assignees"), QJsonArray::fromStringList(a.assignees)},
        {QStringLiteral("remind_at"), time(a.remindAt)},
        {QStringLiteral("revisions"), a.revisions},
        {QStringLiteral("seq"), a.seq},
        {QStringLiteral("decision"), a.decision ? QJsonValue(toJson(*a.decision)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("history"), history},
        {QStringLiteral("extra"), a.extra},
    };
    if (!a.agentTimestamp.isEmpty())
        o.insert(QStringLiteral("timestamp"), a.agentTimestamp);
    if (view == View::Agent && !a.callbackUrl.isEmpty())
        o.insert(QStringLiteral("callback_url"), a.callbackUrl);
    if (view == View::Agent && !a.integration.isEmpty())
        o.insert(QStringLiteral("integration"), a.integration);
    return o;
}

Approval approvalFromJson(const QJsonObject &o)
{
    Approval a;
    a.id = o.value(QLatin1String("id")).toString();
    a.taskId = o.value(QLatin1String("task_id")).toString();
    a.source = o.value(QLatin1String("source")).toString();
    a.agent = o.value(QLatin1String("agent")).toString();
    a.title = o.value(QLatin1String("title")).toString();
    a.type = o.value(QLatin1String("type")).toString();
    a.priority = priorityFromString(o.value(QLatin1String("priority")).toString()).value_or(Priority::Normal);
    a.route = o.value(QLatin1String("route")).toString();
    a.status = statusFromString(o.value(QLatin1String("status")).toString()).value_or(Status::Pending);
    a.version = o.value(QLatin1String("version")).toInt(1);
    a.output = o.value(QLatin1String("output"));
    a.context = o.value(QLatin1String("context")).toObject();
    for (const QJsonValue &c : o.value(QLatin1String("criteria")).toArray())
        a.criteria.append(c.toString());
    a.metadata = o.value(QLatin1String("metadata")).toObject();
    for (const QJsonValue &d : o.value(QLatin1String("allowed_decisions")).toArray())
        a.allowedDecisions.append(d.toString());
    a.maxRevisions = o.value(QLatin1String("max_revisions")).toInt(3);
    if (o.value(QLatin1String("timeout_s")).isDouble())
        a.timeoutS = o.value(QLatin1String("timeout_s")).toInteger();
    a.callbackUrl = o.value(QLatin1String("callback_url")).toString();
    a.agentTimestamp = o.value(QLatin1String("timestamp")).toString();
    a.extra = o.value(QLatin1String("extra")).toObject();
    a.integration = o.value(QLatin1String("integration")).toObject();
    a.createdAt = parseTime(o.value(QLatin1String("created_at")).toString());
    a.updatedAt = parseTime(o.value(QLatin1String("updated_at")).toString());
    a.expiresAt = parseTime(o.value(QLatin1String("expires_at")).toString());
    a.escalationLevel = o.value(QLatin1String("escalation_level")).toInt();
    for (const QJsonValue &u : o.value(QLatin1String("assignees")).toArray())
        a.assignees.append(u.toString());
    a.remindAt = parseTime(o.value(QLatin1String("remind_at")).toString());
    a.revisions = o.value(QLatin1String("revisions")).toArray();
    a.seq = o.value(QLatin1String("seq")).toInteger();
    a.decision = decisionFromJson(o.value(QLatin1String("decision")).toObject());
    for (const QJsonValue &e : o.value(QLatin1String("history")).toArray())
        a.history.append(eventFromJson(e.toObject()));
    return a;
}

QList<Revision> revisionsFromJson(const QJsonArray &revisions)
{
    QList<Revision> out;
    out.reserve(revisions.size());
    for (const QJsonValue &v : revisions) {
        const QJsonObject r = v.toObject();
        out.append({r.value(QLatin1String("version")).toInt(), r.value(QLatin1String("output")),
                    r.value(QLatin1String("feedback")).toString(), r.value(QLatin1String("decided_by")).toString(),
                    r.value(QLatin1String("note")).toString(), parseTime(r.value(QLatin1String("revised_at")).toString())});
    }
    return out;
}

EventDetails eventDetailsFromJson(const QJsonObject &d)
{
    EventDetails e;
    e.decision = d.value(QLatin1String("decision")).toString();
    e.edited = d.value(QLatin1String("edited")).toBool();
    e.feedback = d.value(QLatin1String("feedback")).toString();
    e.route = d.value(QLatin1String("route")).toString();
    e.note = d.value(QLatin1String("note")).toString();
    e.rule = d.value(QLatin1String("rule")).toString();
    return e;
}

QJsonObject outcomeJson(const Approval &a)
{
    QJsonObject o = a.decision ? toJson(*a.decision) : QJsonObject{};
    o.insert(QStringLiteral("approval_id"), a.id);
    o.insert(QStringLiteral("task_id"), a.taskId);
    o.insert(QStringLiteral("source"), a.source);
    o.insert(QStringLiteral("status"), toString(a.status));
    return o;
}

QJsonObject error(const QString &code, const QString &message, const QString &field)
{
    QJsonObject e{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        e.insert(QStringLiteral("field"), field);
    return {{QStringLiteral("error"), e}};
}

bool allows(const QJsonObject &approval, const QString &decision)
{
    const QJsonArray allowed = approval.value(QLatin1String("allowed_decisions")).toArray();
    return allowed.isEmpty() || allowed.contains(decision);
}

namespace {
QStringList outcomesIn(const QJsonObject &metadata)
{
    QStringList out;
    for (const QJsonValue &o : metadata.value(QLatin1String("crewai_outcomes")).toArray())
        out << o.toString();
    return out;
}
} // namespace

QStringList offeredOutcomes(const QJsonObject &approval)
{
    return outcomesIn(approval.value(QLatin1String("metadata")).toObject());
}

QStringList offeredOutcomes(const Approval &approval)
{
    return outcomesIn(approval.metadata);
}

QByteArray scalarJson(const QJsonValue &value)
{
    // A one-element array is a document; its text without the brackets is the value's.
    return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
}

} // namespace countersign::json
