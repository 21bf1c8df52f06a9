#pragma once

#include "ApprovalSummary.h"
#include "CacheRecords.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace countersign::client {

// A failed statement of the local cache; the change it belonged to is rolled back.
struct CacheFailure : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

// The SQL of the desktop's local cache, on the one connection it owns. Not thread-safe: it lives on
// LocalStore's worker thread from open() to its destruction, and only that thread calls it.
// Every write is one transaction (the caller wraps it in transaction()).
class CacheDatabase final
{
public:
    explicit CacheDatabase(QString path);
    ~CacheDatabase();
    CacheDatabase(const CacheDatabase &) = delete;
    CacheDatabase &operator=(const CacheDatabase &) = delete;

    // Opens and migrates; throws CacheFailure.
    void open();

    // Runs `body` in one transaction; rolls back and returns false when it throws.
    bool transaction(const std::function<void()> &body);

    // Inside a transaction. True when the approval was stored (it is newer than the cached one).
    bool upsert(const QJsonObject &approval, ApprovalSummary *summary);
    void storeLastSeq(qint64 last);
    void storeDatabaseId(const QString &id);
    void deleteApprovals();
    qint64 insertOutbox(const OutboxEntry &entry);  // its position
    std::optional<OutboxEntry> takeEntry(const QString &requestId);
    ConflictRecord insertConflict(const OutboxEntry &mine, const QString &code, const QString &message,
                                  const QJsonObject &current, qint64 nowMs);
    void dismissConflict(const QString &requestId);

    qint64 lastSeq();
    QString databaseId();  // empty when none was stored yet
    QList<ApprovalSummary> summaries();
    std::optional<QJsonObject> approval(const QString &id);
    QList<OutboxEntry> outbox();
    QList<ConflictRecord> conflicts();

private:
    void exec(const QString &sql);
    QSqlQuery &statement(const QString &sql);
    // The title a conflict is shown with: the winner's, else the cached approval's, else its id.
    QString conflictTitle(const QString &approvalId, const QJsonObject &winner);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    // std:: rather than QHash: QSqlQuery is move-only (its copy is deprecated), and QHash copies on detach.
    std::unordered_map<QString, QSqlQuery> m_statements;
};

} // namespace countersign::client
