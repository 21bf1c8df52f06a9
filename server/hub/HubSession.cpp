#include "HubSession.h"

#include "approvals/ApiError.h"
#include "HubFrame.h"
#include "http/ClientAddress.h"

#include "api/ApproverReads.h"
#include "approvals/ApprovalTransitions.h"
#include "auth/ApproverSessions.h"
#include "protocol/ApprovalJson.h"
#include "store/StoreWorker.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QWebSocket>

Q_LOGGING_CATEGORY(lcHub, "countersign.server.hub")

namespace countersign::server {

namespace {
constexpr qint64 MaxFrameBytes = 1024 * 1024;

// Told to a session that could see an approval which has now left its view (escalated to another role, routed
// anew after a revision): only the id and where it went, never its content. A v1 client that does not know
// the frame ignores it.
QJsonObject withdrawnFrame(const Approval &a, const QString &reason)
{
    return {{QStringLiteral("type"), QStringLiteral("withdrawn")}, {QStringLiteral("approval_id"), a.id},
            {QStringLiteral("seq"), a.seq}, {QStringLiteral("route"), a.route}, {QStringLiteral("reason"), reason},
            {QStringLiteral("at"), json::time(a.updatedAt)}};
}

// The change that moved an approval, as the last routing event of its history says.
QString lastRerouting(const Approval &a)
{
    for (auto it = a.history.crbegin(); it != a.history.crend(); ++it) {
        if (it->action == QLatin1String("escalated") || it->action == QLatin1String("routed"))
            return it->action;
    }
    return QStringLiteral("routed");
}

bool mayReroute(const QString &action)
{
    return action == QLatin1String("escalated") || action == QLatin1String("revised") || action == QLatin1String("routed");
}
} // namespace

HubSession::HubSession(std::unique_ptr<QWebSocket> socket, StoreWorker &store, const Config &config, QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_store(store)
    , m_config(config)
{
    m_socket->setMaxAllowedIncomingMessageSize(MaxFrameBytes);
    m_socket->setMaxAllowedIncomingFrameSize(MaxFrameBytes);
    m_lastHeard.start();
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, &HubSession::onText);
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &) {
        m_lastHeard.start();
        sendError(errors::Invalid, QStringLiteral("frames are JSON text"));
    });
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_lastHeard.start(); });
    connect(m_socket.get(), &QWebSocket::disconnected, this, [this] {
        m_state = State::Closed;
        m_pingTimer.stop();
        Q_EMIT closed();
    });
    // Keepalive: a ping every interval; a peer silent for hub.silent_drop_s is dropped.
    connect(&m_pingTimer, &QTimer::timeout, this, &HubSession::checkSilence);
    m_pingTimer.start(m_config.hub.pingIntervalS * 1000);
    // A connection that does not sign in is closed: pings alone would keep it open forever.
    m_helloTimer.setSingleShot(true);
    connect(&m_helloTimer, &QTimer::timeout, this, [this] {
        if (m_state == State::AwaitingHello)
            endSession(QStringLiteral("no valid hello in time; send hello with a token first"));
    });
    m_helloTimer.start(m_config.hub.helloTimeoutMs);
}

void HubSession::refuse(int code, const QString &reason)
{
    m_state = State::Closed;
    closeWith(code, reason);
}

void HubSession::storeUnavailable()
{
    sendError(errors::Unavailable, QStringLiteral("the server cannot reach its database; reconnect later"));
    m_state = State::Closed;
    closeWith(QWebSocketProtocol::CloseCodeBadOperation, errors::Unavailable);
}

HubSession::~HubSession()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void HubSession::checkSilence()
{
    if (m_lastHeard.elapsed() > qint64(m_config.hub.silentDropS) * 1000) {
        qCInfo(lcHub).noquote() << "dropping silent connection of" << (m_user.username.isEmpty() ? QStringLiteral("(not signed in)") : m_user.username);
        m_socket->abort();
        return;
    }
    m_socket->ping();
}

