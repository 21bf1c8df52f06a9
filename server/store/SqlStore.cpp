#include "SqlStore.h"

#include "AuditChain.h"
#include "protocol/ApprovalJson.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <unordered_map>

namespace countersign::server {

namespace {

QString sqlError(const QSqlError &e) { return e.text(); }

[[noreturn]] void fail(const QString &what, const QSqlError &e)
{
    throw StoreError(QString(what + QStringLiteral(": ") + sqlError(e)).toStdString());
}

void run(QSqlQuery &q, const char *what)
{
    if (!q.exec())
        fail(QString::fromLatin1(what), q.lastError());
}

// A statement that does not compile (a dropped table, a typo) is an error naming the statement, not a
// silent no-op that fails later with a vaguer message.
void prepareOrFail(QSqlQuery &q, const QString &sql)
{
    if (!q.prepare(sql))
        fail(QStringLiteral("preparing \"%1\"").arg(sql.simplified()), q.lastError());
}

// Parameters are bound by name (":id"), so adding a column to a statement cannot shift the others.
void bind(QSqlQuery &q, const char *name, const QVariant &value)
{
    q.bindValue(QLatin1String(name), value);
}

// Named parameters of a statement built at run time (IN lists, optional filters).
using Binds = QList<std::pair<QString, QVariant>>;

void bindAll(QSqlQuery &q, const Binds &binds)
{
    for (const auto &[name, value] : binds)
        q.bindValue(name, value);
}

QByteArray compact(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QJsonObject parseObject(const QByteArray &bytes) { return QJsonDocument::fromJson(bytes).object(); }

// The approval as stored: everything but its history, which lives in the events table.
QByteArray approvalDocument(const Approval &a)
{
    QJsonObject o = json::toJson(a, json::View::Agent);
    o.remove(QStringLiteral("history"));
    return compact(o);
}

QString deliveryState(Delivery::State s)
{
    switch (s) {
    case Delivery::State::Pending: return QStringLiteral("pending");
    case Delivery::State::Delivered: return QStringLiteral("delivered");
    case Delivery::State::Abandoned: return QStringLiteral("abandoned");
    }
    return {};
}

Delivery::State deliveryStateFrom(const QString &s)
{
    if (s == QLatin1String("delivered"))
        return Delivery::State::Delivered;
    if (s == QLatin1String("abandoned"))
        return Delivery::State::Abandoned;
    return Delivery::State::Pending;
}

// ",alice,bob," so that one user is found by a substring match on ',alice,'.
QString assigneeColumn(const QStringList &assignees)
{
    return assignees.isEmpty() ? QStringLiteral("") : u',' + assignees.join(u',') + u',';  // not null: NOT NULL column
}

QVariant msOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(t.toMSecsSinceEpoch()) : QVariant();
}

// The single time (ms) a MIN() query answered, if any.
std::optional<qint64> firstTime(QSqlQuery &q)
{
    std::optional<qint64> t;
    if (q.next() && !q.value(0).isNull())
        t = q.value(0).toLongLong();
    q.finish();
    return t;
}

QStringList rolesFrom(const QByteArray &json)
{
    QStringList roles;
    for (const QJsonValue &r : QJsonDocument::fromJson(json).array())
        roles.append(r.toString());
    return roles;
}

// The columns eventFrom() reads, in its order: every query that reads events selects these first.
#define EVENT_COLUMNS "seq, at, actor, action, approval_id, version, details, ip"
constexpr int EventColumnCount = 8;

// The one place an events row becomes an Event (history, audit log).
Event eventFrom(const QSqlQuery &q)
{
    Event e;
    e.seq = q.value(0).toLongLong();
    e.at = QDateTime::fromMSecsSinceEpoch(q.value(1).toLongLong(), Qt::UTC);
    e.actor = q.value(2).toString();
    e.action = q.value(3).toString();
    e.approvalId = q.value(4).toString();
    e.version = q.value(5).toInt();
    e.details = parseObject(q.value(6).toByteArray());
    e.ip = q.value(7).toString();
    return e;
}

#define USER_COLUMNS "username, display_name, email, roles, password_hash, salt, iterations, disabled, created_at"

User userFrom(const QSqlQuery &q)
{
    return User{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                rolesFrom(q.value(3).toByteArray()), q.value(4).toByteArray(), q.value(5).toByteArray(),
                q.value(6).toInt(), q.value(7).toBool(),
                QDateTime::fromMSecsSinceEpoch(q.value(8).toLongLong(), Qt::UTC)};
}

// ":route0, :route1, :route2" for an IN list, each name bound to its value.
QString inList(const QString &prefix, const QStringList &values, Binds *binds)
{
    QStringList names;
    for (qsizetype i = 0; i < values.size(); ++i) {
        names.append(u':' + prefix + QString::number(i));
        binds->append({names.last(), values.at(i)});
    }
    return names.join(QStringLiteral(", "));
}

} // namespace

struct SqlStore::Prepared
{
    std::unordered_map<std::string, QSqlQuery> queries;
};

SqlStore::SqlStore(QString connectionName, Dialect dialect)
    : m_connectionName(std::move(connectionName))
    , m_dialect(dialect)
    , m_prepared(std::make_unique<Prepared>())
{
    if (m_connectionName.isEmpty())
        m_connectionName = QStringLiteral("countersign-store-%1").arg(reinterpret_cast<quintptr>(this));
}

SqlStore::~SqlStore() = default;  // a subclass closes: its connection must go while it still exists

QString SqlStore::sql(const char *pattern, const QString &a, const QString &b) const
{
    const QString p = QString::fromLatin1(pattern);
    return b.isNull() ? p.arg(a) : p.arg(a, b);
}

// " AND (route IN (...) OR <assignees contains ,user,>)", or nothing for those who see everything.
QString SqlStore::visibilityClause(const Visibility &visible, Binds *binds) const
{
    if (visible.all)
        return {};
    QStringList terms;
    if (!visible.routes.isEmpty())
        terms.append(QStringLiteral("route IN (%1)").arg(inList(QStringLiteral("visible_route"), visible.routes, binds)));
    if (!visible.username.isEmpty()) {
        terms.append(sql(m_dialect.contains, QStringLiteral("assignees"), QStringLiteral(":visible_user")));
        binds->append({QStringLiteral(":visible_user"), QString(u',' + visible.username + u',')});
    }
    if (terms.isEmpty())
        return QStringLiteral(" AND 1 = 0");
    return QStringLiteral(" AND (%1)").arg(terms.join(QStringLiteral(" OR ")));
}

void SqlStore::exec(const QString &statement)
{
    QSqlQuery q(m_db);
    if (!q.exec(statement))
        fail(statement.left(60), q.lastError());
}

void SqlStore::close()
{
    forgetPrepared();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

void SqlStore::forgetPrepared()
{
    m_prepared->queries.clear();
}

bool SqlStore::isReachable()
{
    QSqlQuery q(m_db);
    return m_db.isOpen() && q.exec(QStringLiteral("SELECT 1")) && q.next();
}

void SqlStore::readSeenSeq()
{
    QSqlQuery seq(m_db);
    if (seq.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'seq'")) && seq.next())
        m_seenSeq = seq.value(0).toLongLong();
}

QString SqlStore::databaseId()
{
    QSqlQuery &q = prepared("databaseid", QStringLiteral("SELECT value FROM meta WHERE key = 'database_id'"));
    run(q, "reading the database id");
    const QString id = q.next() ? q.value(0).toString() : QString();
    q.finish();
    return id;
}

QSqlQuery &SqlStore::prepared(const char *key, const QString &statement)
{
    auto it = m_prepared->queries.find(key);
    if (it == m_prepared->queries.end()) {
        QSqlQuery q(m_db);
        prepareOrFail(q, statement);
        it = m_prepared->queries.emplace(key, std::move(q)).first;
    }
    return it->second;
}

void SqlStore::beginBatch()
{
    m_seenBeforeBatch = m_seenSeq;
    beginLocked();
    // Re-read under the write lock: another process (an admin command, another node) may have written since.
    QSqlQuery &seq = prepared("seq", QStringLiteral("SELECT value FROM meta WHERE key = 'seq'"));
    run(seq, "reading seq");
    m_seqAtBatch = seq.next() ? seq.value(0).toLongLong() : 0;
    seq.finish();
    m_seq = m_seqAtBatch;
    if (m_seqAtBatch > m_seenSeq) {
        {
            QSqlQuery &changed = prepared("changed", QStringLiteral("SELECT doc FROM approvals WHERE seq > :seq ORDER BY seq"));
            bind(changed, ":seq", m_seenSeq);
            run(changed, "reading changes made elsewhere");
            while (changed.next())
                m_external.append(json::approvalFromJson(parseObject(changed.value(0).toByteArray())));
            changed.finish();
        }
        m_seenSeq = m_seqAtBatch;
    }
    QSqlQuery &hash = prepared("lasthash", QStringLiteral("SELECT hash FROM events ORDER BY seq DESC LIMIT 1"));
    run(hash, "reading the audit chain");
    m_lastHash = hash.next() ? hash.value(0).toByteArray() : audit::GenesisHash;
    hash.finish();
}

void SqlStore::commitBatch()
{
    if (m_seq != m_seqAtBatch) {
        QSqlQuery &q = prepared("setseq", QStringLiteral("UPDATE meta SET value = :seq WHERE key = 'seq'"));
        bind(q, ":seq", QString::number(m_seq));
        run(q, "storing seq");
        beforeCommit(m_seq);
    }
    exec(QStringLiteral("COMMIT"));
    m_seenSeq = std::max(m_seenSeq, m_seq);
}

void SqlStore::rollbackBatch()
{
    QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    // What this batch read of other connections' changes was never announced: read it again next time.
    m_seenSeq = m_seenBeforeBatch;
    m_external.clear();
}

void SqlStore::beginJob()
{
    m_jobStart = {m_seq, m_lastHash};
    exec(QStringLiteral("SAVEPOINT job"));
}

void SqlStore::endJob(bool keep)
{
    if (keep) {
        exec(QStringLiteral("RELEASE SAVEPOINT job"));
        return;
    }
    exec(QStringLiteral("ROLLBACK TO SAVEPOINT job"));
    exec(QStringLiteral("RELEASE SAVEPOINT job"));
    m_seq = m_jobStart.seq;
    m_lastHash = m_jobStart.hash;
}

std::optional<StoredApproval> SqlStore::readApproval(QSqlQuery &q)
{
    run(q, "reading an approval");
    std::optional<StoredApproval> result;
    if (q.next()) {
        result = StoredApproval{json::approvalFromJson(parseObject(q.value(0).toByteArray())), q.value(1).toByteArray()};
    }
    q.finish();
    return result;
}

std::optional<StoredApproval> SqlStore::findByTask(const QString &source, const QString &taskId)
{
    QSqlQuery &q = prepared("bytask", QStringLiteral("SELECT doc, body_hash FROM approvals WHERE source = :source AND task_id = :task_id"));
    bind(q, ":source", source);
    bind(q, ":task_id", taskId);
    return readApproval(q);
}

std::optional<StoredApproval> SqlStore::findById(const QString &id)
{
    QSqlQuery &q = prepared("byid", QStringLiteral("SELECT doc, body_hash FROM approvals WHERE id = :id"));
    bind(q, ":id", id);
    return readApproval(q);
}

void SqlStore::insertApproval(const Approval &a, const QByteArray &bodyHash)
{
    QSqlQuery &q = prepared("insert", QStringLiteral(
        "INSERT INTO approvals (id, source, task_id, status, route, priority, version, seq, created_at,"
        " updated_at, expires_at, body_hash, doc, assignees, remind_at) VALUES (:id, :source, :task_id, :status,"
        " :route, :priority, :version, :seq, :created_at, :updated_at, :expires_at, :body_hash, :doc, :assignees,"
        " :remind_at)"));
    bind(q, ":id", a.id);
    bind(q, ":source", a.source);
    bind(q, ":task_id", a.taskId);
    bind(q, ":status", toString(a.status));
    bind(q, ":route", a.route);
    bind(q, ":priority", toString(a.priority));
    bind(q, ":version", a.version);
    bind(q, ":seq", a.seq);
    bind(q, ":created_at", a.createdAt.toMSecsSinceEpoch());
    bind(q, ":updated_at", a.updatedAt.toMSecsSinceEpoch());
    bind(q, ":expires_at", msOrNull(a.expiresAt));
    bind(q, ":body_hash", bodyHash);
    bind(q, ":doc", QString::fromUtf8(approvalDocument(a)));
    bind(q, ":assignees", assigneeColumn(a.assignees));
    bind(q, ":remind_at", msOrNull(a.remindAt));
    run(q, "storing an approval");
}

void SqlStore::updateApproval(const Approval &a)
{
    QSqlQuery &q = prepared("update", QStringLiteral(
        "UPDATE approvals SET status = :status, route = :route, priority = :priority, version = :version,"
        " seq = :seq, updated_at = :updated_at, expires_at = :expires_at, doc = :doc, assignees = :assignees,"
        " remind_at = :remind_at WHERE id = :id"));
    bind(q, ":status", toString(a.status));
    bind(q, ":route", a.route);
    bind(q, ":priority", toString(a.priority));
    bind(q, ":version", a.version);
    bind(q, ":seq", a.seq);
    bind(q, ":updated_at", a.updatedAt.toMSecsSinceEpoch());
    bind(q, ":expires_at", msOrNull(a.expiresAt));
    bind(q, ":doc", QString::fromUtf8(approvalDocument(a)));
    bind(q, ":assignees", assigneeColumn(a.assignees));
    bind(q, ":remind_at", msOrNull(a.remindAt));
    bind(q, ":id", a.id);
    run(q, "updating an approval");
    if (q.numRowsAffected() != 1)
        throw StoreError("updating an approval that is not stored");
}

void SqlStore::appendEvent(Event &e)
{
    e.seq = ++m_seq;
    const QByteArray details = compact(e.details);
    const QByteArray hash = audit::entryHash(m_lastHash, e);
    QSqlQuery &q = prepared("event", QStringLiteral(
        "INSERT INTO events (seq, approval_id, at, actor, action, version, details, ip, prev_hash, hash)"
        " VALUES (:seq, :approval_id, :at, :actor, :action, :version, :details, :ip, :prev_hash, :hash)"));
    bind(q, ":seq", e.seq);
    bind(q, ":approval_id", e.approvalId.isEmpty() ? QVariant() : QVariant(e.approvalId));
    bind(q, ":at", e.at.toMSecsSinceEpoch());
    bind(q, ":actor", e.actor);
    bind(q, ":action", e.action);
    bind(q, ":version", e.version);
    bind(q, ":details", QString::fromUtf8(details));
    bind(q, ":ip", e.ip.isEmpty() ? QVariant() : QVariant(e.ip));
    bind(q, ":prev_hash", QString::fromLatin1(m_lastHash));
    bind(q, ":hash", QString::fromLatin1(hash));
    run(q, "appending an event");
    m_lastHash = hash;
}

QList<Event> SqlStore::eventsFor(const QString &approvalId)
{
    return eventsForAll({approvalId}).value(approvalId);
}

QHash<QString, QList<Event>> SqlStore::eventsForAll(const QStringList &approvalIds)
{
    QHash<QString, QList<Event>> history;
    if (approvalIds.isEmpty())
        return history;
    // One query for any number of approvals: the ids travel as one JSON array, so the statement is prepared
    // once and no list of placeholders can outgrow SQLite's limit.
    QSqlQuery &q = prepared("events", QStringLiteral(
        "SELECT " EVENT_COLUMNS " FROM events WHERE %1 ORDER BY seq").arg(sql(m_dialect.inJsonArray, QStringLiteral("approval_id"), QStringLiteral(":ids"))));
    bind(q, ":ids", QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(approvalIds)).toJson(QJsonDocument::Compact)));
    run(q, "reading history");
    while (q.next()) {
        Event e = eventFrom(q);
        history[e.approvalId].append(std::move(e));
    }
    q.finish();
    return history;
}

void SqlStore::insertDelivery(const Delivery &d)
{
    QSqlQuery &q = prepared("dins", QStringLiteral(
        "INSERT INTO deliveries (id, approval_id, source, url, body, attempts, created_at, next_attempt_at,"
        " state, last_error, kind) VALUES (:id, :approval_id, :source, :url, :body, :attempts, :created_at,"
        " :next_attempt_at, :state, :last_error, :kind)"));
    bind(q, ":id", d.id);
    bind(q, ":approval_id", d.approvalId);
    bind(q, ":source", d.source);
    bind(q, ":url", d.url);
    bind(q, ":body", d.body);
    bind(q, ":attempts", d.attempts);
    bind(q, ":created_at", d.createdAtMs);
    bind(q, ":next_attempt_at", d.nextAttemptAtMs);
    bind(q, ":state", deliveryState(d.state));
    bind(q, ":last_error", d.lastError);
    bind(q, ":kind", d.kind);
    run(q, "storing an outbox message");
}

void SqlStore::updateDelivery(const Delivery &d)
{
    QSqlQuery &q = prepared("dupd", QStringLiteral(
        "UPDATE deliveries SET attempts = :attempts, next_attempt_at = :next_attempt_at, state = :state,"
        " last_error = :last_error WHERE id = :id"));
    bind(q, ":attempts", d.attempts);
    bind(q, ":next_attempt_at", d.nextAttemptAtMs);
    bind(q, ":state", deliveryState(d.state));
    bind(q, ":last_error", d.lastError);
    bind(q, ":id", d.id);
    run(q, "updating a callback delivery");
}

bool SqlStore::updateDeliveryIfStillOurs(const Delivery &d, std::optional<qint64> claimedUntilMs)
{
    QSqlQuery &q = prepared("dupdours", QStringLiteral(
        "UPDATE deliveries SET attempts = :attempts, next_attempt_at = :next_attempt_at, state = :state,"
        " last_error = :last_error WHERE id = :id AND state = 'pending' AND (:any = 1 OR next_attempt_at = :claimed)"));
    bind(q, ":attempts", d.attempts);
    bind(q, ":next_attempt_at", d.nextAttemptAtMs);
    bind(q, ":state", deliveryState(d.state));
    bind(q, ":last_error", d.lastError);
    bind(q, ":id", d.id);
    bind(q, ":any", claimedUntilMs ? 0 : 1);
    bind(q, ":claimed", claimedUntilMs.value_or(0));
    run(q, "recording a delivery attempt");
    return q.numRowsAffected() == 1;
}

QList<Delivery> SqlStore::dueDeliveries(qint64 nowMs, const QStringList &kinds, int limit, const QStringList &exclude)
{
    Binds binds;
    const QString kindList = inList(QStringLiteral("kind"), kinds, &binds);
    binds.append({QStringLiteral(":now"), nowMs});
    binds.append({QStringLiteral(":limit"), limit + exclude.size()});
    QSqlQuery q(m_db);
    prepareOrFail(q, QStringLiteral(
        "SELECT id, approval_id, source, url, body, attempts, created_at, next_attempt_at, state, last_error, kind"
        " FROM deliveries WHERE state = 'pending' AND kind IN (%1) AND next_attempt_at <= :now"
        " ORDER BY next_attempt_at LIMIT :limit").arg(kindList));
    bindAll(q, binds);
    run(q, "reading due callbacks");
    QList<Delivery> due;
    while (q.next() && due.size() < limit) {
        Delivery d;
        d.id = q.value(0).toString();
        if (exclude.contains(d.id))
            continue;
        d.approvalId = q.value(1).toString();
        d.source = q.value(2).toString();
        d.url = q.value(3).toString();
        d.body = q.value(4).toByteArray();
        d.attempts = q.value(5).toInt();
        d.createdAtMs = q.value(6).toLongLong();
        d.nextAttemptAtMs = q.value(7).toLongLong();
        d.state = deliveryStateFrom(q.value(8).toString());
        d.lastError = q.value(9).toString();
        d.kind = q.value(10).toString();
        due.append(d);
    }
    q.finish();
    return due;
}

std::optional<qint64> SqlStore::nextDeliveryDueMs(const QStringList &kinds)
{
    Binds binds;
    const QString kindList = inList(QStringLiteral("kind"), kinds, &binds);
    QSqlQuery q(m_db);
    prepareOrFail(q, QStringLiteral("SELECT MIN(next_attempt_at) FROM deliveries WHERE state = 'pending' AND kind IN (%1)")
                         .arg(kindList));
    bindAll(q, binds);
    run(q, "reading the next outbox time");
    return firstTime(q);
}

QList<Approval> SqlStore::dueDeadlines(qint64 nowMs, int limit)
{
    QSqlQuery &q = prepared("deadlines", QStringLiteral(
        "SELECT doc FROM approvals WHERE status = 'pending' AND expires_at <= :now"
        " UNION SELECT doc FROM approvals WHERE status = 'pending' AND remind_at <= :now LIMIT :limit"));
    bind(q, ":now", nowMs);
    bind(q, ":limit", limit);
    run(q, "reading due deadlines");
    QList<Approval> due;
    while (q.next())
        due.append(json::approvalFromJson(parseObject(q.value(0).toByteArray())));
    q.finish();
    return due;
}

std::optional<qint64> SqlStore::nextDeadlineMs()
{
    QSqlQuery &q = prepared("nextdeadline", QStringLiteral(
        "SELECT MIN(t) FROM (SELECT MIN(expires_at) AS t FROM approvals WHERE status = 'pending'"
        " UNION ALL SELECT MIN(remind_at) FROM approvals WHERE status = 'pending') AS due"));
    run(q, "reading the next deadline");
    return firstTime(q);
}

QList<DecisionRecord> SqlStore::decisionsBetween(qint64 fromMs, qint64 toMs)
{
    // The round a decision closes began with the approval's `created` event (version 1) or the `revised`
    // event that made that version.
    QSqlQuery &q = prepared("decisions", QStringLiteral(
        "SELECT d.approval_id, a.route, d.action, %1, d.actor, d.version,"
        " (SELECT MAX(s.at) FROM events s WHERE s.approval_id = d.approval_id AND s.version = d.version"
        "   AND s.action IN ('created', 'revised')), d.at"
        " FROM events d JOIN approvals a ON a.id = d.approval_id"
        " WHERE d.action IN ('decided', 'expired') AND d.at >= :from AND d.at < :to ORDER BY d.seq")
        .arg(sql(m_dialect.jsonText, QStringLiteral("d.details"), QStringLiteral("decision"))));
    bind(q, ":from", fromMs);
    bind(q, ":to", toMs);
    run(q, "reading decisions for metrics");
    QList<DecisionRecord> list;
    while (q.next()) {
        DecisionRecord r;
        r.approvalId = q.value(0).toString();
        r.route = q.value(1).toString();
        r.action = q.value(2).toString();
        r.decision = r.action == QLatin1String("expired") ? QStringLiteral("expired") : q.value(3).toString();
        r.decidedBy = q.value(4).toString();
        r.version = q.value(5).toInt();
        r.decidedMs = q.value(7).toLongLong();
        r.startedMs = q.value(6).isNull() ? r.decidedMs : q.value(6).toLongLong();
        list.append(r);
    }
    q.finish();
    return list;
}

QList<RouteBacklog> SqlStore::backlog()
{
    QSqlQuery &q = prepared("backlog", QStringLiteral(
        "SELECT route, COUNT(*), MIN(created_at) FROM approvals WHERE status = 'pending' GROUP BY route ORDER BY route"));
    run(q, "reading the backlog");
    QList<RouteBacklog> list;
    while (q.next())
        list.append({q.value(0).toString(), q.value(1).toInt(), q.value(2).toLongLong()});
    q.finish();
    return list;
}

std::optional<User> SqlStore::findUser(const QString &username)
{
    QSqlQuery &q = prepared("user", QStringLiteral("SELECT " USER_COLUMNS " FROM users WHERE username = :username"));
    bind(q, ":username", username);
    run(q, "reading a user");
    std::optional<User> user;
    if (q.next())
        user = userFrom(q);
    q.finish();
    return user;
}

QList<User> SqlStore::users()
{
    QSqlQuery &q = prepared("users", QStringLiteral("SELECT " USER_COLUMNS " FROM users ORDER BY username"));
    run(q, "listing users");
    QList<User> list;
    while (q.next())
        list.append(userFrom(q));
    q.finish();
    return list;
}

void SqlStore::saveUser(const User &u)
{
    QSqlQuery &q = prepared("saveuser", QStringLiteral(
        "INSERT INTO users (username, display_name, email, roles, password_hash, salt, iterations, disabled, created_at)"
        " VALUES (:username, :display_name, :email, :roles, :password_hash, :salt, :iterations, :disabled, :created_at)"
        " ON CONFLICT (username) DO UPDATE SET display_name = excluded.display_name,"
        " email = excluded.email, roles = excluded.roles, password_hash = excluded.password_hash,"
        " salt = excluded.salt, iterations = excluded.iterations, disabled = excluded.disabled"));
    bind(q, ":username", u.username);
    bind(q, ":display_name", u.displayName);
    bind(q, ":email", u.email.isEmpty() ? QStringLiteral("") : u.email);  // empty, not NULL: the address is optional
    bind(q, ":roles", QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(u.roles)).toJson(QJsonDocument::Compact)));
    bind(q, ":password_hash", QString::fromLatin1(u.passwordHash));
    bind(q, ":salt", QString::fromLatin1(u.salt));
    bind(q, ":iterations", u.iterations);
    bind(q, ":disabled", u.disabled ? 1 : 0);
    bind(q, ":created_at", u.createdAt.toMSecsSinceEpoch());
    run(q, "storing a user");
}

