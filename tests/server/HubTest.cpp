// docs/protocol.md section 2, the WebSocket: hello, sync, live pushes by role, decisions with conflicts and
// idempotent request_ids, reconnects with `since`, and bad frames.
#include "CallbackReceiver.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QJsonArray>
#include <QTcpSocket>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

class Hub : public ::testing::Test
{
protected:
    explicit Hub(QByteArray policies = {})
        : m_policies(std::move(policies))
    {
    }

    QByteArray m_policies;  // routing, deadlines...: the server's defaults when empty
    TestServer server{[this](server::Config &c) {
        if (!m_policies.isEmpty())
            usePolicies(c, m_policies);
    }};
    Agent agent{server};

    void SetUp() override { server.addTeam(); }

    std::unique_ptr<WsClient> signedIn(const QString &user, qint64 since = 0)
    {
        auto ws = std::make_unique<WsClient>(server.server().port());
        EXPECT_TRUE(ws->waitConnected());
        ws->hello(server.login(user), since);
        EXPECT_FALSE(ws->next(QStringLiteral("welcome")).isEmpty()) << user.toStdString();
        return ws;
    }
    QString submit(const QString &taskId, const QString &callbackUrl = {})
    {
        return agent.submitNew(emailSubmission(taskId, callbackUrl.isEmpty() ? QJsonObject() : QJsonObject{{QStringLiteral("callback_url"), callbackUrl}}));
    }
    static QJsonObject decideFrame(const QString &requestId, const QString &approvalId, const QString &decision,
                                   const QString &feedback = {}, int version = 1)
    {
        return {{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request_id"), requestId},
                {QStringLiteral("approval_id"), approvalId}, {QStringLiteral("version"), version},
                {QStringLiteral("decision"), decision}, {QStringLiteral("feedback"), feedback}};
    }
    static QString idOf(const QJsonObject &approvalFrame)
    {
        return approvalFrame.value(QLatin1String("approval")).toObject().value(QLatin1String("id")).toString();
    }
};

} // namespace

TEST_F(Hub, ABadTokenIsRefusedWithCloseCode4001)
{
    WsClient ws(server.server().port());
    ASSERT_TRUE(ws.waitConnected());
    ws.hello("not-a-token");
    EXPECT_EQ(ws.next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));
    ASSERT_TRUE(ws.waitClosed());
    EXPECT_EQ(ws.closeCode(), 4001);
}

TEST_F(Hub, WelcomeThenSyncOfWhatTheUserMaySee)
{
    const QString a = submit(QStringLiteral("ws-1"));
    const QString b = submit(QStringLiteral("ws-2"));
    auto mia = signedIn(QStringLiteral("mia"));
    QStringList ids;
    for (const QJsonObject &item : mia->syncItems())
        ids.append(item.value(QLatin1String("id")).toString());
    EXPECT_EQ(ids, (QStringList{a, b}));
    auto carl = signedIn(QStringLiteral("carl"));
    EXPECT_TRUE(carl->syncItems().isEmpty()) << "nothing is routed to CFO";
}

TEST_F(Hub, NewApprovalsArePushedToTheRolesThatMaySeeThem)
{
    auto mia = signedIn(QStringLiteral("mia"));
    auto carl = signedIn(QStringLiteral("carl"));
    auto ada = signedIn(QStringLiteral("ada"));
    auto aud = signedIn(QStringLiteral("aud"));
    for (auto *c : {mia.get(), carl.get(), ada.get(), aud.get()})
        c->syncItems();
    const QString id = submit(QStringLiteral("push-1"));
    EXPECT_EQ(idOf(mia->next(QStringLiteral("approval"))), id);
    EXPECT_EQ(idOf(ada->next(QStringLiteral("approval"))), id);
    EXPECT_EQ(idOf(aud->next(QStringLiteral("approval"))), id);
    // The push to every session was written when the submission committed, before the 202: a pong to a ping
    // carl sends now comes after anything the server meant for him.
    ASSERT_TRUE(carl->roundTrip());
    EXPECT_TRUE(carl->frames(QStringLiteral("approval")).isEmpty()) << "CFO must not see a Manager approval";
}

