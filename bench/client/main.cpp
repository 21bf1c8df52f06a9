// bench/client: the desktop's local cache and outbox at scale.
//   populate DIR N        fills a cache with N synthetic approvals (setup, not measured)
//   load DIR              opens the cache, fills the list model and the filter proxy, changes the text filter;
//                         prints the times and the peak RSS of this process
//   submit URL SRC SECRET N  submits N signed approvals (setup for flush)
//   flush URL USER PASS N signs in to a running countersignd, queues a decision for each of N pending
//                         approvals it syncs, and times the outbox until it is empty
#include "agent/AgentClient.h"
#include "client/ApprovalFilterModel.h"
#include "client/ApprovalListModel.h"
#include "client/Connection.h"
#include "client/LocalStore.h"
#include "client/SyncEngine.h"
#include "time/Clock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QTimer>

#include <cstdio>

using namespace countersign;

namespace {

long peakRssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    }
    return -1;
}

const QStringList Words = {QStringLiteral("launch"), QStringLiteral("pricing"), QStringLiteral("contract"), QStringLiteral("renewal"),
                           QStringLiteral("discount"), QStringLiteral("onboarding"), QStringLiteral("newsletter"), QStringLiteral("refund"),
                           QStringLiteral("partner"), QStringLiteral("invoice"), QStringLiteral("webinar"), QStringLiteral("security")};

QJsonObject syntheticApproval(int i)
{
    const QString word = Words.at(i % Words.size());
    const QString other = Words.at((i * 7 + 3) % Words.size());
    const QStringList statuses = {QStringLiteral("pending"), QStringLiteral("approved"), QStringLiteral("rejected"), QStringLiteral("revision_requested")};
    const QStringList priorities = {QStringLiteral("low"), QStringLiteral("normal"), QStringLiteral("high"), QStringLiteral("critical")};
    const QDateTime created = QDateTime::fromSecsSinceEpoch(1735689600 + i * 37LL, Qt::UTC);
    return {
        {QStringLiteral("id"), QStringLiteral("bench-%1").arg(i, 8, 10, QLatin1Char('0'))},
        {QStringLiteral("task_id"), QStringLiteral("task-%1").arg(i)},
        {QStringLiteral("agent"), QStringLiteral("Agent %1").arg(i % 40)},
        {QStringLiteral("title"), QStringLiteral("%1 %2 #%3").arg(word, other).arg(i)},
        {QStringLiteral("priority"), priorities.at(i % 4)},
        {QStringLiteral("route"), i % 3 == 0 ? QStringLiteral("CFO") : QStringLiteral("Manager")},
        {QStringLiteral("status"), statuses.at(i % 4)},
        {QStringLiteral("version"), 1},
        {QStringLiteral("seq"), i + 1},
        {QStringLiteral("created_at"), created.toString(Qt::ISODate)},
        {QStringLiteral("expires_at"), i % 2 ? created.addDays(1).toString(Qt::ISODate) : QString()},
        {QStringLiteral("output"), QJsonObject{
            {QStringLiteral("subject"), QStringLiteral("About our %1 plans for %2").arg(word, other)},
            {QStringLiteral("body"), QStringLiteral("Dear customer, this message explains the %1 changes that follow the %2 review. "
                                                    "It is long enough to look like a real email body written by an agent, with a few "
                                                    "sentences of detail about dates, amounts (%3 EUR) and next steps.").arg(word, other).arg(i % 9973)}}},
        {QStringLiteral("context"), QJsonObject{{QStringLiteral("campaign"), QStringLiteral("Q%1").arg(i % 4 + 1)}}},
        {QStringLiteral("history"), QJsonArray{}},
    };
}

// Submits N signed approvals to a running server (setup for `flush`).
int submit(const QUrl &url, const QString &source, const QByteArray &secret, int n)
{
    AgentClient agent(url, source, secret);
    int done = 0;
    int failed = 0;
    int next = 0;
    std::function<void()> one = [&] {
        if (next >= n)
            return;
        const int i = next++;
        QJsonObject s = syntheticApproval(i);
        QJsonObject submission{{QStringLiteral("task_id"), QStringLiteral("flush-%1").arg(i)},
                               {QStringLiteral("agent"), s.value(QLatin1String("agent"))},
                               {QStringLiteral("title"), s.value(QLatin1String("title"))},
                               {QStringLiteral("output"), s.value(QLatin1String("output"))}};
        agent.submit(submission, [&](const AgentClient::Response &r) {
            failed += !r.ok();
            if (++done == n)
                qApp->exit(failed ? 1 : 0);
            one();
        });
    };
    for (int i = 0; i < 32; ++i)
        one();
    const int rc = QCoreApplication::exec();
    std::printf("submitted %d approvals (%d failed)\n", n, failed);
    return rc;
}

