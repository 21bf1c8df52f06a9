#include "LongPolls.h"

#include "approvals/StoreContext.h"
#include "time/Clock.h"

namespace countersign::server {

LongPolls::LongPolls(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &LongPolls::checkDeadlines);
    connect(&m_clock, &Clock::jumped, this, &LongPolls::checkDeadlines);
}

void LongPolls::wait(const QString &approvalId, int seconds, HttpReply &&reply, Answer answer)
{
    m_waiters[approvalId].push_back({m_clock.nowMs() + qint64(seconds) * 1000, std::move(reply), std::move(answer)});
    ++m_count;
    armTimer();
}

void LongPolls::onCommitted(const QList<ApprovalChange> &changes)
{
    if (m_waiters.empty())
        return;
    for (const ApprovalChange &c : changes) {
        if (c.approval.status != Status::Pending)
            release(c.approval.id);
    }
}

void LongPolls::release(const QString &approvalId)
{
    auto it = m_waiters.find(approvalId);
    if (it == m_waiters.end())
        return;
    std::vector<Waiter> waiters = std::move(it->second);
    m_waiters.erase(it);
    m_count -= int(waiters.size());
    for (Waiter &w : waiters)
        w.answer(std::move(w.reply));
    armTimer();
}

void LongPolls::releaseAll()
{
    QStringList ids;
    for (const auto &[id, list] : m_waiters)
        ids.append(id);
    for (const QString &id : std::as_const(ids))
        release(id);
}

void LongPolls::checkDeadlines()
{
    const qint64 now = m_clock.nowMs();
    for (auto it = m_waiters.begin(); it != m_waiters.end();) {
        std::vector<Waiter> &list = it->second;
        for (auto w = list.begin(); w != list.end();) {
            if (!w->reply.isOpen()) {  // the agent hung up: nothing to answer
                w = list.erase(w);
                --m_count;
            } else if (w->deadlineMs <= now) {
                Waiter done = std::move(*w);
                w = list.erase(w);
                --m_count;
                done.answer(std::move(done.reply));
            } else {
                ++w;
            }
        }
        it = list.empty() ? m_waiters.erase(it) : std::next(it);
    }
    armTimer();
}

void LongPolls::armTimer()
{
    if (m_count == 0) {
        m_timer.stop();
        return;
    }
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const auto &[id, list] : m_waiters) {
        for (const Waiter &w : list)
            earliest = std::min(earliest, w.deadlineMs);
    }
    // Wake at the earliest deadline, and at least every 5 s to drop agents that hung up.
    const qint64 delay = std::clamp<qint64>(earliest - m_clock.nowMs(), 0, 5000);
    m_timer.start(int(delay));
}

} // namespace countersign::server
