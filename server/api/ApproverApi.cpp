#include "ApproverApi.h"

#include "approvals/ApiError.h"
#include "protocol/JsonDepth.h"
#include "http/ClientAddress.h"

#include "ApproverReads.h"
#include "approvals/ApprovalTransitions.h"
#include "auth/ApproverSessions.h"
#include "auth/Passwords.h"
#include "metrics/MetricsSummary.h"
#include "http/HttpServer.h"
#include "protocol/ApprovalJson.h"
#include "protocol/Hmac.h"
#include "protocol/MetricsJson.h"
#include "store/StoreWorker.h"
#include "time/Clock.h"

#include <QHostAddress>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcApprover, "countersign.server.approver")

namespace countersign::server {

namespace {

StoreWorker::Failed unavailable(std::shared_ptr<HttpReply> reply)
{
    return [reply](const QString &) {
        reply->error(503, errors::Unavailable, QStringLiteral("the approval store is unavailable; retry later"));
    };
}

void unauthorized(HttpReply &reply)
{
    reply.error(401, errors::Unauthorized, QStringLiteral("sign in: a valid \"Authorization: Bearer <token>\" is required"));
}

// The salt and iteration count an unknown user is "checked" with, so that the answer takes as long.
const QByteArray DummySalt = QByteArray(32, 'a');

} // namespace

QByteArray bearerToken(const QHttpServerRequest &request)
{
    const QByteArray header = request.value(QByteArrayLiteral("Authorization")).trimmed();
    if (!header.toLower().startsWith("bearer "))
        return {};
    return header.mid(7).trimmed();
}

ApproverApi::ApproverApi(const Config &config, const Clock &clock, StoreWorker &store, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_clock(clock)
    , m_store(store)
    , m_loginLimits(clock)
{
    m_hashing.setMaxThreadCount(2);
}

ApproverApi::~ApproverApi()
{
    m_hashing.waitForDone();
}

void ApproverApi::install(HttpServer &http)
{
    using M = HttpServer::Method;
    auto shared = [](HttpReply &&r) { return std::make_shared<HttpReply>(std::move(r)); };
    http.route(M::Post, QStringLiteral("/api/v1/auth/login"), [this, shared](const QHttpServerRequest &r, const QStringList &, HttpReply &&reply) {
        login(r, shared(std::move(reply)));
    });
    http.route(M::Post, QStringLiteral("/api/v1/auth/logout"), [this, shared](const QHttpServerRequest &r, const QStringList &, HttpReply &&reply) {
        logout(r, shared(std::move(reply)));
    });
    http.route(M::Get, QStringLiteral("/api/v1/queue"), [this, shared](const QHttpServerRequest &r, const QStringList &, HttpReply &&reply) {
        queue(r, shared(std::move(reply)));
    });
    http.route(M::Get, QStringLiteral("/api/v1/queue/{}"), [this, shared](const QHttpServerRequest &r, const QStringList &p, HttpReply &&reply) {
        one(r, p.at(0), shared(std::move(reply)));
    });
    http.route(M::Post, QStringLiteral("/api/v1/approvals/{}/decision"), [this, shared](const QHttpServerRequest &r, const QStringList &p, HttpReply &&reply) {
        decision(r, p.at(0), shared(std::move(reply)));
    });
    http.route(M::Get, QStringLiteral("/api/v1/metrics/summary"), [this, shared](const QHttpServerRequest &r, const QStringList &, HttpReply &&reply) {
        metricsSummary(r, shared(std::move(reply)));
    });
    http.route(M::Get, QStringLiteral("/api/v1/audit"), [this, shared](const QHttpServerRequest &r, const QStringList &, HttpReply &&reply) {
        audit(r, shared(std::move(reply)));
    });
}

void ApproverApi::withUser(const QHttpServerRequest &request, SharedReply reply,
                           std::function<std::function<void()>(const User &, StoreContext &)> then)
{
    const QByteArray token = bearerToken(request);
    if (token.isEmpty())
        return unauthorized(*reply);
    m_store.post(this,
        [token, reply, then](StoreContext &tx) -> std::function<void()> {
            const std::optional<User> user = ApproverSessions(tx).userForToken(token);
            if (!user)
                return [reply] { unauthorized(*reply); };
            return then(*user, tx);
        },
        unavailable(reply));
}

void ApproverApi::login(const QHttpServerRequest &request, SharedReply reply)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
    const QString username = body.value(QLatin1String("username")).toString();
    const QByteArray password = body.value(QLatin1String("password")).toString().toUtf8();
    if (username.isEmpty() || !body.value(QLatin1String("password")).isString())
        return reply->error(400, errors::InvalidField, QStringLiteral("send {\"username\": ..., \"password\": ...}"),
                            username.isEmpty() ? QStringLiteral("username") : QStringLiteral("password"));
    const QString ip = clientAddress(request, m_config.trustedProxies);
    for (const auto &[key, perMinute] : {std::pair{QString(QStringLiteral("user:") + username), m_config.auth.loginsPerMinutePerUser},
                                         std::pair{QString(QStringLiteral("ip:") + ip), m_config.auth.loginsPerMinutePerIp}}) {
        if (const auto wait = m_loginLimits.take(key, perMinute / 60.0, int(std::max(1.0, perMinute)))) {
            return reply->error(ApiError{429, errors::RateLimited,
                                         QStringLiteral("too many sign-in attempts; retry after %1 s").arg(*wait), {}, {}},
                                {{QByteArrayLiteral("Retry-After"), QByteArray::number(*wait)}});
        }
    }
    const int dummyIterations = m_config.auth.pbkdf2Iterations;
    m_store.post(this,
        [this, username, password, reply, dummyIterations](StoreContext &tx) -> std::function<void()> {
            const std::optional<User> user = ApproverSessions(tx).user(username);
            return [this, username, password, reply, user, dummyIterations] {
                // The same work whether or not the user exists: the answer's timing says nothing. The pool is a
                // member (its destructor waits for the hashing), and Qt drops the queued call if this is gone.
                m_hashing.start([this, username, password, reply, user, dummyIterations] {
                    const bool known = user && !user->disabled;
                    const QByteArray computed = passwords::hash(password, known ? user->salt : DummySalt,
                                                                known ? user->iterations : dummyIterations);
                    const bool ok = known && hmac::constantTimeEquals(computed, user->passwordHash);
                    QMetaObject::invokeMethod(this, [this, username, ok, reply] {
                        finishLogin(username, ok, reply);
                    }, Qt::QueuedConnection);
                });
            };
        },
        unavailable(reply));
}

void ApproverApi::finishLogin(const QString &username, bool passwordOk, SharedReply reply)
{
    if (!passwordOk) {
        qCInfo(lcApprover).noquote() << "failed sign-in for" << username;
        return reply->error(401, errors::InvalidCredentials, QStringLiteral("wrong user name or password"));
    }
    const qint64 ttlMs = m_config.auth.tokenTtlS * 1000;
    const QDateTime expires = m_clock.now().addMSecs(ttlMs);
    m_store.post(this,
        [username, ttlMs, reply, expires](StoreContext &tx) -> std::function<void()> {
            ApproverSessions sessions(tx);
            const std::optional<User> user = sessions.user(username);
            if (!user || user->disabled)
                return [reply] { reply->error(401, errors::InvalidCredentials, QStringLiteral("wrong user name or password")); };
            const QByteArray token = sessions.issueToken(username, ttlMs);
            return [reply, token, expires, user] {
                reply->json(200, {{QStringLiteral("token"), QString::fromLatin1(token)},
                                  {QStringLiteral("expires_at"), json::time(expires)},
                                  {QStringLiteral("user"), publicJson(*user)}});
            };
        },
        unavailable(reply));
}

void ApproverApi::logout(const QHttpServerRequest &request, SharedReply reply)
{
    const QByteArray token = bearerToken(request);
    withUser(request, reply, [token, reply](const User &, StoreContext &tx) -> std::function<void()> {
        ApproverSessions(tx).revokeToken(token);
        return [reply] { reply->json(200, {{QStringLiteral("status"), QStringLiteral("signed_out")}}); };
    });
}

void ApproverApi::queue(const QHttpServerRequest &request, SharedReply reply)
{
    const QUrlQuery params(request.url());
    QueueQuery query;
    for (const QString &s : params.queryItemValue(QStringLiteral("status")).split(u',', Qt::SkipEmptyParts)) {
        if (!statusFromString(s))
            return reply->error(400, errors::InvalidField, QStringLiteral("unknown status \"%1\"").arg(s), QStringLiteral("status"));
        query.statuses.append(s);
    }
    query.routes = params.queryItemValue(QStringLiteral("route")).split(u',', Qt::SkipEmptyParts);
    query.text = params.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
    query.agent = params.queryItemValue(QStringLiteral("agent"), QUrl::FullyDecoded);
    query.afterId = params.queryItemValue(QStringLiteral("after"));
    if (params.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        query.limit = params.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || query.limit < 1 || query.limit > 500)
            return reply->error(400, errors::InvalidField, QStringLiteral("limit must be 1 to 500"), QStringLiteral("limit"));
    }
    withUser(request, reply, [query, reply](const User &user, StoreContext &tx) -> std::function<void()> {
        const QList<Approval> items = ApproverReads(tx).queue(user, query);
        QJsonArray list;
        for (const Approval &a : items)
            list.append(tx.redactor.approverJson(a));
        const QJsonValue next = items.size() == query.limit ? QJsonValue(items.last().id) : QJsonValue(QJsonValue::Null);
        return [reply, list, next] { reply->json(200, {{QStringLiteral("items"), list}, {QStringLiteral("next"), next}}); };
    });
}

