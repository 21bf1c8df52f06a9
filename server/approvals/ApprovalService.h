#pragma once

#include "ApiError.h"
#include "Submission.h"
#include "config/Config.h"
#include "domain/Approval.h"
#include "auth/User.h"
#include "store/Delivery.h"
#include "store/Store.h"

#include <QList>

#include <variant>

namespace countersign {
class Clock;
}

namespace countersign::server {

// An approval whose state changed in a batch: what the hub, long polls and the callback dispatcher react to
// once the batch is committed.
struct ApprovalChange
{
    Approval approval;  // as it is now, with its history
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

// The answer to an approver's decision, kept per (user, request_id) so that a repeat gets the same answer.
struct DecideAnswer
{
    int httpStatus = 200;
    QString code;       // empty on success
    QString message;
    QString field;
    QJsonObject approval;  // the approval after the decision, or the current one on a conflict
    bool ok() const { return code.isEmpty(); }
    QJsonObject toJson() const;
    static DecideAnswer fromJson(const QJsonObject &o);
};

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
    // An approver's decision: authorized (can_decide), idempotent per (user, request_id), every refusal for
    // lack of rights audited as forbidden_attempt.
    DecideAnswer decideAs(const User &user, const DecisionRequest &request, const QString &requestId, const QString &ip);

    // Approvers' sessions and reads.
    std::optional<User> user(const QString &username);
    std::optional<User> userForToken(const QByteArray &token);
    QByteArray issueToken(const QString &username, qint64 ttlMs);  // returns the token; only its hash is stored
    void revokeToken(const QByteArray &token);
    QList<Approval> queue(const User &user, QueueQuery query);
    // Visible approvals whose latest change is in (since, upTo], oldest change first, with their history.
    QList<Approval> changedSince(const User &user, qint64 since, qint64 upTo, int limit);
    qint64 currentSeq();
    QList<AuditEntry> auditAfter(qint64 seq, int limit);

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