void SqlStore::insertToken(const QByteArray &tokenHash, const QString &username, qint64 createdMs, qint64 expiresMs)
{
    QSqlQuery &q = prepared("tokenins", QStringLiteral(
        "INSERT INTO tokens (token_hash, username, created_at, expires_at)"
        " VALUES (:token_hash, :username, :created_at, :expires_at)"));
    bind(q, ":token_hash", QString::fromLatin1(tokenHash));
    bind(q, ":username", username);
    bind(q, ":created_at", createdMs);
    bind(q, ":expires_at", expiresMs);
    run(q, "storing a token");
}

std::optional<QString> SqlStore::tokenUser(const QByteArray &tokenHash, qint64 nowMs)
{
    QSqlQuery &q = prepared("tokenuser", QStringLiteral(
        "SELECT username FROM tokens WHERE token_hash = :token_hash AND revoked = 0 AND expires_at > :now"));
    bind(q, ":token_hash", QString::fromLatin1(tokenHash));
    bind(q, ":now", nowMs);
    run(q, "reading a token");
    std::optional<QString> user;
    if (q.next())
        user = q.value(0).toString();
    q.finish();
    return user;
}

void SqlStore::revokeToken(const QByteArray &tokenHash)
{
    QSqlQuery &q = prepared("revoke", QStringLiteral("UPDATE tokens SET revoked = 1 WHERE token_hash = :token_hash"));
    bind(q, ":token_hash", QString::fromLatin1(tokenHash));
    run(q, "revoking a token");
}

