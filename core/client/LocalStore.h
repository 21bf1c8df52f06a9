#pragma once

#include "ApprovalSummary.h"
#include "CacheRecords.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QThread>
#include <QUrl>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace countersign::client {

class CacheDatabase;

// The desktop's local cache, one SQLite file per server and user: the approvals seen (with their history),
// the last seq seen, the outbox of decisions not yet acknowledged, and the conflicts. Every change is one
// transaction, so the app can be killed at any moment without losing or doubling a decision.
//
// The SQL runs on a worker thread that owns the connection (as the server's StoreWorker does): writes and
// reads are queued there in the order they are asked for, and their results come back to this object's
// thread after the commit, in that same order, as the change signals and the callbacks below. So a read
// asked after a write sees it, and a signal never announces what is not durable. The last seq, the outbox
// and the open conflicts are small and kept here as well (updated by those same results), so that they
// can be asked synchronously; approvals (up to 100,000 rows with their documents) are only read on request.
class LocalStore final : public QObject
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 2;

    explicit LocalStore(QString path, QObject *parent = nullptr);
    // Finishes the queued work (nothing asked for is dropped), then closes the connection.
    ~LocalStore() override;

    // Where the cache of this server and user lives (QStandardPaths::AppDataLocation).
    static QString defaultPath(const QUrl &server, const QString &username);

    // Opens and migrates the file on the worker thread and waits for that only (not for the approvals,
    // which summaries() reads later), so a large cache does not hold up the first window.
    bool open(QString *error);
    QString path() const { return m_path; }

    // Approvals. An approval is replaced only by a version of it with a seq at least as new.
    void applyApprovals(const QList<QJsonObject> &approvals, std::optional<qint64> seenUpTo = std::nullopt);
    // The server says an approval left this user's view (escalated to another role, routed anew): the cached
    // copy keeps its content for reading, takes the new route and a local "withdrawn" object
    // {"reason","route","at"}, and shows as status "reassigned" (no longer the user's to decide).
    // `frame` is the server's "withdrawn" frame; an approval not in the cache, or cached at a newer seq, is left alone.
    void withdraw(const QJsonObject &frame);

    // Reads; `done` runs on this object's thread unless `context` is gone by then.
    void summaries(QObject *context, std::function<void(const QList<ApprovalSummary> &)> done);
    void approval(const QString &id, QObject *context, std::function<void(const std::optional<QJsonObject> &)> done);
    qint64 lastSeq() const { return m_lastSeq; }
    // The identity of the server database the cached approvals came from (docs/protocol.md, welcome); empty
    // until a server that sends one was met.
    QString databaseId() const { return m_databaseId; }
    // The server serves the database `id`. The first id met is remembered. Another id than the remembered one
    // means the cached approvals belong to another database (a wiped data dir, a restored backup of another
    // install): they are dropped and the last seq goes back to 0, so the next hello syncs everything again.
    // The outbox and the conflicts stay: they are the user's work (the new server answers them as it can).
    // `done(stored)` runs after the commit (and after approvalsReset() when the approvals were dropped); false
    // when the cache could not be written (then nothing changed).
    void useDatabase(const QString &id, QObject *context, std::function<void(bool stored)> done);

    // Queues a decision and returns the request_id it will have. `done` gets the entry once it is committed, or
    // an entry without a request_id when the cache could not be written (then it is not queued and never sent).
    QString enqueue(const QString &approvalId, std::optional<int> version, const QString &decision, const QString &feedback,
                 const QJsonValue &output, qint64 nowMs, const QString &outcome = {}, QObject *context = nullptr,
                 std::function<void(const OutboxEntry &)> done = {});
    // The outbox as committed, oldest first.
    QList<OutboxEntry> outbox() const;
    // The next entries after `afterPosition`, oldest first.
    QList<OutboxEntry> outboxAfter(qint64 afterPosition, int limit) const;
    int outboxSize() const { return int(m_outbox.size()); }
    QSet<QString> queuedApprovalIds() const;
    bool isQueued(const QString &approvalId) const { return m_queuedCount.contains(approvalId); }
    // The server acknowledged: the entry leaves the outbox and the approval is stored as the server sent it.
    struct Ack
    {
        QString requestId;
        QJsonObject approval;
    };
    void complete(const QString &requestId, const QJsonObject &approval) { complete({Ack{requestId, approval}}); }
    // Several acks and live approvals in one transaction.
    // `done` runs after the commit and its signals (or after the change failed and was rolled back), unless
    // `context` is gone by then.
    void complete(const QList<Ack> &acks, const QList<QJsonObject> &approvals = {}, QObject *context = nullptr,
                  std::function<void()> done = {});
    // The server refused definitively: the entry leaves the outbox and becomes a conflict record.
    void fail(const QString &requestId, const QString &code, const QString &message, const QJsonObject &current,
              qint64 nowMs, QObject *context = nullptr, std::function<void()> done = {});

    // The conflicts not dismissed, as committed, oldest first.
    QList<ConflictRecord> conflicts() const { return m_conflicts; }
    void dismissConflict(const QString &requestId);

    // Runs `done` on this object's thread once everything asked for before has been committed and announced.
    void whenIdle(QObject *context, std::function<void()> done);

Q_SIGNALS:
    void approvalsChanged(const QList<countersign::client::ApprovalSummary> &changed);
    // Every cached approval was dropped (useDatabase): what was read before is gone.
    void approvalsReset();
    void outboxChanged();
    void conflictsChanged();

private:
    struct Worker;
    // Runs `work` on the worker thread, in order; what it returns then runs on this object's thread.
    void post(std::function<std::function<void()>(Worker &)> work);
    // Who asked for a result: it is delivered only while they are alive (made on the asking thread).
    struct Recipient
    {
        QPointer<QObject> object;
        bool given = false;
    };
    static std::function<void()> guarded(QObject *context, std::function<void()> done);
    static std::function<void()> guarded(Recipient recipient, std::function<void()> done);
    void addToOutbox(const OutboxEntry &e);
    void removeFromOutbox(const QString &requestId);

    QString m_path;
    QThread m_thread;
    std::unique_ptr<QObject> m_threadContext;  // lives on m_thread: jobs are queued calls to it
    std::unique_ptr<Worker> m_worker;          // touched only on m_thread
    bool m_open = false;

    // Mirrors of what is committed, updated in commit order.
    qint64 m_lastSeq = 0;
    QString m_databaseId;
    std::map<qint64, OutboxEntry> m_outbox;   // by position
    QHash<QString, qint64> m_outboxPosition;  // request_id -> position
    QHash<QString, int> m_queuedCount;        // approval_id -> entries waiting
    QList<ConflictRecord> m_conflicts;
};

} // namespace countersign::client
