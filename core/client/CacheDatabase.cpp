#include "CacheDatabase.h"

#include "sql/SqliteMigrations.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QUuid>

Q_LOGGING_CATEGORY(lcLocalStore, "countersign.client.store")

namespace countersign::client {

namespace {

void run(QSqlQuery &q, const char *what)
{
    if (!q.exec())
        throw CacheFailure(std::string(what) + ": " + q.lastError().text().toStdString());
}

QByteArray compact(const QJsonValue &v)
{
    if (v.isObject())
        return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    if (v.isArray())
        return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    if (v.isUndefined() || v.isNull())
        return {};
    // A string (an edited text output): wrapped, so every stored value is a JSON document.
    return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
}

QJsonValue parseValue(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    if (doc.isObject())
        return doc.object();
    const QJsonArray a = doc.array();
    return a.size() == 1 && !a.first().isObject() && !a.first().isArray() ? a.first() : QJsonValue(a);
}

// Qt binds a null QString as SQL NULL; the text columns are NOT NULL.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

const char *const SchemaV1[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE approvals ("
    " id TEXT PRIMARY KEY, seq INTEGER NOT NULL, title TEXT NOT NULL, agent TEXT NOT NULL, route TEXT NOT NULL,"
    " status TEXT NOT NULL, priority TEXT NOT NULL, version INTEGER NOT NULL, created_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL, search_text TEXT NOT NULL, doc TEXT NOT NULL)",
    "CREATE TABLE outbox ("
    " position INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL UNIQUE, approval_id TEXT NOT NULL,"
    " version INTEGER, decision TEXT NOT NULL, feedback TEXT NOT NULL, output TEXT, created_at INTEGER NOT NULL)",
    "CREATE TABLE conflicts ("
    " request_id TEXT PRIMARY KEY, approval_id TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,"
    " mine TEXT NOT NULL, winner TEXT, at INTEGER NOT NULL, dismissed INTEGER NOT NULL DEFAULT 0)",
};

// Version 2: the offered outcome an approver chose (a CrewAI flow's emit) goes with the decision.
const char *const SchemaV2[] = {
    "ALTER TABLE outbox ADD COLUMN outcome TEXT NOT NULL DEFAULT ''",
};

OutboxEntry entryFrom(const QSqlQuery &q)
{
    OutboxEntry e;
    e.position = q.value(0).toLongLong();
    e.requestId = q.value(1).toString();
    e.approvalId = q.value(2).toString();
    if (!q.value(3).isNull())
        e.version = q.value(3).toInt();
    e.decision = q.value(4).toString();
    e.feedback = q.value(5).toString();
    e.output = parseValue(q.value(6).toByteArray());
    e.createdMs = q.value(7).toLongLong();
    e.outcome = q.value(8).toString();
    return e;
}

constexpr const char *OutboxColumns = "position, request_id, approval_id, version, decision, feedback, output, created_at, outcome";

} // namespace

CacheDatabase::CacheDatabase(QString path)
    : m_path(std::move(path))
    , m_connectionName(QStringLiteral("countersign-local-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

CacheDatabase::~CacheDatabase()
{
    m_statements.clear();  // before the connection goes
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

void CacheDatabase::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        throw CacheFailure(sql.toStdString() + ": " + q.lastError().text().toStdString());
}

void CacheDatabase::open()
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    if (!m_db.open())
        throw CacheFailure(QStringLiteral("cannot open the local cache %1: %2").arg(m_path, m_db.lastError().text()).toStdString());
    try {
        exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        exec(QStringLiteral("PRAGMA synchronous=NORMAL"));  // survives the app being killed; the server has the truth
        const QString failed = sql::migrate(m_db, {{1, SchemaV1}, {2, SchemaV2}}, [](int, int) {
            return QStringLiteral("the cache was written by a newer version of the app");
        });
        if (!failed.isEmpty())
            throw CacheFailure(failed.toStdString());
    } catch (const CacheFailure &e) {
        throw CacheFailure(QStringLiteral("the local cache %1 cannot be used: %2").arg(m_path, QString::fromStdString(e.what())).toStdString());
    }
}

bool CacheDatabase::transaction(const std::function<void()> &body)
{
    // IMMEDIATE: the write lock first. When another process holds the file (a second instance, a backup), the
    // change waits for it (the busy timeout) on this thread instead of failing at its first write.
    try {
        exec(QStringLiteral("BEGIN IMMEDIATE"));
    } catch (const CacheFailure &e) {
        qCWarning(lcLocalStore) << "cannot start a transaction:" << e.what();
        return false;
    }
    try {
        body();
        exec(QStringLiteral("COMMIT"));
    } catch (const CacheFailure &e) {
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        qCWarning(lcLocalStore) << "local cache change rolled back:" << e.what();
        return false;
    }
    return true;
}

bool CacheDatabase::upsert(const QJsonObject &approval, ApprovalSummary *summary)
{
    *summary = ApprovalSummary::fromJson(approval);
    if (summary->id.isEmpty())
        return false;
    {
        // The same change often comes twice (the ack of a decision, then its push): keep the first.
        QSqlQuery &known = statement(QStringLiteral("SELECT seq FROM approvals WHERE id = ?"));
        known.bindValue(0, summary->id);
        run(known, "reading an approval's seq");
        const bool seen = known.next() && known.value(0).toLongLong() >= summary->seq;
        known.finish();
        if (seen)
            return false;
    }
    QSqlQuery &q = statement(QStringLiteral(
        "INSERT INTO approvals (id, seq, title, agent, route, status, priority, version, created_at, expires_at,"
        " search_text, doc) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
        " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, title = excluded.title, agent = excluded.agent,"
        " route = excluded.route, status = excluded.status, priority = excluded.priority, version = excluded.version,"
        " created_at = excluded.created_at, expires_at = excluded.expires_at, search_text = excluded.search_text,"
        " doc = excluded.doc WHERE excluded.seq > approvals.seq"));
    const QVariantList values{summary->id, summary->seq, text(summary->title), text(summary->agent),
                              text(summary->route), text(summary->status), text(summary->priority), summary->version,
                              summary->createdMs, summary->expiresMs, text(QString::fromUtf8(summary->searchText)),
                              QString::fromUtf8(compact(approval))};
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    run(q, "storing an approval");
    return q.numRowsAffected() > 0;
}

QSqlQuery &CacheDatabase::statement(const QString &sql)
{
    // Prepared once per connection: a sync or a flush runs the same few statements thousands of times.
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        it = m_statements.emplace(sql, QSqlQuery(m_db)).first;
        if (!it->second.prepare(sql))
            throw CacheFailure("preparing " + sql.toStdString() + ": " + it->second.lastError().text().toStdString());
    }
    return it->second;
}

void CacheDatabase::storeLastSeq(qint64 last)
{
    QSqlQuery &q = statement(QStringLiteral("INSERT INTO meta (key, value) VALUES ('last_seq', ?)"
                                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.bindValue(0, QString::number(last));
    run(q, "storing the last seq");
}

void CacheDatabase::storeDatabaseId(const QString &id)
{
    QSqlQuery &q = statement(QStringLiteral("INSERT INTO meta (key, value) VALUES ('database_id', ?)"
                                            " ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.bindValue(0, text(id));
    run(q, "storing the database id");
}

void CacheDatabase::deleteApprovals()
{
    exec(QStringLiteral("DELETE FROM approvals"));
}

QString CacheDatabase::databaseId()
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'database_id'")) && q.next())
        return q.value(0).toString();
    return {};
}

qint64 CacheDatabase::lastSeq()
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'last_seq'")) && q.next())
        return q.value(0).toLongLong();
    return 0;
}

QList<ApprovalSummary> CacheDatabase::summaries()
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.exec(QStringLiteral("SELECT id, title, agent, route, status, priority, version, seq, created_at, expires_at,"
                          " CAST(search_text AS BLOB) FROM approvals ORDER BY created_at, id"));
    QList<ApprovalSummary> list;
    while (q.next()) {
        ApprovalSummary s;
        s.id = q.value(0).toString();
        s.title = q.value(1).toString();
        s.agent = q.value(2).toString();
        s.route = q.value(3).toString();
        s.status = q.value(4).toString();
        s.priority = q.value(5).toString();
        s.priorityRank = client::priorityRank(s.priority);
        s.version = q.value(6).toInt();
        s.seq = q.value(7).toLongLong();
        s.createdMs = q.value(8).toLongLong();
        s.expiresMs = q.value(9).toLongLong();
        s.searchText = q.value(10).toByteArray();  // UTF-8 as stored, without a detour through UTF-16
        list.append(std::move(s));
    }
    return list;
}

std::optional<QJsonObject> CacheDatabase::approval(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT doc FROM approvals WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return QJsonDocument::fromJson(q.value(0).toByteArray()).object();
}

qint64 CacheDatabase::insertOutbox(const OutboxEntry &e)
{
    QSqlQuery &q = statement(QStringLiteral(
        "INSERT INTO outbox (request_id, approval_id, version, decision, feedback, output, created_at, outcome)"
        " VALUES (?,?,?,?,?,?,?,?)"));
    const QVariantList values{e.requestId, text(e.approvalId), e.version ? QVariant(*e.version) : QVariant(),
                              text(e.decision), text(e.feedback), QString::fromUtf8(compact(e.output)), e.createdMs,
                              text(e.outcome)};
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    run(q, "queuing a decision");
    return q.lastInsertId().toLongLong();
}

QList<OutboxEntry> CacheDatabase::outbox()
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("SELECT %1 FROM outbox ORDER BY position").arg(QString::fromLatin1(OutboxColumns)));
    QList<OutboxEntry> list;
    while (q.next())
        list.append(entryFrom(q));
    return list;
}

std::optional<OutboxEntry> CacheDatabase::takeEntry(const QString &requestId)
{
    QSqlQuery &q = statement(QStringLiteral("SELECT %1 FROM outbox WHERE request_id = ?").arg(QString::fromLatin1(OutboxColumns)));
    q.bindValue(0, requestId);
    run(q, "reading the outbox");
    if (!q.next()) {
        q.finish();
        return std::nullopt;
    }
    OutboxEntry e = entryFrom(q);
    q.finish();
    QSqlQuery &del = statement(QStringLiteral("DELETE FROM outbox WHERE request_id = ?"));
    del.bindValue(0, requestId);
    run(del, "removing a decision from the outbox");
    return e;
}

QString CacheDatabase::conflictTitle(const QString &approvalId, const QJsonObject &winner)
{
    if (winner.contains(QLatin1String("title")))
        return winner.value(QLatin1String("title")).toString();
    const std::optional<QJsonObject> cached = approval(approvalId);
    return cached ? cached->value(QLatin1String("title")).toString() : approvalId;
}

ConflictRecord CacheDatabase::insertConflict(const OutboxEntry &mine, const QString &code, const QString &message,
                                             const QJsonObject &current, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO conflicts (request_id, approval_id, code, message, mine, winner, at)"
                             " VALUES (?,?,?,?,?,?,?)"));
    q.addBindValue(mine.requestId);
    q.addBindValue(mine.approvalId);
    q.addBindValue(text(code));
    q.addBindValue(text(message));
    q.addBindValue(QString::fromUtf8(compact(mine.toJson())));
    q.addBindValue(current.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(compact(current))));
    q.addBindValue(nowMs);
    run(q, "recording a conflict");
    return ConflictRecord{mine.requestId, mine.approvalId, code, message, mine, current, nowMs,
                          conflictTitle(mine.approvalId, current)};
}

QList<ConflictRecord> CacheDatabase::conflicts()
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("SELECT request_id, approval_id, code, message, mine, winner, at FROM conflicts"
                          " WHERE dismissed = 0 ORDER BY at, request_id"));
    QList<ConflictRecord> list;
    while (q.next()) {
        ConflictRecord c;
        c.requestId = q.value(0).toString();
        c.approvalId = q.value(1).toString();
        c.code = q.value(2).toString();
        c.message = q.value(3).toString();
        c.mine = OutboxEntry::fromJson(QJsonDocument::fromJson(q.value(4).toByteArray()).object());
        c.winner = QJsonDocument::fromJson(q.value(5).toByteArray()).object();
        c.atMs = q.value(6).toLongLong();
        list.append(c);
    }
    for (ConflictRecord &c : list)
        c.title = conflictTitle(c.mine.approvalId, c.winner);
    return list;
}

void CacheDatabase::dismissConflict(const QString &requestId)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE conflicts SET dismissed = 1 WHERE request_id = ?"));
    q.addBindValue(requestId);
    run(q, "dismissing a conflict");
}

} // namespace countersign::client