TEST_F(Hub, ADecisionIsAckedAndEveryClientOfTheUserSeesIt)
{
    CallbackReceiver receiver;
    const QString id = submit(QStringLiteral("dec-1"), receiver.url());
    auto laptop = signedIn(QStringLiteral("mia"));
    auto desktop = signedIn(QStringLiteral("mia"));
    laptop->syncItems();
    desktop->syncItems();
    laptop->send(decideFrame(QStringLiteral("req-1"), id, QStringLiteral("approve")));
    const QJsonObject ack = laptop->next(QStringLiteral("ack"));
    EXPECT_EQ(ack.value(QLatin1String("request_id")).toString(), QStringLiteral("req-1"));
    EXPECT_EQ(ack.value(QLatin1String("approval")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("approved"));
    const QJsonObject pushed = desktop->next(QStringLiteral("approval"));
    EXPECT_EQ(pushed.value(QLatin1String("approval")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("approved"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 1; }, 5000));
}

TEST_F(Hub, TwoApproversAtOnceGetOneAckAndOneConflictWithTheWinner)
{
    CallbackReceiver receiver;
    const QString id = submit(QStringLiteral("race-ws"), receiver.url());
    auto mia = signedIn(QStringLiteral("mia"));
    auto max = signedIn(QStringLiteral("max"));
    mia->syncItems();
    max->syncItems();
    mia->send(decideFrame(QStringLiteral("m-1"), id, QStringLiteral("approve")));
    max->send(decideFrame(QStringLiteral("x-1"), id, QStringLiteral("reject"), QStringLiteral("No")));
    ASSERT_TRUE(QTest::qWaitFor([&] {
        return mia->frames(QStringLiteral("ack")).size() + mia->frames(QStringLiteral("error")).size()
                   + max->frames(QStringLiteral("ack")).size() + max->frames(QStringLiteral("error")).size() == 2;
    }, 5000));
    const int acks = int(mia->frames(QStringLiteral("ack")).size() + max->frames(QStringLiteral("ack")).size());
    EXPECT_EQ(acks, 1);
    QList<QJsonObject> errors = mia->frames(QStringLiteral("error")) + max->frames(QStringLiteral("error"));
    ASSERT_EQ(errors.size(), 1);
    EXPECT_EQ(errors.first().value(QLatin1String("code")).toString(), QStringLiteral("conflict"));
    EXPECT_FALSE(errors.first().value(QLatin1String("approval")).toObject().value(QLatin1String("decision")).toObject()
                     .value(QLatin1String("decided_by")).toString().isEmpty()) << "the conflict carries the winner's decision";
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 1; }, 5000));
    // The attempt is recorded before the clock moves, so that a retry wrongly scheduled from it would be due.
    ASSERT_TRUE(QTest::qWaitFor([&] { return agent.get(QStringLiteral("race-ws")).body.contains("\"callback_delivered\""); }, 5000));
    // A second callback would be due by now: once the dispatcher is idle at the new time, it was sent or never will be.
    ASSERT_TRUE(server.advanceUntilIdle(3600 * 1000));
    EXPECT_EQ(receiver.received().size(), 1);
}

TEST_F(Hub, AReconnectWithSinceGetsExactlyWhatChanged)
{
    const QString before = submit(QStringLiteral("since-0"));
    auto mia = signedIn(QStringLiteral("mia"));
    const QList<QJsonObject> first = mia->syncItems();
    ASSERT_EQ(first.size(), 1);
    const qint64 seen = mia->frames(QStringLiteral("welcome")).first().value(QLatin1String("seq")).toInteger();
    mia->socket().close();
    ASSERT_TRUE(mia->waitClosed());

    // While away: two new approvals, and the old one decided by someone else.
    const QString a = submit(QStringLiteral("since-1"));
    const QString b = submit(QStringLiteral("since-2"));
    server.decide(before, QStringLiteral("approve"));

    auto back = signedIn(QStringLiteral("mia"), seen);
    QStringList ids;
    for (const QJsonObject &item : back->syncItems())
        ids.append(item.value(QLatin1String("id")).toString());
    EXPECT_EQ(ids, (QStringList{a, b, before})) << "each change once, in order";
    ASSERT_TRUE(back->roundTrip());  // a push held back during the sync would arrive before this pong
    EXPECT_TRUE(back->frames(QStringLiteral("approval")).isEmpty()) << "nothing twice";
}

