#include "LocalStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QSet>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

#include <functional>
#include <stdexcept>

Q_LOGGING_CATEGORY(lcLocalStore, "countersign.client.store")

namespace countersign::client {

namespace {

struct SqlFailure : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

void run(QSqlQuery &q, const char *what)
{
    if (!q.exec())
        throw SqlFailure(std::string(what) + ": " + q.lastError().text().toStdString());
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

// Version 2: the offered outcome an approver chose (a CrewAI flow's emit) goes with the decision.
const char *const SchemaV2[] = {
    "ALTER TABLE outbox ADD COLUMN outcome TEXT NOT NULL DEFAULT ''",
};

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

OutboxEntry entryFromJson(const QJsonObject &o)
{
    OutboxEntry e;
    e.requestId = o.value(QLatin1String("request_id")).toString();
    e.approvalId = o.value(QLatin1String("approval_id")).toString();
    if (o.value(QLatin1String("version")).isDouble())
        e.version = o.value(QLatin1String("version")).toInt();
    e.decision = o.value(QLatin1String("decision")).toString();
    e.feedback = o.value(QLatin1String("feedback")).toString();
    e.output = o.value(QLatin1String("output"));
    e.outcome = o.value(QLatin1String("outcome")).toString();
    e.createdMs = o.value(QLatin1String("created_ms")).toInteger();
    return e;
}

constexpr const char *OutboxColumns = "position, request_id, approval_id, version, decision, feedback, output, created_at, outcome";

} // namespace

QJsonObject OutboxEntry::toFrame() const
{
    QJsonObject f{{QStringLiteral("type"), QStringLiteral("decide")},
                  {QStringLiteral("request_id"), requestId},
                  {QStringLiteral("approval_id"), approvalId},
                  {QStringLiteral("decision"), decision},
                  {QStringLiteral("feedback"), feedback}};
    if (version)
        f.insert(QStringLiteral("version"), *version);
    if (!output.isUndefined() && !output.isNull())
        f.insert(QStringLiteral("output"), output);
    if (!outcome.isEmpty())
        f.insert(QStringLiteral("outcome"), outcome);
    return f;
}

QJsonObject OutboxEntry::toJson() const
{
    QJsonObject o = toFrame();
    o.remove(QStringLiteral("type"));
    o.insert(QStringLiteral("created_ms"), createdMs);
    return o;
}

LocalStore::LocalStore(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_connectionName(QStringLiteral("countersign-local-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

LocalStore::~LocalStore()
{
    m_statements.clear();  // before the connection goes
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QString LocalStore::defaultPath(const QUrl &server, const QString &username)
{
    const QByteArray key = server.adjusted(QUrl::StripTrailingSlash).toString().toUtf8() + '\n' + username.toUtf8();
    const QString name = QStringLiteral("cache-%1.db")
                             .arg(QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16)));
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(name);
}

void LocalStore::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        throw SqlFailure(sql.toStdString() + ": " + q.lastError().text().toStdString());
}

bool LocalStore::open(QString *error)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(m_path);
    if (!m_db.open()) {
        *error = QStringLiteral("cannot open the local cache %1: %2").arg(m_path, m_db.lastError().text());
        return false;
    }
    try {
        exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        exec(QStringLiteral("PRAGMA synchronous=NORMAL"));  // survives the app being killed; the server has the truth
        migrate();
        QSqlQuery q(m_db);
        if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'last_seq'")) && q.next())
            m_lastSeq = q.value(0).toLongLong();
    } catch (const SqlFailure &e) {
        *error = QStringLiteral("the local cache %1 cannot be used: %2").arg(m_path, QString::fromStdString(e.what()));
        return false;
    }
    return true;
}

void LocalStore::migrate()
{
    exec(QStringLiteral("BEGIN IMMEDIATE"));
    try {
        QSqlQuery q(m_db);
        q.exec(QStringLiteral("PRAGMA user_version"));
        const int from = q.next() ? q.value(0).toInt() : 0;
        q.finish();
        if (from > SchemaVersion)
            throw SqlFailure("the cache was written by a newer version of the app");
        if (from < 1) {
            for (const char *sql : SchemaV1)
                exec(QString::fromLatin1(sql));
        }
        if (from < 2) {
            for (const char *sql : SchemaV2)
                exec(QString::fromLatin1(sql));
        }
        exec(QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion));
        exec(QStringLiteral("COMMIT"));
    } catch (...) {
        QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
        throw;
    }
}

bool LocalStore::transaction(const std::function<void()> &body)
{
    if (!m_db.transaction()) {
        qCWarning(lcLocalStore) << "cannot start a transaction:" << m_db.lastError().text();
        return false;
    }
    try {
        body();
    } catch (const SqlFailure &e) {
        m_db.rollback();
        qCWarning(lcLocalStore) << "local cache change rolled back:" << e.what();
        return false;
    }
    if (!m_db.commit()) {
        qCWarning(lcLocalStore) << "cannot commit to the local cache:" << m_db.lastError().text();
        m_db.rollback();
        return false;
    }
    return true;
}

bool LocalStore::upsert(const QJsonObject &approval, ApprovalSummary *summary)
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

QSqlQuery &LocalStore::statement(const QString &sql)
{
    // Prepared once per connection: a sync or a flush runs the same few statements thousands of times.
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        it = m_statements.insert(sql, QSqlQuery(m_db));
        if (!it->prepare(sql))
            throw SqlFailure("preparing " + sql.toStdString() + ": " + it->lastError().text().toStdString());
    }
    return *it;
}

