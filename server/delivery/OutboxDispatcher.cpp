#include "OutboxDispatcher.h"

#include "approvals/ApprovalService.h"
#include "store/StoreWorker.h"
#include "time/Clock.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcOutbox, "countersign.server.outbox")

namespace countersign::server {

namespace {
// Also catches messages another process (an admin command) queued.
constexpr int SweepIntervalMs = 5000;
}

OutboxDispatcher::OutboxDispatcher(StoreWorker &store, const Clock &clock, QStringList kinds, int maxInFlight, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
    , m_kinds(std::move(kinds))
    , m_maxInFlight(maxInFlight)
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
    // Attempts cut short stay pending in the database and are retried after the restart.
    abortAll();
    m_inFlight.clear();
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
    QPointer<OutboxDispatcher> self(this);
    m_store.post(
        [self, kinds = m_kinds, room, busy](ApprovalService &service) -> std::function<void()> {
            QList<Delivery> due = service.dueDeliveries(kinds, room, busy);
            std::optional<qint64> next = service.nextDeliveryDueMs(kinds);
            return [self, due, next] {
                if (!self)
                    return;
                self->m_fetching = false;
                if (!self->m_running)
                    return;
                for (const Delivery &d : due) {
                    if (self->m_inFlight.contains(d.id))
                        continue;
                    self->m_inFlight.insert(d.id, d);
                    self->send(d);
                }
                self->schedule(next);
                if (std::exchange(self->m_pokedWhileFetching, false))
                    self->poke();
                else if (due.isEmpty() && self->m_inFlight.isEmpty())
                    Q_EMIT self->idle();
            };
        },
        [self](const QString &error) {
            if (!self)
                return;
            qCWarning(lcOutbox) << "cannot read the outbox:" << error;
            self->m_fetching = false;
            self->schedule(std::nullopt);
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
    if (!m_running || !m_inFlight.contains(d.id))
        return;
    QPointer<OutboxDispatcher> self(this);
    m_store.post(
        [d, delivered, error, self](ApprovalService &service) -> std::function<void()> {
            service.recordDeliveryAttempt(d, delivered, error);
            return [self, id = d.id] {
                if (!self)
                    return;
                self->m_inFlight.remove(id);
                self->poke();
            };
        },
        [self, id = d.id](const QString &) {
            if (self)
                self->m_inFlight.remove(id);  // still pending in the database: retried at the next sweep
        });
}

} // namespace countersign::server
