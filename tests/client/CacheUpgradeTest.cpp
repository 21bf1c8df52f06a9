// A cache written by the previous version of the app (schema 1, before decisions carried an outcome) opens
// in this one: its queued decisions are kept, and new ones carry their outcome to the server's frame.
#include "client/LocalStore.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;

TEST(CacheUpgrade, ASchemaOneCacheKeepsItsQueuedDecisionsAndTakesOutcomes)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.db"));
    {
        client::LocalStore store(path);
        QString error;
        ASSERT_TRUE(store.open(&error)) << error.toStdString();
        store.enqueue(QStringLiteral("a-1"), 1, QStringLiteral("approve"), {}, {}, 1000);
    }
    {
        // Back to what version 1 wrote: no outcome column, user_version 1.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("downgrade"));
        db.setDatabaseName(path);
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("ALTER TABLE outbox DROP COLUMN outcome")));
        ASSERT_TRUE(q.exec(QStringLiteral("PRAGMA user_version=1")));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("downgrade"));

    client::LocalStore store(path);
    QString error;
    ASSERT_TRUE(store.open(&error)) << error.toStdString();
    store.enqueue(QStringLiteral("a-2"), 1, QStringLiteral("revise"), QStringLiteral("Shorter"), {}, 2000, QStringLiteral("needs_revision"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return store.outboxSize() == 2; }, 5000));  // written on the store's thread
    const QList<client::OutboxEntry> outbox = store.outbox();
    ASSERT_EQ(outbox.size(), 2);
    EXPECT_EQ(outbox.at(0).approvalId, QStringLiteral("a-1")) << "the queued decision survived the upgrade";
    EXPECT_TRUE(outbox.at(0).outcome.isEmpty());
    EXPECT_FALSE(outbox.at(0).toFrame().contains(QStringLiteral("outcome")));
    EXPECT_EQ(outbox.at(1).toFrame().value(QLatin1String("outcome")).toString(), QStringLiteral("needs_revision"));
}
