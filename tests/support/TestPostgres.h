#pragma once

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace countersign::server {
class Store;
}

namespace countersign::test {

// Names the unix-socket directory of the PostgreSQL cluster CTest started for the whole run (the `postgres`
// fixture, tests/support/postgres-fixture.sh). Unset when a test binary is run by hand: then the first test
// that needs PostgreSQL starts a cluster of its own for the process, stopped at exit.
inline constexpr char PostgresSocketVariable[] = "COUNTERSIGN_TEST_POSTGRES_SOCKET";
// COUNTERSIGN_TEST_DATABASE=postgres makes every TestServer keep its state in PostgreSQL instead of SQLite.
inline constexpr char DatabaseVariable[] = "COUNTERSIGN_TEST_DATABASE";

// Whether the servers of this run keep their state in PostgreSQL (COUNTERSIGN_TEST_DATABASE=postgres).
bool serversUsePostgres();

// The socket directory of the tests' PostgreSQL 15. Throws std::runtime_error with the server's log when it
// cannot be started: a test that needs PostgreSQL fails, it is never skipped.
QString postgresSocketDir();

// A new, empty database of its own on that server, as a libpq URL:
// postgresql://countersign@/t_<unique>?host=<socket dir>. Throws like postgresSocketDir().
QString freshPostgresDatabase();

// An open QPSQL connection named `connectionName` to the database of `url` (one made by freshPostgresDatabase).
// Throws when it cannot connect. The caller closes it and removes the connection.
QSqlDatabase connectPostgres(const QString &connectionName, const QString &url);

// The PostgreSQL store on the database of `url`, not opened; null while this tree has no PostgresStore.
std::unique_ptr<server::Store> makePostgresStore(const QString &url);

} // namespace countersign::test
