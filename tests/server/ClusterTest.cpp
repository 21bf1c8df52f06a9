// Several countersignd nodes on one database (issue 16): each callback attempt is made by one node, each
// deadline, SLA reminder and escalation fires once, a node that dies mid-attempt is taken over after the
// outbox lease, a decision made on one node reaches a long poll on another, and of two approvers deciding
// at once on two nodes exactly one wins. Two in-process servers share the first one's database (the file
// in SQLite mode; the same database when the tests run on PostgreSQL). Each has its own manual clock: they
// are set equal and moved together, as the clocks of real nodes move together.
#include "CallbackReceiver.h"
#include "ChildServer.h"
#include "TcpProxy.h"
#include "TestServer.h"
#include "WsClient.h"

#include "delivery/CallbackDispatcher.h"
#include "delivery/OutboxQueue.h"
#include "policy/Redactor.h"
#include "store/SqliteStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <csignal>

using namespace countersign;
using namespace countersign::test;

namespace {

const QByteArray Policies = R"({
    "timeouts": {"reminder_fraction": 0.5},
    "escalation": {"chain": ["Manager", "Director", "Executive"]}})";

void withPolicies(server::Config &c)
{
    usePolicies(c, Policies);
}

// The actions of an approval's history, as an agent reads it from `node`.
QStringList actions(Agent &agent, const QString &taskId, const QString &prefix)
{
    QStringList list;
    for (const QJsonValue &e : agent.get(taskId).json().value(QLatin1String("history")).toArray()) {
        const QString action = e.toObject().value(QLatin1String("action")).toString();
        if (action.startsWith(prefix))
            list.append(action);
    }
    return list;
}

quint16 portOf(const QString &url)
{
    return quint16(QUrl(url).port());
}

class Cluster : public ::testing::Test
{
protected:
    TestServer a{withPolicies};
    TestServer b{a, withPolicies};
    Agent agentA{a};
    Agent agentB{b};
    CallbackReceiver receiver;

    void SetUp() override { b.clock().set(a.clock().now()); }

    void advanceBoth(qint64 ms)
    {
        a.clock().advance(ms);
        b.clock().advance(ms);
    }
    // Moves both clocks at once and waits until both callback dispatchers have looked at the new time, sent
    // what was due, recorded it and found nothing more (OutboxDispatcher::idle).
    bool advanceBothUntilIdle(qint64 ms)
    {
        QSignalSpy idleA(&a.server().callbacks(), &server::OutboxDispatcher::idle);
        QSignalSpy idleB(&b.server().callbacks(), &server::OutboxDispatcher::idle);
        advanceBoth(ms);
        return QTest::qWaitFor([&] { return !idleA.isEmpty() && !idleB.isEmpty(); }, 10000);
    }
    // The callback events of `taskId` once there are `count` of them (read on B: A may be stopped).
    QStringList callbackEvents(const QString &taskId, int count)
    {
        QStringList events;
        (void)QTest::qWaitFor([&] { return (events = actions(agentB, taskId, QStringLiteral("callback_"))).size() >= count; }, 10000);
        return events;
    }
    QJsonObject submission(const QString &taskId, const QString &callbackUrl, const QJsonObject &extra = {})
    {
        QJsonObject s = emailSubmission(taskId, extra);
        s.insert(QStringLiteral("callback_url"), callbackUrl);
        return s;
    }
};

} // namespace

TEST_F(Cluster, ACallbackDueOnBothNodesAtOnceIsSentOnce)
{
    receiver.setStatuses({500});
    const QString id = agentA.submitNew(submission(QStringLiteral("once"), receiver.url()));
    a.decide(id, QStringLiteral("approve"));
    ASSERT_EQ(callbackEvents(QStringLiteral("once"), 1), QStringList{QStringLiteral("callback_failed")});

    // The retry (2 s +-25%) falls due on both nodes' clocks at the same moment: both dispatchers look at once.
    ASSERT_TRUE(advanceBothUntilIdle(3000));
    EXPECT_EQ(callbackEvents(QStringLiteral("once"), 2),
              (QStringList{QStringLiteral("callback_failed"), QStringLiteral("callback_delivered")}));
    ASSERT_TRUE(advanceBothUntilIdle(48 * 3600 * 1000LL));
    ASSERT_EQ(receiver.received().size(), 2) << "one failed attempt and one retry, each made by one node";
    EXPECT_EQ(receiver.received().at(1).header("X-Countersign-Delivery"), receiver.received().at(0).header("X-Countersign-Delivery"));
}

