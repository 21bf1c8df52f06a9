#include "HubFrame.h"

#include "approvals/ApiError.h"
#include "protocol/JsonDepth.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace countersign::server {

namespace {

HubFrame refused(const QString &code, const QString &message, const QString &requestId = {})
{
    HubFrame f;
    f.kind = HubFrame::Kind::Refused;
    f.errorCode = code;
    f.errorMessage = message;
    f.requestId = requestId;
    return f;
}

HubFrame invalid(const QString &message, const QString &requestId = {})
{
    return refused(errors::Invalid, message, requestId);
}

HubFrame hello(const QJsonObject &frame, HubPhase phase)
{
    if (phase != HubPhase::AwaitingHello)
        return invalid(QStringLiteral("hello was already received"));
    const QJsonValue sinceValue = frame.value(QLatin1String("since"));
    if (!sinceValue.isUndefined() && !sinceValue.isNull() && !sinceValue.isDouble())
        return invalid(QStringLiteral("since must be a number (0 for everything)"));
    HubFrame f;
    f.kind = HubFrame::Kind::Hello;
    f.token = frame.value(QLatin1String("token")).toString().toLatin1();
    f.since = sinceValue.toInteger();
    return f;
}

HubFrame decide(const QJsonObject &frame, HubPhase phase)
{
    if (phase != HubPhase::SignedIn) {
        HubFrame f = refused(errors::Unauthorized, QStringLiteral("send hello with a token first"));
        f.closeUnauthorized = true;
        return f;
    }
    const QJsonValue requestId = frame.value(QLatin1String("request_id"));
    const QJsonValue approvalId = frame.value(QLatin1String("approval_id"));
    const QJsonValue decision = frame.value(QLatin1String("decision"));
    const QJsonValue version = frame.value(QLatin1String("version"));
    const QJsonValue feedback = frame.value(QLatin1String("feedback"));
    const QString rid = requestId.toString();
    if (!requestId.isString() || rid.isEmpty() || rid.size() > 200)
        return invalid(QStringLiteral("request_id (a string, e.g. a UUID) is required"));
    if (!approvalId.isString() || !decision.isString())
        return invalid(QStringLiteral("approval_id and decision must be strings"), rid);
    if (!version.isUndefined() && !version.isNull() && !version.isDouble())
        return invalid(QStringLiteral("version must be a number"), rid);
    if (!feedback.isUndefined() && !feedback.isNull() && !feedback.isString())
        return invalid(QStringLiteral("feedback must be a string"), rid);

    HubFrame f;
    f.kind = HubFrame::Kind::Decide;
    f.requestId = rid;
    f.decision.approvalId = approvalId.toString();
    f.decision.decision = decision.toString();
    f.decision.feedback = feedback.toString();
    f.decision.output = frame.value(QLatin1String("output"));
    f.decision.outcome = frame.value(QLatin1String("outcome")).toString();
    if (version.isDouble())
        f.decision.expectedVersion = version.toInt();
    return f;
}

} // namespace

HubFrame parseHubFrame(const QString &text, HubPhase phase)
{
    const QByteArray bytes = text.toUtf8();
    if (json::tooDeep(bytes))
        return invalid(QStringLiteral("the frame nests objects and arrays deeper than %1 levels").arg(json::MaxNestingDepth));
    if (json::containsNul(bytes))
        return invalid(QString::fromLatin1(json::NulRefused));
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (!doc.isObject())
        return invalid(QStringLiteral("each frame is one JSON object"));
    const QJsonObject frame = doc.object();
    const QString type = frame.value(QLatin1String("type")).toString();
    if (type == QLatin1String("hello"))
        return hello(frame, phase);
    if (type == QLatin1String("decide"))
        return decide(frame, phase);
    if (type == QLatin1String("ping")) {
        HubFrame f;
        f.kind = HubFrame::Kind::Ping;
        return f;
    }
    return invalid(QStringLiteral("unknown frame type \"%1\"").arg(type));
}

} // namespace countersign::server
