#pragma once

#include "Delivery.h"
#include "auth/User.h"
#include "domain/Approval.h"

#include <QHash>
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

// What one approver may see: approvals routed to one of `routes`, those naming `username` among their
// assignees, or everything (admins, auditors).
struct Visibility
{
    QStringList routes;
    QString username;
    bool all = false;
};

// What an approver's queue read asks for (GET /api/v1/queue).
struct QueueQuery
{
    QStringList statuses;    // empty: any
    QStringList routes;      // the routes asked for; empty: every route the caller may see
    Visibility visible;
    QString text;            // free text; matched by ApproverReads over the redacted approver view, not by stores
    QString agent;
    int limit = 50;
    QString afterId;         // paging cursor: ids are time-ordered
};

// One decision (or expiry) with the moment its round began: what the metrics are computed from.
struct DecisionRecord
{
    QString approvalId;
    QString route;
    QString action;     // "decided" or "expired"
    QString decision;   // approve, approve_with_edits, reject, revise; "expired" for an expiry
    QString decidedBy;
    int version = 0;
    qint64 startedMs = 0;  // when this version became pending (created or revised)
    qint64 decidedMs = 0;
};

// The pending approvals of one route.
struct RouteBacklog
{
    QString route;
    int pending = 0;
    qint64 oldestCreatedMs = 0;
};

// One audit entry as stored: the event and its place in the hash chain.
struct AuditEntry
{
    Event event;
    QByteArray prevHash;
    QByteArray hash;
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
    // The histories of several approvals in one read (no query per approval), keyed by approval id; an
    // approval without events has no entry.
    virtual QHash<QString, QList<Event>> eventsForAll(const QStringList &approvalIds) = 0;

    virtual void insertDelivery(const Delivery &d) = 0;
    virtual void updateDelivery(const Delivery &d) = 0;
    // Records an attempt's outcome only while the message is still pending and, when `claimedUntilMs` is given,
    // still claimed by the attempt (its next attempt is that lease's end): false when it was delivered meanwhile
    // or another node took it over, and then nothing is changed.
    virtual bool updateDeliveryIfStillOurs(const Delivery &d, std::optional<qint64> claimedUntilMs) = 0;
    // Pending outbox messages of the given kinds due at `nowMs`, oldest first, leaving out the ids in `exclude`.
    virtual QList<Delivery> dueDeliveries(qint64 nowMs, const QStringList &kinds, int limit, const QStringList &exclude) = 0;
    // The earliest next attempt among pending messages of those kinds, if any.
    virtual std::optional<qint64> nextDeliveryDueMs(const QStringList &kinds) = 0;

    // Pending approvals whose deadline or SLA reminder is due at `nowMs`, and the earliest such moment to come.
    virtual QList<Approval> dueDeadlines(qint64 nowMs, int limit) = 0;
    virtual std::optional<qint64> nextDeadlineMs() = 0;

    // Metrics: decisions and expiries made in [fromMs, toMs), and the pending backlog per route.
    virtual QList<DecisionRecord> decisionsBetween(qint64 fromMs, qint64 toMs) = 0;
    virtual QList<RouteBacklog> backlog() = 0;

    // The newest seq handed out (committed or in this batch).
    virtual qint64 currentSeq() = 0;
    // The identity of the database, made once with its schema and kept by `countersignd migrate`: clients
    // tell a replaced database from the one they cached by it.
    virtual QString databaseId() = 0;

    // Approvers and their sessions.
    virtual std::optional<User> findUser(const QString &username) = 0;
    virtual QList<User> users() = 0;
    virtual void saveUser(const User &user) = 0;  // insert or update
    virtual void insertToken(const QByteArray &tokenHash, const QString &username, qint64 createdMs, qint64 expiresMs) = 0;
    // The user of a token that is neither revoked nor expired at `nowMs`.
    virtual std::optional<QString> tokenUser(const QByteArray &tokenHash, qint64 nowMs) = 0;
    virtual void revokeToken(const QByteArray &tokenHash) = 0;
    virtual void revokeTokensOf(const QString &username) = 0;

    // Decisions are idempotent per (user, request_id): the first answer is kept and given again.
    virtual std::optional<QByteArray> decideResponse(const QString &username, const QString &requestId) = 0;
    virtual void storeDecideResponse(const QString &username, const QString &requestId, const QByteArray &response,
                                     qint64 nowMs) = 0;

    // Approver reads: a filtered page of the queue, and what changed after a seq (oldest change first).
    virtual QList<Approval> queue(const QueueQuery &query) = 0;
    virtual QList<Approval> changedSince(qint64 seq, qint64 upTo, const Visibility &visible, int limit) = 0;
    // Approvals escalated, or routed anew on a revision, after `seq` (up to `upTo`), whoever sees them, with their history:
    // what a reconnecting approver may have lost from view.
    virtual QList<Approval> reroutedSince(qint64 seq, qint64 upTo, int limit) = 0;
    virtual QList<AuditEntry> auditAfter(qint64 seq, int limit) = 0;

    // Approvals that another connection (an admin command, another process) changed since this one last
    // looked; noticed when a batch begins.
    virtual QList<Approval> takeExternalChanges() = 0;
};

} // namespace countersign::server