void HubSession::send(const QJsonObject &frame)
{
    if (m_state != State::Closed)
        m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void HubSession::sendError(const QString &code, const QString &message, const QString &requestId, const QJsonObject &approval)
{
    QJsonObject frame{{QStringLiteral("type"), QStringLiteral("error")}, {QStringLiteral("code"), code},
                      {QStringLiteral("message"), message}};
    if (!requestId.isEmpty())
        frame.insert(QStringLiteral("request_id"), requestId);
    if (!approval.isEmpty())
        frame.insert(QStringLiteral("approval"), approval);
    send(frame);
}

void HubSession::closeWith(int code, const QString &reason)
{
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
}

void HubSession::endSession(const QString &message)
{
    if (m_state == State::Closed)
        return;
    sendError(errors::Unauthorized, message);
    // No push or decision after this, even while the close handshake is under way.
    m_state = State::Closed;
    closeWith(UnauthorizedCloseCode, errors::Unauthorized);
}

void HubSession::recheck(const std::optional<User> &current)
{
    if (!signedIn())
        return;
    if (!current || current->username != m_user.username) {
        qCInfo(lcHub).noquote() << "ending the session of" << m_user.username << "(signed out, expired or disabled)";
        return endSession(QStringLiteral("the session has ended; sign in again"));
    }
    if (current->roles != m_user.roles) {
        qCInfo(lcHub).noquote() << "ending the session of" << m_user.username << "(roles changed)";
        return endSession(QStringLiteral("your roles have changed; sign in again"));
    }
    m_user = *current;
}

void HubSession::onText(const QString &text)
{
    m_lastHeard.start();
    if (m_state == State::Closed)
        return;  // the session was ended; its close handshake is under way
    const HubPhase phase = m_state == State::AwaitingHello    ? HubPhase::AwaitingHello
                           : m_state == State::Authenticating ? HubPhase::Authenticating
                                                              : HubPhase::SignedIn;
    const HubFrame frame = parseHubFrame(text, phase);
    switch (frame.kind) {
    case HubFrame::Kind::Hello:
        return hello(frame.token, frame.since);
    case HubFrame::Kind::Decide:
        return decide(frame.requestId, frame.decision);
    case HubFrame::Kind::Ping:
        return send({{QStringLiteral("type"), QStringLiteral("pong")}});
    case HubFrame::Kind::Refused:
        sendError(frame.errorCode, frame.errorMessage, frame.requestId);
        if (frame.closeUnauthorized)
            closeWith(UnauthorizedCloseCode, errors::Unauthorized);
        return;
    }
}

void HubSession::hello(const QByteArray &token, qint64 since)
{
    m_state = State::Authenticating;
    m_token = token;
    m_store.post(this,
        [this, token, since](StoreContext &tx) -> std::function<void()> {
            const std::optional<User> user = token.isEmpty() ? std::nullopt : ApproverSessions(tx).userForToken(token);
            const qint64 current = ApproverReads(tx).currentSeq();
            const QString databaseId = user ? tx.store.databaseId() : QString();
            // What left this user's view while they were away (their cache still holds it as theirs to decide).
            QList<QJsonObject> withdrawn;
            if (user && since > 0) {
                for (const Approval &a : ApproverReads(tx).withdrawnSince(*user, since, current, MaxWithdrawnOnSync))
                    withdrawn.append(withdrawnFrame(a, lastRerouting(a)));
            }
            return [this, user, current, since, withdrawn, databaseId] {
                if (m_state == State::Closed)
                    return;
                if (!user) {
                    sendError(errors::Unauthorized, QStringLiteral("the token is not valid; sign in again"));
                    m_state = State::AwaitingHello;
                    return closeWith(UnauthorizedCloseCode, errors::Unauthorized);
                }
                m_user = *user;
                m_syncedUpTo = current;
                m_state = State::Syncing;
                send({{QStringLiteral("type"), QStringLiteral("welcome")}, {QStringLiteral("user"), publicJson(*user)},
                     {QStringLiteral("seq"), current}, {QStringLiteral("database_id"), databaseId}});
                for (const QJsonObject &frame : withdrawn)
                    send(frame);
                syncFrom(since);
            };
        },
        [this](const QString &) {
            sendError(errors::Unavailable, QStringLiteral("the server cannot read its store; reconnect later"));
            closeWith(QWebSocketProtocol::CloseCodeBadOperation, errors::Unavailable);
        });
}

void HubSession::syncFrom(qint64 after)
{
    const User user = m_user;
    const qint64 upTo = m_syncedUpTo;
    m_store.post(this,
        [this, user, after, upTo](StoreContext &tx) -> std::function<void()> {
            const QList<Approval> items = ApproverReads(tx).changedSince(user, after, upTo, SyncBatch);
            QJsonArray list;
            for (const Approval &a : items)
                list.append(tx.redactor.approverJson(a));
            const qint64 last = items.isEmpty() ? upTo : items.last().seq;
            const bool done = items.size() < SyncBatch;
            return [this, list, last, done] {
                if (m_state != State::Syncing)
                    return;
                send({{QStringLiteral("type"), QStringLiteral("sync")}, {QStringLiteral("items"), list},
                     {QStringLiteral("done"), done}});
                if (!done)
                    return syncFrom(last);
                m_state = State::Live;
                for (const QString &held : std::exchange(m_heldPushes, {}))
                    m_socket->sendTextMessage(held);
            };
        },
        [this](const QString &) {
            closeWith(QWebSocketProtocol::CloseCodeBadOperation, errors::Unavailable);
        });
}

void HubSession::push(const ApprovalChange &change, const QString &frame)
{
    if ((m_state != State::Live && m_state != State::Syncing) || change.approval.seq <= m_syncedUpTo)
        return;
    QString text = frame;
    if (!canSee(m_user, change.approval)) {
        // Not for this user any more: tell the ones who had it, so that their copy does not stay decidable.
        if (!mayReroute(change.action) || !couldSeeBefore(m_user, change.approval))
            return;
        text = QString::fromUtf8(QJsonDocument(withdrawnFrame(change.approval, change.action)).toJson(QJsonDocument::Compact));
    }
    if (m_state == State::Syncing)
        m_heldPushes.append(text);
    else
        m_socket->sendTextMessage(text);
}

void HubSession::decide(const QString &rid, const DecisionRequest &request)
{
    const QString ip = clientAddress(*m_socket, m_config.trustedProxies);
    const QByteArray token = m_token;
    const QString username = m_user.username;
    m_store.post(this,
        [this, token, username, request, rid, ip](StoreContext &tx) -> std::function<void()> {
            // The session's user as the store knows it now: a logout, an expiry or a disable since the last
            // periodic check refuses the decision; new roles are the ones that decide.
            const std::optional<User> user = ApproverSessions(tx).userForToken(token);
            if (!user || user->username != username) {
                return [this, rid] {
                    sendError(errors::Unauthorized, QStringLiteral("not decided: the session has ended"), rid);
                    endSession(QStringLiteral("the session has ended; sign in again"));
                };
            }
            const DecideAnswer answer = ApprovalTransitions(tx).decideAs(*user, request, rid, ip);
            return [this, answer, rid] {
                if (m_state == State::Closed)
                    return;
                if (answer.ok())
                    send({{QStringLiteral("type"), QStringLiteral("ack")}, {QStringLiteral("request_id"), rid},
                         {QStringLiteral("approval"), answer.approval}});
                else
                    sendError(answer.code, answer.message, rid, answer.approval);
            };
        },
        [this, rid](const QString &) {
            sendError(errors::Unavailable, QStringLiteral("not decided: the store is unavailable; send again"), rid);
        });
}

} // namespace countersign::server