int populate(const QString &dir, int n)
{
    client::LocalStore store(dir + QStringLiteral("/cache.db"));
    QString error;
    if (!store.open(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    for (int start = 0; start < n; start += 5000) {
        QList<QJsonObject> batch;
        for (int i = start; i < std::min(n, start + 5000); ++i)
            batch.append(syntheticApproval(i));
        store.applyApprovals(batch);
    }
    std::printf("populated %d approvals\n", n);
    return 0;
}

int load(const QString &dir)
{
    QElapsedTimer t;
    t.start();
    client::LocalStore store(dir + QStringLiteral("/cache.db"));
    QString error;
    if (!store.open(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    client::ApprovalListModel model(store);
    client::ApprovalFilterModel filter(model);
    filter.setSortKey(client::ApprovalFilterModel::SortKey::Age);
    const qint64 openedMs = t.elapsed();  // what the GUI thread waited for; the rows come from the store's thread
    QEventLoop rowsRead;
    QObject::connect(&model, &client::ApprovalListModel::loaded, &rowsRead, &QEventLoop::quit);
    if (model.isLoading())
        rowsRead.exec();
    const qint64 populatedMs = t.elapsed();
    std::printf("start to opened store: %lld ms\n", openedMs);
    std::printf("start to populated model: %lld ms (%d rows, %d visible)\n", populatedMs, model.rowCount(), filter.rowCount());

    struct Step { const char *what; std::function<void()> apply; };
    const QList<Step> steps = {
        {"text \"refund\"", [&] { filter.setText(QStringLiteral("refund")); }},
        {"text \"refund partner\"", [&] { filter.setText(QStringLiteral("refund partner")); }},
        {"text \"9971\" (in the output)", [&] { filter.setText(QStringLiteral("9971")); }},
        {"text cleared", [&] { filter.setText({}); }},
        {"status pending", [&] { filter.setStatuses({QStringLiteral("pending")}); }},
    };
    qint64 worstNs = 0;
    for (const Step &s : steps) {
        QElapsedTimer f;
        f.start();
        s.apply();
        const qint64 ns = f.nsecsElapsed();
        worstNs = std::max(worstNs, ns);
        std::printf("filter change, %-30s %7.2f ms (%d visible)\n", s.what, double(ns) / 1e6, filter.rowCount());
    }
    std::printf("worst filter change: %.2f ms\n", double(worstNs) / 1e6);
    std::printf("peak RSS: %.1f MB\n", double(peakRssKb()) / 1024.0);
    return 0;
}

int flush(const QUrl &url, const QString &user, const QString &password, int n, const QString &dir)
{
    SystemClock clock;
    client::LocalStore store(dir + QStringLiteral("/flush.db"));
    QString error;
    if (!store.open(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    client::Connection connection;
    client::SyncEngine engine(connection, store, clock);
    QElapsedTimer t;
    int result = 1;
    bool queued = false;
    bool allQueued = false;  // every enqueue committed
    QObject::connect(&connection, &client::Connection::stateChanged, qApp, [&](client::Connection::State s) {
        if (s == client::Connection::State::AuthFailed || s == client::Connection::State::SignedOut) {
            std::fprintf(stderr, "cannot sign in: %s\n", qPrintable(connection.lastError()));
            qApp->exit(1);
        }
        if (s != client::Connection::State::Online || queued)
            return;
        queued = true;
        // Queue while offline-equivalent (before flushing), as a user on a train would; then time the flush.
        connection.dropLink(QStringLiteral("bench: queue offline first"));
        store.summaries(qApp, [&](const QList<client::ApprovalSummary> &all) {
            QList<client::ApprovalSummary> pending;
            for (const client::ApprovalSummary &a : all) {
                if (a.status == QLatin1String("pending"))
                    pending.append(a);
            }
            if (pending.size() < n) {
                std::fprintf(stderr, "only %lld pending approvals synced, wanted %d\n", qlonglong(pending.size()), n);
                return qApp->exit(1);
            }
            for (int i = 0; i < n; ++i)
                store.enqueue(pending.at(i).id, pending.at(i).version, QStringLiteral("approve"), {}, {}, clock.nowMs());
            store.whenIdle(qApp, [&, n] {
                std::printf("queued %d decisions in the outbox while offline\n", n);
                allQueued = true;
                if (connection.state() == client::Connection::State::Online)
                    t.start();  // already back: the flush starts now
            });
        });
    });
    // The clock starts when the connection is back (the reconnect backoff is not the outbox's time).
    QObject::connect(&connection, &client::Connection::stateChanged, qApp, [&](client::Connection::State s) {
        if (s == client::Connection::State::Online && allQueued && !t.isValid())
            t.start();
    });
    QObject::connect(&store, &client::LocalStore::outboxChanged, qApp, [&] {
        if (allQueued && t.isValid() && store.outboxSize() == 0) {
            std::printf("outbox of %d flushed in %lld ms; conflicts: %lld\n", n, t.elapsed(), qlonglong(store.conflicts().size()));
            result = 0;
            qApp->exit(0);
        }
    });
    QTimer::singleShot(120000, qApp, [] { std::fprintf(stderr, "timed out\n"); qApp->exit(1); });
    connection.signIn(url, user, password);
    const int rc = QCoreApplication::exec();
    return rc == 0 ? result : rc;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    if (a.size() >= 6 && a.at(1) == QLatin1String("submit"))
        return submit(QUrl(a.at(2)), a.at(3), a.at(4).toUtf8(), a.at(5).toInt());
    if (a.size() >= 4 && a.at(1) == QLatin1String("populate"))
        return populate(a.at(2), a.at(3).toInt());
    if (a.size() >= 3 && a.at(1) == QLatin1String("load"))
        return load(a.at(2));
    if (a.size() >= 7 && a.at(1) == QLatin1String("flush"))
        return flush(QUrl(a.at(2)), a.at(3), a.at(4), a.at(5).toInt(), a.at(6));
    std::fprintf(stderr, "usage: countersign-bench-client populate DIR N | load DIR | submit URL SOURCE SECRET N"
                         " | flush URL USER PASSWORD N DIR\n");
    return 2;
}
