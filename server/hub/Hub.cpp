#include "Hub.h"

#include "HubSession.h"
#include "auth/ApproverSessions.h"
#include "http/HttpServer.h"
#include "policy/Redactor.h"
#include "store/StoreWorker.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

#include <QWebSocket>

namespace countersign::server {

Hub::Hub(HttpServer &http, StoreWorker &store, const Config &config, QObject *parent)
    : QObject(parent)
    , m_http(http)
    , m_store(store)
    , m_config(config)
{
    m_http.reserveWebSocketPath(QString::fromLatin1(Path));
    connect(&m_http, &HttpServer::newWebSocketConnection, this, &Hub::accept);
    // Open sessions follow what happens to their token and user elsewhere (a logout, an expiry on the
    // server's clock, `countersignd user disable` or `set-roles` from another process): re-checked together.
    connect(&m_recheckTimer, &QTimer::timeout, this, &Hub::recheckSessions);
    m_recheckTimer.start(m_config.hub.sessionCheckMs);
}

void Hub::recheckSessions()
{
    if (m_recheckInFlight)
        return;  // the store is slow: one check at a time
    QList<QPointer<HubSession>> sessions;
    QList<QByteArray> tokens;
    for (HubSession *session : std::as_const(m_sessions)) {
        if (!session->signedIn())
            continue;
        sessions.append(session);
        tokens.append(session->token());
    }
    if (sessions.isEmpty())
        return;
    m_recheckInFlight = true;
    m_store.post(this,
        [this, sessions, tokens](StoreContext &tx) -> std::function<void()> {
            const QList<std::optional<User>> users = ApproverSessions(tx).usersForTokens(tokens);
            return [this, sessions, users] {
                m_recheckInFlight = false;
                m_failedRechecks = 0;
                for (qsizetype i = 0; i < sessions.size(); ++i) {
                    if (sessions[i])  // a session may close while its check runs
                        sessions[i]->recheck(users[i]);
                }
                Q_EMIT sessionsRechecked();
            };
        },
        [this](const QString &) {
            m_recheckInFlight = false;
            // One failed batch may be a connection the store opens again at once: act on a few in a row.
            if (++m_failedRechecks < UnavailableAfterFailedRechecks)
                return;
            // The database is unreachable (PostgreSQL restarting, a disk gone): tell each approver now, rather
            // than let their decisions fail one by one. Their apps go offline, keep decisions queued, and come
            // back by themselves once a hello succeeds again.
            for (HubSession *session : std::as_const(m_sessions)) {
                if (session->signedIn())
                    session->storeUnavailable();
            }
        });
}

void Hub::accept()
{
    while (m_http.hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = m_http.nextPendingWebSocketConnection();
        if (!socket)
            continue;
        // Browsers send Origin and may be driven by any page: only the configured origins may connect.
        // Native clients (the desktop, the CLI, scripts) send none, or a name of their own that is not a web
        // origin (QWebSocket's "countersign-desktop"): the check protects browsers, whose Origin is scheme://host.
        const QString origin = socket->origin();
        const bool webOrigin = origin.contains(QLatin1String("://"));
        const bool originAllowed = !webOrigin || m_config.hub.allowedOrigins.contains(origin, Qt::CaseInsensitive);
        auto *session = new HubSession(std::move(socket), m_store, m_config, this);
        m_sessions.append(session);
        connect(session, &HubSession::closed, this, [this, session] {
            m_sessions.removeOne(session);
            session->deleteLater();
        });
        if (!originAllowed)
            session->refuse(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("origin not allowed"));
    }
}

void Hub::onCommitted(const QList<ApprovalChange> &changes)
{
    if (m_sessions.isEmpty())
        return;
    const Redactor redactor(m_config.redaction);
    for (const ApprovalChange &change : changes) {
        // Serialized once (redacted), sent to every session that may see it. "notify" tells the desktop that
        // this change is one to raise a notification for (new, revised, escalated, reminder).
        QJsonObject frameObject{{QStringLiteral("type"), QStringLiteral("approval")},
                                {QStringLiteral("approval"), change.approverView.isEmpty()
                                     ? redactor.approverJson(change.approval) : change.approverView}};
        if (!change.notify.isEmpty())
            frameObject.insert(QStringLiteral("notify"), change.notify);
        const QString frame = QString::fromUtf8(QJsonDocument(frameObject).toJson(QJsonDocument::Compact));
        for (HubSession *session : std::as_const(m_sessions))
            session->push(change, frame);
    }
}

void Hub::closeAll()
{
    for (HubSession *session : std::as_const(m_sessions))
        session->deleteLater();
    m_sessions.clear();
}

} // namespace countersign::server