void SqlStore::revokeTokensOf(const QString &username)
{
    QSqlQuery &q = prepared("revokeall", QStringLiteral("UPDATE tokens SET revoked = 1 WHERE username = :username"));
    bind(q, ":username", username);
    run(q, "revoking tokens");
}

std::optional<QByteArray> SqlStore::decideResponse(const QString &username, const QString &requestId)
{
    QSqlQuery &q = prepared("decresp", QStringLiteral(
        "SELECT response FROM decide_requests WHERE username = :username AND request_id = :request_id"));
    bind(q, ":username", username);
    bind(q, ":request_id", requestId);
    run(q, "reading a decision answer");
    std::optional<QByteArray> response;
    if (q.next())
        response = q.value(0).toByteArray();
    q.finish();
    return response;
}

void SqlStore::storeDecideResponse(const QString &username, const QString &requestId, const QByteArray &response,
                                      qint64 nowMs)
{
    QSqlQuery &q = prepared("decstore", QStringLiteral(
        "INSERT INTO decide_requests (username, request_id, response, created_at)"
        " VALUES (:username, :request_id, :response, :created_at)"));
    bind(q, ":username", username);
    bind(q, ":request_id", requestId);
    bind(q, ":response", QString::fromUtf8(response));
    bind(q, ":created_at", nowMs);
    run(q, "storing a decision answer");
}

