#pragma once

#include "ApiError.h"
#include "Submission.h"
#include "config/Config.h"
#include "domain/Approval.h"
#include "store/Delivery.h"

#include <QList>

#include <variant>

namespace countersign {
class Clock;
}

namespace countersign::server {

class Store;

// An approval whose state changed in a batch: what the hub, long polls and the callback dispatcher react to
// once the batch is committed.
struct ApprovalChange
{
    Approval approval;  // without history
    bool deliveryQueued = false;
};

// Who acts: an agent (source), an approver, or the server itself.
struct Actor
{
    QString name;
    QString role;
    QString ip;
};

// What an approver decides.
struct DecisionRequest
{
    QString approvalId;
    std::optional<int> expectedVersion;
    QString decision;
    QString feedback;
    QJsonValue output;  // approve_with_edits only
};

// Outcome of a state-changing call: the approval as it is now and the HTTP status to answer with, or a refusal.
struct Applied
{
    int httpStatus = 200;
    Approval approval;
};
using Outcome = std::variant<Applied, ApiError>;

// The approval state machine of PROTOCOL.md, on top of a Store. Lives on the store thread; every method runs
// inside the caller's batch and records what changed for `takeChanges()`.
class ApprovalService final
{
public:
    ApprovalService(Store &store, const Clock &clock, const Config &config);
    Q_DISABLE_COPY_MOVE(ApprovalService)

    Outcome submit(const Submission &submission, const Actor &agent);
    Outcome read(const QString &source, const QString &taskId);
    Outcome cancel(const QString &source, const QString &taskId, const Actor &agent);
    Outcome revise(const QString &source, const QString &taskId, const Revision &revision, const Actor &agent);
    Outcome decide(const DecisionRequest &request, const Actor &approver);

    bool storeReachable();
    // Records approvals changed by another process (an admin command) as changes of this batch.
    void collectExternalChanges();

    // Callback deliveries: the ones due now, and the result of one attempt.
    QList<Delivery> dueDeliveries(int limit, const QStringList &inFlight);
    std::optional<qint64> nextDeliveryDueMs();
    void recordDeliveryAttempt(Delivery delivery, bool delivered, const QString &error);

    QList<ApprovalChange> takeChanges();
    void discardChanges(qsizetype keep) { m_changes.resize(keep); }
    qsizetype changeCount() const { return m_changes.size(); }

private:
    Event event(const Approval &a, const QString &action, const Actor &actor, const QJsonObject &details) const;
    void queueCallback(const Approval &a);
    void changed(const Approval &a, bool deliveryQueued);
    Approval withHistory(Approval a);

    Store &m_store;
    const Clock &m_clock;
    const Config &m_config;
    QList<ApprovalChange> m_changes;
};

} // namespace countersign::server
