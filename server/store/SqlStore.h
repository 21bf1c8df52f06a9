#pragma once

#include "Store.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <memory>

class QSqlQuery;

namespace countersign::server {

// What the SQLite and PostgreSQL stores share: every statement that reads or writes the approvals, events,
// deliveries, users and tokens, and the batch protocol (the newest seq and the audit chain's last hash are read
// under the database's single writer lock, so several processes or nodes keep one ordered chain).
// A subclass connects, migrates, takes that lock, and names the few SQL spellings that differ (Dialect).
class SqlStore : public Store
{
public:
    ~SqlStore() override;
    Q_DISABLE_COPY_MOVE(SqlStore)

    void close() override;
    bool isReachable() override;

    void beginBatch() override;
    void commitBatch() override;
    void rollbackBatch() override;
    void beginJob() override;
    void endJob(bool keep) override;

    std::optional<StoredApproval> findByTask(const QString &source, const QString &taskId) override;
    std::optional<StoredApproval> findById(const QString &id) override;
    void insertApproval(const Approval &a, const QByteArray &bodyHash) override;
    void updateApproval(const Approval &a) override;
    void appendEvent(Event &e) override;
    QList<Event> eventsFor(const QString &approvalId) override;
    QHash<QString, QList<Event>> eventsForAll(const QStringList &approvalIds) override;

    void insertDelivery(const Delivery &d) override;
    void updateDelivery(const Delivery &d) override;
    bool updateDeliveryIfStillOurs(const Delivery &d, std::optional<qint64> claimedUntilMs) override;
    QList<Delivery> dueDeliveries(qint64 nowMs, const QStringList &kinds, int limit, const QStringList &exclude) override;
    std::optional<qint64> nextDeliveryDueMs(const QStringList &kinds) override;
    QList<Approval> dueDeadlines(qint64 nowMs, int limit) override;
    std::optional<qint64> nextDeadlineMs() override;
    QList<DecisionRecord> decisionsBetween(qint64 fromMs, qint64 toMs) override;
    QList<RouteBacklog> backlog() override;
    QList<Approval> takeExternalChanges() override;
    qint64 currentSeq() override { return m_seq; }
    QString databaseId() override;

    std::optional<User> findUser(const QString &username) override;
    QList<User> users() override;
    void saveUser(const User &user) override;
    void insertToken(const QByteArray &tokenHash, const QString &username, qint64 createdMs, qint64 expiresMs) override;
    std::optional<QString> tokenUser(const QByteArray &tokenHash, qint64 nowMs) override;
    void revokeToken(const QByteArray &tokenHash) override;
    void revokeTokensOf(const QString &username) override;
    std::optional<QByteArray> decideResponse(const QString &username, const QString &requestId) override;
    void storeDecideResponse(const QString &username, const QString &requestId, const QByteArray &response,
                             qint64 nowMs) override;
    QList<Approval> queue(const QueueQuery &query) override;
    QList<Approval> changedSince(qint64 seq, qint64 upTo, const Visibility &visible, int limit) override;
    QList<Approval> reroutedSince(qint64 seq, qint64 upTo, int limit) override;
    QList<AuditEntry> auditAfter(qint64 seq, int limit) override;

protected:
    // The SQL spellings that differ between engines, as QString::arg patterns.
    struct Dialect
    {
        const char *contains;   // true when text %1 contains text %2
        const char *jsonText;   // the text of key %2 in the JSON document held in text column %1
        const char *inJsonArray;  // true when column %1 equals an element of the JSON array text parameter %2
    };
    SqlStore(QString connectionName, Dialect dialect);

    // Starts the batch's transaction holding the database's single writer lock.
    virtual void beginLocked() = 0;
    // Runs inside the batch's transaction just before it commits, once it handed out seqs up to `seq`.
    virtual void beforeCommit(qint64 seq) { Q_UNUSED(seq); }

    void exec(const QString &sql);
    QSqlQuery &prepared(const char *key, const QString &sql);
    // Drops the prepared statements (before closing or reconnecting the connection they belong to).
    void forgetPrepared();
    // Reads the newest seq: every change up to it is known to this connection from now on.
    void readSeenSeq();

    QString m_connectionName;
    QSqlDatabase m_db;

private:
    QString sql(const char *pattern, const QString &a, const QString &b = {}) const;
    QString visibilityClause(const Visibility &visible, QList<std::pair<QString, QVariant>> *binds) const;
    // The approvals a query selected (its first column is the document), each with its history.
    QList<Approval> withHistory(QSqlQuery &q);
    std::optional<StoredApproval> readApproval(QSqlQuery &q);

    Dialect m_dialect;
    qint64 m_seq = 0;          // last seq handed out in this batch
    qint64 m_seqAtBatch = 0;   // value stored in meta when the batch began
    qint64 m_seenSeq = 0;      // every change up to this seq is known to this connection
    qint64 m_seenBeforeBatch = 0;
    QList<Approval> m_external;
    QByteArray m_lastHash;     // hash of the newest audit event
    struct Saved { qint64 seq; QByteArray hash; } m_jobStart{};
    struct Prepared;
    std::unique_ptr<Prepared> m_prepared;
};

} // namespace countersign::server
