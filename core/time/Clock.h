#pragma once

#include <QDateTime>
#include <QTimeZone>

#include <atomic>
#include <QObject>

namespace countersign {

// The one source of "now" for everything time-dependent (timeouts, backoff, long polls, SLAs), so tests can
// move time instead of sleeping. Components that wait use a QTimer for the real clock and re-check their
// deadlines whenever `jumped()` is emitted (only a manual clock ever jumps).
class Clock : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Clock() override = default;

    virtual QDateTime now() const = 0;
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }

Q_SIGNALS:
    // Time moved by something other than its own passing (a test advanced it): re-check deadlines now.
    void jumped();
};

class SystemClock final : public Clock
{
    Q_OBJECT
public:
    using Clock::Clock;
    QDateTime now() const override;
};

// A clock that only moves when told to. Thread-safe for reading.
class ManualClock final : public Clock
{
    Q_OBJECT
public:
    explicit ManualClock(const QDateTime &start, QObject *parent = nullptr);
    QDateTime now() const override;
    void advance(qint64 ms);
    void set(const QDateTime &to);

private:
    std::atomic<qint64> m_msSinceEpoch;
};

} // namespace countersign
