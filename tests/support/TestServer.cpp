#include "TestServer.h"

#include "TestPostgres.h"
#include "auth/Passwords.h"
#include "delivery/CallbackDispatcher.h"
#include "protocol/Hmac.h"
#include "config/PolicyConfig.h"
#include "store/SqliteStore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <gtest/gtest.h>

#include <stdexcept>

namespace countersign::test {

server::Config baseConfig(const QString &dataDir)
{
    server::Config c;
    c.listenHost = QStringLiteral("127.0.0.1");
    c.listenPort = 0;
    c.dataDir = dataDir;
    c.database.synchronous = QStringLiteral("normal");  // tests need crash, not power-loss, durability
    c.sources = {{QStringLiteral("crew-a"), SecretA, 0, 0}, {QStringLiteral("crew-b"), SecretB, 0, 0}};
    c.limits.ratePerSecond = 0;
    c.auth.pbkdf2Iterations = 1000;  // fast tests; production default is 310,000
    server::parsePolicies(c, nullptr);  // the policy defaults a config file without policy sections gets
    return c;
}

bool TestServer::advanceUntilIdle(qint64 ms, int timeoutMs)
{
    // The spy is set up before the clock moves: the look that the jump triggers ends in idle() at the earliest
    // (a look already under way when the clock jumped is followed by another, so its end is not counted).
    QSignalSpy idle(&m_server->callbacks(), &server::OutboxDispatcher::idle);
    m_clock.advance(ms);
    return QTest::qWaitFor([&] { return !idle.isEmpty(); }, timeoutMs);
}

void usePolicies(server::Config &config, const QByteArray &json)
{
    QJsonObject raw = config.raw;
    const QJsonObject policies = QJsonDocument::fromJson(json).object();
    EXPECT_FALSE(policies.isEmpty()) << "the policy JSON of the test does not parse";
    for (auto it = policies.begin(); it != policies.end(); ++it)
        raw.insert(it.key(), it.value());
    config.raw = raw;
    config.routing = {};
    config.timeouts = {};
    config.escalation = {};
    config.notifications = {};
    config.redaction = {};
    server::ConfigError error;
    EXPECT_TRUE(server::parsePolicies(config, &error)) << error.toString().toStdString();
}

TestServer::TestServer(std::function<void(server::Config &)> tweak)
    : m_config(baseConfig(m_dir.path()))
    , m_clock(QDateTime::currentDateTimeUtc())
{
    if (serversUsePostgres()) {
        m_config.database.driver = QStringLiteral("postgres");
        m_config.database.url = freshPostgresDatabase();
    }
    if (tweak)
        tweak(m_config);
    start();
}

TestServer::TestServer(const TestServer &shared, std::function<void(server::Config &)> tweak)
    : TestServer([&shared, &tweak](server::Config &c) {
        c.dataDir = shared.m_config.dataDir;
        c.database = shared.m_config.database;
        if (tweak)
            tweak(c);
    })
{
}

TestServer::~TestServer()
{
    stop();
}

void TestServer::start()
{
    m_server = std::make_unique<server::Server>(m_config, m_clock);
    QString error;
    const bool started = m_server->start(&error);
    EXPECT_TRUE(started) << error.toStdString();
}

void TestServer::stop()
{
    if (!m_server)
        return;
    bool done = false;
    m_server->shutdown([&done] { done = true; });
    (void)QTest::qWaitFor([&done] { return done; }, 10000);
    m_server.reset();
}

QString TestServer::url(const QString &path) const
{
    return QStringLiteral("%1://127.0.0.1:%2%3").arg(m_scheme).arg(m_server->port()).arg(path);
}

std::unique_ptr<server::Store> TestServer::openStore() const
{
    std::unique_ptr<server::Store> store;
    if (m_config.database.driver == QLatin1String("postgres")) {
        store = makePostgresStore(m_config.database.url);
        if (!store)
            throw std::runtime_error("this tree has no PostgresStore (server/store/PostgresStore.h)");
    } else {
        store = std::make_unique<server::SqliteStore>(server::SqliteStore::Options{server::sqlitePath(m_config), false, QString()});
    }
    store->open();
    return store;
}

void TestServer::addUser(const QString &username, const QStringList &roles, const QByteArray &password)
{
    const std::unique_ptr<server::Store> store = openStore();
    server::User u;
    u.username = username;
    u.displayName = username;
    u.email = username + QStringLiteral("@example.test");
    u.roles = roles;
    u.salt = server::passwords::newSalt();
    u.iterations = m_config.auth.pbkdf2Iterations;
    u.passwordHash = server::passwords::hash(password, u.salt, u.iterations);
    u.createdAt = m_clock.now();
    store->beginBatch();
    store->saveUser(u);
    store->commitBatch();
}

void TestServer::addTeam()
{
    addUser(QStringLiteral("mia"), {QStringLiteral("Manager")});
    addUser(QStringLiteral("max"), {QStringLiteral("Manager")});
    addUser(QStringLiteral("carl"), {QStringLiteral("CFO")});
    addUser(QStringLiteral("ada"), {QStringLiteral("admin")});
    addUser(QStringLiteral("aud"), {QStringLiteral("auditor")});
}

QByteArray TestServer::login(const QString &username, const QByteArray &password)
{
    Http http;
    const QJsonObject body{{QStringLiteral("username"), username}, {QStringLiteral("password"), QString::fromUtf8(password)}};
    const HttpResponse r = http.request("POST", url(QStringLiteral("/api/v1/auth/login")), QJsonDocument(body).toJson(),
                                        {{"Content-Type", "application/json"}});
    return r.json().value(QLatin1String("token")).toString().toLatin1();
}

server::Outcome TestServer::decide(const QString &approvalId, const QString &decision, const QString &feedback,
                                   const QJsonValue &output)
{
    std::optional<server::Outcome> result;
    server::DecisionRequest request;
    request.approvalId = approvalId;
    request.decision = decision;
    request.feedback = feedback;
    request.output = output;
    m_server->decide(request, {QStringLiteral("mia"), QStringLiteral("Manager"), QStringLiteral("127.0.0.1")},
                     [&result](const server::Outcome &o) { result = o; });
    (void)QTest::qWaitFor([&result] { return result.has_value(); }, 10000);
    EXPECT_TRUE(result.has_value());
    return result.value_or(server::ApiError{});
}

Agent::Agent(TestServer &server, QString source, QByteArray secret)
    : m_server(server)
    , m_source(std::move(source))
    , m_secret(std::move(secret))
{
}

HttpResponse Agent::submitRaw(const QByteArray &body, const Http::Headers &extraHeaders, bool sign)
{
    Http::Headers headers{{"Content-Type", "application/json"}, {"X-Webhook-Source", m_source.toUtf8()}};
    if (sign)
        headers.append({"X-Webhook-Signature", hmac::signatureHeader(m_secret, body)});
    for (const auto &h : extraHeaders) {
        headers.removeIf([&h](const auto &existing) { return existing.first.compare(h.first, Qt::CaseInsensitive) == 0; });
        headers.append(h);
    }
    headers.removeIf([](const auto &h) { return h.second.isNull(); });  // a null value removes the header
    return m_http.request("POST", m_server.url(QStringLiteral("/api/v1/approvals")), body, headers);
}

HttpResponse Agent::submit(const QJsonObject &body)
{
    return submitRaw(QJsonDocument(body).toJson(QJsonDocument::Compact));
}

QString Agent::submitNew(const QJsonObject &body)
{
    const HttpResponse r = submit(body);
    EXPECT_EQ(r.status, 202) << r.body.toStdString();
    return r.json().value(QLatin1String("approval_id")).toString();
}

Http::Headers Agent::bodylessHeaders(const QByteArray &method, const QString &pathWithQuery, qint64 timestampOffsetS)
{
    const QByteArray ts = QByteArray::number(m_server.clock().nowMs() / 1000 + timestampOffsetS);
    const QByteArray target = QUrl(pathWithQuery).toEncoded();
    const QByteArray signature = hmac::signatureHeader(m_secret, hmac::bodylessSigningString(method, target, ts));
    return {{"X-Webhook-Source", m_source.toUtf8()}, {"X-Webhook-Signature", signature}, {"X-Webhook-Timestamp", ts}};
}

HttpResponse Agent::bodyless(const QByteArray &method, const QString &pathWithQuery, qint64 timestampOffsetS)
{
    return m_http.request(method, m_server.url(pathWithQuery), {}, bodylessHeaders(method, pathWithQuery, timestampOffsetS),
                          150000);
}

QNetworkReply *Agent::startGet(const QString &taskId, int wait)
{
    const QString path = QStringLiteral("/api/v1/approvals/%1?wait=%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(taskId))).arg(wait);
    QNetworkRequest request{QUrl(m_server.url(path))};
    for (const auto &h : bodylessHeaders("GET", path, 0))
        request.setRawHeader(h.first, h.second);
    return m_http.network().get(request);
}

HttpResponse Agent::get(const QString &taskId, int wait, qint64 timestampOffsetS)
{
    QString path = QStringLiteral("/api/v1/approvals/") + QString::fromLatin1(QUrl::toPercentEncoding(taskId));
    if (wait >= 0)
        path += QStringLiteral("?wait=%1").arg(wait);
    return bodyless("GET", path, timestampOffsetS);
}

HttpResponse Agent::cancel(const QString &taskId)
{
    return bodyless("DELETE", QStringLiteral("/api/v1/approvals/") + QString::fromLatin1(QUrl::toPercentEncoding(taskId)), 0);
}

HttpResponse Agent::revise(const QString &taskId, const QJsonObject &body)
{
    const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return m_http.request("POST",
                          m_server.url(QStringLiteral("/api/v1/approvals/%1/revisions").arg(QString::fromLatin1(QUrl::toPercentEncoding(taskId)))),
                          bytes,
                          {{"Content-Type", "application/json"}, {"X-Webhook-Source", m_source.toUtf8()},
                           {"X-Webhook-Signature", hmac::signatureHeader(m_secret, bytes)}});
}

QJsonObject emailSubmission(const QString &taskId, const QJsonObject &extra)
{
    QJsonObject s{
        {QStringLiteral("task_id"), taskId},
        {QStringLiteral("agent"), QStringLiteral("Marketing Copywriter")},
        {QStringLiteral("output"), QJsonObject{{QStringLiteral("subject"), QStringLiteral("Introducing WalterSignal")},
                                               {QStringLiteral("body"), QStringLiteral("Dear {{first_name}}, We're excited to announce...")}}},
        {QStringLiteral("context"), QJsonObject{{QStringLiteral("product"), QStringLiteral("WalterSignal")},
                                                {QStringLiteral("audience"), QStringLiteral("Mid-market CTOs")},
                                                {QStringLiteral("campaign"), QStringLiteral("Q1 2025 Launch")}}},
        {QStringLiteral("timestamp"), QStringLiteral("2025-01-15T10:30:00Z")},
    };
    for (auto it = extra.begin(); it != extra.end(); ++it)
        s.insert(it.key(), it.value());
    return s;
}

} // namespace countersign::test
