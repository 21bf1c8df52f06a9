#include "AdminCommands.h"
#include "AdminContext.h"
#include "AuditVerify.h"

#include "store/DataDirectory.h"
#include "store/OpenStore.h"
#include "store/PostgresConnection.h"
#include "store/PostgresStore.h"

#include <QLocale>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <cstdio>

namespace countersign::server {

namespace {

constexpr const char *Cmd = "migrate";

// Every table of the schema, parents first. meta holds the newest seq; the target's own row is replaced.
const char *const Tables[] = {"meta", "users", "tokens", "approvals", "events", "deliveries", "decide_requests"};
// The tables that must be empty in the target: anything in them means it already serves (or served) someone.
const char *const MustBeEmpty[] = {"approvals", "events", "deliveries", "users", "tokens", "decide_requests"};

// A raw connection beside the stores: the copy moves rows as they are, column by column, so that the audit
// chain's stored hashes, the body hashes and the documents arrive byte for byte.
class Connection
{
public:
    Connection(const QString &driver, const QString &name)
        : m_name(name)
    {
        m_db = QSqlDatabase::addDatabase(driver, name);
    }
    ~Connection()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

qint64 count(QSqlDatabase &db, const QString &table)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) || !q.next())
        throw StoreError(QString(QStringLiteral("counting ") + table + QStringLiteral(": ") + q.lastError().text()).toStdString());
    return q.value(0).toLongLong();
}

// What the target already holds ("3 approvals, 1 users"), empty when nothing; tables it lacks hold nothing.
QStringList occupied(QSqlDatabase &db)
{
    QStringList found;
    for (const char *table : MustBeEmpty) {
        QSqlQuery exists(db);
        if (!exists.exec(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(QLatin1String(table))) || !exists.next())
            throw StoreError(QString(QStringLiteral("reading the target's tables: ") + exists.lastError().text()).toStdString());
        if (!exists.value(0).toBool())
            continue;
        if (const qint64 n = count(db, QString::fromLatin1(table)))
            found.append(QStringLiteral("%1 %2").arg(n).arg(QLatin1String(table)));
    }
    return found;
}

void progress(const QString &table, qint64 done, qint64 total)
{
    std::fprintf(stderr, "\rcopying %s: %s of %s", qUtf8Printable(table), qUtf8Printable(QLocale::system().toString(done)),
                 qUtf8Printable(QLocale::system().toString(total)));
    if (done == total)
        std::fputc('\n', stderr);
    std::fflush(stderr);
}

// Copies one table's rows, in the source's order; returns how many.
qint64 copyTable(QSqlDatabase &from, QSqlDatabase &to, const QString &table)
{
    const qint64 total = count(from, table);
    QSqlQuery read(from);
    read.setForwardOnly(true);
    if (!read.exec(QStringLiteral("SELECT * FROM %1 ORDER BY rowid").arg(table)))
        throw StoreError(QString(QStringLiteral("reading ") + table + QStringLiteral(": ") + read.lastError().text()).toStdString());
    const QSqlRecord columns = read.record();
    QStringList names, placeholders;
    for (int i = 0; i < columns.count(); ++i) {
        names.append(columns.fieldName(i));
        placeholders.append(QStringLiteral(":c%1").arg(i));
    }
    QString statement = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(table, names.join(QStringLiteral(", ")),
                                                                            placeholders.join(QStringLiteral(", ")));
    if (table == QLatin1String("meta"))
        statement += QStringLiteral(" ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    QSqlQuery write(to);
    if (!write.prepare(statement))
        throw StoreError(QString(QStringLiteral("preparing the copy of ") + table + QStringLiteral(": ") + write.lastError().text()).toStdString());
    qint64 done = 0;
    progress(table, 0, total);
    while (read.next()) {
        for (int i = 0; i < columns.count(); ++i)
            write.bindValue(i, read.value(i));
        if (!write.exec())
            throw StoreError(QString(QStringLiteral("copying a row of ") + table + QStringLiteral(": ") + write.lastError().text()).toStdString());
        if (++done % 1000 == 0 || done == total)
            progress(table, done, total);
    }
    if (done != total)
        progress(table, done, done);
    return done;
}

} // namespace

int runMigrateCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Moves a single node's SQLite database into an empty PostgreSQL database, so that several nodes can serve it:\n"
        "  countersignd migrate --to \"postgresql://USER@HOST/DB\" --config FILE\n"
        "Copies approvals, the audit log with its hash chain, users, tokens, deliveries and decision answers in one\n"
        "transaction (all or nothing), then checks the audit chain on the copy. Stop countersignd first: the data\n"
        "directory must not be in use. The target must be empty (its schema is created if missing). Then set\n"
        "\"database\": {\"driver\": \"postgres\", \"url\": ...} in the configuration of every node.\n"
        "Exit codes: 0 copied and verified, 1 the copy failed (the target is left as it was), 2 usage, a running\n"
        "server, or a target that is not empty, 4 the copy's audit chain does not verify."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("migrate"), QStringLiteral("The command."));
    addAdminOptions(p);
    p.addOption({QStringLiteral("to"), QStringLiteral("The PostgreSQL database: a libpq URL or key=value string."), QStringLiteral("URL")});
    if (const auto done = parseAdmin(p, args, Cmd))
        return *done;
    if (!p.isSet(QStringLiteral("to")))
        return adminFail(Cmd, 2, QStringLiteral("--to URL is required (a PostgreSQL connection string; see --help)"));
    const QString url = p.value(QStringLiteral("to"));
    auto ctx = openAdmin(p, Cmd);
    if (!ctx)
        return 2;
    if (isSharedDatabase(ctx->config))
        return adminFail(Cmd, 2, QStringLiteral("the configuration's database is PostgreSQL already; migrate copies a SQLite database"));
    // A server still writing would leave out what it accepts after the copy began.
    DataDirectory dir(ctx->config.dataDir);
    QString lockError;
    if (!dir.lock(&lockError))
        return adminFail(Cmd, 2, QStringLiteral("stop countersignd first: %1").arg(lockError));

    try {
        // A chain broken already would arrive broken: say so before anything is copied.
        qint64 sourceEntries = 0;
        if (const std::optional<QString> broken = findBrokenAuditEntry(*ctx->store, &sourceEntries))
            return adminFail(Cmd, 4, QStringLiteral("the SQLite database's own audit log does not verify, nothing was copied: %1").arg(*broken));
        Connection from(QStringLiteral("QSQLITE"), QStringLiteral("countersign-migrate-from"));
        from.db().setDatabaseName(sqlitePath(ctx->config));
        from.db().setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        Connection to(QStringLiteral("QPSQL"), QStringLiteral("countersign-migrate-to"));
        const QString refused = postgres::configure(to.db(), url);
        if (!refused.isEmpty())
            return adminFail(Cmd, 2, refused);
        if (!from.db().open())
            return adminFail(Cmd, 1, QStringLiteral("cannot open %1: %2").arg(sqlitePath(ctx->config), from.db().lastError().text()));
        if (!to.db().open())
            return adminFail(Cmd, 1, QStringLiteral("cannot connect to %1: %2").arg(postgres::masked(url), to.db().lastError().text()));

        const auto refuseOccupied = [&](const QStringList &found) {
            return adminFail(Cmd, 2, QStringLiteral("the target database is not empty (%1): migrate only into an empty database")
                                         .arg(found.join(QStringLiteral(", "))));
        };
        // Checked before the schema is made, so that a wrong database is left exactly as it was.
        if (const QStringList found = occupied(to.db()); !found.isEmpty())
            return refuseOccupied(found);
        {
            PostgresStore target({url, QString()});
            target.open();  // creates the schema in the empty database
        }

        QSqlQuery snapshot(from.db());
        if (!snapshot.exec(QStringLiteral("BEGIN")))  // one consistent snapshot of the source
            return adminFail(Cmd, 1, QStringLiteral("reading %1: %2").arg(sqlitePath(ctx->config), snapshot.lastError().text()));
        QSqlQuery begin(to.db());
        if (!begin.exec(QStringLiteral("BEGIN ISOLATION LEVEL READ COMMITTED"))
            || !begin.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(PostgresStore::WriterLock)))
            return adminFail(Cmd, 1, begin.lastError().text());
        // Under the nodes' writer lock: a node started on the target meanwhile cannot write between check and copy.
        if (const QStringList found = occupied(to.db()); !found.isEmpty()) {
            QSqlQuery(to.db()).exec(QStringLiteral("ROLLBACK"));
            return refuseOccupied(found);
        }
        QStringList copied;
        try {
            for (const char *table : Tables) {
                const qint64 n = copyTable(from.db(), to.db(), QString::fromLatin1(table));
                if (qstrcmp(table, "meta") != 0)
                    copied.append(QStringLiteral("%1 %2").arg(n).arg(QLatin1String(table)));
            }
            QSqlQuery commit(to.db());
            if (!commit.exec(QStringLiteral("COMMIT")))
                throw StoreError(QString(QStringLiteral("committing the copy: ") + commit.lastError().text()).toStdString());
        } catch (const StoreError &) {
            QSqlQuery(to.db()).exec(QStringLiteral("ROLLBACK"));
            throw;
        }

        PostgresStore copy({url, QString()});
        copy.open();
        qint64 entries = 0;
        copy.beginBatch();
        const std::optional<QString> broken = findBrokenAuditEntry(copy, &entries);
        copy.rollbackBatch();
        if (broken || entries != sourceEntries)
            return adminFail(Cmd, 4, QStringLiteral("the copy does not verify (%1); drop the target database before trying again")
                                         .arg(broken.value_or(QStringLiteral("%1 audit entries instead of %2").arg(entries).arg(sourceEntries))));
        std::printf("copied %s into %s; audit chain intact (%lld entries)\n", qUtf8Printable(copied.join(QStringLiteral(", "))),
                    qUtf8Printable(postgres::masked(url)), entries);
    } catch (const StoreError &e) {
        return adminFail(Cmd, 1, QString::fromStdString(e.what()));
    }
    return 0;
}

} // namespace countersign::server
