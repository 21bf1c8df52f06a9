#include "Server.h"

#include "approvals/ApiError.h"
#include "api/ApproverApi.h"
#include "api/ApproverReads.h"
#include "delivery/CallbackDispatcher.h"
#include "intake/CrewAiApi.h"
#include "delivery/LongPolls.h"
#include "http/GuardedTcpServer.h"
#include "http/TlsSetup.h"
#include "hub/Hub.h"
#include "http/HttpServer.h"
#include "intake/AgentApi.h"
#include "metrics/PrometheusMetrics.h"
#include "delivery/notify/NotificationDispatcher.h"
#include "deadlines/DeadlineScheduler.h"
#include "store/SqliteCheckpointer.h"
#include "store/PostgresChangeListener.h"
#include "store/Store.h"
#include "store/StoreWorker.h"
#include "time/Clock.h"

#include <QDir>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTimer>

Q_LOGGING_CATEGORY(lcServer, "countersign.server")

namespace countersign::server {


Server::Server(Config config, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_clock(clock)
{
    qRegisterMetaType<QList<ApprovalChange>>();
    m_store = std::make_unique<StoreWorker>(
        [cfg = &m_config]() -> std::unique_ptr<Store> { return makeStore(*cfg, true); },
        m_clock, m_config);
    m_http = new HttpServer(this);
    m_http->setTrustedProxies(m_config.trustedProxies);
    m_longPolls = new LongPolls(m_clock, this);
    m_callbacks = new CallbackDispatcher(*m_store, m_config, m_clock, this);
    m_notifications = new NotificationDispatcher(*m_store, m_config, m_clock, this);
    m_deadlines = new DeadlineScheduler(*m_store, m_clock, this);
    m_metrics = new PrometheusMetrics(m_config, m_clock, *m_store, this);
    m_metrics->install(*m_http, [this] {
        return QList<std::pair<QString, double>>{{QStringLiteral("countersign_hub_sessions"), double(hubSessions())},
                                                 {QStringLiteral("countersign_long_polls_waiting"), double(longPollsWaiting())}};
    });
    m_agentApi = new AgentApi(m_config, m_clock, *m_store, *m_longPolls, this);
    m_agentApi->install(*m_http);
    m_approverApi = new ApproverApi(m_config, m_clock, *m_store, this);
    m_approverApi->install(*m_http);
    m_crewAiApi = new CrewAiApi(m_config, m_clock, *m_store, this);
    m_crewAiApi->install(*m_http);
    m_hub = new Hub(*m_http, *m_store, m_config, this);
    installOperationalRoutes();
    connect(m_store.get(), &StoreWorker::committed, m_longPolls, &LongPolls::onCommitted);
    connect(m_store.get(), &StoreWorker::committed, m_callbacks, &CallbackDispatcher::onCommitted);
    connect(m_store.get(), &StoreWorker::committed, m_hub, &Hub::onCommitted);
    connect(m_store.get(), &StoreWorker::committed, m_notifications, &NotificationDispatcher::onCommitted);
    connect(m_store.get(), &StoreWorker::committed, m_deadlines, &DeadlineScheduler::onCommitted);
    connect(m_store.get(), &StoreWorker::committed, m_metrics, &PrometheusMetrics::onCommitted);
}

Server::~Server()
{
    m_callbacks->stop();
    m_notifications->stop();
    m_deadlines->stop();
    if (m_changeListener)
        m_changeListener->stop();
    m_store->stop();
    if (m_checkpointer)
        m_checkpointer->stop();
}

int Server::hubSessions() const
{
    return m_hub->sessionCount();
}

int Server::longPollsWaiting() const
{
    return m_longPolls->waiting();
}

QString Server::address() const
{
    const QString host = m_config.listenHost.contains(u':') ? u'[' + m_config.listenHost + u']' : m_config.listenHost;
    return host + u':' + QString::number(m_port);
}

bool Server::start(QString *error)
{
    if (m_config.dataDir.isEmpty() || !QDir().mkpath(m_config.dataDir)) {
        *error = QStringLiteral("cannot create the data directory \"%1\"").arg(m_config.dataDir);
        return false;
    }
    std::optional<QSslConfiguration> tls;
    if (m_config.tls.enabled() && !(tls = loadTlsConfiguration(m_config.tls, error)))
        return false;
    QString storeError;
    if (!m_store->start(&storeError)) {
        *error = QStringLiteral("cannot open the database %1: %2").arg(databaseName(m_config), storeError);
        return false;
    }
    const QHostAddress host = m_config.listenHost == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                                               : QHostAddress(m_config.listenHost);
    GuardedTcpServer::Limits guard{m_config.limits.maxBodyBytes, m_config.limits.headerTimeoutS * 1000,
                                   m_config.limits.idleTimeoutS * 1000};
    guard.bodyTimeoutMs = m_config.limits.bodyTimeoutS * 1000;
    guard.maxBufferedBytes = m_config.limits.maxBufferedBytes;
    guard.maxConnections = m_config.limits.maxConnections;
    guard.maxConnectionsPerPeer = m_config.limits.maxConnectionsPerPeer;
    m_listener = new GuardedTcpServer(guard, this);
    if (tls)
        m_listener->setTlsConfiguration(*tls);
    if (!m_listener->listen(host, m_config.listenPort)) {
        *error = QStringLiteral("cannot listen on %1:%2: %3").arg(m_config.listenHost).arg(m_config.listenPort).arg(m_listener->errorString());
        m_store->stop();
        return false;
    }
    if (isSharedDatabase(m_config)) {
        // Other nodes' commits reach this node's approvers, long polls and timers at once.
        m_changeListener = new PostgresChangeListener(m_config.database.url, this);
        connect(m_changeListener, &PostgresChangeListener::changed, m_store.get(), &StoreWorker::collectExternalChanges);
        m_changeListener->start();
    } else {
        m_checkpointer = std::make_unique<SqliteCheckpointer>(sqlitePath(m_config), 250);
        m_checkpointer->start();
    }
    m_http->bind(m_listener);
    m_port = m_listener->serverPort();
    m_callbacks->start();
    m_notifications->start();
    m_deadlines->start();
    return true;
}

bool Server::reloadTls()
{
    if (!m_config.tls.enabled() || !m_listener)
        return false;
    QString error;
    const std::optional<QSslConfiguration> tls = loadTlsConfiguration(m_config.tls, &error);
    if (!tls) {
        qCWarning(lcServer).noquote() << "TLS reload refused, still serving the previous certificate:" << error;
        return false;
    }
    m_listener->setTlsConfiguration(*tls);
    qCInfo(lcServer).noquote() << "TLS certificate reloaded:" << tls->localCertificate().subjectDisplayName()
                               << "serial" << tls->localCertificate().serialNumber() << "valid until"
                               << tls->localCertificate().expiryDate().toString(Qt::ISODate);
    return true;
}

void Server::installOperationalRoutes()
{
    using M = HttpServer::Method;
    m_http->route(M::Get, QStringLiteral("/healthz"), [](const QHttpServerRequest &, const QStringList &, HttpReply &&reply) {
        reply.json(200, {{QStringLiteral("status"), QStringLiteral("ok")}});
    });
    m_http->route(M::Get, QStringLiteral("/readyz"), [this](const QHttpServerRequest &, const QStringList &, HttpReply &&replyIn) {
        auto reply = std::make_shared<HttpReply>(std::move(replyIn));
        if (m_shuttingDown)
            return reply->json(503, {{QStringLiteral("status"), QStringLiteral("shutting_down")}});
        // A store that does not answer within 2 s is as bad as one that fails.
        auto answered = std::make_shared<bool>(false);
        QTimer::singleShot(2000, this, [reply, answered] {
            if (!std::exchange(*answered, true))
                reply->json(503, {{QStringLiteral("status"), QStringLiteral("database_unresponsive")}});
        });
        m_store->post(this,
            [reply, answered](StoreContext &tx) -> std::function<void()> {
                const bool ok = ApproverReads(tx).storeReachable();
                return [reply, answered, ok] {
                    if (!std::exchange(*answered, true))
                        reply->json(ok ? 200 : 503, {{QStringLiteral("status"), ok ? QStringLiteral("ready") : QStringLiteral("database_unreachable")}});
                };
            },
            [reply, answered](const QString &) {
                if (!std::exchange(*answered, true))
                    reply->json(503, {{QStringLiteral("status"), QStringLiteral("database_unreachable")}});
            });
    });
}

void Server::decide(const DecisionRequest &request, const Actor &approver, std::function<void(const Outcome &)> done)
{
    m_store->post(this,
        [request, approver, done](StoreContext &tx) -> std::function<void()> {
            Outcome outcome = ApprovalTransitions(tx).decide(request, approver);
            return [done, outcome] { done(outcome); };
        },
        [done](const QString &error) {
            done(ApiError{503, errors::Unavailable, error, {}, {}});
        });
}

void Server::shutdown(std::function<void()> done)
{
    m_shuttingDown = true;
    qCInfo(lcServer) << "shutting down: no new connections, finishing requests in flight";
    if (m_listener)
        m_listener->close();
    m_callbacks->stop();
    m_notifications->stop();
    m_deadlines->stop();
    m_longPolls->releaseAll();
    m_hub->closeAll();
    // A barrier: its completion runs after every earlier job's completion has answered its request.
    m_store->post(this, [done](StoreContext &) -> std::function<void()> { return [done] { done(); }; },
                  [done](const QString &) { done(); });
}

} // namespace countersign::server
