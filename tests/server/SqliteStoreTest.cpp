#include "store/SqliteStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::server;

namespace {
Event anEvent(const QString &approvalId)
{
    Event e;
    e.at = QDateTime::currentDateTimeUtc();
    e.actor = QStringLiteral("test");
    e.action = QStringLiteral("created");
    e.approvalId = approvalId;
    e.version = 1;
    return e;
}
} // namespace

TEST(SqliteStore, CreatesTheSchemaInWalModeWithAVersion)
{
    QTemporaryDir dir;
    SqliteStore store({dir.filePath(QStringLiteral("db.sqlite")), true, QString()});
    store.open();
    EXPECT_EQ(store.schemaVersion(), SqliteStore::SchemaVersion);
    EXPECT_TRUE(QFile::exists(dir.filePath(QStringLiteral("db.sqlite-wal"))));
    store.close();
    // Opening again migrates nothing and keeps the version.
    SqliteStore again({dir.filePath(QStringLiteral("db.sqlite")), true, QString()});
    again.open();
    EXPECT_EQ(again.schemaVersion(), SqliteStore::SchemaVersion);
}

TEST(SqliteStore, RefusesADatabaseFromANewerVersion)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
        db.setDatabaseName(path);
        ASSERT_TRUE(db.open());
        QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version=99"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("newer"));
    SqliteStore store({path, true, QString()});
    try {
        store.open();
        FAIL() << "opened a database of schema version 99";
    } catch (const StoreError &e) {
        EXPECT_NE(std::string(e.what()).find("newer than this countersignd"), std::string::npos) << e.what();
    }
}

TEST(SqliteStore, SeqIsStrictlyIncreasingAcrossBatchesRollbacksAndRestarts)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    qint64 last = 0;
    {
        SqliteStore store({path, true, QString()});
        store.open();
        store.beginBatch();
        for (int i = 0; i < 3; ++i) {
            Event e = anEvent(QStringLiteral("a"));
            store.appendEvent(e);
            EXPECT_GT(e.seq, last);
            last = e.seq;
        }
        store.beginJob();
        Event dropped = anEvent(QStringLiteral("a"));
        store.appendEvent(dropped);
        store.endJob(false);  // rolled back: its seq is handed out again, never a lower one
        store.commitBatch();
    }
    SqliteStore store({path, true, QString()});
    store.open();
    store.beginBatch();
    Event e = anEvent(QStringLiteral("a"));
    store.appendEvent(e);
    store.commitBatch();
    EXPECT_EQ(e.seq, last + 1);
    EXPECT_EQ(store.eventsFor(QStringLiteral("a")).size(), 4);
}

TEST(SqliteStore, ARolledBackBatchLeavesNothing)
{
    QTemporaryDir dir;
    SqliteStore store({dir.filePath(QStringLiteral("db.sqlite")), true, QString()});
    store.open();
    store.beginBatch();
    Event e = anEvent(QStringLiteral("a"));
    store.appendEvent(e);
    store.rollbackBatch();
    EXPECT_TRUE(store.eventsFor(QStringLiteral("a")).isEmpty());
}

namespace {
Approval anApproval(const QString &id, qint64 seq, const QString &route = QStringLiteral("default"))
{
    Approval a;
    a.id = id;
    a.taskId = QStringLiteral("task-") + id;
    a.source = QStringLiteral("agent");
    a.agent = QStringLiteral("agent");
    a.title = QStringLiteral("Approve ") + id;
    a.route = route;
    a.seq = seq;
    a.createdAt = a.updatedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + seq, Qt::UTC);
    return a;
}
} // namespace

// A statement that cannot be compiled (here the table was dropped behind the server's back) is reported with
// the statement itself, so the operator reading the log sees what failed, not only "no such table".
TEST(SqliteStore, AStatementThatDoesNotPrepareIsAnErrorNamingTheSql)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    SqliteStore store({path, true, QString()});
    store.open();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamperer"));
        db.setDatabaseName(path);
        ASSERT_TRUE(db.open());
        ASSERT_TRUE(QSqlQuery(db).exec(QStringLiteral("DROP TABLE deliveries")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamperer"));
    store.nextDeadlineMs();  // a read that makes the store's connection see the changed schema
    try {
        store.dueDeliveries(0, {QStringLiteral("callback")}, 10, {});
        FAIL() << "reading a dropped table did not fail";
    } catch (const StoreError &e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("FROM deliveries WHERE state = 'pending'"), std::string::npos) << what;
        EXPECT_NE(what.find("no such table"), std::string::npos) << what;
    }
    try {
        store.nextDeliveryDueMs({QStringLiteral("callback")});
        FAIL() << "reading a dropped table did not fail";
    } catch (const StoreError &e) {
        EXPECT_NE(std::string(e.what()).find("SELECT MIN(next_attempt_at) FROM deliveries"), std::string::npos) << e.what();
    }
}

