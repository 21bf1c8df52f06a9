#include "OutboxDispatcher.h"

#include "OutboxQueue.h"
#include "store/StoreWorker.h"
#include "time/Clock.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcOutbox, "countersign.server.outbox")

namespace countersign::server {

namespace {
// Also catches messages another process (an admin command) queued.
constexpr int SweepIntervalMs = 5000;
}

OutboxDispatcher::OutboxDispatcher(StoreWorker &store, const Clock &clock, QStringList kinds, int maxInFlight, qint64 leaseMs,
                                   QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_kinds(std::move(kinds))
    , m_maxInFlight(maxInFlight)
    , m_leaseMs(leaseMs)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &OutboxDispatcher::poke);
    connect(&m_clock, &Clock::jumped, this, &OutboxDispatcher::poke);
}

OutboxDispatcher::~OutboxDispatcher() = default;

void OutboxDispatcher::start()
{
    m_running = true;
    poke();
}

void OutboxDispatcher::stop()
{
    m_running = false;
    m_timer.stop();
    // Attempts cut short stay pending in the database; giving their claims back makes them due at once, for
    // the restart or another node (the store worker runs this job before it stops).
    abortAll();
    const auto unabortable = [this] {
        return std::any_of(m_inFlight.cbegin(), m_inFlight.cend(),
                           [this](const Delivery &d) { return !abortable(d) && !m_recording.contains(d.id); });
    };
    if (unabortable()) {
        // Bounded by the lease, which covers one attempt: past it another node may send the message anyway.
        QDeadlineTimer deadline(m_leaseMs);
        m_draining = true;
        while (unabortable() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        m_draining = false;
    }
    QList<Delivery> cutShort;
    for (const Delivery &d : std::as_const(m_inFlight)) {
        if (!m_recording.contains(d.id))
            cutShort.append(d);
    }
    release(cutShort);
    m_inFlight.clear();
    m_recording.clear();
}

void OutboxDispatcher::release(const QList<Delivery> &claimed)
{
    if (claimed.isEmpty())
        return;
    // The work runs even when this object is gone by then; it captures nothing of it.
    m_store.post(this,
        [claimed](StoreContext &tx) -> std::function<void()> {
            OutboxQueue outbox(tx);
            for (const Delivery &d : claimed)
                outbox.releaseClaim(d);
            return {};
        },
        [](const QString &error) { qCWarning(lcOutbox) << "cannot give back the outbox claims:" << error; });
}

void OutboxDispatcher::onCommitted(const QList<ApprovalChange> &changes)
{
    for (const ApprovalChange &c : changes) {
        if (c.deliveryQueued)
            return poke();
    }
}

void OutboxDispatcher::poke()
{
    if (!m_running)
        return;
    if (m_fetching) {
        m_pokedWhileFetching = true;
        return;
    }
    const int room = m_maxInFlight - int(m_inFlight.size());
    if (room <= 0)
        return;  // a finished attempt pokes again
    m_fetching = true;
    const QStringList busy = m_inFlight.keys();
    m_store.post(this,
        [this, kinds = m_kinds, room, busy, lease = m_leaseMs](StoreContext &tx) -> std::function<void()> {
            OutboxQueue outbox(tx);
            QList<Delivery> due = outbox.claimDueDeliveries(kinds, room, busy, lease);
            std::optional<qint64> next = outbox.nextDeliveryDueMs(kinds);
            return [this, due, next] {
                m_fetching = false;
                if (!m_running)
                    return release(due);  // stopped while claiming (destroyed: held until the lease runs out)
                for (const Delivery &d : due) {
                    if (m_inFlight.contains(d.id))
                        continue;
                    m_inFlight.insert(d.id, d);
                    send(d);
                }
                schedule(next);
                if (std::exchange(m_pokedWhileFetching, false))
                    poke();
                else if (due.isEmpty() && m_inFlight.isEmpty())
                    Q_EMIT idle();
            };
        },
        [this](const QString &error) {
            qCWarning(lcOutbox) << "cannot read the outbox:" << error;
            m_fetching = false;
            schedule(std::nullopt);
        });
}

void OutboxDispatcher::schedule(std::optional<qint64> nextDueMs)
{
    qint64 delay = SweepIntervalMs;
    if (nextDueMs)
        delay = std::clamp<qint64>(*nextDueMs - m_clock.nowMs(), 0, SweepIntervalMs);
    m_timer.start(int(delay));
}

void OutboxDispatcher::finish(const Delivery &d, bool delivered, const QString &error)
{
    if ((!m_running && !m_draining) || !m_inFlight.contains(d.id))
        return;
    m_recording.insert(d.id);
    m_store.post(this,
        [this, d, delivered, error](StoreContext &tx) -> std::function<void()> {
            OutboxQueue(tx).recordDeliveryAttempt(d, delivered, error);
            return [this, id = d.id] {
                m_inFlight.remove(id);
                m_recording.remove(id);
                poke();
            };
        },
        [this, id = d.id](const QString &) {
            // Still pending and claimed in the database: tried again when the lease runs out.
            m_inFlight.remove(id);
            m_recording.remove(id);
        });
}

} // namespace countersign::server