void LocalStore::applyApprovals(const QList<QJsonObject> &approvals, std::optional<qint64> seenUpTo)
{
    QList<ApprovalSummary> changed;
    qint64 last = m_lastSeq;
    const bool ok = transaction([&] {
        for (const QJsonObject &a : approvals) {
            ApprovalSummary s;
            if (upsert(a, &s))
                changed.append(s);
            last = std::max(last, s.seq);
        }
        if (seenUpTo)
            last = std::max(last, *seenUpTo);
        storeLastSeq(last);
    });
    if (!ok)
        return;
    m_lastSeq = last;
    if (!changed.isEmpty())
        Q_EMIT approvalsChanged(changed);
}

void LocalStore::withdraw(const QJsonObject &frame)
{
    const QString id = frame.value(QLatin1String("approval_id")).toString();
    const qint64 seq = frame.value(QLatin1String("seq")).toInteger();
    std::optional<QJsonObject> cached = id.isEmpty() ? std::nullopt : approval(id);
    if (!cached || cached->value(QLatin1String("seq")).toInteger() >= seq)
        return;
    cached->insert(QStringLiteral("seq"), seq);
    cached->insert(QStringLiteral("route"), frame.value(QLatin1String("route")));
    cached->insert(QStringLiteral("withdrawn"), QJsonObject{{QStringLiteral("reason"), frame.value(QLatin1String("reason"))},
                                                           {QStringLiteral("route"), frame.value(QLatin1String("route"))},
                                                           {QStringLiteral("at"), frame.value(QLatin1String("at"))}});
    // The last seq seen does not move: during a sync these frames come before changes with lower seqs.
    QList<ApprovalSummary> changed;
    const bool ok = transaction([&] {
        ApprovalSummary s;
        if (upsert(*cached, &s))
            changed.append(s);
    });
    if (ok && !changed.isEmpty())
        Q_EMIT approvalsChanged(changed);
}

void LocalStore::storeLastSeq(qint64 last)
{
    if (last == m_lastSeq)
        return;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES ('last_seq', ?)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    q.addBindValue(QString::number(last));
    run(q, "storing the last seq");
}

QList<ApprovalSummary> LocalStore::summaries() const
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

std::optional<QJsonObject> LocalStore::approval(const QString &id) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT doc FROM approvals WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return QJsonDocument::fromJson(q.value(0).toByteArray()).object();
}

OutboxEntry LocalStore::enqueue(const QString &approvalId, std::optional<int> version, const QString &decision,
                                const QString &feedback, const QJsonValue &output, qint64 nowMs, const QString &outcome)
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
    const bool ok = transaction([&] {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO outbox (request_id, approval_id, version, decision, feedback, output, created_at, outcome)"
                                 " VALUES (?,?,?,?,?,?,?,?)"));
        q.addBindValue(e.requestId);
        q.addBindValue(text(e.approvalId));
        q.addBindValue(e.version ? QVariant(*e.version) : QVariant());
        q.addBindValue(text(e.decision));
        q.addBindValue(text(e.feedback));
        q.addBindValue(QString::fromUtf8(compact(e.output)));
        q.addBindValue(e.createdMs);
        q.addBindValue(text(e.outcome));
        run(q, "queuing a decision");
        e.position = q.lastInsertId().toLongLong();
    });
    if (!ok)
        return {};
    Q_EMIT outboxChanged();
    return e;
}

