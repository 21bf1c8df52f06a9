#pragma once

#include "Delivery.h"
#include "domain/Approval.h"

#include <QList>
#include <QString>

#include <optional>
#include <stdexcept>

namespace countersign::server {

// A database failure; the job that hit it is rolled back and answered with 503.
class StoreError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// What is kept per approval besides the approval itself.
struct StoredApproval
{
    Approval approval;
    QByteArray bodyHash;  // SHA-256 of the submitted body: a retry is byte-identical
};

// The durable state of the server. One instance per thread; every call runs inside a batch
// (beginBatch ... commitBatch) so that many requests share one commit (group commit). Each job inside a
// batch is wrapped in beginJob/endJob so that a failing job leaves no trace while the others commit.
// The SQLite implementation is the default; a PostgreSQL one implements the same interface.
class Store
{
public:
    virtual ~Store() = default;

    // Connects and brings the schema to the current version (in one transaction). Throws StoreError.
    virtual void open() = 0;
    virtual void close() = 0;
    virtual bool isReachable() = 0;

    virtual void beginBatch() = 0;
    virtual void commitBatch() = 0;
    virtual void rollbackBatch() = 0;
    virtual void beginJob() = 0;
    virtual void endJob(bool keep) = 0;

    virtual std::optional<StoredApproval> findByTask(const QString &source, const QString &taskId) = 0;
    virtual std::optional<StoredApproval> findById(const QString &id) = 0;
    virtual void insertApproval(const Approval &a, const QByteArray &bodyHash) = 0;
    virtual void updateApproval(const Approval &a) = 0;

    // Gives the event the next server-wide seq and links it into the audit hash chain.
    virtual void appendEvent(Event &e) = 0;
    virtual QList<Event> eventsFor(const QString &approvalId) = 0;

    virtual void insertDelivery(const Delivery &d) = 0;
    virtual void updateDelivery(const Delivery &d) = 0;
    // Pending deliveries due at `nowMs`, oldest first, leaving out the ids in `exclude`.
    virtual QList<Delivery> dueDeliveries(qint64 nowMs, int limit, const QStringList &exclude) = 0;
    // The earliest next attempt among pending deliveries, if any.
    virtual std::optional<qint64> nextDeliveryDueMs() = 0;

    // Approvals that another connection (an admin command, another process) changed since this one last
    // looked; noticed when a batch begins.
    virtual QList<Approval> takeExternalChanges() = 0;
};

} // namespace countersign::server
