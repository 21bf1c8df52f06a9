#pragma once

#include "store/Delivery.h"

#include <QHash>
#include <QSet>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace countersign {
class Clock;
}

namespace countersign::server {

struct ApprovalChange;
class StoreWorker;

// Works through the outbox in the database: claims the messages of its kinds that are due, hands each to
// `send()`, and records each attempt's result (the store decides the next attempt or gives up). Because the
// queue lives in the database, pending messages survive a restart; this object only decides when to look.
// Subclasses send callbacks (CallbackDispatcher) or notifications (NotificationDispatcher).
//
// Several nodes may share one database, each with its own dispatchers: a claim moves the message's next
// attempt to the end of a lease (OutboxQueue::claimDueDeliveries), so each attempt is made by one node. A
// graceful stop gives the leases of attempts cut short back; after a crash (of this node, or of the only
// node) a message in flight is sent again when its lease has run out, that is at most `leaseMs` later.
class OutboxDispatcher : public QObject
{
    Q_OBJECT
public:
    // `leaseMs` must cover one attempt and the recording of its outcome: see leaseFor().
    OutboxDispatcher(StoreWorker &store, const Clock &clock, QStringList kinds, int maxInFlight, qint64 leaseMs,
                     QObject *parent = nullptr);
    ~OutboxDispatcher() override;

    void start();
    void stop();
    int inFlight() const { return int(m_inFlight.size()); }
    qint64 leaseMs() const { return m_leaseMs; }

    // The lease for attempts that end within `attemptTimeoutS` (their sender aborts them by then): the time
    // limit plus a margin for connecting, recording the outcome and clocks that differ a little between nodes.
    static qint64 leaseFor(int attemptTimeoutS) { return qint64(attemptTimeoutS) * 1000 + 30'000; }

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
    // Whether abortAll() stops an attempt of `d` (an HTTP request); one that cannot be stopped (an email in
    // curl's hands) is waited for on stop(), so that its outcome is recorded and nobody sends it again.
    virtual bool abortable(const Delivery &d) const { Q_UNUSED(d); return true; }
    void finish(const Delivery &d, bool delivered, const QString &error);

    const Clock &clock() const { return m_clock; }

private:
    void schedule(std::optional<qint64> nextDueMs);
    // Gives back the claims of `claimed` (attempts that will not be made or finished by this node).
    void release(const QList<Delivery> &claimed);

    StoreWorker &m_store;
    const Clock &m_clock;
    const QStringList m_kinds;
    const int m_maxInFlight;
    const qint64 m_leaseMs;
    QHash<QString, Delivery> m_inFlight;  // as claimed: nextAttemptAtMs is the lease's end
    bool m_draining = false;  // stop() waits for attempts it cannot abort: their outcomes are still recorded
    QSet<QString> m_recording;  // in flight, attempt over, outcome being stored: no claim to give back
    QTimer m_timer;
    bool m_fetching = false;
    bool m_pokedWhileFetching = false;
    bool m_running = false;
};

} // namespace countersign::server
