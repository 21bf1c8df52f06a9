#include "PostgresConnection.h"

#include <QSqlDatabase>
#include <QStringList>

#include <libpq-fe.h>

#include <memory>

namespace countersign::server::postgres {

namespace {

struct OptionsDeleter
{
    void operator()(PQconninfoOption *o) const { PQconninfoFree(o); }
};
using Options = std::unique_ptr<PQconninfoOption, OptionsDeleter>;

Options parse(const QString &connectionString, QString *error)
{
    char *message = nullptr;
    Options options(PQconninfoParse(connectionString.toUtf8().constData(), &message));
    if (!options) {
        *error = message ? QString::fromUtf8(message).trimmed() : QStringLiteral("out of memory");
        PQfreemem(message);
    }
    return options;
}

// A value in libpq's key=value syntax: quoted, with quotes and backslashes escaped.
QString quoted(const QString &value)
{
    QString v = value;
    v.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
    return u'\'' + v + u'\'';
}

} // namespace

QString configure(QSqlDatabase &db, const QString &connectionString)
{
    QString error;
    const Options options = parse(connectionString, &error);
    if (!options)
        return QStringLiteral("the PostgreSQL connection string is not valid: %1").arg(error);
    QStringList extra;
    bool timeoutGiven = false;
    for (const PQconninfoOption *o = options.get(); o->keyword; ++o) {
        if (!o->val)
            continue;
        const QString key = QString::fromLatin1(o->keyword);
        const QString value = QString::fromUtf8(o->val);
        if (key == QLatin1String("host"))
            db.setHostName(value);
        else if (key == QLatin1String("port"))
            db.setPort(value.toInt());
        else if (key == QLatin1String("dbname"))
            db.setDatabaseName(value);
        else if (key == QLatin1String("user"))
            db.setUserName(value);
        else if (key == QLatin1String("password"))
            db.setPassword(value);
        else
            extra.append(key + u'=' + quoted(value));
        timeoutGiven = timeoutGiven || key == QLatin1String("connect_timeout");
    }
    // Without a timeout, an unreachable host holds the store thread (and /readyz) for minutes.
    if (!timeoutGiven)
        extra.append(QStringLiteral("connect_timeout=5"));
    db.setConnectOptions(extra.join(u';'));
    return {};
}

QString masked(const QString &connectionString)
{
    QString error;
    const Options options = parse(connectionString, &error);
    if (!options)
        return QStringLiteral("(a connection string that does not parse)");
    QStringList pairs;
    for (const PQconninfoOption *o = options.get(); o->keyword; ++o) {
        if (o->val)
            pairs.append(QString::fromLatin1(o->keyword) + u'='
                         + (qstrcmp(o->keyword, "password") == 0 ? QStringLiteral("***") : quoted(QString::fromUtf8(o->val))));
    }
    return pairs.join(u' ');
}

} // namespace countersign::server::postgres
