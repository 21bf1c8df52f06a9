#include "ApprovalService.h"

#include "approvals/ApiError.h"
#include "domain/Ids.h"
#include "protocol/ApprovalJson.h"
#include "policy/Routing.h"
#include "store/Store.h"
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

ApprovalService::ApprovalService(Store &store, const Clock &clock, const Config &config)
    : m_store(store)
    , m_clock(clock)
    , m_config(config)
    , m_redactor(config.redaction)
{
}

Event ApprovalService::event(const Approval &a, const QString &action, const Actor &actor,
                             const QJsonObject &details) const
{
    Event e;
    e.at = m_clock.now();
    e.actor = actor.name;
    e.action = action;
    e.approvalId = a.id;
    e.version = a.version;
    e.details = details;
    e.ip = actor.ip;
    return e;
}

void ApprovalService::commitChange(Approval &a, Event &e, bool deliveryQueued, std::optional<NotifyReason> notify)
{
    m_store.appendEvent(e);
    a.seq = e.seq;
    m_store.updateApproval(a);
    a = withHistory(a);
    recordChange(a, e.action, deliveryQueued, notify);
}

void ApprovalService::recordChange(const Approval &a, const QString &action, bool deliveryQueued,
                                   std::optional<NotifyReason> notify)
{
    if (notify)
        deliveryQueued = queueNotifications(a, *notify) || deliveryQueued;
    ApprovalChange change{a, deliveryQueued, action, {}, {}};
    if (notify && notifiesDesktop(m_config.notifications, a))
        change.notify = toString(*notify);
    m_changes.append(change);
}

void ApprovalService::route(Approval &a, bool always)
{
    const RouteChoice choice = chooseRoute(m_config.routing, json::toJson(a, json::View::Agent));
    const bool moved = choice.route != a.route;
    a.route = choice.route;
    if (moved || always) {
        Event routed = event(a, QStringLiteral("routed"), {QStringLiteral("countersign"), {}, {}},
                             {{QStringLiteral("route"), a.route},
                              {QStringLiteral("rule"), choice.rule.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(choice.rule)}});
        m_store.appendEvent(routed);
        a.seq = routed.seq;
    }
}

Approval ApprovalService::withHistory(Approval a)
{
    a.history = m_store.eventsFor(a.id);
    return a;
}

Outcome ApprovalService::submit(const Submission &submission, const Actor &agent)
{
    const Approval &draft = submission.draft;
    if (auto existing = m_store.findByTask(draft.source, draft.taskId)) {
        if (existing->bodyHash == submission.bodyHash)
            return Applied{200, withHistory(existing->approval)};
        return ApiError{409, errors::DuplicateTaskId,
                        QStringLiteral("task_id \"%1\" was already submitted with a different body").arg(draft.taskId),
                        QStringLiteral("task_id"), {}};
    }

    Approval a = draft;
    const QDateTime now = m_clock.now();
    a.id = newTimeOrderedId(m_clock.nowMs());
    a.status = Status::Pending;
    a.version = 1;
    a.createdAt = now;
    a.updatedAt = now;

    Event created = event(a, QStringLiteral("created"), agent,
                          {{QStringLiteral("task_id"), a.taskId}, {QStringLiteral("agent"), a.agent}});
    m_store.appendEvent(created);
    route(a, true);
    armDeadlines(m_config.timeouts, a, now);
    m_store.insertApproval(a, submission.bodyHash);
    a = withHistory(a);
    recordChange(a, created.action, false, NotifyReason::New);
    return Applied{202, a};
}

Outcome ApprovalService::read(const QString &source, const QString &taskId)
{
    auto stored = m_store.findByTask(source, taskId);
    if (!stored)
        return notFound();
    return Applied{200, withHistory(stored->approval)};
}

Outcome ApprovalService::cancel(const QString &source, const QString &taskId, const Actor &agent)
{
    auto stored = m_store.findByTask(source, taskId);
    if (!stored)
        return notFound();
    Approval a = stored->approval;
    if (a.status == Status::Cancelled)
        return Applied{200, withHistory(a)};  // cancelling twice is harmless
    // revision_requested is waiting for the agent, so the agent may give up on it too.
    if (a.status != Status::Pending && a.status != Status::RevisionRequested) {
        return ApiError{409, errors::AlreadyDecided,
                        QStringLiteral("the approval is already %1").arg(toString(a.status)), {},
                        {{QStringLiteral("approval"), json::toJson(withHistory(a), json::View::Agent)}}};
    }
    a.status = Status::Cancelled;
    a.updatedAt = m_clock.now();
    Event e = event(a, QStringLiteral("cancelled"), agent, {});
    commitChange(a, e, false);
    return Applied{200, a};
}

