#pragma once

#include "approvals/StoreContext.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace countersign::server {

class Store;

// Runs every database job on one thread that owns the connection, and commits the jobs that queued up
// while the previous commit ran as one transaction (group commit): one fsync serves many 202s.
// A job's completion runs on the worker's owner thread only after its batch is committed, so an answer
// never promises something that is not durable. Each job names the QObject it answers for: its completion
// or failure runs only while that object lives, so a caller need not guard against its own destruction.
class StoreWorker final : public QObject
{
    Q_OBJECT
public:
    using StoreFactory = std::function<std::unique_ptr<Store>()>;
    // Runs on the store thread inside a batch; returns what to run on the owner thread after the commit.
    using Work = std::function<std::function<void()>(StoreContext &)>;
    // Runs on the owner thread when the job or its batch failed; nothing of the job was stored.
    using Failed = std::function<void(const QString &error)>;

    StoreWorker(StoreFactory factory, const Clock &clock, const Config &config, QObject *parent = nullptr);
    ~StoreWorker() override;

    // Opens the store (schema migration included) on the worker thread and waits for the outcome.
    bool start(QString *error);
    // Finishes the queued jobs, closes the store and joins the thread.
    void stop();

    // Queues `work`; its completion or `failed` runs on the owner thread, and only while `context` lives.
    void post(QObject *context, Work work, Failed failed);
    bool isRunning() const { return m_thread.joinable(); }
    // How often to look for changes another process made (0: never). Set before start().
    void setExternalPollInterval(int ms) { m_externalPollMs = ms; }
    // Looks for changes another process or node made now (one job, however often it is asked before it runs).
    // `announcedSeq`: the seq another node announced (NOTIFY); changes up to what this node has already seen
    // (its own commits) need no job.
    void collectExternalChanges(qint64 announcedSeq = -1);

Q_SIGNALS:
    // After each committed batch that changed approvals, on the owner thread, after the batch's completions.
    void committed(const QList<countersign::server::ApprovalChange> &changes);

private:
    struct Job
    {
        QPointer<QObject> context;
        Work work;
        Failed failed;
    };
    void loop(std::unique_ptr<Store> store);
    void runBatch(StoreContext &tx, std::deque<Job> &jobs);

    StoreFactory m_factory;
    const Clock &m_clock;
    const Config &m_config;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Job> m_queue;
    bool m_stopping = false;
    int m_externalPollMs = 1000;
    QTimer *m_externalPoll = nullptr;
    std::atomic<bool> m_collectQueued = false;
    std::atomic<qint64> m_knownSeq = 0;  // every change up to it is known here (written on the store thread)
    qint64 m_failedBatches = 0;    // store thread only: batches failed in a row
    qint64 m_failureLoggedMs = 0;  // store thread only
};

} // namespace countersign::server
