// Open WebSocket sessions follow their token and user: a logout, the token's expiry, `user disable` or
// `set-roles` from another connection to the database (as the admin command, another process, does) end the
// live session with close 4001; a decide is checked against the store again when it is made.
#include "Http.h"
#include "TestServer.h"
#include "WsClient.h"

#include "hub/Hub.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

class HubSessions : public ::testing::Test
{
protected:
    explicit HubSessions(int sessionCheckMs = 20)
        : server([sessionCheckMs](server::Config &c) { c.hub.sessionCheckMs = sessionCheckMs; })
    {
    }

    TestServer server;
    Agent agent{server};

    void SetUp() override { server.addTeam(); }

    std::unique_ptr<WsClient> signedIn(const QString &user, QByteArray *token = nullptr)
    {
        auto ws = std::make_unique<WsClient>(server.server().port());
        EXPECT_TRUE(ws->waitConnected());
        const QByteArray t = server.login(user);
        if (token)
            *token = t;
        ws->hello(t);
        EXPECT_FALSE(ws->next(QStringLiteral("welcome")).isEmpty()) << user.toStdString();
        ws->syncItems();
        return ws;
    }

    // What `countersignd user ...` does, through its own connection to the database.
    void changeUserElsewhere(const QString &username, const std::function<void(server::User &)> &change)
    {
        const std::unique_ptr<server::Store> store = server.openStore();
        std::optional<server::User> user = store->findUser(username);
        ASSERT_TRUE(user.has_value());
        change(*user);
        store->beginBatch();
        store->saveUser(*user);
        store->commitBatch();
    }

    static void expectEndedWith4001(WsClient &ws)
    {
        EXPECT_EQ(ws.next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));
        ASSERT_TRUE(ws.waitClosed());
        EXPECT_EQ(ws.closeCode(), 4001);
    }

    QString submit(const QString &taskId)
    {
        return agent.submitNew(emailSubmission(taskId));
    }
};

// The periodic check never runs during the test: only the check at decide time can refuse.
class HubSessionsNoPeriodicCheck : public HubSessions
{
protected:
    HubSessionsNoPeriodicCheck()
        : HubSessions(60000)
    {
    }
};

} // namespace

TEST_F(HubSessions, DisablingTheUserElsewhereEndsTheOpenSession)
{
    auto mia = signedIn(QStringLiteral("mia"));
    auto max = signedIn(QStringLiteral("max"));
    changeUserElsewhere(QStringLiteral("mia"), [](server::User &u) { u.disabled = true; });
    expectEndedWith4001(*mia);
    const QString id = submit(QStringLiteral("after-disable"));
    EXPECT_EQ(max->next(QStringLiteral("approval")).value(QLatin1String("approval")).toObject().value(QLatin1String("id")).toString(), id)
        << "the other Manager's session goes on";
    EXPECT_TRUE(max->connected());
}

