#include "ApprovalTransitions.h"

#include "ChangeRecorder.h"
#include "deadlines/Deadlines.h"
#include "delivery/OutboxQueue.h"

#include "domain/Ids.h"
#include "protocol/ApprovalJson.h"
#include "policy/Routing.h"
#include "time/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace countersign::server {

namespace {

ApiError notFound()
{
    return {404, errors::NotFound, QStringLiteral("no approval with that task_id for this source"), {}, {}};
}

} // namespace

void ApprovalTransitions::route(Approval &a, bool always)
{
    const RouteChoice choice = chooseRoute(m_tx.config.routing, json::toJson(a, json::View::Agent));
    const bool moved = choice.route != a.route;
    a.route = choice.route;
    if (moved || always) {
        Event routed = m_tx.event(a, QStringLiteral("routed"), {QStringLiteral("countersign"), {}, {}},
                                  {{QStringLiteral("route"), a.route},
                                   {QStringLiteral("rule"), choice.rule.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(choice.rule)}});
        m_tx.store.appendEvent(routed);
        a.seq = routed.seq;
    }
}

Outcome ApprovalTransitions::submit(const Submission &submission, const Actor &agent)
{
    const Approval &draft = submission.draft;
    if (auto existing = m_tx.store.findByTask(draft.source, draft.taskId)) {
        if (existing->bodyHash == submission.bodyHash)
            return Applied{200, m_tx.withHistory(existing->approval)};
        return ApiError{409, errors::DuplicateTaskId,
                        QStringLiteral("task_id \"%1\" was already submitted with a different body").arg(draft.taskId),
                        QStringLiteral("task_id"), {}};
    }

    Approval a = draft;
    const QDateTime now = m_tx.clock.now();
    a.id = newTimeOrderedId(m_tx.clock.nowMs());
    a.status = Status::Pending;
    a.version = 1;
    a.createdAt = now;
    a.updatedAt = now;

    Event created = m_tx.event(a, QStringLiteral("created"), agent,
                               {{QStringLiteral("task_id"), a.taskId}, {QStringLiteral("agent"), a.agent}});
    m_tx.store.appendEvent(created);
    route(a, true);
    armDeadlines(m_tx.config.timeouts, a, now);
    m_tx.store.insertApproval(a, submission.bodyHash);
    a = m_tx.withHistory(a);
    ChangeRecorder(m_tx).record(a, created.action, false, NotifyReason::New);
    return Applied{202, a};
}

Outcome ApprovalTransitions::read(const QString &source, const QString &taskId)
{
    auto stored = m_tx.store.findByTask(source, taskId);
    if (!stored)
        return notFound();
    return Applied{200, m_tx.withHistory(stored->approval)};
}

Outcome ApprovalTransitions::cancel(const QString &source, const QString &taskId, const Actor &agent)
{
    auto stored = m_tx.store.findByTask(source, taskId);
    if (!stored)
        return notFound();
    Approval a = stored->approval;
    if (a.status == Status::Cancelled)
        return Applied{200, m_tx.withHistory(a)};  // cancelling twice is harmless
    // revision_requested is waiting for the agent, so the agent may give up on it too.
    if (a.status != Status::Pending && a.status != Status::RevisionRequested) {
        return ApiError{409, errors::AlreadyDecided,
                        QStringLiteral("the approval is already %1").arg(toString(a.status)), {},
                        {{QStringLiteral("approval"), json::toJson(m_tx.withHistory(a), json::View::Agent)}}};
    }
    a.status = Status::Cancelled;
    a.updatedAt = m_tx.clock.now();
    Event e = m_tx.event(a, QStringLiteral("cancelled"), agent, {});
    ChangeRecorder(m_tx).commit(a, e, false);
    return Applied{200, a};
}

