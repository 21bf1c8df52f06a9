// The sync engine against a real server: approvals arrive in the local cache and the model, decisions go
// out through the outbox exactly once, in order, online or offline, across a killed client process, and a
// decision overtaken by someone else's becomes a visible conflict.
#include "ClientFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>

#include <csignal>

using namespace countersign;
using namespace countersign::test;
using State = client::Connection::State;

namespace {
class Sync : public ClientFixture
{
};
} // namespace

TEST_F(Sync, AnApprovalSubmittedByAnAgentAppearsAndADecisionReachesTheAgentsCallback)
{
    signInAs(QStringLiteral("mia"));
    const QString id = submit(QStringLiteral("launch"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->rowCount() == 1; }, 10000));
    EXPECT_EQ(model->data(model->index(0), client::ApprovalListModel::IdRole).toString(), id);
    EXPECT_EQ(model->data(model->index(0), client::ApprovalListModel::StatusRole).toString(), QStringLiteral("pending"));

    engine->decide(id, 1, QStringLiteral("approve_with_edits"), {},
                   QJsonObject{{QStringLiteral("subject"), QStringLiteral("Meet WalterSignal")}, {QStringLiteral("body"), QStringLiteral("Hi")}});
    ASSERT_TRUE(QTest::qWaitFor([&] { return callbacks.received().size() == 1; }, 10000));
    const QJsonObject decision = QJsonDocument::fromJson(callbacks.received().first().body).object();
    EXPECT_EQ(decision.value(QLatin1String("decision")).toString(), QStringLiteral("approve_with_edits"));
    EXPECT_EQ(decision.value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Meet WalterSignal"));
    EXPECT_EQ(decision.value(QLatin1String("decided_by")).toString(), QStringLiteral("mia"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return store->outbox().isEmpty(); }, 5000));
    EXPECT_EQ(model->data(model->index(0), client::ApprovalListModel::StatusRole).toString(), QStringLiteral("approved"));
}

TEST_F(Sync, DecisionsMadeOfflineLandOnceInOrderAndAnOvertakenOneIsAConflict)
{
    signInAs(QStringLiteral("mia"));
    const QString a = submit(QStringLiteral("a"));
    const QString b = submit(QStringLiteral("b"));
    const QString c = submit(QStringLiteral("c"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->rowCount() == 3; }, 10000));

    // The server goes away; the user decides three items meanwhile.
    proxy.setRefusing(true);
    server.stop();
    ASSERT_TRUE(waitForState(State::Offline));
    engine->decide(a, 1, QStringLiteral("approve"));
    engine->decide(b, 1, QStringLiteral("reject"), QStringLiteral("Off brand"));
    engine->decide(c, 1, QStringLiteral("approve"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return store->outbox().size() == 3; }, 5000));  // written on the store's thread
    EXPECT_TRUE(model->data(model->index(model->rowOf(b)), client::ApprovalListModel::QueuedRole).toBool());

    // The server comes back; before this client reconnects, someone else rejects c.
    server.start();
    proxy.setTarget(server.server().port());
    ASSERT_TRUE(std::holds_alternative<server::Applied>(server.decide(c, QStringLiteral("reject"), QStringLiteral("Not this quarter"))));
    proxy.setRefusing(false);

    ASSERT_TRUE(waitForState(State::Online));
    ASSERT_TRUE(QTest::qWaitFor([&] { return store->outbox().isEmpty(); }, 10000));
    EXPECT_EQ(decidedCount(QStringLiteral("a")), 1);
    EXPECT_EQ(decidedCount(QStringLiteral("b")), 1);
    EXPECT_EQ(decidedCount(QStringLiteral("c")), 1);
    const QJsonObject aNow = agent.get(QStringLiteral("a")).json();
    const QJsonObject bNow = agent.get(QStringLiteral("b")).json();
    EXPECT_EQ(aNow.value(QLatin1String("status")).toString(), QStringLiteral("approved"));
    EXPECT_EQ(bNow.value(QLatin1String("status")).toString(), QStringLiteral("rejected"));
    // In the order they were made.
    EXPECT_LT(aNow.value(QLatin1String("seq")).toInteger(), bNow.value(QLatin1String("seq")).toInteger());

    const QList<client::ConflictRecord> conflicts = store->conflicts();
    ASSERT_EQ(conflicts.size(), 1);
    EXPECT_EQ(conflicts.first().approvalId, c);
    EXPECT_EQ(conflicts.first().code, QStringLiteral("conflict"));
    EXPECT_EQ(conflicts.first().mine.decision, QStringLiteral("approve"));
    EXPECT_EQ(conflicts.first().winner.value(QLatin1String("status")).toString(), QStringLiteral("rejected"));
    EXPECT_EQ(model->data(model->index(model->rowOf(c)), client::ApprovalListModel::StatusRole).toString(), QStringLiteral("rejected"));
    EXPECT_FALSE(model->data(model->index(model->rowOf(b)), client::ApprovalListModel::QueuedRole).toBool());
}

