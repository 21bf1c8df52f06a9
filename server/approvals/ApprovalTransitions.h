#pragma once

#include "ApiError.h"
#include "StoreContext.h"
#include "Submission.h"
#include "auth/User.h"

#include <optional>
#include <variant>

namespace countersign::server {

// What an approver decides.
struct DecisionRequest
{
    QString approvalId;
    std::optional<int> expectedVersion;
    QString decision;
    QString feedback;
    QJsonValue output;  // approve_with_edits only
    QString outcome;    // one of the approval's offered outcomes (a CrewAI flow's emit), optional
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

// The approval state machine of docs/protocol.md as the agent and the approver drive it: submit (routed, its
// deadlines armed), read, cancel, revise, decide. Deadlines drive the rest of it (DeadlineHandler). Every call
// runs inside the caller's store batch and records what changed in the context's change log.
class ApprovalTransitions final
{
public:
    explicit ApprovalTransitions(StoreContext &tx) : m_tx(tx) {}

    Outcome submit(const Submission &submission, const Actor &agent);
    Outcome read(const QString &source, const QString &taskId);
    Outcome cancel(const QString &source, const QString &taskId, const Actor &agent);
    Outcome revise(const QString &source, const QString &taskId, const Revision &revision, const Actor &agent);
    Outcome decide(const DecisionRequest &request, const Actor &approver);
    // An approver's decision: authorized (can_decide), idempotent per (user, request_id), every refusal for
    // lack of rights audited as forbidden_attempt.
    DecideAnswer decideAs(const User &user, const DecisionRequest &request, const QString &requestId, const QString &ip);

private:
    // `decide` on an approval the caller has read already (decideAs checks who may decide first).
    Outcome decide(const DecisionRequest &request, const Actor &approver, Approval a);
    // Routes by the rules; appends the `routed` event when the route is new or `always`.
    void route(Approval &a, bool always);

    StoreContext &m_tx;
};

} // namespace countersign::server
