#pragma once

#include "ApprovalSummary.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QSet>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QHash>
#include <QUrl>

#include <functional>
#include <optional>

namespace countersign::client {

// A decision made in the app, waiting to be acknowledged by the server. Its request_id makes resending safe.
struct OutboxEntry
{
    qint64 position = 0;  // the order decisions were made in
    QString requestId;
    QString approvalId;
    std::optional<int> version;
    QString decision;
    QString feedback;
    QJsonValue output;  // approve_with_edits only
    QString outcome;    // the offered outcome chosen, if any
    qint64 createdMs = 0;

    QJsonObject toFrame() const;  // the WebSocket "decide" frame
    QJsonObject toJson() const;
};

// A decision the server did not take: someone else decided first (`conflict`), or it was refused
// (`forbidden`, `invalid`, ...). Kept so the user sees what they decided and what won.
struct ConflictRecord
{
    QString requestId;
    QString approvalId;
    QString code;
    QString message;
    OutboxEntry mine;
    QJsonObject winner;  // the approval as it is on the server (empty when the server did not say)
    qint64 atMs = 0;
};

// The desktop's local cache, one SQLite file per server and user: the approvals seen (with their history),
// the last seq seen, the outbox of decisions not yet acknowledged, and the conflicts. Every change is one
// transaction, so the app can be killed at any moment without losing or doubling a decision.
class LocalStore final : public QObject
{
    Q_OBJECT
public:
    static constexpr int SchemaVersion = 2;

    explicit LocalStore(QString path, QObject *parent = nullptr);
    ~LocalStore() override;

    // Where the cache of this server and user lives (QStandardPaths::AppDataLocation).
    static QString defaultPath(const QUrl &server, const QString &username);

    bool open(QString *error);
    QString path() const { return m_path; }

    // Approvals. An approval is replaced only by a version of it with a seq at least as new.
    void applyApprovals(const QList<QJsonObject> &approvals, std::optional<qint64> seenUpTo = std::nullopt);
    // The server says an approval left this user's view (escalated to another role, routed anew): the cached
    // copy keeps its content for reading, takes the new route and a local "withdrawn" object
    // {"reason","route","at"}, and shows as status "reassigned" (no longer the user's to decide).
    // `frame` is the server's "withdrawn" frame; an approval not in the cache, or cached at a newer seq, is left alone.
    void withdraw(const QJsonObject &frame);
    QList<ApprovalSummary> summaries() const;
    std::optional<QJsonObject> approval(const QString &id) const;
    qint64 lastSeq() const { return m_lastSeq; }

    // The outbox, oldest first.
    OutboxEntry enqueue(const QString &approvalId, std::optional<int> version, const QString &decision,
                        const QString &feedback, const QJsonValue &output, qint64 nowMs, const QString &outcome = {});
    QList<OutboxEntry> outbox() const;
    // The next entries after `afterPosition`, oldest first.
    QList<OutboxEntry> outboxAfter(qint64 afterPosition, int limit) const;
    int outboxSize() const;
    QSet<QString> queuedApprovalIds() const;
    // The server acknowledged: the entry leaves the outbox and the approval is stored as the server sent it.
    struct Ack
    {
        QString requestId;
        QJsonObject approval;
    };
    void complete(const QString &requestId, const QJsonObject &approval) { complete({Ack{requestId, approval}}); }
    // Several acks and live approvals in one transaction.
    void complete(const QList<Ack> &acks, const QList<QJsonObject> &approvals = {});
    // The server refused definitively: the entry leaves the outbox and becomes a conflict record.
    void fail(const QString &requestId, const QString &code, const QString &message, const QJsonObject &current, qint64 nowMs);

    QList<ConflictRecord> conflicts() const;
    void dismissConflict(const QString &requestId);

Q_SIGNALS:
    void approvalsChanged(const QList<countersign::client::ApprovalSummary> &changed);
    void outboxChanged();
    void conflictsChanged();

private:
    void exec(const QString &sql);
    void migrate();
    // Runs `body` in one transaction; rolls back and returns false when it throws.
    bool transaction(const std::function<void()> &body);
    bool upsert(const QJsonObject &approval, ApprovalSummary *summary);
    void storeLastSeq(qint64 last);  // inside a transaction
    QSqlQuery &statement(const QString &sql);
    std::optional<OutboxEntry> takeEntry(const QString &requestId);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<QString, QSqlQuery> m_statements;
    qint64 m_lastSeq = 0;
};

} // namespace countersign::client
