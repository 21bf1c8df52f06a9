#pragma once

#include "config/Config.h"

#include <QMap>
#include <QObject>

#include <functional>

namespace countersign {
class Clock;
}

namespace countersign::server {

struct ApprovalChange;
class HttpServer;
class StoreWorker;

// GET /metrics in the Prometheus text format: counters of what happened since the start (approvals
// submitted, decisions, escalations, expiries, reminders), a histogram of the time to decision, and gauges
// read at scrape time (pending approvals and their oldest age per route, hub sessions, long polls).
class PrometheusMetrics final : public QObject
{
    Q_OBJECT
public:
    using Gauges = std::function<QList<std::pair<QString, double>>()>;  // "name{labels}" -> value

    PrometheusMetrics(const Config &config, const Clock &clock, StoreWorker &store, QObject *parent = nullptr);

    void install(HttpServer &http, Gauges liveGauges);

public Q_SLOTS:
    void onCommitted(const QList<countersign::server::ApprovalChange> &changes);

public:
    // The exposition text, given the per-route backlog rows (route, pending, oldest age in seconds).
    QByteArray render(const QList<std::tuple<QString, int, double>> &backlog) const;

private:
    void observeDecision(const ApprovalChange &change);

    const Config &m_config;
    const Clock &m_clock;
    StoreWorker &m_store;
    Gauges m_liveGauges;
    QMap<QString, quint64> m_submitted;   // labels -> count
    QMap<QString, quint64> m_decisions;
    QMap<QString, quint64> m_events;
    struct Histogram
    {
        QList<quint64> buckets;  // cumulative counts per bound, then +Inf
        double sum = 0;
        quint64 count = 0;
    };
    QMap<QString, Histogram> m_timeToDecision;  // route label -> histogram
};

} // namespace countersign::server
