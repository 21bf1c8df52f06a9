#include "LocalStore.h"

#include "CacheDatabase.h"

#include <QCryptographicHash>
#include <QDir>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>
#include <future>

namespace countersign::client {

// What lives on the worker thread: the connection, and the last seq as stored (a change that does not move
// it does not write it).
struct LocalStore::Worker
{
    explicit Worker(const QString &path) : db(path) {}
    CacheDatabase db;
    qint64 lastSeq = 0;
};

LocalStore::LocalStore(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_threadContext(std::make_unique<QObject>())
{
    m_thread.setObjectName(QStringLiteral("countersign-cache"));
    m_threadContext->moveToThread(&m_thread);
    m_thread.start();
}

LocalStore::~LocalStore()
{
    // Queued after everything asked for so far: that work is done and committed before the connection closes.
    QMetaObject::invokeMethod(m_threadContext.get(), [this] {
        m_worker.reset();
        QThread::currentThread()->quit();
    }, Qt::QueuedConnection);
    m_thread.wait();
    m_threadContext.reset();  // its thread has finished: safe to delete from here
}

QString LocalStore::defaultPath(const QUrl &server, const QString &username)
{
    const QByteArray key = server.adjusted(QUrl::StripTrailingSlash).toString().toUtf8() + '\n' + username.toUtf8();
    const QString name = QStringLiteral("cache-%1.db")
                             .arg(QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16)));
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(name);
}

bool LocalStore::open(QString *error)
{
    struct Opened
    {
        QString error;
        qint64 lastSeq = 0;
        QString databaseId;
        QList<OutboxEntry> outbox;
        QList<ConflictRecord> conflicts;
    };
    std::promise<Opened> promise;
    std::future<Opened> result = promise.get_future();
    QMetaObject::invokeMethod(m_threadContext.get(), [this, &promise] {
        Opened opened;
        auto worker = std::make_unique<Worker>(m_path);
        try {
            worker->db.open();
            worker->lastSeq = opened.lastSeq = worker->db.lastSeq();
            opened.databaseId = worker->db.databaseId();
            opened.outbox = worker->db.outbox();
            opened.conflicts = worker->db.conflicts();
            m_worker = std::move(worker);
        } catch (const CacheFailure &e) {
            opened.error = QString::fromStdString(e.what());
        }
        promise.set_value(std::move(opened));
    }, Qt::QueuedConnection);
    Opened opened = result.get();
    if (!opened.error.isEmpty()) {
        if (error)
            *error = opened.error;
        return false;
    }
    m_open = true;
    m_lastSeq = opened.lastSeq;
    m_databaseId = opened.databaseId;
    for (const OutboxEntry &e : std::as_const(opened.outbox))
        addToOutbox(e);
    m_conflicts = std::move(opened.conflicts);
    return true;
}

