// The local cache's SQL runs on its own thread: a change that has to wait for the cache file (another
// process holds its write lock) leaves the app's thread free and is stored once the file is free; reads
// and writes keep the order they were asked in; and the list of a large cache arrives after the store opened.
#include "client/ApprovalListModel.h"
#include "client/LocalStore.h"
#include "CacheFileLock.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

using namespace countersign;

namespace {

QJsonObject approval(const QString &id, qint64 seq, const QString &title)
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("seq"), seq},
            {QStringLiteral("title"), title},
            {QStringLiteral("agent"), QStringLiteral("Copywriter")},
            {QStringLiteral("route"), QStringLiteral("marketing")},
            {QStringLiteral("status"), QStringLiteral("pending")},
            {QStringLiteral("priority"), QStringLiteral("normal")},
            {QStringLiteral("version"), 1},
            {QStringLiteral("created_at"), QStringLiteral("2026-01-01T00:00:00Z")}};
}

using OtherProcess = test::CacheFileLock;

} // namespace

TEST(CacheThread, AChangeWaitingForABusyCacheFileLeavesTheAppRunningAndIsStoredOnceTheFileIsFree)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.db"));
    client::LocalStore store(path);
    QString error;
    ASSERT_TRUE(store.open(&error)) << error.toStdString();
    OtherProcess other(path);
    ASSERT_TRUE(other.hold());

    QStringList changed;  // the ids announced
    QObject::connect(&store, &client::LocalStore::approvalsChanged, &store, [&](const QList<client::ApprovalSummary> &list) {
        for (const client::ApprovalSummary &s : list)
            changed.append(s.id);
    });
    store.applyApprovals({approval(QStringLiteral("a-1"), 1, QStringLiteral("Launch email"))});
    // Back on the app's thread while the cache waits for the file: its events run (a timer fires), and
    // nothing is announced that is not stored.
    bool ticked = false;
    QTimer::singleShot(0, [&] { ticked = true; });
    ASSERT_TRUE(QTest::qWaitFor([&] { return ticked; }, 1000));
    EXPECT_TRUE(changed.isEmpty());

    // The other process lets go: the change is stored, not lost.
    ASSERT_TRUE(other.release());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !changed.isEmpty(); }, 5000))
        << "a change made while another process held the cache file was dropped";
    EXPECT_EQ(changed, QStringList{QStringLiteral("a-1")});
    EXPECT_EQ(store.lastSeq(), 1);
}

TEST(CacheThread, AReadAskedAfterAWriteSeesIt)
{
    QTemporaryDir dir;
    client::LocalStore store(dir.filePath(QStringLiteral("cache.db")));
    QString error;
    ASSERT_TRUE(store.open(&error)) << error.toStdString();
    store.applyApprovals({approval(QStringLiteral("a-1"), 1, QStringLiteral("First draft"))});
    store.applyApprovals({approval(QStringLiteral("a-1"), 2, QStringLiteral("Second draft"))});
    QString title;
    store.approval(QStringLiteral("a-1"), nullptr, [&](const std::optional<QJsonObject> &a) {
        title = a ? a->value(QLatin1String("title")).toString() : QStringLiteral("(missing)");
    });
    ASSERT_TRUE(QTest::qWaitFor([&] { return !title.isEmpty(); }, 5000));
    EXPECT_EQ(title, QStringLiteral("Second draft"));
}

TEST(CacheThread, ALargeCacheOpensBeforeItsListIsReadAndTheListThenFills)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.db"));
    constexpr int Rows = 5000;
    {
        client::LocalStore store(path);
        QString error;
        ASSERT_TRUE(store.open(&error)) << error.toStdString();
        QList<QJsonObject> all;
        for (int i = 0; i < Rows; ++i)
            all.append(approval(QStringLiteral("a-%1").arg(i), i + 1, QStringLiteral("Approval %1").arg(i)));
        store.applyApprovals(all);
    }  // closing finishes the queued write

    client::LocalStore store(path);
    QString error;
    ASSERT_TRUE(store.open(&error)) << error.toStdString();
    EXPECT_EQ(store.lastSeq(), Rows);
    client::ApprovalListModel model(store);
    QSignalSpy loaded(&model, &client::ApprovalListModel::loaded);
    EXPECT_TRUE(model.isLoading()) << "the rows are read on the store's thread, not while the window waits";
    EXPECT_EQ(model.rowCount(), 0);
    ASSERT_TRUE(loaded.wait(10000));
    EXPECT_EQ(model.rowCount(), Rows);
    EXPECT_EQ(model.countWithStatus(QStringLiteral("pending")), Rows);
}