Outcome ApprovalTransitions::revise(const QString &source, const QString &taskId, const Revision &revision,
                                const Actor &agent)
{
    auto stored = m_tx.store.findByTask(source, taskId);
    if (!stored)
        return notFound();
    Approval a = stored->approval;
    if (a.status != Status::RevisionRequested) {
        return ApiError{409, errors::NotAwaitingRevision,
                        QStringLiteral("the approval is %1, not revision_requested").arg(toString(a.status)), {}, {}};
    }
    if (a.version - 1 >= a.maxRevisions) {
        return ApiError{409, errors::RevisionLimit,
                        QStringLiteral("all %1 revision rounds are used").arg(a.maxRevisions), {}, {}};
    }
    const QDateTime now = m_tx.clock.now();
    QJsonObject round{
        {QStringLiteral("version"), a.version},
        {QStringLiteral("output"), a.output},
        {QStringLiteral("feedback"), a.decision ? a.decision->feedback : QString()},
        {QStringLiteral("decided_by"), a.decision ? a.decision->decidedBy : QString()},
        {QStringLiteral("note"), revision.note},
        {QStringLiteral("revised_at"), json::time(now)},
    };
    a.revisions.append(round);
    a.output = revision.output;
    a.version += 1;
    a.status = Status::Pending;
    a.decision.reset();
    a.updatedAt = now;
    Event e = m_tx.event(a, QStringLiteral("revised"), agent, {{QStringLiteral("note"), m_tx.redactor.redactText(revision.note)}});
    m_tx.store.appendEvent(e);
    // A new round: routed again on the new output (a raised budget may now need the CFO), the escalation
    // starts over and the clock restarts.
    a.escalationLevel = 0;
    a.assignees.clear();
    a.seq = e.seq;
    route(a, false);
    armDeadlines(m_tx.config.timeouts, a, now);
    m_tx.store.updateApproval(a);
    a = m_tx.withHistory(a);
    ChangeRecorder(m_tx).record(a, e.action, false, NotifyReason::Revised);
    return Applied{200, a};
}

Outcome ApprovalTransitions::decide(const DecisionRequest &request, const Actor &approver)
{
    auto stored = m_tx.store.findById(request.approvalId);
    if (!stored)
        return ApiError{404, errors::NotFound, QStringLiteral("no approval with that id"), {}, {}};
    return decide(request, approver, stored->approval);
}

Outcome ApprovalTransitions::decide(const DecisionRequest &request, const Actor &approver, Approval a)
{
    auto conflict = [&](const QString &why) {
        return ApiError{409, errors::Conflict, why, {},
                        {{QStringLiteral("approval"), m_tx.redactor.approverJson(m_tx.withHistory(a))}}};
    };
    if (a.status != Status::Pending)
        return conflict(QStringLiteral("the approval is already %1").arg(toString(a.status)));
    if (request.expectedVersion && *request.expectedVersion != a.version)
        return conflict(QStringLiteral("the approval is at version %1, not %2").arg(a.version).arg(*request.expectedVersion));
    QJsonValue editedOutput = request.output;

    const QStringList allowed = a.allowedDecisions.isEmpty() ? decisions::all() : a.allowedDecisions;
    if (!decisions::all().contains(request.decision))
        return ApiError{400, errors::Invalid,
                        QStringLiteral("decision must be one of %1").arg(decisions::all().join(QStringLiteral(", "))),
                        QStringLiteral("decision"), {}};
    if (!allowed.contains(request.decision))
        return ApiError{400, errors::Invalid,
                        QStringLiteral("this approval allows only %1").arg(allowed.join(QStringLiteral(", "))),
                        QStringLiteral("decision"), {}};
    const bool needsFeedback = request.decision == QLatin1String(decisions::Reject)
        || request.decision == QLatin1String(decisions::Revise);
    if (needsFeedback && request.feedback.trimmed().isEmpty())
        return ApiError{400, errors::Invalid,
                        QStringLiteral("%1 needs feedback that says why").arg(request.decision),
                        QStringLiteral("feedback"), {}};
    const bool edits = request.decision == QLatin1String(decisions::ApproveWithEdits);
    if (edits && !request.output.isObject() && !request.output.isString())
        return ApiError{400, errors::Invalid,
                        QStringLiteral("approve_with_edits needs the edited output (an object or a string)"),
                        QStringLiteral("output"), {}};
    if (edits) {
        // The approver edited the redacted output they were shown: masked parts must stay as they are.
        QString touched;
        if (!m_tx.redactor.restoreEdit(a.output, request.output, &editedOutput, &touched))
            return ApiError{400, errors::Invalid,
                            QStringLiteral("%1 holds redacted data and cannot be edited; leave it as shown (%2)")
                                .arg(touched, m_tx.config.redaction.mask),
                            touched, {}};
    }
    if (!request.outcome.isEmpty()) {
        QStringList offered;
        for (const QJsonValue &o : a.integration.value(QLatin1String("emit")).toArray())
            offered << o.toString();
        if (!offered.contains(request.outcome))
            return ApiError{400, errors::Invalid,
                            offered.isEmpty() ? QStringLiteral("this approval offers no outcomes to choose from")
                                              : QStringLiteral("outcome must be one of %1").arg(offered.join(QStringLiteral(", "))),
                            QStringLiteral("outcome"), {}};
    }
    if (request.decision == QLatin1String(decisions::Revise) && a.version - 1 >= a.maxRevisions)
        return ApiError{409, errors::RevisionLimit,
                        QStringLiteral("all %1 revision rounds are used: approve or reject").arg(a.maxRevisions), {}, {}};

    const QDateTime now = m_tx.clock.now();
    Decision d;
    d.decision = request.decision;
    d.feedback = request.feedback;
    d.outcome = request.outcome;
    d.output = edits ? editedOutput : a.output;
    d.edited = edits && editedOutput != a.output;
    d.decidedBy = approver.name;
    d.role = approver.role;
    d.decidedAt = now;
    d.version = a.version;
    a.decision = d;
    if (request.decision == QLatin1String(decisions::Reject))
        a.status = Status::Rejected;
    else if (request.decision == QLatin1String(decisions::Revise))
        a.status = Status::RevisionRequested;
    else
        a.status = Status::Approved;
    a.updatedAt = now;

    QJsonObject details{{QStringLiteral("decision"), d.decision}, {QStringLiteral("feedback"), d.feedback},
                        {QStringLiteral("edited"), d.edited}};
    if (d.edited)
        details.insert(QStringLiteral("original_output"), m_tx.redactor.redact(a.output));  // the audit never holds a secret
    Event e = m_tx.event(a, QStringLiteral("decided"), approver, details);
    const bool callback = !a.callbackUrl.isEmpty() && isAgentVisibleOutcome(a.status);
    if (callback)
        OutboxQueue(m_tx).queueCallback(a);
    ChangeRecorder(m_tx).commit(a, e, callback);
    return Applied{200, a};
}