void ApproverApi::one(const QHttpServerRequest &request, const QString &approvalId, SharedReply reply)
{
    withUser(request, reply, [approvalId, reply](const User &user, StoreContext &tx) -> std::function<void()> {
        const std::optional<Approval> a = ApproverReads(tx).approvalFor(user, approvalId);
        if (!a)  // unknown, or routed where the caller may not look: the same answer
            return [reply] { reply->error(404, errors::NotFound, QStringLiteral("no such approval in your queue")); };
        const QJsonObject json = tx.redactor.approverJson(*a);
        return [reply, json] { reply->json(200, json); };
    });
}

void ApproverApi::decision(const QHttpServerRequest &request, const QString &approvalId, SharedReply reply)
{
    if (json::tooDeep(request.body()))
        return reply->error(400, errors::Invalid,
                            QStringLiteral("the body nests objects and arrays deeper than %1 levels").arg(json::MaxNestingDepth));
    const QJsonObject body = QJsonDocument::fromJson(request.body()).object();
    if (body.isEmpty())
        return reply->error(400, errors::Invalid, QStringLiteral("send a JSON object with \"decision\""));
    DecisionRequest d;
    d.approvalId = approvalId;
    d.decision = body.value(QLatin1String("decision")).toString();
    d.feedback = body.value(QLatin1String("feedback")).toString();
    d.output = body.value(QLatin1String("output"));
    d.outcome = body.value(QLatin1String("outcome")).toString();
    if (body.value(QLatin1String("version")).isDouble())
        d.expectedVersion = body.value(QLatin1String("version")).toInt();
    const QString requestId = body.value(QLatin1String("request_id")).toString();
    const QString ip = clientAddress(request, m_config.trustedProxies);
    withUser(request, reply, [d, requestId, ip, reply](const User &user, StoreContext &tx) -> std::function<void()> {
        const DecideAnswer answer = ApprovalTransitions(tx).decideAs(user, d, requestId, ip);
        return [reply, answer, requestId] {
            if (answer.ok())
                return reply->json(200, {{QStringLiteral("request_id"), requestId}, {QStringLiteral("approval"), answer.approval}});
            QJsonObject extra;
            if (!answer.approval.isEmpty())
                extra.insert(QStringLiteral("approval"), answer.approval);
            reply->error(ApiError{answer.httpStatus, answer.code, answer.message, answer.field, extra});
        };
    });
}

