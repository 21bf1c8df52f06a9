#pragma once

#include "config/Config.h"

#include <QString>

#include <memory>

namespace countersign::server {

class Store;

// Where the SQLite database lives in a data directory.
QString sqlitePath(const Config &config);

// Whether several nodes may share the configured database (PostgreSQL): then changes of other nodes are
// listened for and outbox messages are claimed with a lease.
bool isSharedDatabase(const Config &config);

// The database the configuration names, for messages: the SQLite file, or the PostgreSQL connection string
// with its password masked.
QString databaseName(const Config &config);

// A store (not yet open) on the configured database. `backgroundCheckpoints`: a SqliteCheckpointer will run
// beside it (the server), so SQLite's own checkpoints are only a backstop.
std::unique_ptr<Store> makeStore(const Config &config, bool backgroundCheckpoints);

} // namespace countersign::server