QJsonObject DecideAnswer::toJson() const
{
    return {{QStringLiteral("status"), httpStatus}, {QStringLiteral("code"), code},
            {QStringLiteral("message"), message}, {QStringLiteral("field"), field},
            {QStringLiteral("approval"), approval}};
}

DecideAnswer DecideAnswer::fromJson(const QJsonObject &o)
{
    return {o.value(QLatin1String("status")).toInt(), o.value(QLatin1String("code")).toString(),
            o.value(QLatin1String("message")).toString(), o.value(QLatin1String("field")).toString(),
            o.value(QLatin1String("approval")).toObject()};
}

DecideAnswer ApprovalTransitions::decideAs(const User &user, const DecisionRequest &request, const QString &requestId,
                                       const QString &ip)
{
    if (!requestId.isEmpty()) {
        if (auto previous = m_tx.store.decideResponse(user.username, requestId))
            return DecideAnswer::fromJson(QJsonDocument::fromJson(*previous).object());
    }
    DecideAnswer answer;
    auto stored = m_tx.store.findById(request.approvalId);
    if (!stored) {
        answer = {404, errors::NotFound, QStringLiteral("no approval with that id"), {}, {}};
    } else if (!canDecide(user, stored->approval)) {
        // The approval is not shown to someone who may not see it; the refusal is audited either way.
        answer = {403, errors::Forbidden,
                  QStringLiteral("approvals routed to %1 are decided by that role").arg(stored->approval.route), {},
                  canSee(user, stored->approval) ? m_tx.redactor.approverJson(m_tx.withHistory(stored->approval)) : QJsonObject()};
        Event e = m_tx.event(stored->approval, QStringLiteral("forbidden_attempt"), {user.username, {}, ip},
                             {{QStringLiteral("decision"), request.decision},
                              {QStringLiteral("route"), stored->approval.route},
                              {QStringLiteral("roles"), QJsonArray::fromStringList(user.roles)}});
        m_tx.store.appendEvent(e);
    } else {
        const qsizetype changesBefore = m_tx.changes.count();
        const Outcome outcome = decide(request, {user.username, decidingRole(user, stored->approval), ip}, stored->approval);
        if (const auto *e = std::get_if<ApiError>(&outcome)) {
            answer = {e->httpStatus, e->code, e->message, e->field, e->extra.value(QLatin1String("approval")).toObject()};
        } else {
            answer.approval = m_tx.redactor.approverJson(std::get<Applied>(outcome).approval);
            if (m_tx.changes.count() == changesBefore + 1)  // the hub pushes the same view: built once
                m_tx.changes.last().approverView = answer.approval;
        }
    }
    if (!requestId.isEmpty())
        m_tx.store.storeDecideResponse(user.username, requestId, QJsonDocument(answer.toJson()).toJson(QJsonDocument::Compact),
                                    m_tx.clock.nowMs());
    return answer;
}

} // namespace countersign::server