TEST_F(Cluster, ADeadlineAReminderAndAnEscalationFireOnceWhenBothNodesAreDue)
{
    agentA.submitNew(submission(QStringLiteral("high"), receiver.url(),
                                {{QStringLiteral("priority"), QStringLiteral("high")}, {QStringLiteral("timeout_s"), 100}}));
    agentA.submitNew(submission(QStringLiteral("normal"), receiver.url(),
                                {{QStringLiteral("priority"), QStringLiteral("normal")}, {QStringLiteral("timeout_s"), 100}}));

    // Each node's scheduler posts its look when its clock jumps; an agent's read on that node runs after it.
    // Reading on both nodes is the barrier for both looks.
    auto bothLooked = [&] {
        agentA.get(QStringLiteral("high"));
        agentB.get(QStringLiteral("high"));
    };
    advanceBoth(50 * 1000);
    bothLooked();
    EXPECT_EQ(actions(agentA, QStringLiteral("high"), QStringLiteral("sla_reminder")).size(), 1);
    EXPECT_EQ(actions(agentA, QStringLiteral("normal"), QStringLiteral("sla_reminder")).size(), 1);

    advanceBoth(50 * 1000);
    bothLooked();
    EXPECT_EQ(actions(agentA, QStringLiteral("high"), QStringLiteral("escalated")).size(), 1);
    EXPECT_EQ(agentB.get(QStringLiteral("high")).json().value(QLatin1String("route")).toString(), QStringLiteral("Director"));
    EXPECT_EQ(actions(agentA, QStringLiteral("normal"), QStringLiteral("expired")).size(), 1);
    EXPECT_EQ(agentB.get(QStringLiteral("normal")).json().value(QLatin1String("status")).toString(), QStringLiteral("expired"));

    // The expiry's callback: once, whichever node fired the deadline and whichever node's dispatcher sends it.
    ASSERT_EQ(callbackEvents(QStringLiteral("normal"), 1), QStringList{QStringLiteral("callback_delivered")});
    ASSERT_TRUE(advanceBothUntilIdle(1000));
    EXPECT_EQ(receiver.received().size(), 1);
    EXPECT_EQ(actions(agentA, QStringLiteral("high"), QStringLiteral("sla_reminder")).size(), 1) << "one reminder";
}

TEST_F(Cluster, ANodeStoppedMidAttemptGivesItsClaimBackAndTheOtherNodeSendsAtOnce)
{
    // A receiver that never answers while frozen: node A's attempt is in flight when A stops.
    TcpProxy proxy(portOf(receiver.base()));
    proxy.setFrozen(true);
    const QString url = QStringLiteral("http://127.0.0.1:%1/callback").arg(proxy.port());
    b.server().callbacks().stop();  // so that A's dispatcher is the one that claims the callback
    const QString id = agentA.submitNew(submission(QStringLiteral("handover"), url));
    a.decide(id, QStringLiteral("approve"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return proxy.connections() == 1; }, 10000));
    ASSERT_EQ(a.server().callbacks().inFlight(), 1);

    b.server().callbacks().start();
    ASSERT_TRUE(b.advanceUntilIdle(1000));
    EXPECT_EQ(proxy.connections(), 1) << "B sends nothing while A's attempt holds the claim";

    a.stop();  // graceful: the attempt is cut short and its claim given back
    ASSERT_TRUE(QTest::qWaitFor([&] { return proxy.connections() == 0; }, 10000));  // its bytes dropped with it
    proxy.setFrozen(false);
    ASSERT_TRUE(b.advanceUntilIdle(1)) << "due at once, not after the lease";
    ASSERT_EQ(receiver.received().size(), 1);
    EXPECT_EQ(callbackEvents(QStringLiteral("handover"), 1), QStringList{QStringLiteral("callback_delivered")});
    EXPECT_EQ(QJsonDocument::fromJson(receiver.received().first().body).object().value(QLatin1String("approval_id")).toString(), id);
}

