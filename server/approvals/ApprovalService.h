#pragma once

#include "ApiError.h"
#include "Submission.h"
#include "config/Config.h"
#include "domain/Approval.h"
#include "auth/User.h"
#include "store/Delivery.h"
#include "delivery/notify/NotificationPlanner.h"
#include "policy/Redactor.h"
#include "store/Store.h"

#include <QList>

#include <variant>

#include "deadlines/Deadlines.h"

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

// Approval metrics over a time window (GET /api/v1/metrics/summary).
struct MetricsSummary;

// The approval state machine of docs/protocol.md and its policies (routing, deadlines, notifications,
// redaction), on top of a Store. Lives on the store thread; every method runs inside the caller's batch and
// records what changed for `takeChanges()`. The implementation is split by concern: ApprovalService.cpp (the
// agent's and the approver's transitions), ApprovalDeadlines.cpp (timeouts, escalation, reminders),
// ApprovalOutbox.cpp (callbacks and notifications), ApproverReads.cpp (sessions, queue, audit, metrics).
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
    // The same for many tokens in one batch (the hub re-checks every open session at once): one entry per token.
    QList<std::optional<User>> usersForTokens(const QList<QByteArray> &tokens);
    QByteArray issueToken(const QString &username, qint64 ttlMs);  // returns the token; only its hash is stored
    void revokeToken(const QByteArray &token);
    QList<Approval> queue(const User &user, QueueQuery query);
    // One approval with its history, when `user` may see it.
    std::optional<Approval> approvalFor(const User &user, const QString &approvalId);
    // Visible approvals whose latest change is in (since, upTo], oldest change first, with their history.
    QList<Approval> changedSince(const User &user, qint64 since, qint64 upTo, int limit);
    // Approvals re-routed in (since, upTo] that `user` could see before and cannot see now.
    QList<Approval> withdrawnSince(const User &user, qint64 since, qint64 upTo, int limit);
    qint64 currentSeq();
    QList<AuditEntry> auditAfter(qint64 seq, int limit);
    // Metrics over decisions made in [from, to) on the routes `user` may see; the backlog is as of now.
    MetricsSummary metrics(const User &user, const QDateTime &from, const QDateTime &to);
    QList<RouteBacklog> backlog();

    // The approval as approvers see it: redacted.
    QJsonObject approverJson(const Approval &a) const { return m_redactor.approverJson(a); }
    const Redactor &redactor() const { return m_redactor; }

    // Deadlines: handles every pending approval whose SLA reminder or deadline is due (escalate or expire),
    // at most `limit` of them; returns the next deadline to wake up for.
    std::optional<qint64> handleDueDeadlines(int limit, bool *more);

    bool storeReachable();
    // Records approvals changed by another process (an admin command) as changes of this batch.
    void collectExternalChanges();

    // The outbox (callbacks and notifications): the messages due now, and the result of one attempt.
    QList<Delivery> dueDeliveries(const QStringList &kinds, int limit, const QStringList &inFlight);
    std::optional<qint64> nextDeliveryDueMs(const QStringList &kinds);
    void recordDeliveryAttempt(Delivery delivery, bool delivered, const QString &error);

    QList<ApprovalChange> takeChanges();
    void discardChanges(qsizetype keep) { m_changes.resize(keep); }
    qsizetype changeCount() const { return m_changes.size(); }

private:
    // `decide` on an approval the caller has read already (decideAs checks who may decide first).
    Outcome decide(const DecisionRequest &request, const Actor &approver, Approval a);
    Event event(const Approval &a, const QString &action, const Actor &actor, const QJsonObject &details) const;
    // Appends `e`, stores `a` at the event's seq and records the change.
    void commitChange(Approval &a, Event &e, bool deliveryQueued, std::optional<NotifyReason> notify = std::nullopt);
    // Records a change for the hub and the dispatchers, queuing the notifications `notify` asks for.
    void recordChange(const Approval &a, const QString &action, bool deliveryQueued, std::optional<NotifyReason> notify);
    void queueCallback(const Approval &a);
    // Queues the email and Slack messages the policy asks for; true when any was queued.
    bool queueNotifications(const Approval &a, NotifyReason reason);
    // Routes by the rules, starts the deadlines; appends the `routed` event when the route is new or `always`.
    void route(Approval &a, bool always);
    void handleDeadline(Approval a);
    void expire(Approval &a);
    void escalate(Approval &a, const Escalation &step);
    void remind(Approval &a);
    Visibility visibility(const User &user) const;
    Approval withHistory(Approval a);

    Store &m_store;
    const Clock &m_clock;
    const Config &m_config;
    Redactor m_redactor;
    QList<ApprovalChange> m_changes;
};

} // namespace countersign::server
