#pragma once

#include <QObject>
#include <QTimer>

#include <optional>

namespace countersign {
class Clock;
}

namespace countersign::server {

struct ApprovalChange;
class StoreWorker;

// Wakes up when the next SLA reminder or deadline is due and has the store handle everything due by then.
// Deadlines live in the database, so after a restart the first look handles whatever fell due while the
// server was down. Driven by the injected clock: a test that moves the clock gets the same behaviour as
// time passing.
class DeadlineScheduler final : public QObject
{
    Q_OBJECT
public:
    DeadlineScheduler(StoreWorker &store, const Clock &clock, QObject *parent = nullptr);

    void start();
    void stop();

public Q_SLOTS:
    void poke();
    void onCommitted(const QList<countersign::server::ApprovalChange> &changes);

private:
    void schedule(std::optional<qint64> nextDueMs);

    StoreWorker &m_store;
    const Clock &m_clock;
    QTimer m_timer;
    qint64 m_wakeAtMs = 0;
    bool m_running = false;
    bool m_busy = false;
    bool m_pokedWhileBusy = false;
};

} // namespace countersign::server
