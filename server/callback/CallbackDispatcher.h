#pragma once

#include "config/Config.h"
#include "store/Delivery.h"

#include <QHash>
#include <QObject>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace countersign {
class Clock;
}

namespace countersign::server {

struct ApprovalChange;
class StoreWorker;

// Delivers decisions to agents' callback_url: signed POSTs, the same X-Countersign-Delivery id on every
// attempt, exponential backoff with jitter until a 2xx or the give-up age. The queue lives in the database,
// so pending deliveries survive a restart; this object only decides when to look at it.
class CallbackDispatcher final : public QObject
{
    Q_OBJECT
public:
    CallbackDispatcher(StoreWorker &store, const Config &config, const Clock &clock, QObject *parent = nullptr);
    ~CallbackDispatcher() override;

    void start();
    void stop();
    int inFlight() const { return int(m_inFlight.size()); }

public Q_SLOTS:
    // Looks for due deliveries now.
    void poke();
    void onCommitted(const QList<countersign::server::ApprovalChange> &changes);

private:
    void send(const Delivery &d);
    void finished(const Delivery &d, QNetworkReply *reply);
    void record(const Delivery &d, bool delivered, const QString &error);
    void schedule(std::optional<qint64> nextDueMs);

    StoreWorker &m_store;
    const Config &m_config;
    const Clock &m_clock;
    QNetworkAccessManager *m_network;
    QHash<QString, Delivery> m_inFlight;
    QTimer m_timer;
    bool m_fetching = false;
    bool m_pokedWhileFetching = false;
    bool m_running = false;
};

} // namespace countersign::server
