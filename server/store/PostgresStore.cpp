#include "PostgresStore.h"

#include "PostgresConnection.h"

#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <span>

Q_LOGGING_CATEGORY(lcPostgres, "countersign.server.store.postgres")

namespace countersign::server {

namespace {

// Arbitrary, fixed key of the lock under which one node migrates while the others starting beside it wait
// (the writer lock is PostgresStore::WriterLock).
constexpr qint64 MigrateLock = 0x43534e4d49475241;  // "CSNMIGRA"

[[noreturn]] void fail(const QString &what, const QSqlError &e)
{
    throw StoreError(QString(what + QStringLiteral(": ") + e.text()).toStdString());
}

// The same versions as the SQLite schema (SqliteStore.cpp), in PostgreSQL's types: times are
// milliseconds since the epoch (BIGINT), documents and details are the same compact JSON text.
const char *const SchemaV1[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "INSERT INTO meta (key, value) VALUES ('seq', '0')",
    "CREATE TABLE approvals ("
    " id TEXT PRIMARY KEY, source TEXT NOT NULL, task_id TEXT NOT NULL, status TEXT NOT NULL,"
    " route TEXT NOT NULL, priority TEXT NOT NULL, version INTEGER NOT NULL, seq BIGINT NOT NULL,"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, expires_at BIGINT,"
    " body_hash BYTEA NOT NULL, doc TEXT NOT NULL, UNIQUE (source, task_id))",
    "CREATE INDEX approvals_by_seq ON approvals (seq)",
    "CREATE INDEX approvals_by_status_route ON approvals (status, route)",
    "CREATE INDEX approvals_pending_deadline ON approvals (expires_at) WHERE status = 'pending'",
    "CREATE TABLE events ("
    " seq BIGINT PRIMARY KEY, approval_id TEXT, at BIGINT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, version INTEGER NOT NULL, details TEXT NOT NULL, ip TEXT,"
    " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
    "CREATE INDEX events_by_approval ON events (approval_id, seq)",
    "CREATE TABLE deliveries ("
    " id TEXT PRIMARY KEY, approval_id TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL,"
    " body BYTEA NOT NULL, attempts INTEGER NOT NULL, created_at BIGINT NOT NULL,"
    " next_attempt_at BIGINT NOT NULL, state TEXT NOT NULL, last_error TEXT)",
    "CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'pending'",
};

const char *const SchemaV2[] = {
    "CREATE TABLE users ("
    " username TEXT PRIMARY KEY, display_name TEXT NOT NULL, email TEXT NOT NULL, roles TEXT NOT NULL,"
    " password_hash TEXT NOT NULL, salt TEXT NOT NULL, iterations INTEGER NOT NULL,"
    " disabled INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL)",
    "CREATE TABLE tokens ("
    " token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, created_at BIGINT NOT NULL,"
    " expires_at BIGINT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)",
    "CREATE INDEX tokens_by_user ON tokens (username)",
    // The audit log is append-only for every client of the database (TRUNCATE included); a tamperer must
    // drop these first, and `countersignd audit verify` still finds what was changed.
    "CREATE FUNCTION countersign_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS"
    " $$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events"
    " FOR EACH ROW EXECUTE FUNCTION countersign_audit_append_only()",
    "CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events"
    " FOR EACH STATEMENT EXECUTE FUNCTION countersign_audit_append_only()",
    "CREATE TABLE decide_requests ("
    " username TEXT NOT NULL, request_id TEXT NOT NULL, response TEXT NOT NULL, created_at BIGINT NOT NULL,"
    " PRIMARY KEY (username, request_id))",
};

const char *const SchemaV3[] = {
    "ALTER TABLE approvals ADD COLUMN assignees TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE approvals ADD COLUMN remind_at BIGINT",
    "CREATE INDEX approvals_pending_reminder ON approvals (remind_at) WHERE status = 'pending'",
    "ALTER TABLE deliveries ADD COLUMN kind TEXT NOT NULL DEFAULT 'callback'",
    "DROP INDEX deliveries_due",
    "CREATE INDEX deliveries_due ON deliveries (kind, next_attempt_at) WHERE state = 'pending'",
    "CREATE INDEX events_by_action ON events (action, at)",
};

// Version 4: the database's identity (see SqliteStore.cpp); gen_random_uuid() is built in since PostgreSQL 13.
const char *const SchemaV4[] = {
    "INSERT INTO meta (key, value) VALUES ('database_id', gen_random_uuid()::text) ON CONFLICT (key) DO NOTHING",
};

struct Step
{
    int version;
    std::span<const char *const> statements;
};
const Step Steps[] = {{1, SchemaV1}, {2, SchemaV2}, {3, SchemaV3}, {4, SchemaV4}};

} // namespace

// inJsonArray: `= ANY(ARRAY(...))` builds the array once and looks each id up in events_by_approval; the
// plainer `IN (SELECT jsonb_array_elements_text(...))` was planned as a scan of the whole events table
// (0.4 ms per approval read at 4,000 approvals, and growing with the table).
PostgresStore::PostgresStore(Options options)
    : SqlStore(options.connectionName,
               Dialect{"strpos(%1, %2) > 0", "(CAST(%1 AS jsonb) ->> '%2')", "%1 = ANY(ARRAY(SELECT jsonb_array_elements_text(CAST(%2 AS jsonb))))"})
    , m_options(std::move(options))
{
}

PostgresStore::~PostgresStore()
{
    close();
}

void PostgresStore::connect()
{
    if (!m_db.isValid()) {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        const QString refused = postgres::configure(m_db, m_options.url);
        if (!refused.isEmpty())
            throw StoreError(refused.toStdString());
    }
    if (!m_db.open())
        fail(QStringLiteral("cannot connect to PostgreSQL (%1)").arg(postgres::masked(m_options.url)), m_db.lastError());
    // Notices ("relation already exists, skipping") would go to stderr unformatted; warnings still come as errors.
    exec(QStringLiteral("SET client_min_messages = warning"));
    // A node that stops mid-batch (paused, cut off) must not hold the writer lock until TCP gives up: the
    // server ends its transaction after this much silence, and the other nodes' batches go on.
    exec(QStringLiteral("SET idle_in_transaction_session_timeout = '15s'"));
}

void PostgresStore::limitLockWaits()
{
    // A batch that cannot get the writer lock in time fails (503, retried by the agent) instead of hanging.
    exec(QStringLiteral("SET lock_timeout = '20s'"));
}

void PostgresStore::open()
{
    connect();
    migrate();  // waits as long as another node's migration takes
    limitLockWaits();
    readSeenSeq();
}

int PostgresStore::schemaVersion()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT version FROM schema_version")))
        fail(QStringLiteral("reading the schema version"), q.lastError());
    return q.next() ? q.value(0).toInt() : 0;
}

