// StoreWorker hands each job's answer back to the object that posted it, and only while that object lives: the
// callers (HubSession, the dispatchers, the APIs) rely on it instead of guarding themselves.
#include "store/SqliteStore.h"
#include "store/StoreWorker.h"
#include "time/Clock.h"

#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

using namespace countersign;
using namespace countersign::server;

namespace {

struct Worker
{
    QTemporaryDir dir;
    Config config;
    ManualClock clock{QDateTime::currentDateTimeUtc()};
    StoreWorker worker{[this] {
                           return std::make_unique<SqliteStore>(
                               SqliteStore::Options{dir.filePath(QStringLiteral("db.sqlite")), false, QString(), false});
                       },
                       clock, config};

    Worker()
    {
        worker.setExternalPollInterval(0);
        QString error;
        EXPECT_TRUE(worker.start(&error)) << qPrintable(error);
    }
    // Runs after every completion posted before it.
    void barrier()
    {
        QObject context;
        bool done = false;
        worker.post(&context, [&done](StoreContext &) -> std::function<void()> { return [&done] { done = true; }; },
                    [&done](const QString &) { done = true; });
        EXPECT_TRUE(QTest::qWaitFor([&done] { return done; }, 10000));
    }
};

} // namespace

TEST(StoreWorker, AnswersTheObjectThatPostedWhileItLives)
{
    Worker w;
    QObject context;
    std::atomic<bool> worked = false;
    bool answered = false;
    w.worker.post(&context, [&worked, &answered](StoreContext &tx) -> std::function<void()> {
        worked = tx.store.isReachable();
        return [&answered] { answered = true; };
    }, [](const QString &) {});
    EXPECT_TRUE(QTest::qWaitFor([&answered] { return answered; }, 10000));
    EXPECT_TRUE(worked);
}

TEST(StoreWorker, DropsTheAnswerOfAnObjectDeletedWhileItsJobRan)
{
    Worker w;
    auto context = std::make_unique<QObject>();
    std::atomic<bool> worked = false;
    bool answered = false;
    w.worker.post(context.get(), [&worked, &answered](StoreContext &) -> std::function<void()> {
        worked = true;
        return [&answered] { answered = true; };
    }, [&answered](const QString &) { answered = true; });
    context.reset();  // gone before the completion reaches the event loop
    w.barrier();
    EXPECT_TRUE(worked);  // the job itself ran and was committed
    EXPECT_FALSE(answered);
}

TEST(StoreWorker, DropsTheFailureOfAnObjectDeletedWhileItsJobRan)
{
    Worker w;
    QObject alive;
    auto gone = std::make_unique<QObject>();
    bool goneFailed = false;
    QString aliveError;
    auto failing = [](StoreContext &) -> std::function<void()> { throw StoreError("disk on fire"); };
    w.worker.post(gone.get(), failing, [&goneFailed](const QString &) { goneFailed = true; });
    w.worker.post(&alive, failing, [&aliveError](const QString &error) { aliveError = error; });
    gone.reset();
    w.barrier();
    EXPECT_FALSE(goneFailed);
    EXPECT_EQ(aliveError, QStringLiteral("disk on fire"));
}
