#include "AgentApi.h"

#include "approvals/ApiError.h"
#include "approvals/ApprovalTransitions.h"
#include "http/ClientAddress.h"
#include "delivery/LongPolls.h"
#include "http/HttpServer.h"
#include "protocol/ApprovalJson.h"
#include "store/StoreWorker.h"

#include <QHostAddress>
#include <QHttpServerRequest>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcIntake, "countersign.server.intake")

namespace countersign::server {

namespace {

// The reply travels into the completion; std::function needs copyable captures, so it goes in a shared_ptr.
using SharedReply = std::shared_ptr<HttpReply>;

SharedReply share(HttpReply &&reply)
{
    return std::make_shared<HttpReply>(std::move(reply));
}

StoreWorker::Failed unavailable(SharedReply reply)
{
    return [reply](const QString &) {
        reply->error(503, errors::Unavailable, QStringLiteral("the approval store is unavailable; retry later"));
    };
}

Actor agentActor(const SourceConfig &source, const QHttpServerRequest &request, const Config &config)
{
    return {QStringLiteral("source:") + source.id, QString(), clientAddress(request, config.trustedProxies)};
}

bool isJson(const QHttpServerRequest &request)
{
    const QByteArray type = request.value(QByteArrayLiteral("Content-Type")).split(';').first().trimmed().toLower();
    return type == "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

// Answers a service outcome: the approval as the agent sees it, or the refusal.
void answer(HttpReply &reply, const Outcome &outcome)
{
    if (const auto *e = std::get_if<ApiError>(&outcome))
        return reply.error(*e);
    const Applied &ok = std::get<Applied>(outcome);
    QJsonObject body = json::toJson(ok.approval, json::View::Agent);
    body.insert(QStringLiteral("approval_id"), ok.approval.id);
    reply.json(ok.httpStatus, body);
}

} // namespace

AgentApi::AgentApi(const Config &config, const Clock &clock, StoreWorker &store, LongPolls &longPolls, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_clock(clock)
    , m_store(store)
    , m_longPolls(longPolls)
    , m_auth(config, clock)
    , m_rates(clock)
{
}

void AgentApi::install(HttpServer &http)
{
    using M = HttpServer::Method;
    http.route(M::Post, QStringLiteral("/api/v1/approvals"),
               [this](const QHttpServerRequest &r, const QStringList &, HttpReply &&reply) { submit(r, std::move(reply)); });
    http.route(M::Get, QStringLiteral("/api/v1/approvals/{}"),
               [this](const QHttpServerRequest &r, const QStringList &p, HttpReply &&reply) { read(r, p.at(0), std::move(reply)); });
    http.route(M::Delete, QStringLiteral("/api/v1/approvals/{}"),
               [this](const QHttpServerRequest &r, const QStringList &p, HttpReply &&reply) { cancel(r, p.at(0), std::move(reply)); });
    http.route(M::Post, QStringLiteral("/api/v1/approvals/{}/revisions"),
               [this](const QHttpServerRequest &r, const QStringList &p, HttpReply &&reply) { revise(r, p.at(0), std::move(reply)); });
}

bool AgentApi::withinRate(const SourceConfig &source, HttpReply &reply)
{
    const double rate = source.ratePerSecond > 0 ? source.ratePerSecond : m_config.limits.ratePerSecond;
    const int burst = source.burst > 0 ? source.burst : m_config.limits.burst;
    if (const auto wait = m_rates.take(source.id, rate, burst)) {
        reply.error(ApiError{429, errors::RateLimited,
                             QStringLiteral("source %1 sends more than %2 requests a second; retry after %3 s")
                                 .arg(source.id).arg(rate).arg(*wait), {}, {}},
                    {{QByteArrayLiteral("Retry-After"), QByteArray::number(*wait)}});
        return false;
    }
    return true;
}

const SourceConfig *AgentApi::admitPost(const QHttpServerRequest &request, HttpReply &reply)
{
    if (request.body().size() > m_config.limits.maxBodyBytes) {
        reply.error(413, errors::BodyTooLarge,
                    QStringLiteral("the body is %1 bytes; the limit is %2").arg(request.body().size()).arg(m_config.limits.maxBodyBytes));
        return nullptr;
    }
    auto verified = m_auth.verifyBody(request);
    if (auto *e = std::get_if<ApiError>(&verified)) {
        qCInfo(lcIntake).noquote() << "refused signature from" << clientAddress(request, m_config.trustedProxies) << "-" << e->message;
        reply.error(*e);
        return nullptr;
    }
    const SourceConfig *source = std::get<const SourceConfig *>(verified);
    if (!withinRate(*source, reply))
        return nullptr;
    if (!isJson(request)) {
        reply.error(415, errors::UnsupportedMediaType, QStringLiteral("send the body as Content-Type: application/json"));
        return nullptr;
    }
    return source;
}

const SourceConfig *AgentApi::admitBodyless(const QHttpServerRequest &request, const QByteArray &method, HttpReply &reply)
{
    auto verified = m_auth.verifyBodyless(request, method);
    if (auto *e = std::get_if<ApiError>(&verified)) {
        reply.error(*e);
        return nullptr;
    }
    const SourceConfig *source = std::get<const SourceConfig *>(verified);
    return withinRate(*source, reply) ? source : nullptr;
}

void AgentApi::submit(const QHttpServerRequest &request, HttpReply &&replyIn)
{
    const SourceConfig *source = admitPost(request, replyIn);
    if (!source)
        return;
    auto parsed = parseSubmission(request.body(), source->id);
    if (auto *e = std::get_if<ApiError>(&parsed))
        return replyIn.error(*e);

    auto reply = share(std::move(replyIn));
    m_store.post(this,
        [submission = std::get<Submission>(std::move(parsed)), actor = agentActor(*source, request, m_config),
         reply](StoreContext &tx) -> std::function<void()> {
            Outcome outcome = ApprovalTransitions(tx).submit(submission, actor);
            return [reply, outcome] {
                const auto *ok = std::get_if<Applied>(&outcome);
                if (ok && ok->httpStatus == 202) {
                    reply->json(202, {{QStringLiteral("status"), QStringLiteral("queued")},
                                      {QStringLiteral("task_id"), ok->approval.taskId},
                                      {QStringLiteral("approval_id"), ok->approval.id},
                                      {QStringLiteral("route"), ok->approval.route},
                                      {QStringLiteral("expires_at"), json::time(ok->approval.expiresAt)}});
                } else {
                    answer(*reply, outcome);
                }
            };
        },
        unavailable(reply));
}

void AgentApi::readAndAnswer(const QString &source, const QString &taskId, HttpReply &&replyIn)
{
    auto reply = share(std::move(replyIn));
    m_store.post(this,
        [source, taskId, reply](StoreContext &tx) -> std::function<void()> {
            Outcome outcome = ApprovalTransitions(tx).read(source, taskId);
            return [reply, outcome] { answer(*reply, outcome); };
        },
        unavailable(reply));
}

void AgentApi::read(const QHttpServerRequest &request, const QString &taskId, HttpReply &&replyIn)
{
    const SourceConfig *source = admitBodyless(request, QByteArrayLiteral("GET"), replyIn);
    if (!source)
        return;
    int wait = 0;
    const QUrlQuery query(request.url());
    if (query.hasQueryItem(QStringLiteral("wait"))) {
        bool ok = false;
        wait = query.queryItemValue(QStringLiteral("wait")).toInt(&ok);
        if (!ok || wait < 0 || wait > m_config.limits.maxLongPollS)
            return replyIn.error(400, errors::InvalidField,
                                 QStringLiteral("wait must be a whole number of seconds from 0 to %1").arg(m_config.limits.maxLongPollS),
                                 QStringLiteral("wait"));
    }
    if (wait == 0)
        return readAndAnswer(source->id, taskId, std::move(replyIn));

    // Read first; only a pending approval waits. A change committed after this read is announced after
    // the read's completion (same thread, in order), so it cannot slip between the read and the wait.
    auto reply = share(std::move(replyIn));
    const QString sourceId = source->id;
    m_store.post(this,
        [sourceId, taskId, reply, wait, this](StoreContext &tx) -> std::function<void()> {
            Outcome outcome = ApprovalTransitions(tx).read(sourceId, taskId);
            return [reply, outcome, wait, this, sourceId, taskId] {
                const auto *ok = std::get_if<Applied>(&outcome);
                if (!ok || ok->approval.status != Status::Pending)
                    return answer(*reply, outcome);
                // The long polls are the server's and go before this API does: they never call back into it gone.
                m_longPolls.wait(ok->approval.id, wait, std::move(*reply), [this, sourceId, taskId](HttpReply &&r) {
                    readAndAnswer(sourceId, taskId, std::move(r));
                });
            };
        },
        unavailable(reply));
}

void AgentApi::cancel(const QHttpServerRequest &request, const QString &taskId, HttpReply &&replyIn)
{
    const SourceConfig *source = admitBodyless(request, QByteArrayLiteral("DELETE"), replyIn);
    if (!source)
        return;
    auto reply = share(std::move(replyIn));
    m_store.post(this,
        [sourceId = source->id, taskId, actor = agentActor(*source, request, m_config), reply](StoreContext &tx) -> std::function<void()> {
            Outcome outcome = ApprovalTransitions(tx).cancel(sourceId, taskId, actor);
            return [reply, outcome] { answer(*reply, outcome); };
        },
        unavailable(reply));
}

void AgentApi::revise(const QHttpServerRequest &request, const QString &taskId, HttpReply &&replyIn)
{
    const SourceConfig *source = admitPost(request, replyIn);
    if (!source)
        return;
    auto parsed = parseRevision(request.body());
    if (auto *e = std::get_if<ApiError>(&parsed))
        return replyIn.error(*e);
    auto reply = share(std::move(replyIn));
    m_store.post(this,
        [sourceId = source->id, taskId, revision = std::get<Revision>(std::move(parsed)),
         actor = agentActor(*source, request, m_config), reply](StoreContext &tx) -> std::function<void()> {
            Outcome outcome = ApprovalTransitions(tx).revise(sourceId, taskId, revision, actor);
            return [reply, outcome] { answer(*reply, outcome); };
        },
        unavailable(reply));
}

} // namespace countersign::server
