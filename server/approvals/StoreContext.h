#pragma once

#include "config/Config.h"
#include "domain/Approval.h"
#include "policy/Redactor.h"
#include "store/Store.h"

#include <QList>

#include <utility>

namespace countersign {
class Clock;
}

namespace countersign::server {

// An approval whose state changed in a batch: what the hub, long polls and the callback dispatcher react to
// once the batch is committed.
struct ApprovalChange
{
    Approval approval;  // as it is now, with its history
    bool deliveryQueued = false;  // a callback or a notification waits in the outbox
    QString action;               // the event that made the change: created, decided, expired, escalated...
    QString notify;               // set when the desktop should notify: new, revised, escalated, reminder
    QJsonObject approverView;     // the redacted approver JSON, when the change's request built it already
};

// Who acts: an agent (source), an approver, or the server itself.
struct Actor
{
    QString name;
    QString role;
    QString ip;
};

// The changes of one batch, in order. A job that fails is rolled back to its savepoint, and its changes with
// it (`discard`), so that `committed` never announces what the store did not keep.
class ChangeLog final
{
public:
    void append(const ApprovalChange &change) { m_changes.append(change); }
    ApprovalChange &last() { return m_changes.last(); }
    qsizetype count() const { return m_changes.size(); }
    void discard(qsizetype keep) { m_changes.resize(keep); }
    QList<ApprovalChange> take() { return std::exchange(m_changes, {}); }

private:
    QList<ApprovalChange> m_changes;
};

// What a store job works with, on the store thread inside its batch: the store, the clock, the configuration,
// the redactor and the batch's change log. StoreWorker owns them and hands the same context to every job, so the
// services built on it (ApprovalTransitions, ApproverSessions, ApproverReads, DeadlineHandler, OutboxQueue) are
// small, cheap to make, and each receives only what its job needs.
struct StoreContext
{
    Store &store;
    const Clock &clock;
    const Config &config;
    const Redactor &redactor;
    ChangeLog &changes;

    // An event about `a` at the clock's now, not yet appended.
    Event event(const Approval &a, const QString &action, const Actor &actor, const QJsonObject &details) const;
    // `a` with its history as stored.
    Approval withHistory(Approval a) const;
};

} // namespace countersign::server
