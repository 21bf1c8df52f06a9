#pragma once

#include "store/Delivery.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace countersign {
class Clock;
}

namespace countersign::server {

struct ApprovalChange;
class StoreWorker;

// Works through the outbox in the database: fetches the messages of its kinds that are due, hands each to
// `send()`, and records each attempt's result (the store decides the next attempt or gives up). Because the
// queue lives in the database, pending messages survive a restart; this object only decides when to look.
// Subclasses send callbacks (CallbackDispatcher) or notifications (NotificationDispatcher).
class OutboxDispatcher : public QObject
{
    Q_OBJECT
public:
    OutboxDispatcher(StoreWorker &store, const Clock &clock, QStringList kinds, int maxInFlight, QObject *parent = nullptr);
    ~OutboxDispatcher() override;

    void start();
    void stop();
    int inFlight() const { return int(m_inFlight.size()); }

public Q_SLOTS:
    // Looks for due messages now.
    void poke();
    void onCommitted(const QList<countersign::server::ApprovalChange> &changes);

Q_SIGNALS:
    // After a look at the outbox that found nothing due, with no attempt in flight and no other look asked
    // for meanwhile: everything due at the clock's time of that look has been sent and recorded. Tests use
    // it as a barrier ("after the clock moved, nothing more was sent") instead of waiting a fixed time.
    void idle();

protected:
    // Sends one message; must end, now or later, in exactly one call of `finish()` for it.
    virtual void send(const Delivery &d) = 0;
    // Called when the dispatcher stops: abandon attempts in flight (they stay pending in the database).
    virtual void abortAll() {}
    void finish(const Delivery &d, bool delivered, const QString &error);

    const Clock &clock() const { return m_clock; }

private:
    void schedule(std::optional<qint64> nextDueMs);

    StoreWorker &m_store;
    const Clock &m_clock;
    const QStringList m_kinds;
    const int m_maxInFlight;
    QHash<QString, Delivery> m_inFlight;
    QTimer m_timer;
    bool m_fetching = false;
    bool m_pokedWhileFetching = false;
    bool m_running = false;
};

} // namespace countersign::server
