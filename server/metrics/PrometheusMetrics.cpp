#include "PrometheusMetrics.h"

#include "approvals/ApiError.h"
#include "api/ApproverReads.h"
#include "api/ApproverApi.h"
#include "http/HttpServer.h"
#include "protocol/Hmac.h"
#include "store/StoreWorker.h"
#include "time/Clock.h"

#include <QHttpServerRequest>

namespace countersign::server {

namespace {

// Upper bounds of the time-to-decision buckets: 1 min, 5 min, 15 min, 1 h, 4 h, 8 h, 1 day, 3 days.
const QList<double> Bounds = {60, 300, 900, 3600, 14400, 28800, 86400, 259200};

QString labelValue(QString v)
{
    v.replace(u'\\', QStringLiteral("\\\\"));
    v.replace(u'"', QStringLiteral("\\\""));
    v.replace(u'\n', QStringLiteral("\\n"));
    return u'"' + v + u'"';
}

QString labels(std::initializer_list<std::pair<const char *, QString>> pairs)
{
    QStringList parts;
    for (const auto &[name, value] : pairs)
        parts.append(QString::fromLatin1(name) + u'=' + labelValue(value));
    return parts.join(u',');
}

QString number(double v)
{
    return QString::number(v, 'g', 15);
}

void family(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
}

void sample(QByteArray &out, const QString &name, const QString &labelText, double value)
{
    out += (labelText.isEmpty() ? name : name + u'{' + labelText + u'}').toUtf8() + ' ' + number(value).toLatin1() + '\n';
}

} // namespace

PrometheusMetrics::PrometheusMetrics(const Config &config, const Clock &clock, StoreWorker &store, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_clock(clock)
    , m_store(store)
{
}

void PrometheusMetrics::onCommitted(const QList<ApprovalChange> &changes)
{
    for (const ApprovalChange &c : changes) {
        const Approval &a = c.approval;
        if (c.action == QLatin1String("created"))
            ++m_submitted[labels({{"route", a.route}, {"priority", toString(a.priority)}})];
        else if (c.action == QLatin1String("decided"))
            observeDecision(c);
        else if (c.action == QLatin1String("expired") || c.action == QLatin1String("escalated")
                 || c.action == QLatin1String("sla_reminder") || c.action == QLatin1String("cancelled")
                 || c.action == QLatin1String("revised"))
            ++m_events[labels({{"action", c.action}, {"route", a.route}})];
    }
}

void PrometheusMetrics::observeDecision(const ApprovalChange &c)
{
    const Approval &a = c.approval;
    if (!a.decision)
        return;
    ++m_decisions[labels({{"decision", a.decision->decision}, {"route", a.route}})];
    // The round began with the event that made this version pending.
    qint64 startedMs = -1;
    for (const Event &e : a.history) {
        if (e.version == a.decision->version && (e.action == QLatin1String("created") || e.action == QLatin1String("revised")))
            startedMs = e.at.toMSecsSinceEpoch();
    }
    if (startedMs < 0)
        return;
    const double took = double(a.decision->decidedAt.toMSecsSinceEpoch() - startedMs) / 1000.0;
    Histogram &h = m_timeToDecision[labels({{"route", a.route}})];
    if (h.buckets.isEmpty())
        h.buckets.fill(0, Bounds.size() + 1);
    for (qsizetype i = 0; i < Bounds.size(); ++i) {
        if (took <= Bounds.at(i))
            ++h.buckets[i];
    }
    ++h.buckets[Bounds.size()];
    h.sum += took;
    ++h.count;
}

QByteArray PrometheusMetrics::render(const QList<std::tuple<QString, int, double>> &backlog) const
{
    QByteArray out;
    family(out, "countersign_approvals_submitted_total", "counter", "Approvals submitted by agents since the server started.");
    for (auto it = m_submitted.begin(); it != m_submitted.end(); ++it)
        sample(out, QStringLiteral("countersign_approvals_submitted_total"), it.key(), double(it.value()));
    family(out, "countersign_decisions_total", "counter", "Decisions made by approvers since the server started.");
    for (auto it = m_decisions.begin(); it != m_decisions.end(); ++it)
        sample(out, QStringLiteral("countersign_decisions_total"), it.key(), double(it.value()));
    family(out, "countersign_approval_events_total", "counter", "Revisions, escalations, SLA reminders, expiries and cancellations.");
    for (auto it = m_events.begin(); it != m_events.end(); ++it)
        sample(out, QStringLiteral("countersign_approval_events_total"), it.key(), double(it.value()));
    family(out, "countersign_time_to_decision_seconds", "histogram", "Time from a round's start to the approver's decision.");
    for (auto it = m_timeToDecision.begin(); it != m_timeToDecision.end(); ++it) {
        const QString name = QStringLiteral("countersign_time_to_decision_seconds");
        for (qsizetype i = 0; i <= Bounds.size(); ++i) {
            const QString le = i < Bounds.size() ? number(Bounds.at(i)) : QStringLiteral("+Inf");
            sample(out, name + QStringLiteral("_bucket"), it.key() + QStringLiteral(",le=") + labelValue(le), double(it->buckets.at(i)));
        }
        sample(out, name + QStringLiteral("_sum"), it.key(), it->sum);
        sample(out, name + QStringLiteral("_count"), it.key(), double(it->count));
    }
    family(out, "countersign_pending_approvals", "gauge", "Approvals waiting for a decision, per route.");
    for (const auto &[route, pending, age] : backlog)
        sample(out, QStringLiteral("countersign_pending_approvals"), labels({{"route", route}}), pending);
    family(out, "countersign_oldest_pending_age_seconds", "gauge", "Age of the oldest approval waiting, per route.");
    for (const auto &[route, pending, age] : backlog)
        sample(out, QStringLiteral("countersign_oldest_pending_age_seconds"), labels({{"route", route}}), age);
    if (m_liveGauges) {
        for (const auto &[name, value] : m_liveGauges()) {
            const QString base = name.section(u'{', 0, 0);
            family(out, base.toLatin1().constData(), "gauge", "Current value.");
            out += name.toUtf8() + ' ' + number(value).toLatin1() + '\n';
        }
    }
    return out;
}

void PrometheusMetrics::install(HttpServer &http, Gauges liveGauges)
{
    m_liveGauges = std::move(liveGauges);
    http.route(HttpServer::Method::Get, QStringLiteral("/metrics"),
               [this](const QHttpServerRequest &request, const QStringList &, HttpReply &&replyIn) {
        auto reply = std::make_shared<HttpReply>(std::move(replyIn));
        if (!m_config.metrics.bearerToken.isEmpty()
            && !hmac::constantTimeEquals(bearerToken(request), m_config.metrics.bearerToken.toUtf8()))
            return reply->error(401, errors::Unauthorized, QStringLiteral("metrics need \"Authorization: Bearer <metrics.bearer_token>\""));
        m_store.post(this,
            [this, reply, nowMs = m_clock.nowMs()](StoreContext &tx) -> std::function<void()> {
                const QList<RouteBacklog> rows = ApproverReads(tx).backlog();
                QList<std::tuple<QString, int, double>> backlog;
                for (const RouteBacklog &b : rows)
                    backlog.append({b.route, b.pending, double(nowMs - b.oldestCreatedMs) / 1000.0});
                return [this, reply, backlog] {
                    reply->raw(200, QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"), render(backlog));
                };
            },
            [reply](const QString &) {
                reply->error(503, errors::Unavailable, QStringLiteral("the approval store is unavailable"));
            });
    });
}

} // namespace countersign::server
