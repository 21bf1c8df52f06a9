#pragma once

#include <QList>
#include <QObject>
#include <QTimer>

namespace countersign::server {

struct ApprovalChange;
struct Config;
class HttpServer;
class HubSession;
class StoreWorker;

// The approvers' live channel: accepts WebSocket upgrades on /api/v1/ws (same port as HTTP) and pushes every
// committed change to each connected session that may see it.
class Hub final : public QObject
{
    Q_OBJECT
public:
    static constexpr auto Path = "/api/v1/ws";

    Hub(HttpServer &http, StoreWorker &store, const Config &config, QObject *parent = nullptr);

    int sessionCount() const { return int(m_sessions.size()); }
    void closeAll();

Q_SIGNALS:
    // After each periodic re-check of the signed-in sessions has been applied (sessions it ended are closing).
    // Tests count these instead of waiting a fixed time for "several checks passed".
    void sessionsRechecked();

public Q_SLOTS:
    void onCommitted(const QList<countersign::server::ApprovalChange> &changes);

private:
    void accept();
    void recheckSessions();

    HttpServer &m_http;
    StoreWorker &m_store;
    const Config &m_config;
    QList<HubSession *> m_sessions;
    QTimer m_recheckTimer;
    bool m_recheckInFlight = false;
    int m_failedRechecks = 0;  // in a row
    static constexpr int UnavailableAfterFailedRechecks = 3;
};

} // namespace countersign::server