QList<Approval> SqlStore::queue(const QueueQuery &query)
{
    QString statement = QStringLiteral("SELECT doc FROM approvals WHERE 1 = 1");
    Binds binds;
    if (!query.statuses.isEmpty())
        statement += QStringLiteral(" AND status IN (%1)").arg(inList(QStringLiteral("status"), query.statuses, &binds));
    if (!query.routes.isEmpty())
        statement += QStringLiteral(" AND route IN (%1)").arg(inList(QStringLiteral("route"), query.routes, &binds));
    statement += visibilityClause(query.visible, &binds);
    // query.text is not matched here: the document holds what approvers must not find (masked values, an
    // integration's tokens). ApproverReads matches it over the redacted approver view.
    if (!query.text.isEmpty())
        throw StoreError("free-text search over the stored document is not offered: match the approver view");
    if (!query.agent.isEmpty()) {
        statement += QStringLiteral(" AND %1 = :agent").arg(sql(m_dialect.jsonText, QStringLiteral("doc"), QStringLiteral("agent")));
        binds.append({QStringLiteral(":agent"), query.agent});
    }
    if (!query.afterId.isEmpty()) {
        statement += QStringLiteral(" AND id > :after_id");
        binds.append({QStringLiteral(":after_id"), query.afterId});
    }
    statement += QStringLiteral(" ORDER BY id LIMIT :limit");
    binds.append({QStringLiteral(":limit"), query.limit});
    QSqlQuery q(m_db);
    prepareOrFail(q, statement);
    bindAll(q, binds);
    run(q, "reading the queue");
    QList<Approval> list;
    while (q.next())
        list.append(json::approvalFromJson(parseObject(q.value(0).toByteArray())));
    return list;
}