TEST_F(Hub, ADecideSentAgainAfterAReconnectDecidesOnce)
{
    const QString id = submit(QStringLiteral("resend-1"));
    auto mia = signedIn(QStringLiteral("mia"));
    mia->syncItems();
    mia->send(decideFrame(QStringLiteral("same-req"), id, QStringLiteral("revise"), QStringLiteral("Shorter")));
    ASSERT_TRUE(QTest::qWaitFor([&] {  // the server decided...
        return agent.get(QStringLiteral("resend-1")).json().value(QLatin1String("status")).toString() == QLatin1String("revision_requested");
    }, 5000));
    mia->socket().abort();  // ...and the connection drops before the client read the ack

    auto again = signedIn(QStringLiteral("mia"));
    again->syncItems();
    again->send(decideFrame(QStringLiteral("same-req"), id, QStringLiteral("revise"), QStringLiteral("Shorter")));
    const QJsonObject ack = again->next(QStringLiteral("ack"));
    EXPECT_EQ(ack.value(QLatin1String("approval")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("revision_requested"));
    int decided = 0;
    for (const QJsonValue &e : agent.get(QStringLiteral("resend-1")).json().value(QLatin1String("history")).toArray())
        decided += e.toObject().value(QLatin1String("action")).toString() == QLatin1String("decided");
    EXPECT_EQ(decided, 1);
}

TEST_F(Hub, ForbiddenDecisionsAreRefusedAndAudited)
{
    const QString id = submit(QStringLiteral("forb-ws"));
    auto carl = signedIn(QStringLiteral("carl"));
    carl->syncItems();
    carl->send(decideFrame(QStringLiteral("c-1"), id, QStringLiteral("approve")));
    EXPECT_EQ(carl->next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("forbidden"));
    const QJsonArray history = agent.get(QStringLiteral("forb-ws")).json().value(QLatin1String("history")).toArray();
    EXPECT_EQ(history.last().toObject().value(QLatin1String("action")).toString(), QStringLiteral("forbidden_attempt"));
    EXPECT_EQ(history.last().toObject().value(QLatin1String("actor")).toString(), QStringLiteral("carl"));
    EXPECT_EQ(agent.get(QStringLiteral("forb-ws")).json().value(QLatin1String("status")).toString(), QStringLiteral("pending"));
}

TEST_F(Hub, TheWelcomeNamesTheDatabaseTheSameAcrossRestartsAndAnotherForAnotherDatabase)
{
    // A client caches per server address; this id is how it tells a replaced database from the one it cached.
    const auto databaseId = [](TestServer &at) {
        WsClient ws(at.server().port());
        EXPECT_TRUE(ws.waitConnected());
        ws.hello(at.login(QStringLiteral("mia")), 0);
        return ws.next(QStringLiteral("welcome")).value(QLatin1String("database_id")).toString();
    };
    const QString first = databaseId(server);
    EXPECT_FALSE(first.isEmpty());
    submit(QStringLiteral("id-0"));
    server.stop();
    server.start();
    EXPECT_EQ(databaseId(server), first) << "the same database after a restart";

    TestServer other;
    other.addTeam();
    const QString second = databaseId(other);
    EXPECT_FALSE(second.isEmpty());
    EXPECT_NE(second, first) << "another database, another id";
}

TEST_F(Hub, BadFramesGetAnErrorOrACloseAndChangeNothing)
{
    const QString id = submit(QStringLiteral("bad-ws"));
    {
        WsClient early(server.server().port());
        ASSERT_TRUE(early.waitConnected());
        early.send(decideFrame(QStringLiteral("e-1"), id, QStringLiteral("approve")));  // decide before hello
        EXPECT_EQ(early.next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));
        ASSERT_TRUE(early.waitClosed());
        EXPECT_EQ(early.closeCode(), 4001);
    }
    auto mia = signedIn(QStringLiteral("mia"));
    mia->syncItems();
    mia->sendText(QStringLiteral("{not json"));
    EXPECT_EQ(mia->next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("invalid"));
    mia->send({{QStringLiteral("type"), QStringLiteral("teleport")}});
    EXPECT_EQ(mia->next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("invalid"));
    mia->send({{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request_id"), 5}, {QStringLiteral("approval_id"), id},
               {QStringLiteral("decision"), QStringLiteral("approve")}});
    EXPECT_EQ(mia->next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("invalid"));
    mia->send({{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request_id"), QStringLiteral("t-1")},
               {QStringLiteral("approval_id"), id}, {QStringLiteral("decision"), QStringLiteral("approve")},
               {QStringLiteral("version"), QStringLiteral("one")}});
    EXPECT_EQ(mia->next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("invalid"));
    mia->sendText(QString(10 * 1024 * 1024, u'x'));  // a 10 MiB frame
    ASSERT_TRUE(mia->waitClosed(10000)) << "an oversized frame closes the connection";

    EXPECT_EQ(agent.get(QStringLiteral("bad-ws")).json().value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    auto fresh = signedIn(QStringLiteral("mia"));
    EXPECT_EQ(fresh->syncItems().size(), 1) << "the server still serves";
}

TEST(HubKeepalive, APeerThatStopsAnsweringIsDropped)
{
    TestServer server([](server::Config &c) {
        c.hub.pingIntervalS = 1;
        c.hub.silentDropS = 2;
    });
    // A live client answers pings (QWebSocket does). It connects first, so each round of the server's pings and
    // silence checks reaches it before the silent one below.
    server.addUser(QStringLiteral("mia"), {QStringLiteral("Manager")});
    WsClient live(server.server().port());
    ASSERT_TRUE(live.waitConnected());
    live.hello(server.login(QStringLiteral("mia")));
    ASSERT_FALSE(live.next(QStringLiteral("welcome")).isEmpty());
    // A client that completes the handshake and then never answers a ping (a dead laptop on a train).
    QTcpSocket raw;
    raw.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(raw.waitForConnected(5000));
    raw.write("GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray answer;
    ASSERT_TRUE(QTest::qWaitFor([&] { answer += raw.readAll(); return answer.contains("\r\n\r\n"); }, 5000));
    ASSERT_TRUE(answer.startsWith("HTTP/1.1 101")) << answer.toStdString();
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.server().hubSessions() == 2; }, 5000));
    EXPECT_TRUE(QTest::qWaitFor([&] { return raw.state() == QAbstractSocket::UnconnectedState; }, 10000))
        << "a silent peer is dropped";
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.server().hubSessions() == 1; }, 5000));
    // The barrier: the silent peer's drop shows that the live one, older, has been through the same checks; a
    // ping/pong round trip lets its connection report anything that happened to it.
    EXPECT_TRUE(live.roundTrip()) << "a client that answers pings stays connected";
    EXPECT_TRUE(live.connected());
}

