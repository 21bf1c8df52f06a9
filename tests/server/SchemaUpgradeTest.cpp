// A database written by an older countersignd opens in this one: schema 1 (approvals, events, deliveries) and
// schema 2 (+ users, tokens, decide answers, the append-only triggers) are upgraded in place to the current
// version when the server starts, and what they held stays readable and usable: the agent reads its approvals,
// a pending callback is still delivered with its delivery id, a user signs in, the audit chain verifies, and
// new work is stored after the old.
//
// As the client's CacheUpgradeTest does, the rows are written by this version and the file is then taken back
// to the old shape (the DDL each old version had, from SqliteStore.cpp's SchemaV1/V2 and `git log -p`),
// so that the rows are real ones and not a hand-made imitation of the approval document.
#include "CallbackReceiver.h"
#include "Http.h"
#include "TestServer.h"

#include "store/AuditChain.h"
#include "store/SqliteStore.h"

#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

// What version 3 added to version 2, undone; then user_version 2.
const QStringList ToSchemaTwo = {
    QStringLiteral("DROP INDEX events_by_action"),
    QStringLiteral("DROP INDEX approvals_pending_reminder"),
    QStringLiteral("ALTER TABLE approvals DROP COLUMN remind_at"),
    QStringLiteral("ALTER TABLE approvals DROP COLUMN assignees"),
    QStringLiteral("DELETE FROM deliveries WHERE kind <> 'callback'"),  // version 2 had callbacks only
    QStringLiteral("DROP INDEX deliveries_due"),
    QStringLiteral("ALTER TABLE deliveries DROP COLUMN kind"),
    QStringLiteral("CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending'"),
    QStringLiteral("PRAGMA user_version=2"),
};

// What version 2 added to version 1, undone; then user_version 1.
const QStringList ToSchemaOne = {
    QStringLiteral("DROP TRIGGER events_no_update"),
    QStringLiteral("DROP TRIGGER events_no_delete"),
    QStringLiteral("DROP TABLE decide_requests"),
    QStringLiteral("DROP TABLE tokens"),
    QStringLiteral("DROP TABLE users"),
    QStringLiteral("PRAGMA user_version=1"),
};

class SchemaUpgrade : public ::testing::Test
{
protected:
    TestServer server;
    Agent agent{server};
    CallbackReceiver receiver{{500}};  // the first callback fails: the old database holds a pending delivery
    QString sqlite() const { return server::sqlitePath(server.config()); }

    // Writes with this server: a pending approval, and a decided one whose callback is still to be retried.
    void writeOldData()
    {
        server.addTeam();
        ASSERT_EQ(agent.submit(emailSubmission(QStringLiteral("old-pending"))).status, 202);
        QJsonObject s = emailSubmission(QStringLiteral("old-decided"));
        s.insert(QStringLiteral("callback_url"), receiver.url());
        const QString id = agent.submit(s).json().value(QLatin1String("approval_id")).toString();
        ASSERT_FALSE(id.isEmpty());
        server.decide(id, QStringLiteral("reject"), QStringLiteral("Off brand"));
        ASSERT_TRUE(QTest::qWaitFor([&] { return actions(QStringLiteral("old-decided")).contains(QStringLiteral("callback_failed")); }, 5000));
        server.stop();
    }

