#pragma once

#include "Http.h"
#include "Server.h"
#include "store/Store.h"
#include "time/Clock.h"

#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

namespace countersign::test {

inline const QByteArray SecretA = "s3cret-a";
inline const QByteArray SecretB = "s3cret-b";

// The config every test starts from: two sources, no rate limit, a temp data dir.
server::Config baseConfig(const QString &dataDir);

// Reads the policy sections (routing, timeouts, escalation, notifications, redaction, metrics) of a config
// document into `config`, as the server does with its file. Fails the test when they are refused.
void usePolicies(server::Config &config, const QByteArray &json);

// The seed's routing: budget over 10,000 to the CFO, high risk to Legal, the rest to the Manager.
inline const QByteArray SeedRouting = R"({"routing": {"default_route": "Manager", "rules": [
    {"name": "big budget", "if": {">": [{"var": "output.budget"}, 10000]}, "route": "CFO"},
    {"name": "high risk", "if": {"==": [{"var": "output.risk_level"}, "high"]}, "route": "Legal"}]}})";

// A real countersignd in-process on 127.0.0.1:0, with a manual clock that starts at the real time (so
// signed timestamps made from the wall clock are inside the window). Its state is in SQLite in a temp dir, or,
// when COUNTERSIGN_TEST_DATABASE=postgres, in a fresh PostgreSQL database of its own (TestPostgres.h).
class TestServer
{
public:
    explicit TestServer(std::function<void(server::Config &)> tweak = {});
    // Another node on the database of `shared` (its data dir and `database` section), for cluster tests.
    explicit TestServer(const TestServer &shared, std::function<void(server::Config &)> tweak = {});
    ~TestServer();

    // Starts (again, after stop(): same data dir, a new port). Fails the test on error.
    void start();
    void stop();

    QString url(const QString &path) const;
    // url() says https:// (for a server configured with `tls`).
    void useHttps(bool on) { m_scheme = on ? QStringLiteral("https") : QStringLiteral("http"); }
    server::Server &server() { return *m_server; }
    ManualClock &clock() { return m_clock; }
    // A barrier for "after the clock moved, no further callback went out": advances the clock and waits until
    // the callback dispatcher has looked at the outbox at the new time, sent what was due, recorded the
    // attempts and found nothing more to do (OutboxDispatcher::idle). False if it never settles.
    bool advanceUntilIdle(qint64 ms, int timeoutMs = 5000);
    const server::Config &config() const { return m_config; }
    QString dataDir() const { return m_dir.path(); }

    // A store of its own on the server's database (SQLite, or PostgreSQL under COUNTERSIGN_TEST_DATABASE=postgres),
    // opened: what an admin command (`countersignd user ...`) works through. Throws StoreError.
    std::unique_ptr<server::Store> openStore() const;
    // Adds an approver directly in the database (as `countersignd user add` does).
    void addUser(const QString &username, const QStringList &roles, const QByteArray &password = "correct horse");
    // mia and max (Manager), carl (CFO), ada (admin), aud (auditor): the cast of the approver tests.
    void addTeam();
    // Signs in over HTTP and returns the bearer token (empty on failure).
    QByteArray login(const QString &username, const QByteArray &password = "correct horse");

    // Decides as an approver would (the hub's path), synchronously.
    server::Outcome decide(const QString &approvalId, const QString &decision, const QString &feedback = {},
                           const QJsonValue &output = {});

private:
    QTemporaryDir m_dir;
    server::Config m_config;
    ManualClock m_clock;
    std::unique_ptr<server::Server> m_server;
    QString m_scheme = QStringLiteral("http");
};

// An agent: signs and sends the requests of docs/protocol.md section 1.
class Agent
{
public:
    Agent(TestServer &server, QString source = QStringLiteral("crew-a"), QByteArray secret = SecretA);

    HttpResponse submit(const QJsonObject &body);
    // Submits `body`; the test fails unless the server accepts it as a new approval (202). Returns its id.
    QString submitNew(const QJsonObject &body);
    HttpResponse submitRaw(const QByteArray &body, const Http::Headers &extraHeaders = {}, bool sign = true);
    HttpResponse get(const QString &taskId, int wait = -1, qint64 timestampOffsetS = 0);
    // A long poll left running: the caller waits on the reply's finished().
    QNetworkReply *startGet(const QString &taskId, int wait);
    HttpResponse cancel(const QString &taskId);
    HttpResponse revise(const QString &taskId, const QJsonObject &body);

    // The signed headers of a request without a body (GET, DELETE) to `pathWithQuery`, for a test that sends it
    // on a connection of its own.
    Http::Headers bodylessHeaders(const QByteArray &method, const QString &pathWithQuery, qint64 timestampOffsetS = 0);

    Http &http() { return m_http; }
    QString source() const { return m_source; }

private:
    HttpResponse bodyless(const QByteArray &method, const QString &pathWithQuery, qint64 timestampOffsetS);

    TestServer &m_server;
    QString m_source;
    QByteArray m_secret;
    Http m_http;
};

// A seed-style submission (the marketing email of the seed document); the keys of `extra` replace or add to it.
QJsonObject emailSubmission(const QString &taskId, const QJsonObject &extra = {});

} // namespace countersign::test