Outcome ApprovalService::revise(const QString &source, const QString &taskId, const Revision &revision,
                                const Actor &agent)
{
    auto stored = m_store.findByTask(source, taskId);
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
    const QDateTime now = m_clock.now();
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
    Event e = event(a, QStringLiteral("revised"), agent, {{QStringLiteral("note"), m_redactor.redactText(revision.note)}});
    m_store.appendEvent(e);
    // A new round: routed again on the new output (a raised budget may now need the CFO), the escalation
    // starts over and the clock restarts.
    a.escalationLevel = 0;
    a.assignees.clear();
    a.seq = e.seq;
    route(a, false);
    armDeadlines(m_config.timeouts, a, now);
    m_store.updateApproval(a);
    a = withHistory(a);
    recordChange(a, e.action, false, NotifyReason::Revised);
    return Applied{200, a};
}

Outcome ApprovalService::decide(const DecisionRequest &request, const Actor &approver)
{
    auto stored = m_store.findById(request.approvalId);
    if (!stored)
        return ApiError{404, errors::NotFound, QStringLiteral("no approval with that id"), {}, {}};
    return decide(request, approver, stored->approval);
}

Outcome ApprovalService::decide(const DecisionRequest &request, const Actor &approver, Approval a)
{
    auto conflict = [&](const QString &why) {
        return ApiError{409, errors::Conflict, why, {},
                        {{QStringLiteral("approval"), approverJson(withHistory(a))}}};
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
        if (!m_redactor.restoreEdit(a.output, request.output, &editedOutput, &touched))
            return ApiError{400, errors::Invalid,
                            QStringLiteral("%1 holds redacted data and cannot be edited; leave it as shown (%2)")
                                .arg(touched, m_config.redaction.mask),
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

    const QDateTime now = m_clock.now();
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
        details.insert(QStringLiteral("original_output"), m_redactor.redact(a.output));  // the audit never holds a secret
    Event e = event(a, QStringLiteral("decided"), approver, details);
    const bool callback = !a.callbackUrl.isEmpty() && isAgentVisibleOutcome(a.status);
    if (callback)
        queueCallback(a);
    commitChange(a, e, callback);
    return Applied{200, a};
}

void ApprovalService::collectExternalChanges()
{
    for (const Approval &stored : m_store.takeExternalChanges()) {
        const Approval a = withHistory(stored);
        m_changes.append({a, !a.callbackUrl.isEmpty() && isAgentVisibleOutcome(a.status),
                          a.history.isEmpty() ? QString() : a.history.last().action, {}, {}});
    }
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

DecideAnswer ApprovalService::decideAs(const User &user, const DecisionRequest &request, const QString &requestId,
                                       const QString &ip)
{
    if (!requestId.isEmpty()) {
        if (auto previous = m_store.decideResponse(user.username, requestId))
            return DecideAnswer::fromJson(QJsonDocument::fromJson(*previous).object());
    }
    DecideAnswer answer;
    auto stored = m_store.findById(request.approvalId);
    if (!stored) {
        answer = {404, errors::NotFound, QStringLiteral("no approval with that id"), {}, {}};
    } else if (!canDecide(user, stored->approval)) {
        // The approval is not shown to someone who may not see it; the refusal is audited either way.
        answer = {403, errors::Forbidden,
                  QStringLiteral("approvals routed to %1 are decided by that role").arg(stored->approval.route), {},
                  canSee(user, stored->approval) ? approverJson(withHistory(stored->approval)) : QJsonObject()};
        Event e = event(stored->approval, QStringLiteral("forbidden_attempt"), {user.username, {}, ip},
                        {{QStringLiteral("decision"), request.decision},
                         {QStringLiteral("route"), stored->approval.route},
                         {QStringLiteral("roles"), QJsonArray::fromStringList(user.roles)}});
        m_store.appendEvent(e);
    } else {
        const qsizetype changesBefore = m_changes.size();
        const Outcome outcome = decide(request, {user.username, decidingRole(user, stored->approval), ip}, stored->approval);
        if (const auto *e = std::get_if<ApiError>(&outcome)) {
            answer = {e->httpStatus, e->code, e->message, e->field, e->extra.value(QLatin1String("approval")).toObject()};
        } else {
            answer.approval = approverJson(std::get<Applied>(outcome).approval);
            if (m_changes.size() == changesBefore + 1)  // the hub pushes the same view: built once
                m_changes.last().approverView = answer.approval;
        }
    }
    if (!requestId.isEmpty())
        m_store.storeDecideResponse(user.username, requestId, QJsonDocument(answer.toJson()).toJson(QJsonDocument::Compact),
                                    m_clock.nowMs());
    return answer;
}

} // namespace countersign::server