QList<OutboxEntry> LocalStore::outbox() const
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("SELECT %1 FROM outbox ORDER BY position").arg(QString::fromLatin1(OutboxColumns)));
    QList<OutboxEntry> list;
    while (q.next())
        list.append(entryFrom(q));
    return list;
}

QList<OutboxEntry> LocalStore::outboxAfter(qint64 afterPosition, int limit) const
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM outbox WHERE position > ? ORDER BY position LIMIT ?").arg(QString::fromLatin1(OutboxColumns)));
    q.addBindValue(afterPosition);
    q.addBindValue(limit);
    q.exec();
    QList<OutboxEntry> list;
    while (q.next())
        list.append(entryFrom(q));
    return list;
}

int LocalStore::outboxSize() const
{
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM outbox")) && q.next() ? q.value(0).toInt() : 0;
}

QSet<QString> LocalStore::queuedApprovalIds() const
{
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("SELECT DISTINCT approval_id FROM outbox"));
    QSet<QString> ids;
    while (q.next())
        ids.insert(q.value(0).toString());
    return ids;
}

std::optional<OutboxEntry> LocalStore::takeEntry(const QString &requestId)
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

void LocalStore::complete(const QList<Ack> &acks, const QList<QJsonObject> &approvals)
{
    QList<ApprovalSummary> changed;
    bool taken = false;
    qint64 last = m_lastSeq;
    auto store = [&](const QJsonObject &approval) {
        ApprovalSummary s;
        if (!approval.isEmpty() && upsert(approval, &s))
            changed.append(s);
        return s.seq;
    };
    const bool ok = transaction([&] {
        for (const Ack &ack : acks) {
            taken = takeEntry(ack.requestId).has_value() || taken;
            // An ack can overtake pushes of earlier changes, so it does not move the last seq seen.
            store(ack.approval);
        }
        for (const QJsonObject &approval : approvals)
            last = std::max(last, store(approval));
        storeLastSeq(last);
    });
    if (!ok)
        return;
    m_lastSeq = last;
    if (taken)
        Q_EMIT outboxChanged();
    if (!changed.isEmpty())
        Q_EMIT approvalsChanged(changed);
}

void LocalStore::fail(const QString &requestId, const QString &code, const QString &message, const QJsonObject &current,
                      qint64 nowMs)
{
    QList<ApprovalSummary> changed;
    bool recorded = false;
    const bool ok = transaction([&] {
        const std::optional<OutboxEntry> entry = takeEntry(requestId);
        if (!entry)
            return;  // already handled (a repeated answer)
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO conflicts (request_id, approval_id, code, message, mine, winner, at)"
                                 " VALUES (?,?,?,?,?,?,?)"));
        q.addBindValue(requestId);
        q.addBindValue(entry->approvalId);
        q.addBindValue(text(code));
        q.addBindValue(text(message));
        q.addBindValue(QString::fromUtf8(compact(entry->toJson())));
        q.addBindValue(current.isEmpty() ? QVariant() : QVariant(QString::fromUtf8(compact(current))));
        q.addBindValue(nowMs);
        run(q, "recording a conflict");
        recorded = true;
        ApprovalSummary s;
        if (!current.isEmpty() && upsert(current, &s))
            changed.append(s);
    });
    if (!ok)
        return;
    if (recorded) {
        Q_EMIT outboxChanged();
        Q_EMIT conflictsChanged();
    }
    if (!changed.isEmpty())
        Q_EMIT approvalsChanged(changed);
}

QList<ConflictRecord> LocalStore::conflicts() const
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
        c.mine = entryFromJson(QJsonDocument::fromJson(q.value(4).toByteArray()).object());
        c.winner = QJsonDocument::fromJson(q.value(5).toByteArray()).object();
        c.atMs = q.value(6).toLongLong();
        list.append(c);
    }
    return list;
}

void LocalStore::dismissConflict(const QString &requestId)
{
    const bool ok = transaction([&] {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("UPDATE conflicts SET dismissed = 1 WHERE request_id = ?"));
        q.addBindValue(requestId);
        run(q, "dismissing a conflict");
    });
    if (ok)
        Q_EMIT conflictsChanged();
}

} // namespace countersign::client