QList<Approval> SqlStore::changedSince(qint64 seq, qint64 upTo, const Visibility &visible, int limit)
{
    Binds binds{{QStringLiteral(":after"), seq}, {QStringLiteral(":up_to"), upTo}};
    QString statement = QStringLiteral("SELECT doc FROM approvals WHERE seq > :after AND seq <= :up_to");
    statement += visibilityClause(visible, &binds);
    statement += QStringLiteral(" ORDER BY seq LIMIT :limit");
    binds.append({QStringLiteral(":limit"), limit});
    QSqlQuery q(m_db);
    prepareOrFail(q, statement);
    bindAll(q, binds);
    run(q, "reading changes");
    return withHistory(q);
}

QList<Approval> SqlStore::withHistory(QSqlQuery &q)
{
    QList<Approval> list;
    QStringList ids;
    while (q.next()) {
        list.append(json::approvalFromJson(parseObject(q.value(0).toByteArray())));
        ids.append(list.last().id);
    }
    q.finish();
    // The histories of all of them in one query, not one query per approval.
    const QHash<QString, QList<Event>> history = eventsForAll(ids);
    for (Approval &a : list)
        a.history = history.value(a.id);
    return list;
}

QList<Approval> SqlStore::reroutedSince(qint64 seq, qint64 upTo, int limit)
{
    QSqlQuery &q = prepared("rerouted", QStringLiteral(
        "SELECT doc FROM approvals WHERE id IN (SELECT approval_id FROM events WHERE seq > :after AND seq <= :up_to"
        " AND (action = 'escalated' OR (action = 'routed' AND version > 1))) ORDER BY seq LIMIT :limit"));
    bind(q, ":after", seq);
    bind(q, ":up_to", upTo);
    bind(q, ":limit", limit);
    run(q, "reading re-routed approvals");
    return withHistory(q);
}

QList<AuditEntry> SqlStore::auditAfter(qint64 seq, int limit)
{
    QSqlQuery &q = prepared("audit", QStringLiteral(
        "SELECT " EVENT_COLUMNS ", prev_hash, hash FROM events WHERE seq > :after ORDER BY seq LIMIT :limit"));
    bind(q, ":after", seq);
    bind(q, ":limit", limit);
    run(q, "reading the audit log");
    QList<AuditEntry> entries;
    while (q.next()) {
        AuditEntry a;
        a.event = eventFrom(q);
        a.prevHash = q.value(EventColumnCount).toByteArray();
        a.hash = q.value(EventColumnCount + 1).toByteArray();
        entries.append(a);
    }
    q.finish();
    return entries;
}

QList<Approval> SqlStore::takeExternalChanges()
{
    return std::exchange(m_external, {});
}

} // namespace countersign::server
