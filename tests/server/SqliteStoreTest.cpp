#include "store/SqliteStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::server;

// What only SQLite has: WAL mode, the schema version in user_version, its own error texts. What every store
// does, on SQLite and PostgreSQL alike, is in StoreContractTest.cpp.

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
