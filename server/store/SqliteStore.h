#pragma once

#include "Store.h"

#include <QSqlDatabase>
#include <QString>

class QSqlQuery;

namespace countersign::server {

// SQLite in WAL mode, one connection owned by the thread that calls open(). Safe against a second process
// writing the same file (seq and the hash chain are re-read under the write lock at each batch).
class SqliteStore final : public Store
{
public:
    struct Options
    {
        QString path;
        bool fullSync = true;  // PRAGMA synchronous=FULL: durable across power loss, not just a crash
        QString connectionName;
        bool backgroundCheckpoints = false;  // a SqliteCheckpointer runs beside this connection
    };
    explicit SqliteStore(Options options);
    ~SqliteStore() override;
    Q_DISABLE_COPY_MOVE(SqliteStore)

    static constexpr int SchemaVersion = 3;

    void open() override;
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
    QList<Delivery> dueDeliveries(qint64 nowMs, const QStringList &kinds, int limit, const QStringList &exclude) override;
    std::optional<qint64> nextDeliveryDueMs(const QStringList &kinds) override;
    QList<Approval> dueDeadlines(qint64 nowMs, int limit) override;
    std::optional<qint64> nextDeadlineMs() override;
    QList<DecisionRecord> decisionsBetween(qint64 fromMs, qint64 toMs) override;
    QList<RouteBacklog> backlog() override;
    QList<Approval> takeExternalChanges() override;
    qint64 currentSeq() override { return m_seq; }

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

    int schemaVersion();

private:
    void exec(const QString &sql);
    void migrate();
    QSqlQuery &prepared(const char *key, const QString &sql);
    // The approvals a query selected (its first column is the document), each with its history.
    QList<Approval> withHistory(QSqlQuery &q);
    std::optional<StoredApproval> readApproval(QSqlQuery &q);

    Options m_options;
    QSqlDatabase m_db;
    qint64 m_seq = 0;          // last seq handed out in this batch
    qint64 m_seqAtBatch = 0;   // value stored in meta when the batch began
    qint64 m_seenSeq = 0;      // every change up to this seq is known to this connection
    QList<Approval> m_external;
    QByteArray m_lastHash;     // hash of the newest audit event
    struct Saved { qint64 seq; QByteArray hash; } m_jobStart{};
    struct Prepared;
    std::unique_ptr<Prepared> m_prepared;
};

} // namespace countersign::server