void LocalStore::post(std::function<std::function<void()>(Worker &)> work)
{
    QMetaObject::invokeMethod(m_threadContext.get(), [this, work = std::move(work)] {
        if (!m_worker)
            return;  // never opened
        std::function<void()> done = work(*m_worker);
        if (done)
            QMetaObject::invokeMethod(this, std::move(done), Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

std::function<void()> LocalStore::guarded(QObject *context, std::function<void()> done)
{
    return guarded(Recipient{context, context != nullptr}, std::move(done));
}

std::function<void()> LocalStore::guarded(Recipient recipient, std::function<void()> done)
{
    return [recipient, done = std::move(done)] {
        if (done && (!recipient.given || recipient.object))
            done();
    };
}

void LocalStore::whenIdle(QObject *context, std::function<void()> done)
{
    post([done = guarded(context, std::move(done))](Worker &) { return done; });
}

void LocalStore::applyApprovals(const QList<QJsonObject> &approvals, std::optional<qint64> seenUpTo)
{
    post([this, approvals, seenUpTo](Worker &w) -> std::function<void()> {
        QList<ApprovalSummary> changed;
        qint64 last = w.lastSeq;
        const bool ok = w.db.transaction([&] {
            for (const QJsonObject &a : approvals) {
                ApprovalSummary s;
                if (w.db.upsert(a, &s))
                    changed.append(s);
                last = std::max(last, s.seq);
            }
            if (seenUpTo)
                last = std::max(last, *seenUpTo);
            if (last != w.lastSeq)
                w.db.storeLastSeq(last);
        });
        if (!ok)
            return {};
        w.lastSeq = last;
        return [this, changed, last] {
            m_lastSeq = last;
            if (!changed.isEmpty())
                Q_EMIT approvalsChanged(changed);
        };
    });
}

void LocalStore::useDatabase(const QString &id, QObject *context, std::function<void(bool stored)> done)
{
    Recipient recipient{context, context != nullptr};
    post([this, id, recipient, done = std::move(done)](Worker &w) -> std::function<void()> {
        const QString before = w.db.databaseId();
        const bool replaced = !before.isEmpty() && before != id;
        const bool ok = before == id || w.db.transaction([&] {
            if (replaced) {
                w.db.deleteApprovals();
                w.db.storeLastSeq(0);
            }
            w.db.storeDatabaseId(id);
        });
        const bool dropped = ok && replaced;
        if (dropped)
            w.lastSeq = 0;
        return [this, id, ok, dropped, finished = guarded(recipient, [done, ok] {
                    if (done)
                        done(ok);
                })] {
            if (ok)
                m_databaseId = id;
            if (dropped) {
                m_lastSeq = 0;
                Q_EMIT approvalsReset();
            }
            finished();
        };
    });
}

void LocalStore::withdraw(const QJsonObject &frame)
{
    post([this, frame](Worker &w) -> std::function<void()> {
        const QString id = frame.value(QLatin1String("approval_id")).toString();
        const qint64 seq = frame.value(QLatin1String("seq")).toInteger();
        std::optional<QJsonObject> cached = id.isEmpty() ? std::nullopt : w.db.approval(id);
        if (!cached || cached->value(QLatin1String("seq")).toInteger() >= seq)
            return {};
        cached->insert(QStringLiteral("seq"), seq);
        cached->insert(QStringLiteral("route"), frame.value(QLatin1String("route")));
        cached->insert(QStringLiteral("withdrawn"), QJsonObject{{QStringLiteral("reason"), frame.value(QLatin1String("reason"))},
                                                               {QStringLiteral("route"), frame.value(QLatin1String("route"))},
                                                               {QStringLiteral("at"), frame.value(QLatin1String("at"))}});
        // The last seq seen does not move: during a sync these frames come before changes with lower seqs.
        QList<ApprovalSummary> changed;
        const bool ok = w.db.transaction([&] {
            ApprovalSummary s;
            if (w.db.upsert(*cached, &s))
                changed.append(s);
        });
        if (!ok || changed.isEmpty())
            return {};
        return [this, changed] { Q_EMIT approvalsChanged(changed); };
    });
}

void LocalStore::summaries(QObject *context, std::function<void(const QList<ApprovalSummary> &)> done)
{
    post([recipient = Recipient{context, context != nullptr}, done = std::move(done)](Worker &w) {
        return guarded(recipient, [done, list = w.db.summaries()] { done(list); });
    });
}

void LocalStore::approval(const QString &id, QObject *context, std::function<void(const std::optional<QJsonObject> &)> done)
{
    post([id, recipient = Recipient{context, context != nullptr}, done = std::move(done)](Worker &w) {
        return guarded(recipient, [done, approval = w.db.approval(id)] { done(approval); });
    });
}

QString LocalStore::enqueue(const QString &approvalId, std::optional<int> version, const QString &decision,
                         const QString &feedback, const QJsonValue &output, qint64 nowMs, const QString &outcome,
                         QObject *context, std::function<void(const OutboxEntry &)> done)
{
    OutboxEntry e;
    e.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.approvalId = approvalId;
    e.version = version;
    e.decision = decision;
    e.feedback = feedback;
    e.output = output;
    e.outcome = outcome;
    e.createdMs = nowMs;
    post([this, e, recipient = Recipient{context, context != nullptr}, done = std::move(done)](Worker &w) mutable -> std::function<void()> {
        const bool ok = w.db.transaction([&] { e.position = w.db.insertOutbox(e); });
        if (!ok)
            return guarded(recipient, [done] { if (done) done(OutboxEntry{}); });
        return [this, e, answer = guarded(recipient, [done, e] { if (done) done(e); })] {
            addToOutbox(e);
            Q_EMIT outboxChanged();
            answer();
        };
    });
    return e.requestId;
}

void LocalStore::addToOutbox(const OutboxEntry &e)
{
    m_outbox.emplace(e.position, e);
    m_outboxPosition.insert(e.requestId, e.position);
    ++m_queuedCount[e.approvalId];
}

void LocalStore::removeFromOutbox(const QString &requestId)
{
    const auto position = m_outboxPosition.constFind(requestId);
    if (position == m_outboxPosition.cend())
        return;
    const auto entry = m_outbox.find(*position);
    if (--m_queuedCount[entry->second.approvalId] <= 0)
        m_queuedCount.remove(entry->second.approvalId);
    m_outbox.erase(entry);
    m_outboxPosition.erase(position);
}

QList<OutboxEntry> LocalStore::outbox() const
{
    QList<OutboxEntry> list;
    list.reserve(qsizetype(m_outbox.size()));
    for (const auto &[position, e] : m_outbox)
        list.append(e);
    return list;
}

QList<OutboxEntry> LocalStore::outboxAfter(qint64 afterPosition, int limit) const
{
    QList<OutboxEntry> list;
    for (auto it = m_outbox.upper_bound(afterPosition); it != m_outbox.end() && list.size() < limit; ++it)
        list.append(it->second);
    return list;
}

QSet<QString> LocalStore::queuedApprovalIds() const
{
    QSet<QString> ids;
    ids.reserve(m_queuedCount.size());
    for (auto it = m_queuedCount.cbegin(); it != m_queuedCount.cend(); ++it)
        ids.insert(it.key());
    return ids;
}

void LocalStore::complete(const QList<Ack> &acks, const QList<QJsonObject> &approvals, QObject *context,
                          std::function<void()> done)
{
    post([this, acks, approvals, done = guarded(context, std::move(done))](Worker &w) -> std::function<void()> {
        QList<ApprovalSummary> changed;
        QStringList taken;
        qint64 last = w.lastSeq;
        auto store = [&](const QJsonObject &approval) {
            ApprovalSummary s;
            if (!approval.isEmpty() && w.db.upsert(approval, &s))
                changed.append(s);
            return s.seq;
        };
        const bool ok = w.db.transaction([&] {
            taken.clear();
            changed.clear();
            for (const Ack &ack : acks) {
                if (w.db.takeEntry(ack.requestId))
                    taken.append(ack.requestId);
                // An ack can overtake pushes of earlier changes, so it does not move the last seq seen.
                store(ack.approval);
            }
            for (const QJsonObject &approval : approvals)
                last = std::max(last, store(approval));
            if (last != w.lastSeq)
                w.db.storeLastSeq(last);
        });
        if (!ok)
            return done;
        w.lastSeq = last;
        return [this, changed, taken, last, done] {
            m_lastSeq = last;
            for (const QString &requestId : taken)
                removeFromOutbox(requestId);
            if (!taken.isEmpty())
                Q_EMIT outboxChanged();
            if (!changed.isEmpty())
                Q_EMIT approvalsChanged(changed);
            done();
        };
    });
}

void LocalStore::fail(const QString &requestId, const QString &code, const QString &message, const QJsonObject &current,
                      qint64 nowMs, QObject *context, std::function<void()> done)
{
    post([this, requestId, code, message, current, nowMs, done = guarded(context, std::move(done))](Worker &w) -> std::function<void()> {
        QList<ApprovalSummary> changed;
        std::optional<ConflictRecord> recorded;
        const bool ok = w.db.transaction([&] {
            const std::optional<OutboxEntry> entry = w.db.takeEntry(requestId);
            if (!entry)
                return;  // already handled (a repeated answer)
            recorded = w.db.insertConflict(*entry, code, message, current, nowMs);
            ApprovalSummary s;
            if (!current.isEmpty() && w.db.upsert(current, &s))
                changed.append(s);
        });
        if (!ok)
            return done;
        return [this, changed, recorded, done] {
            if (recorded) {
                removeFromOutbox(recorded->requestId);
                const auto later = std::upper_bound(m_conflicts.begin(), m_conflicts.end(), *recorded, [](const ConflictRecord &a, const ConflictRecord &b) {
                    return std::tie(a.atMs, a.requestId) < std::tie(b.atMs, b.requestId);
                });
                m_conflicts.insert(later, *recorded);
                Q_EMIT outboxChanged();
                Q_EMIT conflictsChanged();
            }
            if (!changed.isEmpty())
                Q_EMIT approvalsChanged(changed);
            done();
        };
    });
}

void LocalStore::dismissConflict(const QString &requestId)
{
    post([this, requestId](Worker &w) -> std::function<void()> {
        if (!w.db.transaction([&] { w.db.dismissConflict(requestId); }))
            return {};
        return [this, requestId] {
            m_conflicts.removeIf([&](const ConflictRecord &c) { return c.requestId == requestId; });
            Q_EMIT conflictsChanged();
        };
    });
}

} // namespace countersign::client