TEST(ClusterCrash, ANodeKilledMidAttemptIsTakenOverByAnotherAfterTheLease)
{
    // Node A is a countersignd process (real clock) killed with SIGKILL while its callback attempt hangs on a
    // frozen receiver: it never records the outcome nor gives the claim back. Node B runs in-process.
    TestServer b;
    CallbackReceiver receiver;
    TcpProxy proxy(portOf(receiver.base()));
    proxy.setFrozen(true);
    ChildServer nodeA;
    {
        const server::Config &c = b.config();
        QJsonObject database{{QStringLiteral("driver"), c.database.driver}, {QStringLiteral("synchronous"), c.database.synchronous}};
        if (!c.database.url.isEmpty())
            database.insert(QStringLiteral("url"), c.database.url);
        const QJsonObject config{
            {QStringLiteral("listen"), QStringLiteral("127.0.0.1:0")},
            {QStringLiteral("data_dir"), c.dataDir},
            {QStringLiteral("database"), database},
            {QStringLiteral("sources"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("crew-a")}, {QStringLiteral("secret"), QString::fromLatin1(SecretA)}}}},
        };
        QFile f(nodeA.configPath());
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(config).toJson());
    }
    ASSERT_TRUE(nodeA.start()) << nodeA.stderrText().toStdString();

    b.server().callbacks().stop();  // so that A claims the callback (A hears of the decision by its poll)
    Agent agent(b);
    const QString id = agent.submitNew(emailSubmission(QStringLiteral("crash"),
        {{QStringLiteral("callback_url"), QStringLiteral("http://127.0.0.1:%1/callback").arg(proxy.port())}}));
    b.decide(id, QStringLiteral("approve"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return proxy.connections() == 1; }, 10000)) << "node A never sent the callback";
    ::kill(qint64(nodeA.process().processId()), SIGKILL);
    ASSERT_TRUE(nodeA.process().waitForFinished(5000));
    // The killed attempt's bytes are dropped with its connection once the proxy has seen it close.
    ASSERT_TRUE(QTest::qWaitFor([&] { return proxy.connections() == 0; }, 10000));
    proxy.setFrozen(false);

    // B's clock agrees with A's (the real time); the lease ran from A's claim, a moment ago.
    b.clock().set(QDateTime::currentDateTimeUtc());
    b.server().callbacks().start();
    const qint64 lease = b.server().callbacks().leaseMs();
    ASSERT_TRUE(b.advanceUntilIdle(lease - 5000));
    EXPECT_TRUE(receiver.received().isEmpty()) << "taken over before A's lease ran out";

    b.clock().advance(10'000);
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 1; }, 10000)) << "never taken over";
    ASSERT_TRUE(QTest::qWaitFor([&] { return actions(agent, QStringLiteral("crash"), QStringLiteral("callback_")).size() == 1; }, 10000));
    EXPECT_EQ(actions(agent, QStringLiteral("crash"), QStringLiteral("callback_")), QStringList{QStringLiteral("callback_delivered")});
    ASSERT_TRUE(b.advanceUntilIdle(48 * 3600 * 1000LL));
    EXPECT_EQ(receiver.received().size(), 1);
}

TEST(OutboxLease, ALateFailureOfANodeWhoseLeaseRanOutDoesNotUndoTheDeliveryOfTheNodeThatTookOver)
{
    // The claims of two nodes, step by step in one store (the logic is OutboxQueue's, whatever the store).
    QTemporaryDir dir;
    const server::Config config = baseConfig(dir.path());
    server::SqliteStore store({dir.filePath(QStringLiteral("db.sqlite")), false, QString()});
    store.open();
    ManualClock clock(QDateTime::currentDateTimeUtc());
    const server::Redactor redactor(config.redaction);
    server::ChangeLog changes;
    server::StoreContext tx{store, clock, config, redactor, changes};
    server::OutboxQueue outbox(tx);
    store.beginBatch();
    server::Delivery queued;
    queued.id = QStringLiteral("d-1");
    queued.approvalId = QStringLiteral("a-1");
    queued.source = QStringLiteral("crew-a");
    queued.url = QStringLiteral("http://127.0.0.1:9/callback");
    queued.body = R"({"version": 1})";
    queued.createdAtMs = queued.nextAttemptAtMs = clock.nowMs();
    store.insertDelivery(queued);

    const QStringList kinds{QString::fromLatin1(server::Delivery::Callback)};
    const qint64 lease = server::OutboxDispatcher::leaseFor(config.callbacks.timeoutS);
    const QList<server::Delivery> onA = outbox.claimDueDeliveries(kinds, 10, {}, lease);
    ASSERT_EQ(onA.size(), 1);
    clock.advance(lease - 1);
    EXPECT_TRUE(outbox.claimDueDeliveries(kinds, 10, {}, lease).isEmpty()) << "another node takes it while A's lease holds";
    clock.advance(1);
    const QList<server::Delivery> onB = outbox.claimDueDeliveries(kinds, 10, {}, lease);
    ASSERT_EQ(onB.size(), 1) << "the lease ran out: B takes the message over";
    EXPECT_TRUE(outbox.recordDeliveryAttempt(onB.first(), true, {}));
    EXPECT_FALSE(outbox.recordDeliveryAttempt(onA.first(), false, QStringLiteral("Operation canceled")))
        << "A's failure, after its lease, is not recorded";
    clock.advance(48 * 3600 * 1000LL);
    EXPECT_TRUE(outbox.claimDueDeliveries(kinds, 10, {}, lease).isEmpty()) << "the delivered callback is never due again";
    QStringList audit;
    for (const Event &e : store.eventsFor(QStringLiteral("a-1")))
        audit.append(e.action);
    EXPECT_EQ(audit, QStringList{QStringLiteral("callback_delivered")});
    store.commitBatch();
}

