#include "Submission.h"

#include "approvals/ApiError.h"
#include "protocol/JsonDepth.h"

#include <QCryptographicHash>
#include <cmath>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSet>
#include <QUrl>

namespace countersign::server {

namespace {

ApiError invalid(const QString &field, const QString &message)
{
    return {400, errors::InvalidField, message, field, {}};
}

std::variant<QJsonObject, ApiError> parseObjectBody(const QByteArray &body)
{
    if (json::tooDeep(body))
        return ApiError{400, errors::InvalidJson,
                        QStringLiteral("the body nests objects and arrays deeper than %1 levels").arg(json::MaxNestingDepth), {}, {}};
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError)
        return ApiError{400, errors::InvalidJson,
                        QStringLiteral("the body is not valid JSON (offset %1: %2)").arg(pe.offset).arg(pe.errorString()),
                        {}, {}};
    if (!doc.isObject())
        return ApiError{400, errors::InvalidJson, QStringLiteral("the body must be a JSON object"), {}, {}};
    return doc.object();
}

const QSet<QString> &knownFields()
{
    static const QSet<QString> known{
        QStringLiteral("task_id"), QStringLiteral("agent"), QStringLiteral("output"), QStringLiteral("context"),
        QStringLiteral("timestamp"), QStringLiteral("title"), QStringLiteral("type"), QStringLiteral("priority"),
        QStringLiteral("timeout_s"), QStringLiteral("callback_url"), QStringLiteral("criteria"),
        QStringLiteral("allowed_decisions"), QStringLiteral("max_revisions"), QStringLiteral("metadata")};
    return known;
}

} // namespace

