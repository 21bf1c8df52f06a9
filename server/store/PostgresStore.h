#pragma once

#include "SqlStore.h"

namespace countersign::server {

// PostgreSQL: the store of several countersignd nodes on one database. One connection per store (one store
// per thread). Batches of all nodes are serialized by one transaction-level advisory lock, taken as each batch
// begins: under it a batch re-reads seq and the audit chain's last hash, so every node appends to one chain in
// order, a decision or a deadline sees what another node committed, and exactly one of two racing decisions
// wins. Each committed change is announced with NOTIFY (channel ChangeChannel, payload the newest seq).
// A lost connection (a restarted server) is opened again when the next batch begins.
class PostgresStore final : public SqlStore
{
public:
    struct Options
    {
        QString url;  // a libpq connection string: postgresql://... or key=value pairs
        QString connectionName;
    };
    explicit PostgresStore(Options options);
    ~PostgresStore() override;

    static constexpr int SchemaVersion = 4;
    static constexpr const char *ChangeChannel = "countersign_changes";
    // The advisory lock every batch holds (transaction-level): what a writer outside a node must take too.
    static constexpr qint64 WriterLock = 0x43534e5752495445;  // "CSNWRITE"

    void open() override;
    int schemaVersion();

protected:
    void beginLocked() override;
    void beforeCommit(qint64 seq) override;

private:
    void connect();
    void limitLockWaits();
    void migrate();

    Options m_options;
};

} // namespace countersign::server