void PostgresStore::migrate()
{
    // Nodes starting together queue here; the first migrates, the others then find the schema current.
    exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(MigrateLock));
    auto unlock = qScopeGuard([this] { QSqlQuery(m_db).exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(MigrateLock)); });
    exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    const int found = schemaVersion();
    if (found > SchemaVersion)
        throw StoreError(QStringLiteral("the database has schema version %1, newer than this countersignd (%2)")
                             .arg(found).arg(SchemaVersion).toStdString());
    for (const Step &step : Steps) {
        if (step.version <= found)
            continue;
        // One transaction per version: a failed step leaves the database at the version before it.
        exec(QStringLiteral("BEGIN"));
        try {
            for (const char *statement : step.statements)
                exec(QString::fromLatin1(statement));
            exec(step.version == 1 ? QStringLiteral("INSERT INTO schema_version (version) VALUES (1)")
                                   : QStringLiteral("UPDATE schema_version SET version = %1").arg(step.version));
            exec(QStringLiteral("COMMIT"));
        } catch (const StoreError &e) {
            QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
            throw StoreError(QStringLiteral("migrating the database to schema version %1: %2")
                                 .arg(step.version).arg(QString::fromUtf8(e.what())).toStdString());
        }
        qCInfo(lcPostgres) << "database schema migrated to version" << step.version;
    }
}

void PostgresStore::beginLocked()
{
    QSqlQuery begin(m_db);
    // READ COMMITTED whatever the server's default: each statement after the lock must see what the batch
    // before it committed (a REPEATABLE READ snapshot would be taken before the lock is granted).
    if (!m_db.isOpen() || !begin.exec(QStringLiteral("BEGIN ISOLATION LEVEL READ COMMITTED"))) {
        // Nothing of the batch ran yet, so one new connection and a second try are safe.
        if (m_db.isOpen())
            qCWarning(lcPostgres).noquote() << "the database connection was lost; connecting again:"
                                            << begin.lastError().text().trimmed();
        forgetPrepared();
        m_db.close();
        connect();
        limitLockWaits();
        qCInfo(lcPostgres) << "connected to the database again";
        exec(QStringLiteral("BEGIN ISOLATION LEVEL READ COMMITTED"));
    }
    exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(WriterLock));
}

void PostgresStore::beforeCommit(qint64 seq)
{
    // Delivered to every listening node when (and only if) this transaction commits.
    QSqlQuery &q = prepared("notify", QStringLiteral("SELECT pg_notify('%1', :seq)").arg(QLatin1String(ChangeChannel)));
    q.bindValue(QStringLiteral(":seq"), QString::number(seq));
    if (!q.exec())
        fail(QStringLiteral("announcing the change"), q.lastError());
    q.finish();
}

} // namespace countersign::server
