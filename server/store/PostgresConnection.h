#pragma once

#include <QString>

class QSqlDatabase;

namespace countersign::server::postgres {

// Points `db` (a QPSQL connection, not yet open) at the server a libpq connection string names: a URL
// ("postgresql://user:secret@host:5432/db?host=/run/postgresql&sslmode=require") or key=value pairs
// ("host=/run/postgresql dbname=countersign user=countersign"). libpq itself parses it, so every form and
// option it documents works; the options Qt has no setter for go through the connect options.
// Returns an empty string, or why the string was refused.
QString configure(QSqlDatabase &db, const QString &connectionString);

// The connection string with its password replaced by "***": what a log line or an error message may show.
QString masked(const QString &connectionString);

} // namespace countersign::server::postgres
