#include "CrewAiWebhook.h"

#include "approvals/ApiError.h"
#include "domain/Outcomes.h"
#include "protocol/Hmac.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace countersign::server::crewai {

namespace {

ApiError invalid(const QString &message, const QString &field = {})
{
    return ApiError{400, errors::InvalidField, message, field, {}};
}

ApiError badSignature(const QString &message)
{
    return ApiError{401, errors::InvalidSignature, message, {}, {}};
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QString firstOf(const QJsonObject &o, std::initializer_list<const char *> keys)
{
    for (const char *k : keys) {
        const QJsonValue v = o.value(QLatin1String(k));
        if (v.isString() && !v.toString().isEmpty())
            return v.toString();
    }
    return {};
}

// CrewAI hands outputs over as text that is often JSON: shown as the object it is when it parses.
QJsonValue outputValue(const QJsonValue &v)
{
    if (!v.isString())
        return v.isUndefined() || v.isNull() ? QJsonValue(QString()) : v;
    const QJsonDocument doc = QJsonDocument::fromJson(v.toString().toUtf8());
    return doc.isObject() ? QJsonValue(doc.object()) : v;
}

QString trimmedTitle(QString text)
{
    text = text.simplified();
    return text.size() > 200 ? text.left(199) + QChar(0x2026) : text;
}

std::variant<Request, ApiError> flowRequest(const QJsonObject &w, const Config::CrewAi &config)
{
    const QString id = str(w, "id");
    if (id.isEmpty())
        return invalid(QStringLiteral("the request has no \"id\""), QStringLiteral("id"));
    const QString callback = str(w, "callback_url");
    const QUrl url(callback, QUrl::StrictMode);
    if (callback.isEmpty() || !url.isValid() || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        return invalid(QStringLiteral("\"callback_url\" must be an http(s) URL: it is where the answer goes"), QStringLiteral("callback_url"));
    QStringList emit;
    for (const QJsonValue &e : w.value(QLatin1String("emit")).toArray()) {
        if (!e.isString() || e.toString().isEmpty())
            return invalid(QStringLiteral("\"emit\" must be a list of outcome names"), QStringLiteral("emit"));
        emit << e.toString();
    }
    const QString method = str(w, "method_name");
    const QString flowClass = str(w, "flow_class");
    const QString message = str(w, "message");
    QJsonObject context{{QStringLiteral("flow_id"), w.value(QLatin1String("flow_id"))},
                        {QStringLiteral("method_name"), method}};
    if (!flowClass.isEmpty())
        context.insert(QStringLiteral("flow_class"), flowClass);
    if (w.value(QLatin1String("state")).isObject())
        context.insert(QStringLiteral("state"), w.value(QLatin1String("state")));
    if (!message.isEmpty())
        context.insert(QStringLiteral("message"), message);
    QJsonObject meta{{QStringLiteral("crewai_request_id"), id}};
    if (!emit.isEmpty())
        meta.insert(QStringLiteral("crewai_outcomes"), QJsonArray::fromStringList(emit));
    for (const char *key : {"deployment_name", "assigned_to_email", "created_at"}) {
        if (w.contains(QLatin1String(key)))
            meta.insert(QLatin1String(key), w.value(QLatin1String(key)));
    }
    if (w.value(QLatin1String("metadata")).isObject())
        meta.insert(QStringLiteral("crewai_metadata"), w.value(QLatin1String("metadata")));
    QJsonObject submission{
        {QStringLiteral("task_id"), QString(QStringLiteral("crewai-flow:") + id)},
        {QStringLiteral("agent"), flowClass.isEmpty() ? (method.isEmpty() ? QStringLiteral("CrewAI flow") : method)
                                                      : (method.isEmpty() ? flowClass : QString(flowClass + u'.' + method))},
        {QStringLiteral("title"), trimmedTitle(message.isEmpty() ? QStringLiteral("CrewAI review: %1").arg(method) : message)},
        {QStringLiteral("priority"), config.priority},
        {QStringLiteral("output"), outputValue(w.value(QLatin1String("output")))},
        {QStringLiteral("context"), context},
        {QStringLiteral("metadata"), meta},
        {QStringLiteral("callback_url"), callback},
    };
    if (!emit.isEmpty()) {
        submission.insert(QStringLiteral("criteria"),
                          QJsonArray{QStringLiteral("The flow continues with one of: %1").arg(emit.join(QStringLiteral(", ")))});
    }
    QJsonObject integration{{QStringLiteral("kind"), QString::fromLatin1(FlowKind)},
                            {QStringLiteral("request_id"), id},
                            {QStringLiteral("response_token"), w.value(QLatin1String("response_token"))},
                            {QStringLiteral("emit"), QJsonArray::fromStringList(emit)}};
    return Request{submission, integration};
}

std::variant<Request, ApiError> crewRequest(const QJsonObject &w, const Config::CrewAi &config)
{
    const QString execution = firstOf(w, {"execution_id", "kickoff_id"});
    const QString task = str(w, "task_id");
    if (execution.isEmpty() || task.isEmpty())
        return invalid(QStringLiteral("a crew's human input request needs \"execution_id\" (or \"kickoff_id\") and \"task_id\""),
                       execution.isEmpty() ? QStringLiteral("execution_id") : QStringLiteral("task_id"));
    if (config.crewBaseUrl.isEmpty())
        return ApiError{422, errors::NotConfigured,
                        QStringLiteral("integrations.crewai.crew_base_url is not set: a crew's request could not be answered"), {}, {}};
    QJsonValue output = QJsonValue::Undefined;
    for (const char *key : {"output", "task_output", "result", "raw"}) {
        if (w.contains(QLatin1String(key))) {
            output = w.value(QLatin1String(key));
            break;
        }
    }
    const QString description = firstOf(w, {"description", "task_description"});
    const QString agent = firstOf(w, {"agent", "agent_role"});
    QJsonObject context{{QStringLiteral("execution_id"), execution}, {QStringLiteral("task_id"), task}};
    if (!description.isEmpty())
        context.insert(QStringLiteral("task_description"), description);
    QString base = config.crewBaseUrl;
    if (!base.endsWith(u'/'))
        base += u'/';
    QJsonObject submission{
        {QStringLiteral("task_id"), QStringLiteral("crewai-crew:%1:%2").arg(execution, task)},
        {QStringLiteral("agent"), agent.isEmpty() ? QStringLiteral("CrewAI crew") : agent},
        {QStringLiteral("title"), trimmedTitle(description.isEmpty() ? QStringLiteral("CrewAI task %1").arg(task) : description)},
        {QStringLiteral("priority"), config.priority},
        {QStringLiteral("output"), outputValue(output)},
        {QStringLiteral("context"), context},
        {QStringLiteral("callback_url"), QString(base + QStringLiteral("resume"))},
    };
    QJsonObject integration{{QStringLiteral("kind"), QString::fromLatin1(CrewKind)},
                            {QStringLiteral("execution_id"), execution},
                            {QStringLiteral("task_id"), task}};
    return Request{submission, integration};
}

} // namespace

QByteArray signatureFor(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body)
{
    return "sha256=" + hmac::sign(secret, timestamp + '.' + body);
}

std::optional<ApiError> verifySignature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &signature,
                                        const QByteArray &body, qint64 nowS)
{
    if (signature.isEmpty() || timestamp.isEmpty())
        return badSignature(QStringLiteral("X-CrewAI-Signature and X-CrewAI-Timestamp are required"));
    bool ok = false;
    const qint64 ts = timestamp.toLongLong(&ok);
    if (!ok)
        return badSignature(QStringLiteral("X-CrewAI-Timestamp must be unix seconds"));
    if (ts < nowS - MaxClockSkewS || ts > nowS + MaxClockSkewS)
        return badSignature(QStringLiteral("X-CrewAI-Timestamp is more than 5 minutes from the server's clock (a replay, or a clock to fix)"));
    const QByteArray expected = signatureFor(secret, timestamp, body);
    if (!hmac::constantTimeEquals(expected, signature.trimmed().toLower()))
        return badSignature(QStringLiteral("X-CrewAI-Signature does not match the body"));
    return std::nullopt;
}

std::variant<Request, ApiError> toRequest(const QJsonObject &body, const Config::CrewAi &config)
{
    // The docs nest the flow's request under "request"; real deployments send it flat.
    const QJsonObject w = body.value(QLatin1String("request")).isObject() ? body.value(QLatin1String("request")).toObject() : body;
    const QString event = firstOf(body, {"event_type", "event", "type"});
    if (event == QLatin1String("new_request") || w.contains(QLatin1String("callback_url")) || w.contains(QLatin1String("flow_id")))
        return flowRequest(w, config);
    if (!event.isEmpty())
        return ApiError{422, errors::UnsupportedEvent,
                        QStringLiteral("event \"%1\" is not a request for human feedback; nothing was stored").arg(event), {}, {}};
    return crewRequest(w, config);
}

Reply replyFor(const Approval &a, const Config::CrewAi &config)
{
    const QString kind = a.integration.value(QLatin1String("kind")).toString();
    const Decision d = a.decision.value_or(Decision{});
    const bool expired = a.status == Status::Expired;
    const QString decision = expired ? QStringLiteral("reject") : d.decision;
    const QString feedback = expired ? QStringLiteral("No decision in time: the approval expired.") : d.feedback;
    if (kind == QLatin1String(CrewKind)) {
        const bool approve = !expired && (decision == QLatin1String(decisions::Approve) || decision == QLatin1String(decisions::ApproveWithEdits));
        QString text = feedback;
        if (text.isEmpty())
            text = approve ? QStringLiteral("Approved by %1.").arg(d.decidedBy) : QStringLiteral("Not approved.");
        if (decision == QLatin1String(decisions::ApproveWithEdits))
            text += QStringLiteral("\nUse this edited output:\n") + (d.output.isString() ? d.output.toString()
                                                                   : QString::fromUtf8(QJsonDocument(d.output.toObject()).toJson(QJsonDocument::Indented)));
        QJsonObject body{{QStringLiteral("execution_id"), a.integration.value(QLatin1String("execution_id"))},
                         {QStringLiteral("task_id"), a.integration.value(QLatin1String("task_id"))},
                         {QStringLiteral("human_feedback"), text},
                         {QStringLiteral("is_approve"), approve}};
        for (auto it = config.resumeWebhooks.begin(); it != config.resumeWebhooks.end(); ++it)
            body.insert(it.key(), it.value());
        return {a.callbackUrl, body};
    }
    // A flow: the feedback text is what @human_feedback receives; with `emit`, the outcome the decision
    // stands for leads it, so the flow's LLM collapses it to that outcome without guessing.
    QStringList emit;
    for (const QJsonValue &e : a.integration.value(QLatin1String("emit")).toArray())
        emit << e.toString();
    const QString outcome = !d.outcome.isEmpty() ? d.outcome : outcomes::outcomeFor(decision, emit);
    QString text = feedback;
    if (!outcome.isEmpty())
        text = text.isEmpty() ? outcome : outcome + QStringLiteral(": ") + text;
    else if (text.isEmpty())
        text = decision == QLatin1String(decisions::Reject) ? QStringLiteral("rejected") : QStringLiteral("approved");
    QJsonObject body{{QStringLiteral("feedback"), text},
                     {QStringLiteral("source"), QStringLiteral("countersign")},
                     {QStringLiteral("decision"), decision},
                     {QStringLiteral("decided_by"), expired ? QStringLiteral("countersign") : d.decidedBy}};
    if (!outcome.isEmpty())
        body.insert(QStringLiteral("outcome"), outcome);
    const QJsonValue token = a.integration.value(QLatin1String("response_token"));
    if (token.isString() && !token.toString().isEmpty())
        body.insert(QStringLiteral("response_token"), token);
    if (decision == QLatin1String(decisions::ApproveWithEdits))
        body.insert(QStringLiteral("output"), d.output);
    return {a.callbackUrl, body};
}

QByteArray bearerTokenFor(const QByteArray &replyBody, const Config::CrewAi &config)
{
    const QJsonObject body = QJsonDocument::fromJson(replyBody).object();
    if (body.contains(QLatin1String("execution_id")))
        return config.crewBearerToken;
    return body.value(QLatin1String("response_token")).toString().toUtf8();
}

} // namespace countersign::server::crewai
