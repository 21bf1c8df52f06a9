#include "CrewAiApi.h"

#include "approvals/ApiError.h"
#include "protocol/JsonDepth.h"
#include "http/ClientAddress.h"

#include "CrewAiWebhook.h"

#include "approvals/ApprovalTransitions.h"
#include "approvals/Submission.h"
#include "http/HttpServer.h"
#include "protocol/Hmac.h"
#include "protocol/ApprovalJson.h"
#include "store/StoreWorker.h"
#include "time/Clock.h"

#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCrewAi, "countersign.server.crewai")

namespace countersign::server {

CrewAiApi::CrewAiApi(const Config &config, const Clock &clock, StoreWorker &store, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_clock(clock)
    , m_store(store)
{
}

void CrewAiApi::install(HttpServer &http)
{
    http.route(HttpServer::Method::Post, QStringLiteral("/api/v1/integrations/crewai"),
               [this](const QHttpServerRequest &r, const QStringList &, HttpReply &&reply) { receive(r, std::move(reply)); });
}

void CrewAiApi::receive(const QHttpServerRequest &request, HttpReply &&replyIn)
{
    const Config::CrewAi &crewai = m_config.crewai;
    if (!crewai.enabled())
        return replyIn.error(404, errors::NotFound, QStringLiteral("the CrewAI integration is not configured (integrations.crewai)"));
    const QByteArray body = request.body();
    if (body.size() > m_config.limits.maxBodyBytes)
        return replyIn.error(413, errors::BodyTooLarge, QStringLiteral("the body is over %1 bytes").arg(m_config.limits.maxBodyBytes));

    // A Flow's webhook is signed; a crew's humanInputWebhook carries the bearer token it was given.
    const QByteArray signature = request.value(QByteArrayLiteral("X-CrewAI-Signature"));
    const QByteArray authorization = request.value(QByteArrayLiteral("Authorization"));
    if (!signature.isEmpty() || crewai.webhookBearerToken.isEmpty()) {
        if (crewai.webhookSecret.isEmpty())
            return replyIn.error(401, errors::InvalidSignature, QStringLiteral("signed webhooks are not configured (webhook_secret)"));
        if (const auto e = crewai::verifySignature(crewai.webhookSecret, request.value(QByteArrayLiteral("X-CrewAI-Timestamp")),
                                                   signature, body, m_clock.nowMs() / 1000)) {
            qCInfo(lcCrewAi).noquote() << "refused webhook from" << clientAddress(request, m_config.trustedProxies) << "-" << e->message;
            return replyIn.error(*e);
        }
    } else if (!hmac::constantTimeEquals("Bearer " + crewai.webhookBearerToken, authorization)) {
        return replyIn.error(401, errors::Unauthorized, QStringLiteral("a valid Authorization: Bearer token is required"));
    }

    if (json::tooDeep(body))
        return replyIn.error(400, errors::InvalidJson,
                             QStringLiteral("the body nests objects and arrays deeper than %1 levels").arg(json::MaxNestingDepth));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject())
        return replyIn.error(400, errors::InvalidJson, QStringLiteral("the body must be a JSON object"));
    auto request_ = crewai::toRequest(doc.object(), crewai);
    if (auto *e = std::get_if<ApiError>(&request_))
        return replyIn.error(*e);
    const crewai::Request &r = std::get<crewai::Request>(request_);
    auto parsed = parseSubmission(QJsonDocument(r.submission).toJson(QJsonDocument::Compact), crewai.source);
    if (auto *e = std::get_if<ApiError>(&parsed))
        return replyIn.error(*e);
    Submission submission = std::get<Submission>(std::move(parsed));
    submission.draft.integration = r.integration;

    auto reply = std::make_shared<HttpReply>(std::move(replyIn));
    const Actor actor{QStringLiteral("source:") + crewai.source, QString(), clientAddress(request, m_config.trustedProxies)};
    m_store.post(this,
        [submission, actor, reply](StoreContext &tx) -> std::function<void()> {
            const Outcome outcome = ApprovalTransitions(tx).submit(submission, actor);
            return [reply, outcome] {
                if (const auto *e = std::get_if<ApiError>(&outcome))
                    return reply->error(*e);
                const Applied &ok = std::get<Applied>(outcome);
                reply->json(ok.httpStatus, {{QStringLiteral("status"), ok.httpStatus == 202 ? QStringLiteral("queued") : toString(ok.approval.status)},
                                            {QStringLiteral("task_id"), ok.approval.taskId},
                                            {QStringLiteral("approval_id"), ok.approval.id},
                                            {QStringLiteral("route"), ok.approval.route}});
            };
        },
        [reply](const QString &) {
            reply->error(503, errors::Unavailable, QStringLiteral("the approval store is unavailable; retry later"));
        });
}

} // namespace countersign::server