void ApproverApi::audit(const QHttpServerRequest &request, SharedReply reply)
{
    const QUrlQuery params(request.url());
    const qint64 after = params.queryItemValue(QStringLiteral("after")).toLongLong();
    int limit = params.hasQueryItem(QStringLiteral("limit")) ? params.queryItemValue(QStringLiteral("limit")).toInt() : 500;
    if (limit < 1 || limit > 5000)
        return reply->error(400, errors::InvalidField, QStringLiteral("limit must be 1 to 5000"), QStringLiteral("limit"));
    withUser(request, reply, [after, limit, reply](const User &user, StoreContext &tx) -> std::function<void()> {
        if (!user.hasRole(roles::Admin) && !user.hasRole(roles::Auditor))
            return [reply] { reply->error(403, errors::Forbidden, QStringLiteral("the audit log is for the admin and auditor roles")); };
        const QList<AuditEntry> entries = ApproverReads(tx).auditAfter(after, limit);
        QJsonArray items;
        for (const AuditEntry &e : entries) {
            QJsonObject o = json::toJson(e.event);
            o.insert(QStringLiteral("prev_hash"), QString::fromLatin1(e.prevHash));
            o.insert(QStringLiteral("hash"), QString::fromLatin1(e.hash));
            items.append(o);
        }
        const QJsonValue next = entries.size() == limit ? QJsonValue(entries.last().event.seq) : QJsonValue(QJsonValue::Null);
        return [reply, items, next] { reply->json(200, {{QStringLiteral("items"), items}, {QStringLiteral("next"), next}}); };
    });
}

void ApproverApi::metricsSummary(const QHttpServerRequest &request, SharedReply reply)
{
    // The window defaults to the last 30 days. Every approver may look: each sees the routes they may see.
    const QUrlQuery params(request.url());
    QDateTime to = m_clock.now();
    QDateTime from = to.addDays(-30);
    for (const auto &[name, target] : {std::pair{QStringLiteral("from"), &from}, std::pair{QStringLiteral("to"), &to}}) {
        if (!params.hasQueryItem(name))
            continue;
        const QDateTime t = json::parseTime(params.queryItemValue(name, QUrl::FullyDecoded));
        if (!t.isValid())
            return reply->error(400, errors::InvalidField,
                                QStringLiteral("%1 must be an RFC 3339 time such as 2025-01-15T10:30:00Z").arg(name), name);
        *target = t;
    }
    if (from >= to)
        return reply->error(400, errors::InvalidField, QStringLiteral("from must be before to"), QStringLiteral("from"));
    withUser(request, reply, [from, to, reply](const User &user, StoreContext &tx) -> std::function<void()> {
        const QJsonObject summary = json::toJson(ApproverReads(tx).metrics(user, from, to));
        return [reply, summary] { reply->json(200, summary); };
    });
}

} // namespace countersign::server
