#include "SqliteStore.h"

#include "sql/SqliteMigrations.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace countersign::server {

namespace {

// Version 1 of the schema. Later versions add a step to `migrate()`, never edit this one.
const char *const SchemaV1[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "INSERT INTO meta (key, value) VALUES ('seq', '0')",
    "CREATE TABLE approvals ("
    " id TEXT PRIMARY KEY, source TEXT NOT NULL, task_id TEXT NOT NULL, status TEXT NOT NULL,"
    " route TEXT NOT NULL, priority TEXT NOT NULL, version INTEGER NOT NULL, seq INTEGER NOT NULL,"
    " created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, expires_at INTEGER,"
    " body_hash BLOB NOT NULL, doc TEXT NOT NULL, UNIQUE (source, task_id))",
    "CREATE INDEX approvals_by_seq ON approvals (seq)",
    "CREATE INDEX approvals_by_status_route ON approvals (status, route)",
    "CREATE INDEX approvals_pending_deadline ON approvals (expires_at) WHERE status = 'pending'",
    "CREATE TABLE events ("
    " seq INTEGER PRIMARY KEY, approval_id TEXT, at INTEGER NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, version INTEGER NOT NULL, details TEXT NOT NULL, ip TEXT,"
    " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
    "CREATE INDEX events_by_approval ON events (approval_id, seq)",
    "CREATE TABLE deliveries ("
    " id TEXT PRIMARY KEY, approval_id TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL,"
    " body BLOB NOT NULL, attempts INTEGER NOT NULL, created_at INTEGER NOT NULL,"
    " next_attempt_at INTEGER NOT NULL, state TEXT NOT NULL, last_error TEXT)",
    "CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending'",
};


// Version 2: approvers, their sessions, and the answers to decisions (for idempotent request_ids).
const char *const SchemaV2[] = {
    "CREATE TABLE users ("
    " username TEXT PRIMARY KEY, display_name TEXT NOT NULL, email TEXT NOT NULL, roles TEXT NOT NULL,"
    " password_hash TEXT NOT NULL, salt TEXT NOT NULL, iterations INTEGER NOT NULL,"
    " disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL)",
    "CREATE TABLE tokens ("
    " token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, created_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX tokens_by_user ON tokens (username)",
    // The audit log is append-only for every client of this file; a tamperer must drop these first, and
    // `countersignd audit verify` still finds what was changed.
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TABLE decide_requests ("
    " username TEXT NOT NULL, request_id TEXT NOT NULL, response TEXT NOT NULL, created_at INTEGER NOT NULL,"
    " PRIMARY KEY (username, request_id))",
};

// Version 3: policies. Escalation's named assignees and the SLA reminder deadline of an approval, and
// notifications (email, Slack) sharing the outbox with callbacks.
const char *const SchemaV3[] = {
    "ALTER TABLE approvals ADD COLUMN assignees TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE approvals ADD COLUMN remind_at INTEGER",
    "CREATE INDEX approvals_pending_reminder ON approvals (remind_at) WHERE status = 'pending'",
    "ALTER TABLE deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'callback'",
    "DROP INDEX deliveries_due",
    "CREATE INDEX deliveries_due ON deliveries (kind, next_attempt_at) WHERE state = 'pending'",
    "CREATE INDEX events_by_action ON events (action, at)",
};

// Version 4: the database's identity, made once with it. Clients cache per server address; a different id
// under the same address tells them the database was replaced (docs/protocol.md, welcome). countersignd
// migrate copies the source's row over the target's, so a migrated database keeps its identity.
// An id already there (a database that was at this version once) is kept.
const char *const SchemaV4[] = {
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('database_id', lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-'"
    " || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))))",
};

} // namespace

SqliteStore::SqliteStore(Options options)
    : SqlStore(options.connectionName, Dialect{"instr(%1, %2) > 0", "json_extract(%1, '$.%2')", "%1 IN (SELECT value FROM json_each(%2))"})
    , m_options(std::move(options))
{
}

SqliteStore::~SqliteStore()
{
    close();
}

void SqliteStore::open()
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_options.path);
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!m_db.open())
        throw StoreError(QString(QStringLiteral("cannot open database ") + m_options.path + QStringLiteral(": ") + m_db.lastError().text()).toStdString());
    QSqlQuery wal(m_db);
    if (!wal.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !wal.next()
        || wal.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        throw StoreError("the database could not be switched to WAL mode");
    wal.finish();
    exec(m_options.fullSync ? QStringLiteral("PRAGMA synchronous=FULL") : QStringLiteral("PRAGMA synchronous=NORMAL"));
    exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    // A 64 MiB page cache keeps the indexes' hot pages in memory. With a background checkpointer the
    // writer's own auto-checkpoint is only a backstop (at ~400 MiB of WAL), else SQLite's default.
    exec(QStringLiteral("PRAGMA cache_size=-65536"));
    exec(m_options.backgroundCheckpoints ? QStringLiteral("PRAGMA wal_autocheckpoint=100000")
                                         : QStringLiteral("PRAGMA wal_autocheckpoint=1000"));
    migrate();
    readSeenSeq();
}

int SqliteStore::schemaVersion()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        throw StoreError(QString(QStringLiteral("reading the schema version: ") + q.lastError().text()).toStdString());
    return q.value(0).toInt();
}

void SqliteStore::migrate()
{
    const QString failed = sql::migrate(m_db, {{1, SchemaV1}, {2, SchemaV2}, {3, SchemaV3}, {4, SchemaV4}}, [](int found, int supported) {
        return QStringLiteral("the database has schema version %1, newer than this countersignd (%2)").arg(found).arg(supported);
    });
    if (!failed.isEmpty())
        throw StoreError(failed.toStdString());
}

void SqliteStore::beginLocked()
{
    exec(QStringLiteral("BEGIN IMMEDIATE"));
}

} // namespace countersign::server