namespace {

// High priority waits 10 minutes, then escalates from Manager to CFO.
const QByteArray EscalatingPolicies = R"({"routing": {"default_route": "Manager"},
    "timeouts": {"per_priority": {"high": 600}},
    "escalation": {"priorities": ["high"], "chain": ["Manager", "CFO"]}})";

class HubEscalation : public Hub
{
protected:
    HubEscalation()
        : Hub(EscalatingPolicies)
    {
    }
};

} // namespace

// An approval escalated out of a role's view is withdrawn from that role's sessions (id and new route only, no
// content), live and at the next reconnect; the new role gets the approval itself; others hear nothing.
TEST_F(HubEscalation, AnApprovalEscalatedAwayIsWithdrawnFromThoseWhoHadIt)
{
    server.addUser(QStringLiteral("lea"), {QStringLiteral("Legal")});
    submit(QStringLiteral("earlier"));  // so that what max has seen is not "nothing" (since 0 is a fresh start)
    auto mia = signedIn(QStringLiteral("mia"));
    auto carl = signedIn(QStringLiteral("carl"));
    auto lea = signedIn(QStringLiteral("lea"));
    auto max = signedIn(QStringLiteral("max"));
    const qint64 maxSeen = max->frames(QStringLiteral("welcome")).first().value(QLatin1String("seq")).toInteger();
    max.reset();  // max goes offline before anything happens

    const QString id = agent.submitNew(emailSubmission(QStringLiteral("esc-1"), {{QStringLiteral("priority"), QStringLiteral("high")}}));
    ASSERT_EQ(idOf(mia->next(QStringLiteral("approval"))), id);

    server.clock().advance(600 * 1000 + 1000);
    const QJsonObject toCarl = carl->next(QStringLiteral("approval"));
    EXPECT_EQ(idOf(toCarl), id) << "the new role gets the approval";
    const QJsonObject gone = mia->next(QStringLiteral("withdrawn"));
    EXPECT_EQ(gone.value(QLatin1String("approval_id")).toString(), id);
    EXPECT_EQ(gone.value(QLatin1String("route")).toString(), QStringLiteral("CFO"));
    EXPECT_EQ(gone.value(QLatin1String("reason")).toString(), QStringLiteral("escalated"));
    EXPECT_FALSE(gone.contains(QLatin1String("approval"))) << "no content for someone who may no longer see it";
    EXPECT_FALSE(gone.contains(QLatin1String("output")));
    EXPECT_TRUE(mia->frames(QStringLiteral("approval")).size() == 1) << "mia is not pushed the escalated approval";

    // max, back online with the seq he had seen, is told during his sync.
    auto back = std::make_unique<WsClient>(server.server().port());
    ASSERT_TRUE(back->waitConnected());
    back->hello(server.login(QStringLiteral("max")), maxSeen);
    EXPECT_EQ(back->next(QStringLiteral("withdrawn")).value(QLatin1String("approval_id")).toString(), id);
    // And lea (Legal) never had it: nothing, live or at a reconnect.
    auto leaAgain = signedIn(QStringLiteral("lea"), maxSeen);
    leaAgain->syncItems();
    EXPECT_TRUE(lea->frames(QStringLiteral("withdrawn")).isEmpty());
    EXPECT_TRUE(leaAgain->frames(QStringLiteral("withdrawn")).isEmpty());
}
