// What holds only for PostgreSQL: a batch that waited for the writer lock sees what the batch before it
// committed, whatever isolation the server's configuration defaults to.
#include "TestPostgres.h"

#include "store/AuditChain.h"
#include "store/PostgresStore.h"

#include <QSqlQuery>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

using namespace countersign;
using namespace countersign::server;
using namespace countersign::test;

namespace {

Event anEvent(const QString &action)
{
    Event e;
    e.at = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
    e.actor = QStringLiteral("test");
    e.action = action;
    e.version = 1;
    return e;
}

} // namespace

TEST(PostgresStore, ABatchThatWaitedForTheLockSeesTheCommitBeforeItUnderARepeatableReadDefault)
{
    const QString url = freshPostgresDatabase();
    {
        PostgresStore setup({url, QStringLiteral("setup")});
        setup.open();
    }
    {
        // An operator's setting that would give each transaction one snapshot, taken before the lock is granted.
        QSqlDatabase admin = connectPostgres(QStringLiteral("admin"), url);
        QSqlQuery q(admin);
        ASSERT_TRUE(q.exec(QStringLiteral("ALTER DATABASE %1 SET default_transaction_isolation = 'repeatable read'")
                               .arg(admin.databaseName())));
        admin.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("admin"));

    PostgresStore first({url, QStringLiteral("first")});
    first.open();
    first.beginBatch();
    Event mine = anEvent(QStringLiteral("first"));
    first.appendEvent(mine);

    // The second node's batch starts while the first holds the lock, on a thread (and connection) of its own.
    std::atomic<bool> started = false;
    std::promise<std::pair<qint64, QString>> outcome;
    std::thread second([&] {
        PostgresStore store({url, QStringLiteral("second")});
        try {
            store.open();
            started = true;
            store.beginBatch();  // waits for the first batch's lock
            Event theirs = anEvent(QStringLiteral("second"));
            store.appendEvent(theirs);
            store.commitBatch();
            outcome.set_value({theirs.seq, QString()});
        } catch (const StoreError &e) {
            store.rollbackBatch();
            outcome.set_value({0, QString::fromUtf8(e.what())});
        }
    });
    while (!started)
        QThread::yieldCurrentThread();
    // Let the second batch reach the lock before the first commits (it is blocked there from then on).
    QSqlDatabase probe = connectPostgres(QStringLiteral("probe"), url);
    const bool waiting = QTest::qWaitFor([&] {
        QSqlQuery q(probe);
        return q.exec(QStringLiteral("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) && q.next()
            && q.value(0).toInt() > 0;
    }, 5000);
    probe.close();
    EXPECT_TRUE(waiting) << "the second batch never waited for the lock";
    first.commitBatch();

    const auto [seq, error] = outcome.get_future().get();
    second.join();
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_EQ(seq, mine.seq + 1) << "one chain: the second event follows the first";
    first.beginBatch();
    const QList<AuditEntry> audit = first.auditAfter(0, 10);
    first.rollbackBatch();
    ASSERT_EQ(audit.size(), 2);
    EXPECT_EQ(audit.at(1).prevHash, audit.at(0).hash);
}