TEST_F(Cluster, ADecisionOnOneNodeReachesALongPollOnTheOther)
{
    const QString id = agentA.submitNew(emailSubmission(QStringLiteral("poll")));
    QNetworkReply *poll = agentB.startGet(QStringLiteral("poll"), 30);
    ASSERT_TRUE(QTest::qWaitFor([&] { return b.server().longPollsWaiting() == 1; }, 10000));

    a.decide(id, QStringLiteral("approve"));
    // B notices the change by its poll of the database (1 s); nothing moves B's clock.
    ASSERT_TRUE(QTest::qWaitFor([&] { return poll->isFinished(); }, 10000)) << "the long poll on B never heard of A's decision";
    const QJsonObject answer = QJsonDocument::fromJson(poll->readAll()).object();
    EXPECT_EQ(answer.value(QLatin1String("status")).toString(), QStringLiteral("approved"));
    EXPECT_EQ(answer.value(QLatin1String("decision")).toObject().value(QLatin1String("decided_by")).toString(), QStringLiteral("mia"));
    poll->deleteLater();
}

TEST_F(Cluster, ASubmissionOnOneNodeIsPushedToAnApproverConnectedToTheOther)
{
    a.addUser(QStringLiteral("mia"), {QStringLiteral("Manager")});
    WsClient approver(b.server().port());
    ASSERT_TRUE(approver.waitConnected());
    approver.hello(b.login(QStringLiteral("mia")));
    ASSERT_FALSE(approver.next(QStringLiteral("welcome")).isEmpty());
    EXPECT_TRUE(approver.syncItems().isEmpty());

    const QString id = agentA.submitNew(emailSubmission(QStringLiteral("pushed")));
    // On PostgreSQL A's commit is announced (NOTIFY) and B reads it at once; on SQLite B finds it at its next
    // look at the database (1 s).
    const QJsonObject frame = approver.next(QStringLiteral("approval"), 10000);
    ASSERT_FALSE(frame.isEmpty()) << "B's approver never heard of A's submission";
    EXPECT_EQ(frame.value(QLatin1String("approval")).toObject().value(QLatin1String("id")).toString(), id);
}

TEST_F(Cluster, OfTwoApproversDecidingAtOnceOnTwoNodesExactlyOneWins)
{
    for (int round = 0; round < 200; ++round) {
        SCOPED_TRACE(round);
        const QString id = agentA.submitNew(emailSubmission(QStringLiteral("race-%1").arg(round)));
        std::optional<server::Outcome> onA, onB;
        server::DecisionRequest approve;
        approve.approvalId = id;
        approve.decision = QStringLiteral("approve");
        server::DecisionRequest reject = approve;
        reject.decision = QStringLiteral("reject");
        reject.feedback = QStringLiteral("Off brand");
        a.server().decide(approve, {QStringLiteral("mia"), QStringLiteral("Manager"), QStringLiteral("127.0.0.1")},
                          [&](const server::Outcome &o) { onA = o; });
        b.server().decide(reject, {QStringLiteral("max"), QStringLiteral("Manager"), QStringLiteral("127.0.0.1")},
                          [&](const server::Outcome &o) { onB = o; });
        ASSERT_TRUE(QTest::qWaitFor([&] { return onA && onB; }, 10000));

        const bool aWon = std::holds_alternative<server::Applied>(*onA);
        const bool bWon = std::holds_alternative<server::Applied>(*onB);
        ASSERT_NE(aWon, bWon) << "exactly one decision is applied";
        const auto &loser = std::get<server::ApiError>(aWon ? *onB : *onA);
        EXPECT_EQ(loser.httpStatus, 409);
        EXPECT_EQ(loser.code, QStringLiteral("conflict"));
        EXPECT_EQ(loser.extra.value(QLatin1String("approval")).toObject().value(QLatin1String("decision")).toObject()
                      .value(QLatin1String("decided_by")).toString(),
                  aWon ? QStringLiteral("mia") : QStringLiteral("max"))
            << "the conflict carries the winner's decision";
    }
}