    void rewrite(const QStringList &statements)
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("downgrade"));
            db.setDatabaseName(sqlite());
            ASSERT_TRUE(db.open());
            QSqlQuery q(db);
            for (const QString &sql : statements)
                ASSERT_TRUE(q.exec(sql)) << sql.toStdString() << ": " << q.lastError().text().toStdString();
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("downgrade"));
    }

    QStringList actions(const QString &taskId)
    {
        QStringList list;
        for (const QJsonValue &e : agent.get(taskId).json().value(QLatin1String("history")).toArray())
            list.append(e.toObject().value(QLatin1String("action")).toString());
        return list;
    }

    QStringList queueIds(const QByteArray &token)
    {
        Http http;
        QStringList ids;
        const HttpResponse r = http.request("GET", server.url(QStringLiteral("/api/v1/queue?status=pending")), {},
                                            {{"Authorization", "Bearer " + token}});
        for (const QJsonValue &a : r.json().value(QLatin1String("items")).toArray())
            ids.append(a.toObject().value(QLatin1String("task_id")).toString());
        return ids;
    }

    // What `countersignd audit verify` checks: every entry follows the one before and matches its hash.
    void expectAuditChainIntact()
    {
        server::SqliteStore store({sqlite(), false, QString()});
        store.open();
        QByteArray prev = server::audit::GenesisHash;
        qsizetype count = 0;
        for (const server::AuditEntry &e : store.auditAfter(0, 100000)) {
            EXPECT_EQ(e.prevHash, prev) << "entry " << e.event.seq;
            EXPECT_EQ(server::audit::entryHash(e.prevHash, e.event), e.hash) << "entry " << e.event.seq;
            prev = e.hash;
            ++count;
        }
        EXPECT_GE(count, 5) << "created x3, decided, callback attempts";
    }

    int userVersion()
    {
        server::SqliteStore store({sqlite(), false, QString()});
        store.open();
        return store.schemaVersion();
    }

    // After the upgrade: the old rows read and work as before.
    void expectUpgradedAndUsable(const QByteArray &token)
    {
        EXPECT_EQ(userVersion(), server::SqliteStore::SchemaVersion);

        const HttpResponse pending = agent.get(QStringLiteral("old-pending"));
        ASSERT_EQ(pending.status, 200);
        EXPECT_EQ(pending.json().value(QLatin1String("status")).toString(), QStringLiteral("pending"));
        const HttpResponse decided = agent.get(QStringLiteral("old-decided"));
        EXPECT_EQ(decided.json().value(QLatin1String("status")).toString(), QStringLiteral("rejected"));
        EXPECT_EQ(decided.json().value(QLatin1String("decision")).toObject().value(QLatin1String("feedback")).toString(), QStringLiteral("Off brand"));

        // The approver signs in and sees the old approval in the queue.
        ASSERT_FALSE(token.isEmpty()) << "mia cannot sign in";
        EXPECT_EQ(queueIds(token), QStringList{QStringLiteral("old-pending")});

        // The pending callback (kind defaulting to 'callback') is retried with the same delivery id.
        ASSERT_EQ(receiver.received().size(), 1);
        server.clock().advance(3000);  // past the first backoff (2 s +-25%)
        ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 2; }, 5000)) << "the old delivery was not retried";
        EXPECT_EQ(receiver.received().at(1).header("X-Countersign-Delivery"), receiver.received().at(0).header("X-Countersign-Delivery"));
        ASSERT_TRUE(QTest::qWaitFor([&] { return actions(QStringLiteral("old-decided")).contains(QStringLiteral("callback_delivered")); }, 5000));

        // New work is stored after the old, and the audit chain runs on across the upgrade.
        EXPECT_EQ(agent.submit(emailSubmission(QStringLiteral("new-after-upgrade"))).status, 202);
        EXPECT_EQ(agent.submit(emailSubmission(QStringLiteral("old-pending"))).status, 200) << "the old task id is still known";
        EXPECT_EQ(queueIds(token), (QStringList{QStringLiteral("old-pending"), QStringLiteral("new-after-upgrade")}));
        server.stop();
        expectAuditChainIntact();
    }
};

} // namespace

TEST_F(SchemaUpgrade, ASchemaTwoDatabaseIsUpgradedWithItsApprovalsUsersAndDeliveries)
{
    writeOldData();
    rewrite(ToSchemaTwo);
    server.start();
    expectUpgradedAndUsable(server.login(QStringLiteral("mia")));  // the user of version 2 signs in as before
}

TEST_F(SchemaUpgrade, ASchemaOneDatabaseIsUpgradedWithItsApprovalsAndDeliveries)
{
    writeOldData();
    rewrite(ToSchemaTwo + ToSchemaOne);
    server.start();
    // Version 1 had no users: the first one is added after the upgrade, as `countersignd user add` does.
    server.addUser(QStringLiteral("mia"), {QStringLiteral("Manager")});
    expectUpgradedAndUsable(server.login(QStringLiteral("mia")));
}