TEST(SqliteStore, ListsAThousandUsersWithTheirOwnRolesInNameOrder)
{
    QTemporaryDir dir;
    SqliteStore store({dir.filePath(QStringLiteral("db.sqlite")), true, QString()});
    store.open();
    store.beginBatch();
    for (int i = 999; i >= 0; --i) {
        User u;
        u.username = QStringLiteral("user%1").arg(i, 4, 10, QLatin1Char('0'));
        u.displayName = QStringLiteral("User %1").arg(i);
        u.email = i % 2 ? QStringLiteral("u%1@example.org").arg(i) : QString();
        u.roles = {QStringLiteral("route-%1").arg(i % 7)};
        if (i % 10 == 0)
            u.roles.append(QStringLiteral("admin"));
        u.passwordHash = "ab";
        u.salt = "cd";
        u.iterations = 1000 + i;
        u.disabled = i % 3 == 0;
        u.createdAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + i, Qt::UTC);
        store.saveUser(u);
    }
    store.commitBatch();

    const QList<User> users = store.users();
    ASSERT_EQ(users.size(), 1000);
    for (int i = 0; i < 1000; ++i) {
        const User &u = users.at(i);
        EXPECT_EQ(u.username, QStringLiteral("user%1").arg(i, 4, 10, QLatin1Char('0')));
        EXPECT_EQ(u.displayName, QStringLiteral("User %1").arg(i));
        EXPECT_EQ(u.email, i % 2 ? QStringLiteral("u%1@example.org").arg(i) : QString());
        QStringList roles{QStringLiteral("route-%1").arg(i % 7)};
        if (i % 10 == 0)
            roles.append(QStringLiteral("admin"));
        EXPECT_EQ(u.roles, roles) << u.username.toStdString();
        EXPECT_EQ(u.iterations, 1000 + i);
        EXPECT_EQ(u.disabled, i % 3 == 0);
        EXPECT_EQ(u.createdAt.toMSecsSinceEpoch(), 1'700'000'000'000 + i);
    }
    // findUser reads the same row the same way.
    const std::optional<User> one = store.findUser(QStringLiteral("user0420"));
    ASSERT_TRUE(one);
    EXPECT_EQ(one->roles, (QStringList{QStringLiteral("route-0"), QStringLiteral("admin")}));
}

// Changes read for the hub carry each approval's own history, in order, however the events interleave.
TEST(SqliteStore, ChangesCarryEachApprovalsOwnHistory)
{
    QTemporaryDir dir;
    SqliteStore store({dir.filePath(QStringLiteral("db.sqlite")), true, QString()});
    store.open();
    store.beginBatch();
    const int count = 300;
    for (int i = 0; i < count; ++i)
        store.insertApproval(anApproval(QStringLiteral("a%1").arg(i, 3, 10, QLatin1Char('0')), 0), "hash");
    // Events in rounds across all approvals: approval i gets i % 4 events, plus one with an ip.
    for (int round = 0; round < 4; ++round) {
        for (int i = 0; i < count; ++i) {
            if (round >= i % 4)
                continue;
            Event e = anEvent(QStringLiteral("a%1").arg(i, 3, 10, QLatin1Char('0')));
            e.action = QStringLiteral("step%1").arg(round);
            e.version = round + 1;
            e.details = {{QStringLiteral("round"), round}};
            e.ip = round == 1 ? QStringLiteral("192.0.2.%1").arg(i % 250) : QString();
            store.appendEvent(e);
        }
    }
    for (int i = 0; i < count; ++i) {
        Approval a = anApproval(QStringLiteral("a%1").arg(i, 3, 10, QLatin1Char('0')), store.currentSeq() + 1);
        store.updateApproval(a);
    }
    store.commitBatch();

    Visibility everything;
    everything.all = true;
    const QList<Approval> changed = store.changedSince(0, store.currentSeq() + 1, everything, 1000);
    ASSERT_EQ(changed.size(), count);
    for (const Approval &a : changed) {
        const int i = a.id.mid(1).toInt();
        ASSERT_EQ(a.history.size(), i % 4) << a.id.toStdString();
        qint64 lastSeq = 0;
        for (int round = 0; round < a.history.size(); ++round) {
            const Event &e = a.history.at(round);
            EXPECT_EQ(e.approvalId, a.id);
            EXPECT_EQ(e.action, QStringLiteral("step%1").arg(round));
            EXPECT_EQ(e.version, round + 1);
            EXPECT_EQ(e.details.value(QStringLiteral("round")).toInt(), round);
            EXPECT_EQ(e.ip, round == 1 ? QStringLiteral("192.0.2.%1").arg(i % 250) : QString());
            EXPECT_GT(e.seq, lastSeq);
            lastSeq = e.seq;
        }
        EXPECT_EQ(store.eventsFor(a.id).size(), a.history.size());
    }
    EXPECT_TRUE(store.eventsForAll({}).isEmpty());
    EXPECT_TRUE(store.eventsFor(QStringLiteral("nobody")).isEmpty());
}