std::variant<Submission, ApiError> parseSubmission(const QByteArray &body, const QString &source)
{
    auto parsed = parseObjectBody(body);
    if (auto *e = std::get_if<ApiError>(&parsed))
        return *e;
    const QJsonObject o = std::get<QJsonObject>(parsed);

    Submission s;
    Approval &a = s.draft;
    a.source = source;

    const QJsonValue taskId = o.value(QLatin1String("task_id"));
    if (taskId.isUndefined() || taskId.isNull())
        return invalid(QStringLiteral("task_id"), QStringLiteral("task_id is required"));
    if (!taskId.isString())
        return invalid(QStringLiteral("task_id"), QStringLiteral("task_id must be a string"));
    a.taskId = taskId.toString();
    if (a.taskId.isEmpty() || a.taskId.size() > 200)
        return invalid(QStringLiteral("task_id"), QStringLiteral("task_id must be 1 to 200 characters"));

    const QJsonValue agent = o.value(QLatin1String("agent"));
    if (agent.isUndefined() || agent.isNull())
        return invalid(QStringLiteral("agent"), QStringLiteral("agent is required"));
    if (!agent.isString() || agent.toString().trimmed().isEmpty())
        return invalid(QStringLiteral("agent"), QStringLiteral("agent must be a non-empty string"));
    a.agent = agent.toString();

    const QJsonValue output = o.value(QLatin1String("output"));
    if (output.isUndefined() || output.isNull())
        return invalid(QStringLiteral("output"), QStringLiteral("output is required"));
    if (!output.isObject() && !output.isString())
        return invalid(QStringLiteral("output"), QStringLiteral("output must be an object or a string"));
    a.output = output;

    auto optionalString = [&](const char *name, QString *out) -> std::optional<ApiError> {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isString())
            return invalid(QString::fromLatin1(name), QStringLiteral("%1 must be a string").arg(QLatin1String(name)));
        *out = v.toString();
        return std::nullopt;
    };
    auto optionalObject = [&](const char *name, QJsonObject *out) -> std::optional<ApiError> {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isObject())
            return invalid(QString::fromLatin1(name), QStringLiteral("%1 must be an object").arg(QLatin1String(name)));
        *out = v.toObject();
        return std::nullopt;
    };

    if (auto e = optionalObject("context", &a.context))
        return *e;
    if (auto e = optionalObject("metadata", &a.metadata))
        return *e;
    if (auto e = optionalString("timestamp", &a.agentTimestamp))
        return *e;
    if (auto e = optionalString("title", &a.title))
        return *e;
    if (auto e = optionalString("type", &a.type))
        return *e;

    QString priority;
    if (auto e = optionalString("priority", &priority))
        return *e;
    if (!priority.isEmpty()) {
        const auto p = priorityFromString(priority);
        if (!p)
            return invalid(QStringLiteral("priority"), QStringLiteral("priority must be one of low, normal, high, critical"));
        a.priority = *p;
    }

    const QJsonValue timeout = o.value(QLatin1String("timeout_s"));
    if (!timeout.isUndefined() && !timeout.isNull()) {
        const double t = timeout.toDouble(-1);
        if (!timeout.isDouble() || t <= 0 || t != std::floor(t) || t > 365.0 * 86400)
            return invalid(QStringLiteral("timeout_s"), QStringLiteral("timeout_s must be a whole number of seconds greater than 0 (at most a year)"));
        a.timeoutS = static_cast<qint64>(t);
    }

    if (auto e = optionalString("callback_url", &a.callbackUrl))
        return *e;
    if (!a.callbackUrl.isEmpty()) {
        const QUrl url(a.callbackUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty())
            return invalid(QStringLiteral("callback_url"), QStringLiteral("callback_url must be an absolute http or https URL"));
    }

    const QJsonValue criteria = o.value(QLatin1String("criteria"));
    if (!criteria.isUndefined() && !criteria.isNull()) {
        if (!criteria.isArray())
            return invalid(QStringLiteral("criteria"), QStringLiteral("criteria must be an array of strings"));
        const QJsonArray list = criteria.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (!list.at(i).isString())
                return invalid(QStringLiteral("criteria[%1]").arg(i), QStringLiteral("each criterion must be a string"));
            a.criteria.append(list.at(i).toString());
        }
    }

    const QJsonValue allowed = o.value(QLatin1String("allowed_decisions"));
    if (!allowed.isUndefined() && !allowed.isNull()) {
        if (!allowed.isArray() || allowed.toArray().isEmpty())
            return invalid(QStringLiteral("allowed_decisions"), QStringLiteral("allowed_decisions must be a non-empty array of decisions"));
        const QJsonArray list = allowed.toArray();
        const QStringList all = decisions::all();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QString d = list.at(i).toString();
            if (!all.contains(d))
                return invalid(QStringLiteral("allowed_decisions[%1]").arg(i),
                               QStringLiteral("a decision must be one of %1").arg(all.join(QStringLiteral(", "))));
            if (!a.allowedDecisions.contains(d))
                a.allowedDecisions.append(d);
        }
    }

    const QJsonValue maxRevisions = o.value(QLatin1String("max_revisions"));
    if (!maxRevisions.isUndefined() && !maxRevisions.isNull()) {
        const double m = maxRevisions.toDouble(-1);
        if (!maxRevisions.isDouble() || m < 0 || m > 100 || m != std::floor(m))
            return invalid(QStringLiteral("max_revisions"), QStringLiteral("max_revisions must be a whole number from 0 to 100"));
        a.maxRevisions = static_cast<int>(m);
    }

    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!knownFields().contains(it.key()))
            a.extra.insert(it.key(), it.value());
    }
    if (a.title.isEmpty())
        a.title = a.output.isObject() && a.output.toObject().value(QLatin1String("subject")).isString()
            ? a.output.toObject().value(QLatin1String("subject")).toString()
            : a.taskId;

    s.bodyHash = QCryptographicHash::hash(body, QCryptographicHash::Sha256);
    return s;
}

std::variant<Revision, ApiError> parseRevision(const QByteArray &body)
{
    auto parsed = parseObjectBody(body);
    if (auto *e = std::get_if<ApiError>(&parsed))
        return *e;
    const QJsonObject o = std::get<QJsonObject>(parsed);
    Revision r;
    r.output = o.value(QLatin1String("output"));
    if (r.output.isUndefined() || r.output.isNull())
        return invalid(QStringLiteral("output"), QStringLiteral("output is required"));
    if (!r.output.isObject() && !r.output.isString())
        return invalid(QStringLiteral("output"), QStringLiteral("output must be an object or a string"));
    const QJsonValue note = o.value(QLatin1String("note"));
    if (!note.isUndefined() && !note.isNull() && !note.isString())
        return invalid(QStringLiteral("note"), QStringLiteral("note must be a string"));
    r.note = note.toString();
    return r;
}

} // namespace countersign::server
