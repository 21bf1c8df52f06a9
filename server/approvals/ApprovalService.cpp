#include "ApprovalService.h"

#include "domain/Ids.h"
#include "protocol/ApprovalJson.h"
#include "auth/Passwords.h"
#include "store/Store.h"
#include "time/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>
#include <QRandomGenerator>

namespace countersign::server {

namespace {


ApiError notFound()
{
    return {404, QStringLiteral("not_found"), QStringLiteral("no approval with that task_id for this source"), {}, {}};
}

} // namespace

ApprovalService::ApprovalService(Store &store, const Clock &clock, const Config &config)
    : m_store(store)
    , m_clock(clock)
    , m_config(config)
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

void ApprovalService::changed(const Approval &a, bool deliveryQueued)
{
    m_changes.append({a, deliveryQueued});
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
        return ApiError{409, QStringLiteral("duplicate_task_id"),
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
    a.route = m_config.routing.defaultRoute;
    if (a.timeoutS)
        a.expiresAt = now.addSecs(*a.timeoutS);

    Event created = event(a, QStringLiteral("created"), agent,
                          {{QStringLiteral("task_id"), a.taskId}, {QStringLiteral("agent"), a.agent}});
    m_store.appendEvent(created);
    Event routed = event(a, QStringLiteral("routed"), {QStringLiteral("countersign"), {}, {}},
                         {{QStringLiteral("route"), a.route}, {QStringLiteral("rule"), QJsonValue::Null}});
    m_store.appendEvent(routed);
    a.seq = routed.seq;
    m_store.insertApproval(a, submission.bodyHash);
    a.history = {created, routed};
    changed(a, false);
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
        return ApiError{409, QStringLiteral("already_decided"),
                        QStringLiteral("the approval is already %1").arg(toString(a.status)), {},
                        {{QStringLiteral("approval"), json::toJson(withHistory(a), json::View::Agent)}}};
    }
    a.status = Status::Cancelled;
    a.updatedAt = m_clock.now();
    Event e = event(a, QStringLiteral("cancelled"), agent, {});
    m_store.appendEvent(e);
    a.seq = e.seq;
    m_store.updateApproval(a);
    a = withHistory(a);
    changed(a, false);
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
        return ApiError{409, QStringLiteral("not_awaiting_revision"),
                        QStringLiteral("the approval is %1, not revision_requested").arg(toString(a.status)), {}, {}};
    }
    if (a.version - 1 >= a.maxRevisions) {
        return ApiError{409, QStringLiteral("revision_limit"),
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
    if (a.timeoutS)
        a.expiresAt = now.addSecs(*a.timeoutS);
    Event e = event(a, QStringLiteral("revised"), agent, {{QStringLiteral("note"), revision.note}});
    m_store.appendEvent(e);
    a.seq = e.seq;
    m_store.updateApproval(a);
    a = withHistory(a);
    changed(a, false);
    return Applied{200, a};
}

Outcome ApprovalService::decide(const DecisionRequest &request, const Actor &approver)
{
    auto stored = m_store.findById(request.approvalId);
    if (!stored)
        return ApiError{404, QStringLiteral("not_found"), QStringLiteral("no approval with that id"), {}, {}};
    Approval a = stored->approval;
    auto conflict = [&](const QString &why) {
        return ApiError{409, QStringLiteral("conflict"), why, {},
                        {{QStringLiteral("approval"), json::toJson(withHistory(a), json::View::Approver)}}};
    };
    if (a.status != Status::Pending)
        return conflict(QStringLiteral("the approval is already %1").arg(toString(a.status)));
    if (request.expectedVersion && *request.expectedVersion != a.version)
        return conflict(QStringLiteral("the approval is at version %1, not %2").arg(a.version).arg(*request.expectedVersion));

    const QStringList allowed = a.allowedDecisions.isEmpty() ? decisions::all() : a.allowedDecisions;
    if (!decisions::all().contains(request.decision))
        return ApiError{400, QStringLiteral("invalid"),
                        QStringLiteral("decision must be one of %1").arg(decisions::all().join(QStringLiteral(", "))),
                        QStringLiteral("decision"), {}};
    if (!allowed.contains(request.decision))
        return ApiError{400, QStringLiteral("invalid"),
                        QStringLiteral("this approval allows only %1").arg(allowed.join(QStringLiteral(", "))),
                        QStringLiteral("decision"), {}};
    const bool needsFeedback = request.decision == QLatin1String(decisions::Reject)
        || request.decision == QLatin1String(decisions::Revise);
    if (needsFeedback && request.feedback.trimmed().isEmpty())
        return ApiError{400, QStringLiteral("invalid"),
                        QStringLiteral("%1 needs feedback that says why").arg(request.decision),
                        QStringLiteral("feedback"), {}};
    const bool edits = request.decision == QLatin1String(decisions::ApproveWithEdits);
    if (edits && !request.output.isObject() && !request.output.isString())
        return ApiError{400, QStringLiteral("invalid"),
                        QStringLiteral("approve_with_edits needs the edited output (an object or a string)"),
                        QStringLiteral("output"), {}};
    if (request.decision == QLatin1String(decisions::Revise) && a.version - 1 >= a.maxRevisions)
        return ApiError{409, QStringLiteral("revision_limit"),
                        QStringLiteral("all %1 revision rounds are used: approve or reject").arg(a.maxRevisions), {}, {}};

    const QDateTime now = m_clock.now();
    Decision d;
    d.decision = request.decision;
    d.feedback = request.feedback;
    d.output = edits ? request.output : a.output;
    d.edited = edits && request.output != a.output;
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
        details.insert(QStringLiteral("original_output"), a.output);
    Event e = event(a, QStringLiteral("decided"), approver, details);
    m_store.appendEvent(e);
    a.seq = e.seq;
    m_store.updateApproval(a);
    const bool callback = !a.callbackUrl.isEmpty() && isAgentVisibleOutcome(a.status);
    if (callback)
        queueCallback(a);
    a = withHistory(a);
    changed(a, callback);
    return Applied{200, a};
}

void ApprovalService::queueCallback(const Approval &a)
{
    Delivery d;
    d.id = newTimeOrderedId(m_clock.nowMs());
    d.approvalId = a.id;
    d.source = a.source;
    d.url = a.callbackUrl;
    d.body = QJsonDocument(json::outcomeJson(a)).toJson(QJsonDocument::Compact);
    d.createdAtMs = m_clock.nowMs();
    d.nextAttemptAtMs = d.createdAtMs;
    m_store.insertDelivery(d);
}

void ApprovalService::collectExternalChanges()
{
    for (const Approval &a : m_store.takeExternalChanges())
        changed(withHistory(a), !a.callbackUrl.isEmpty() && isAgentVisibleOutcome(a.status));
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
        answer = {404, QStringLiteral("not_found"), QStringLiteral("no approval with that id"), {}, {}};
    } else if (!canDecide(user, stored->approval)) {
        // The approval is not shown to someone who may not see it; the refusal is audited either way.
        answer = {403, QStringLiteral("forbidden"),
                  QStringLiteral("approvals routed to %1 are decided by that role").arg(stored->approval.route), {},
                  canSee(user, stored->approval.route) ? json::toJson(withHistory(stored->approval), json::View::Approver)
                                                       : QJsonObject()};
        Event e = event(stored->approval, QStringLiteral("forbidden_attempt"), {user.username, {}, ip},
                        {{QStringLiteral("decision"), request.decision},
                         {QStringLiteral("route"), stored->approval.route},
                         {QStringLiteral("roles"), QJsonArray::fromStringList(user.roles)}});
        m_store.appendEvent(e);
    } else {
        const Outcome outcome = decide(request, {user.username, decidingRole(user, stored->approval), ip});
        if (const auto *e = std::get_if<ApiError>(&outcome))
            answer = {e->httpStatus, e->code, e->message, e->field, e->extra.value(QLatin1String("approval")).toObject()};
        else
            answer.approval = json::toJson(std::get<Applied>(outcome).approval, json::View::Approver);
    }
    if (!requestId.isEmpty())
        m_store.storeDecideResponse(user.username, requestId, QJsonDocument(answer.toJson()).toJson(QJsonDocument::Compact),
                                    m_clock.nowMs());
    return answer;
}

std::optional<User> ApprovalService::user(const QString &username)
{
    return m_store.findUser(username);
}

std::optional<User> ApprovalService::userForToken(const QByteArray &token)
{
    const auto username = m_store.tokenUser(passwords::tokenHash(token), m_clock.nowMs());
    if (!username)
        return std::nullopt;
    auto u = m_store.findUser(*username);
    if (!u || u->disabled)
        return std::nullopt;
    return u;
}

QByteArray ApprovalService::issueToken(const QString &username, qint64 ttlMs)
{
    const QByteArray token = passwords::newToken();
    m_store.insertToken(passwords::tokenHash(token), username, m_clock.nowMs(), m_clock.nowMs() + ttlMs);
    return token;
}

void ApprovalService::revokeToken(const QByteArray &token)
{
    m_store.revokeToken(passwords::tokenHash(token));
}

namespace {
QStringList routeRoles(const User &user)
{
    QStringList routes = user.roles;
    routes.removeAll(QLatin1String(roles::Admin));
    routes.removeAll(QLatin1String(roles::Auditor));
    return routes;
}
bool seesAll(const User &user)
{
    return user.hasRole(roles::Admin) || user.hasRole(roles::Auditor);
}
} // namespace

QList<Approval> ApprovalService::queue(const User &user, QueueQuery query)
{
    query.visibleRoutes = routeRoles(user);
    query.allRoutesVisible = seesAll(user);
    QList<Approval> list = m_store.queue(query);
    for (Approval &a : list)
        a.history = m_store.eventsFor(a.id);
    return list;
}

QList<Approval> ApprovalService::changedSince(const User &user, qint64 since, qint64 upTo, int limit)
{
    return m_store.changedSince(since, upTo, routeRoles(user), seesAll(user), limit);
}

qint64 ApprovalService::currentSeq()
{
    return m_store.currentSeq();
}

QList<AuditEntry> ApprovalService::auditAfter(qint64 seq, int limit)
{
    return m_store.auditAfter(seq, limit);
}

bool ApprovalService::storeReachable()
{
    return m_store.isReachable();
}

QList<Delivery> ApprovalService::dueDeliveries(int limit, const QStringList &inFlight)
{
    return m_store.dueDeliveries(m_clock.nowMs(), limit, inFlight);
}

std::optional<qint64> ApprovalService::nextDeliveryDueMs()
{
    return m_store.nextDeliveryDueMs();
}

void ApprovalService::recordDeliveryAttempt(Delivery d, bool delivered, const QString &error)
{
    const qint64 now = m_clock.nowMs();
    d.attempts += 1;
    QString action;
    if (delivered) {
        d.state = Delivery::State::Delivered;
        d.lastError.clear();
        action = QStringLiteral("callback_delivered");
    } else if (now - d.createdAtMs >= m_config.callbacks.giveUpAfterS * 1000) {
        d.state = Delivery::State::Abandoned;
        d.lastError = error;
        action = QStringLiteral("callback_abandoned");
    } else {
        // Exponential backoff, capped, with +-25% jitter so that callbacks failing together do not retry together.
        const double base = std::min<double>(m_config.callbacks.maxBackoffS,
                                             m_config.callbacks.initialBackoffS * std::pow(2.0, std::min(d.attempts - 1, 30)));
        const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
        d.nextAttemptAtMs = now + static_cast<qint64>(base * jitter * 1000);
        d.lastError = error;
        action = QStringLiteral("callback_failed");
    }
    m_store.updateDelivery(d);

    Approval ref;
    ref.id = d.approvalId;
    ref.version = QJsonDocument::fromJson(d.body).object().value(QLatin1String("version")).toInt();
    QJsonObject details{{QStringLiteral("delivery_id"), d.id}, {QStringLiteral("attempt"), d.attempts},
                        {QStringLiteral("url"), d.url}};
    if (!delivered)
        details.insert(QStringLiteral("error"), error);
    if (d.state == Delivery::State::Pending)
        details.insert(QStringLiteral("next_attempt_at"), json::time(QDateTime::fromMSecsSinceEpoch(d.nextAttemptAtMs, Qt::UTC)));
    Event e = event(ref, action, {QStringLiteral("countersign"), {}, {}}, details);
    m_store.appendEvent(e);
}

QList<ApprovalChange> ApprovalService::takeChanges()
{
    return std::exchange(m_changes, {});
}

} // namespace countersign::server
