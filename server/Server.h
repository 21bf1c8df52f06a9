#pragma once

#include "approvals/ApprovalTransitions.h"
#include "config/Config.h"
#include "store/OpenStore.h"

#include <QObject>

#include <functional>
#include <memory>

class QTcpServer;

namespace countersign {
class Clock;
}

namespace countersign::server {

class AgentApi;
class ApproverApi;
class CallbackDispatcher;
class CrewAiApi;
class DeadlineScheduler;
class GuardedTcpServer;
class NotificationDispatcher;
class PostgresChangeListener;
class PrometheusMetrics;
class HttpServer;
class Hub;
class LongPolls;
class SqliteCheckpointer;
class StoreWorker;

// countersignd as an object: the composition root of one node. Tests start it in-process on port 0.
// The path of one approval: AgentApi (intake) -> StoreWorker running ApprovalTransitions (store, with the
// policies: routing, deadlines, redaction) -> committed -> Hub (approvers' desktops), NotificationDispatcher (email,
// Slack), DeadlineScheduler (reminders, escalation, expiry) -> a decision -> LongPolls and
// CallbackDispatcher (back to the agent).
class Server final : public QObject
{
    Q_OBJECT
public:
    Server(Config config, Clock &clock, QObject *parent = nullptr);
    ~Server() override;

    // Opens the database (migrating it) and starts listening. On failure `error` says why.
    bool start(QString *error);
    quint16 port() const { return m_port; }
    QString address() const;  // "HOST:PORT" as listened on

    // Stops accepting connections, answers waiting long polls, lets queued database work finish and
    // answers it, then closes the database. `done` runs when all of that is over.
    void shutdown(std::function<void()> done);

    // Reads the `tls` certificate and key again (on SIGHUP): new connections get the new pair, open ones keep
    // theirs. A pair that cannot be served is logged and the one in use kept. False when TLS is off or it failed.
    bool reloadTls();

    // An approver's decision, as the approver hub will make it. Also the admin override and the tests' hook.
    void decide(const DecisionRequest &request, const Actor &approver, std::function<void(const Outcome &)> done);

    const Config &config() const { return m_config; }
    int longPollsWaiting() const;
    int hubSessions() const;
    StoreWorker &store() { return *m_store; }
    CallbackDispatcher &callbacks() { return *m_callbacks; }
    Hub &hub() { return *m_hub; }

private:
    void installOperationalRoutes();

    Config m_config;
    Clock &m_clock;
    std::unique_ptr<StoreWorker> m_store;
    std::unique_ptr<SqliteCheckpointer> m_checkpointer;
    HttpServer *m_http = nullptr;
    LongPolls *m_longPolls = nullptr;
    CallbackDispatcher *m_callbacks = nullptr;
    CrewAiApi *m_crewAiApi = nullptr;
    NotificationDispatcher *m_notifications = nullptr;
    DeadlineScheduler *m_deadlines = nullptr;
    PrometheusMetrics *m_metrics = nullptr;
    AgentApi *m_agentApi = nullptr;
    ApproverApi *m_approverApi = nullptr;
    Hub *m_hub = nullptr;
    GuardedTcpServer *m_listener = nullptr;
    PostgresChangeListener *m_changeListener = nullptr;  // several nodes on PostgreSQL only
    quint16 m_port = 0;
    bool m_shuttingDown = false;
};

} // namespace countersign::server
