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
        // libpq's message quotes the part it could not read, which may be the password: not repeated here.
        *error = message ? QStringLiteral("libpq cannot parse it; check its quoting and that a % in a password is written %25")
                         : QStringLiteral("out of memory");
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
    QStringList given;
    for (const PQconninfoOption *o = options.get(); o->keyword; ++o) {
        if (!o->val)
            continue;
        const QString key = QString::fromLatin1(o->keyword);
        const QString value = QString::fromUtf8(o->val);
        given.append(key);
        // QPSQL joins the options it is given with ';' and then turns every ';' into a space.
        if (value.contains(u';'))
            return QStringLiteral("the PostgreSQL connection string's \"%1\" contains ';', which the Qt driver cannot pass on").arg(key);
        if (key == QLatin1String("dbname"))
            db.setDatabaseName(value);
        else if (key == QLatin1String("user"))
            db.setUserName(value);
        else if (key == QLatin1String("password"))
            db.setPassword(value);
        else  // host and port too: as options they keep libpq's lists of several hosts ("h1,h2") intact
            extra.append(key + u'=' + quoted(value));
    }
    // Without a timeout, an unreachable host holds the store thread (and /readyz) for minutes; without
    // keepalives, a peer gone silent (a network cut) is noticed only after TCP's two hours.
    const std::pair<const char *, const char *> defaults[] = {
        {"connect_timeout", "5"}, {"keepalives_idle", "10"}, {"keepalives_interval", "5"}, {"keepalives_count", "3"}};
    for (const auto &[key, value] : defaults) {
        if (!given.contains(QLatin1String(key)))
            extra.append(QLatin1String(key) + u'=' + QLatin1String(value));
    }
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
                         + (qstrcmp(o->keyword, "password") == 0 || qstrcmp(o->keyword, "sslpassword") == 0
                                ? QStringLiteral("***")
                                : quoted(QString::fromUtf8(o->val))));
    }
    return pairs.join(u' ');
}

} // namespace countersign::server::postgres
