#pragma once

#include "SqlStore.h"

namespace countersign::server {

// SQLite in WAL mode, one connection owned by the thread that calls open(). Safe against a second process
// writing the same file: `BEGIN IMMEDIATE` is the writer lock under which each batch re-reads seq and the chain.
class SqliteStore final : public SqlStore
{
public:
    struct Options
    {
        QString path;
        bool fullSync = true;  // PRAGMA synchronous=FULL: durable across power loss, not just a crash
        QString connectionName;
        bool backgroundCheckpoints = false;  // a SqliteCheckpointer runs beside this connection
    };
    explicit SqliteStore(Options options);
    ~SqliteStore() override;

    static constexpr int SchemaVersion = 4;

    void open() override;
    int schemaVersion();

protected:
    void beginLocked() override;

private:
    void migrate();

    Options m_options;
};

} // namespace countersign::server
