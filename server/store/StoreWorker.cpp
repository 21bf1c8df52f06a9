#include "StoreWorker.h"

#include "Store.h"
#include "approvals/ChangeRecorder.h"
#include "time/Clock.h"

#include <QLoggingCategory>

#include <future>

Q_LOGGING_CATEGORY(lcStore, "countersign.server.store")

namespace countersign::server {

namespace {
constexpr size_t MaxBatch = 4096;  // bounds one transaction's size and the latency of its first job
}

StoreWorker::StoreWorker(StoreFactory factory, const Clock &clock, const Config &config, QObject *parent)
    : QObject(parent)
    , m_factory(std::move(factory))
    , m_clock(clock)
    , m_config(config)
{
}

StoreWorker::~StoreWorker()
{
    stop();
}

bool StoreWorker::start(QString *error)
{
    std::promise<QString> opened;
    auto result = opened.get_future();
    m_stopping = false;
    m_thread = std::thread([this, &opened] {
        std::unique_ptr<Store> store = m_factory();
        try {
            store->open();
        } catch (const StoreError &e) {
            opened.set_value(QString::fromStdString(e.what()));
            return;
        }
        opened.set_value(QString());
        loop(std::move(store));
    });
    const QString failure = result.get();
    if (!failure.isEmpty()) {
        m_thread.join();
        if (error)
            *error = failure;
        return false;
    }
    if (m_externalPollMs > 0) {
        // Every change goes through `committed`, including those an admin command made in the database.
        m_externalPoll = new QTimer(this);
        connect(m_externalPoll, &QTimer::timeout, this, [this] { collectExternalChanges(); });
        m_externalPoll->start(m_externalPollMs);
    }
    return true;
}

void StoreWorker::collectExternalChanges(qint64 announcedSeq)
{
    if (announcedSeq > 0 && announcedSeq <= m_knownSeq)
        return;  // this node's own commit, or one it has read already
    if (m_collectQueued.exchange(true))
        return;
    post(this,
        [this](StoreContext &tx) -> std::function<void()> {
            // Cleared before the read: a change announced while this job reads is read by the next one.
            m_collectQueued = false;
            ChangeRecorder(tx).collectExternal();
            return {};
        },
        [this](const QString &) { m_collectQueued = false; });
}

void StoreWorker::stop()
{
    if (m_externalPoll)
        m_externalPoll->stop();
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void StoreWorker::post(QObject *context, Work work, Failed failed)
{
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back({context, std::move(work), std::move(failed)});
    }
    m_wake.notify_one();
}

void StoreWorker::loop(std::unique_ptr<Store> store)
{
    const Redactor redactor(m_config.redaction);
    ChangeLog changes;
    StoreContext tx{*store, m_clock, m_config, redactor, changes};
    for (;;) {
        std::deque<Job> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty() && m_stopping)
                break;
            while (!m_queue.empty() && batch.size() < MaxBatch) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        runBatch(tx, batch);
    }
    store->close();
}

void StoreWorker::runBatch(StoreContext &tx, std::deque<Job> &jobs)
{
    Store &store = tx.store;
    // The QPointer is read on the owner thread, where the context lives and dies.
    std::vector<std::pair<QPointer<QObject>, std::function<void()>>> completions;
    completions.reserve(jobs.size());
    auto failAll = [&](const QString &why) {
        // While the database is away every batch fails the same way: say it when it starts, then once a minute.
        const qint64 now = m_clock.nowMs();
        if (m_failedBatches++ == 0 || now - m_failureLoggedMs >= 60000) {
            qCWarning(lcStore) << "batch of" << jobs.size() << "jobs failed:" << why;
            m_failureLoggedMs = now;
        }
        tx.changes.discard(0);
        QMetaObject::invokeMethod(this, [jobs = std::move(jobs), why] {
            for (const Job &job : jobs) {
                if (job.context)
                    job.failed(why);
            }
        }, Qt::QueuedConnection);
    };

    try {
        store.beginBatch();
    } catch (const StoreError &e) {
        store.rollbackBatch();
        return failAll(QString::fromStdString(e.what()));
    }

    for (Job &job : jobs) {
        const qsizetype mark = tx.changes.count();
        try {
            store.beginJob();
            std::function<void()> done = job.work(tx);
            store.endJob(true);
            completions.emplace_back(job.context, std::move(done));
        } catch (const StoreError &e) {
            const QString why = QString::fromStdString(e.what());
            qCWarning(lcStore) << "job failed and was rolled back:" << why;
            try {
                store.endJob(false);
            } catch (const StoreError &) {
            }
            tx.changes.discard(mark);
            completions.emplace_back(job.context, [failed = job.failed, why] { failed(why); });
        }
    }

    try {
        store.commitBatch();
    } catch (const StoreError &e) {
        store.rollbackBatch();
        return failAll(QString::fromStdString(e.what()));
    }
    m_knownSeq = store.currentSeq();
    if (m_failedBatches > 0) {
        qCInfo(lcStore) << "the store works again after" << m_failedBatches << "failed batches";
        m_failedBatches = 0;
    }

    QMetaObject::invokeMethod(this, [this, completions = std::move(completions), changes = tx.changes.take()] {
        for (const auto &[context, done] : completions) {
            if (context && done)
                done();
        }
        if (!changes.isEmpty())
            Q_EMIT committed(changes);
    }, Qt::QueuedConnection);
}

} // namespace countersign::server
