#include "SqliteMigrations.h"

#include <QSqlError>
#include <QSqlQuery>

namespace countersign::sql {

namespace {

// The statement that failed and why, or empty.
QString run(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    return q.exec(sql) ? QString() : sql + QStringLiteral(": ") + q.lastError().text();
}

QString applySteps(QSqlDatabase &db, std::initializer_list<SchemaStep> steps,
                   const std::function<QString(int, int)> &tooNew)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return QStringLiteral("reading the schema version: ") + q.lastError().text();
    const int from = q.value(0).toInt();
    q.finish();
    const int to = steps.size() == 0 ? 0 : std::data(steps)[steps.size() - 1].version;
    if (from > to)
        return tooNew(from, to);
    for (const SchemaStep &step : steps) {
        if (step.version <= from)
            continue;
        for (const char *statement : step.statements) {
            if (QString failed = run(db, QString::fromLatin1(statement)); !failed.isEmpty())
                return failed;
        }
    }
    return run(db, QStringLiteral("PRAGMA user_version=%1").arg(to));
}

} // namespace

QString migrate(QSqlDatabase &db, std::initializer_list<SchemaStep> steps,
                const std::function<QString(int found, int supported)> &tooNew)
{
    // IMMEDIATE: a second process opening the same file at once waits instead of migrating beside it.
    if (QString failed = run(db, QStringLiteral("BEGIN IMMEDIATE")); !failed.isEmpty())
        return failed;
    QString failed = applySteps(db, steps, tooNew);
    if (failed.isEmpty())
        failed = run(db, QStringLiteral("COMMIT"));
    if (!failed.isEmpty())
        run(db, QStringLiteral("ROLLBACK"));
    return failed;
}

} // namespace countersign::sql
