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