TEST_F(Sync, AReconnectAsksOnlyForWhatChangedSinceTheLastSeqSeen)
{
    signInAs(QStringLiteral("mia"));
    submit(QStringLiteral("first"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->rowCount() == 1; }, 10000));
    const qint64 seen = store->lastSeq();
    EXPECT_GT(seen, 0);

    // Closed and opened again (a restart of the app): the cache is there before any network.
    connection->signOut();
    openClient();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !model->isLoading(); }, 5000));  // read on the store's thread
    EXPECT_EQ(model->rowCount(), 1);
    EXPECT_EQ(store->lastSeq(), seen);
    submit(QStringLiteral("second"));
    signInAs(QStringLiteral("mia"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->rowCount() == 2; }, 10000));
}

TEST_F(Sync, AClientKilledBetweenSendingADecisionAndItsAckDecidesOnceAfterARestart)
{
    const QString id = submit(QStringLiteral("launch"));
    const QByteArray token = server.login(QStringLiteral("mia"));
    const QString cache = cacheDir.filePath(QStringLiteral("child.db"));
    auto run = [&](const QString &mode) {
        auto p = std::make_unique<QProcess>();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("COUNTERSIGN_TEST_TOKEN"), QString::fromLatin1(token));
        p->setProcessEnvironment(env);
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        p->start(QStringLiteral(CLIENT_CHILD_PATH), {serverUrl().toString(), QStringLiteral("mia"), cache, id, mode});
        return p;
    };

    std::unique_ptr<QProcess> first = run(QStringLiteral("decide"));
    QByteArray out;
    ASSERT_TRUE(QTest::qWaitFor([&] {
        out += first->readAllStandardOutput();
        return out.contains("SENT ");
    }, 15000)) << out.constData();
    ::kill(pid_t(first->processId()), SIGKILL);  // between the decide frame and its ack
    ASSERT_TRUE(QTest::qWaitFor([&] { return first->state() == QProcess::NotRunning; }, 5000));

    std::unique_ptr<QProcess> second = run(QStringLiteral("resume"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return second->state() == QProcess::NotRunning; }, 20000));
    EXPECT_EQ(second->exitCode(), 0) << second->readAllStandardOutput().constData();
    EXPECT_EQ(decidedCount(QStringLiteral("launch")), 1);
    ASSERT_TRUE(QTest::qWaitFor([&] { return callbacks.received().size() == 1; }, 10000));
}

TEST_F(Sync, AnotherDatabaseAtTheSameAddressReplacesTheCachedApprovals)
{
    signInAs(QStringLiteral("mia"));
    const QString old = submit(QStringLiteral("old-0"));
    submit(QStringLiteral("old-1"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return model->rowCount() == 2 && store->lastSeq() > 0; }, 10000));
    const qint64 cachedSeq = store->lastSeq();
    const QString cachedDatabase = store->databaseId();
    EXPECT_FALSE(cachedDatabase.isEmpty()) << "the first database met is remembered";

    // Offline, the user decides one of them; the queued decision is theirs and stays.
    proxy.setRefusing(true);
    ASSERT_TRUE(waitForState(State::Offline));
    engine->decide(old, 1, QStringLiteral("approve"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return store->outbox().size() == 1; }, 5000));

    // The address now serves another database (a wiped data dir, a restored backup of another install) that
    // has seen as many changes or more: the cache's seq means nothing there.
    TestServer other([](server::Config &c) { usePolicies(c, SeedRouting); });
    other.addTeam();
    Agent otherAgent(other);
    QSet<QString> fresh;
    for (int i = 0; i < 4; ++i)
        fresh.insert(otherAgent.submitNew(submission(QStringLiteral("new-%1").arg(i))));
    {
        const std::unique_ptr<server::Store> s = other.openStore();
        s->beginBatch();
        ASSERT_GE(s->currentSeq(), cachedSeq) << "the new database's seq reaches past the cached one";
        s->rollbackBatch();
    }
    proxy.setTarget(other.server().port());
    proxy.setRefusing(false);
    ASSERT_TRUE(waitForState(State::AuthFailed)) << "the old token means nothing there either";
    QSignalSpy replaced(engine.get(), &client::SyncEngine::cacheReplaced);
    signInAs(QStringLiteral("mia"));

    const auto shown = [&] {
        QSet<QString> ids;
        for (int row = 0; row < model->rowCount(); ++row)
            ids.insert(model->data(model->index(row), client::ApprovalListModel::IdRole).toString());
        return ids;
    };
    EXPECT_TRUE(QTest::qWaitFor([&] { return shown() == fresh; }, 10000))
        << "shown: " << QStringList(shown().values()).join(QLatin1Char(' ')).toStdString();
    EXPECT_EQ(replaced.size(), 1) << "the user is told once (the desktop's status bar, watch's line)";
    EXPECT_FALSE(store->databaseId().isEmpty());
    EXPECT_NE(store->databaseId(), cachedDatabase);

    // The queued decision went to the new server, which does not know that approval: a visible conflict.
    ASSERT_TRUE(QTest::qWaitFor([&] { return store->outbox().isEmpty(); }, 10000));
    ASSERT_EQ(store->conflicts().size(), 1);
    EXPECT_EQ(store->conflicts().first().approvalId, old);
    EXPECT_EQ(store->conflicts().first().code, QStringLiteral("not_found"));

    // A restart of the app on this cache stays with the new database's approvals.
    openClient();
    signInAs(QStringLiteral("mia"));
    EXPECT_TRUE(QTest::qWaitFor([&] { return shown() == fresh; }, 10000));
}
