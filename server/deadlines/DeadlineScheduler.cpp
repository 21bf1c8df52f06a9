#include "DeadlineScheduler.h"

#include "DeadlineHandler.h"
#include "store/StoreWorker.h"
#include "time/Clock.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDeadlines, "countersign.server.deadlines")

namespace countersign::server {

namespace {
constexpr int BatchSize = 200;
// Looks again at least this often (another process may have changed deadlines).
constexpr qint64 SweepIntervalMs = 30000;
}

DeadlineScheduler::DeadlineScheduler(StoreWorker &store, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(clock)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DeadlineScheduler::poke);
    connect(&m_clock, &Clock::jumped, this, &DeadlineScheduler::poke);
}

void DeadlineScheduler::start()
{
    m_running = true;
    poke();
}

void DeadlineScheduler::stop()
{
    m_running = false;
    m_timer.stop();
}

void DeadlineScheduler::onCommitted(const QList<ApprovalChange> &changes)
{
    // A new or re-armed deadline earlier than the one we sleep for moves the wake-up forward.
    for (const ApprovalChange &c : changes) {
        const Approval &a = c.approval;
        if (a.status != Status::Pending)
            continue;
        for (const QDateTime &t : {a.remindAt, a.expiresAt}) {
            if (t.isValid() && (!m_timer.isActive() || t.toMSecsSinceEpoch() < m_wakeAtMs))
                schedule(t.toMSecsSinceEpoch());
        }
    }
}

void DeadlineScheduler::poke()
{
    if (!m_running)
        return;
    if (m_busy) {
        m_pokedWhileBusy = true;
        return;
    }
    m_busy = true;
    m_store.post(this,
        [this](StoreContext &tx) -> std::function<void()> {
            bool more = false;
            const std::optional<qint64> next = DeadlineHandler(tx).handleDueDeadlines(BatchSize, &more);
            return [this, next, more] {
                m_busy = false;
                if (!m_running)
                    return;
                schedule(next);
                if (std::exchange(m_pokedWhileBusy, false) || more)
                    poke();
            };
        },
        [this](const QString &error) {
            qCWarning(lcDeadlines) << "cannot handle due deadlines:" << error;
            m_busy = false;
            schedule(std::nullopt);
        });
}

void DeadlineScheduler::schedule(std::optional<qint64> nextDueMs)
{
    const qint64 now = m_clock.nowMs();
    const qint64 at = nextDueMs ? std::min(*nextDueMs, now + SweepIntervalMs) : now + SweepIntervalMs;
    m_wakeAtMs = at;
    m_timer.start(int(std::clamp<qint64>(at - now, 0, SweepIntervalMs)));
}

} // namespace countersign::server