TEST_F(HubSessions, ALogoutOfTheTokenEndsTheOpenSession)
{
    QByteArray token;
    auto mia = signedIn(QStringLiteral("mia"), &token);
    Http http;
    const HttpResponse r = http.request("POST", server.url(QStringLiteral("/api/v1/auth/logout")), {},
                                        {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(r.status, 200);
    expectEndedWith4001(*mia);
}

TEST_F(HubSessions, ASessionExpiresWithItsToken)
{
    QSignalSpy checks(&server.server().hub(), &server::Hub::sessionsRechecked);
    auto mia = signedIn(QStringLiteral("mia"));
    // Several checks pass while the token is valid: counted, so a slow machine cannot skip them.
    const qsizetype before = checks.size();
    ASSERT_TRUE(QTest::qWaitFor([&] { return checks.size() >= before + 3; }, 5000));
    ASSERT_TRUE(mia->roundTrip());  // an error frame a check sent would arrive before this pong
    EXPECT_TRUE(mia->connected());
    EXPECT_TRUE(mia->frames(QStringLiteral("error")).isEmpty());
    server.clock().advance((server.config().auth.tokenTtlS + 1) * 1000);
    expectEndedWith4001(*mia);
}

TEST_F(HubSessions, NewRolesEndTheSessionSoThatTheClientSignsInAgain)
{
    auto mia = signedIn(QStringLiteral("mia"));
    changeUserElsewhere(QStringLiteral("mia"), [](server::User &u) { u.roles = {QStringLiteral("CFO")}; });
    expectEndedWith4001(*mia);
    // Signed in again, the session shows what the new role may see: nothing routed to the Manager.
    submit(QStringLiteral("manager-only"));
    auto again = signedIn(QStringLiteral("mia"));
    ASSERT_TRUE(again->roundTrip());  // anything the server queued for this session arrives before the pong
    EXPECT_TRUE(again->frames(QStringLiteral("approval")).isEmpty());
    EXPECT_TRUE(again->connected());
}

TEST_F(HubSessionsNoPeriodicCheck, ADisabledUsersDecideIsRefusedWhileTheSessionIsStillOpen)
{
    const QString id = submit(QStringLiteral("decide-after-disable"));
    auto mia = signedIn(QStringLiteral("mia"));
    changeUserElsewhere(QStringLiteral("mia"), [](server::User &u) { u.disabled = true; });
    mia->send({{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request_id"), QStringLiteral("r-1")},
               {QStringLiteral("approval_id"), id}, {QStringLiteral("version"), 1}, {QStringLiteral("decision"), QStringLiteral("approve")}});
    const QJsonObject refused = mia->next(QStringLiteral("error"));
    EXPECT_EQ(refused.value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));
    EXPECT_EQ(refused.value(QLatin1String("request_id")).toString(), QStringLiteral("r-1"));
    ASSERT_TRUE(mia->waitClosed());
    EXPECT_EQ(mia->closeCode(), 4001);
    EXPECT_TRUE(mia->frames(QStringLiteral("ack")).isEmpty());
    EXPECT_EQ(agent.get(QStringLiteral("decide-after-disable")).json().value(QLatin1String("status")).toString(), QStringLiteral("pending"))
        << "nothing was decided";
}

namespace {

// Connections that do not sign in, and browsers from other origins.
class HubUnauthenticated : public ::testing::Test
{
protected:
    TestServer server{[](server::Config &c) {
        c.hub.helloTimeoutMs = 100;
        c.hub.allowedOrigins = {QStringLiteral("https://approvals.example.test")};
    }};
    void SetUp() override { server.addTeam(); }
};

} // namespace

TEST_F(HubUnauthenticated, AConnectionWithoutHelloIsClosedAfterTheDeadline)
{
    WsClient ws(server.server().port());
    ASSERT_TRUE(ws.waitConnected());
    EXPECT_EQ(ws.next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));
    ASSERT_TRUE(ws.waitClosed());
    EXPECT_EQ(ws.closeCode(), 4001);
}

TEST_F(HubUnauthenticated, OnlyAllowedBrowserOriginsMayConnect)
{
    const auto open = [this](const QString &origin) {
        auto socket = std::make_unique<QWebSocket>(origin);
        socket->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/ws").arg(server.server().port())));
        return socket;
    };
    auto evil = open(QStringLiteral("https://evil.example.test"));
    EXPECT_TRUE(QTest::qWaitFor([&] { return evil->closeCode() == QWebSocketProtocol::CloseCodePolicyViolated; }, 5000))
        << "closed with 1008";
    auto allowed = open(QStringLiteral("https://approvals.example.test"));
    QString welcome;
    QObject::connect(allowed.get(), &QWebSocket::textMessageReceived, [&welcome](const QString &t) {
        if (welcome.isEmpty())
            welcome = t;
    });
    ASSERT_TRUE(QTest::qWaitFor([&] { return allowed->state() == QAbstractSocket::ConnectedState; }, 5000));
    allowed->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("hello")},
        {QStringLiteral("token"), QString::fromLatin1(server.login(QStringLiteral("mia")))}}).toJson(QJsonDocument::Compact)));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !welcome.isEmpty(); }, 5000));
    EXPECT_TRUE(welcome.contains(QLatin1String("\"welcome\""))) << welcome.toStdString();
}
