#include "Connection.h"

#include "RestFailure.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSslError>
#include <QWebSocket>

#include <cmath>

Q_LOGGING_CATEGORY(lcConnection, "countersign.client.connection")

namespace countersign::client {

namespace {

constexpr int UnauthorizedCloseCode = 4001;

} // namespace

Connection::Connection(ConnectionTimings timings, QObject *parent)
    : QObject(parent)
    , m_timings(timings)
{
    m_rest.setTimeoutMs(m_timings.requestTimeoutMs);
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &Connection::attempt);
    m_pingTimer.setInterval(m_timings.pingIntervalMs);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        if (!m_socket)
            return;
        m_socket->ping();
        if (!m_pongTimer.isActive())
            m_pongTimer.start(m_timings.pongTimeoutMs);
    });
    m_pongTimer.setSingleShot(true);
    connect(&m_pongTimer, &QTimer::timeout, this, [this] {
        dropLink(tr("The server stopped answering (no pong within %1 ms).").arg(m_timings.pongTimeoutMs));
    });
}

Connection::~Connection()
{
    teardownSocket();
}

QString Connection::stateString(State state)
{
    switch (state) {
    case State::SignedOut: return tr("signed out");
    case State::Authenticating: return tr("signing in");
    case State::Connecting: return tr("connecting");
    case State::Syncing: return tr("syncing");
    case State::Online: return tr("online");
    case State::Offline: return tr("offline");
    case State::AuthFailed: return tr("sign-in failed");
    }
    return {};
}

void Connection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (state == State::Online)
        m_serverUnavailable = false;
    qCDebug(lcConnection) << "state:" << stateString(state);
    Q_EMIT stateChanged(state);
}

void Connection::fail(State state, const QString &message)
{
    m_lastError = message;
    qCInfo(lcConnection).noquote() << message;
    Q_EMIT errorOccurred(message);
    setState(state);
}

void Connection::signIn(const QUrl &server, const QString &username, const QString &password)
{
    teardownSocket();
    m_reconnectTimer.stop();
    m_waitingForServer = false;
    m_rest.setServer(server);
    m_rest.setToken({});
    m_username = username;
    m_lastError.clear();
    setState(State::Authenticating);
    const quint64 signIn = ++m_signIns;
    m_rest.login(username, password, [this, signIn](const RestAnswer &a) {
        if (m_state != State::Authenticating || signIn != m_signIns)
            return;  // signed out or signed in again meanwhile
        if (a.ok()) {
            m_user = a.body.value(QLatin1String("user")).toObject();
            Q_EMIT tokenIssued(m_rest.token());
            m_attempt = 0;
            return openSocket();
        }
        // A refused password or too many attempts need the user; anything else may pass with a retry.
        const bool refused = a.status == 401 || a.status == 429;
        fail(refused ? State::AuthFailed : State::SignedOut, RestFailure::text(a, m_rest.server()));
    });
}

void Connection::resume(const QUrl &server, const QString &username, const QByteArray &token)
{
    teardownSocket();
    m_reconnectTimer.stop();
    m_waitingForServer = false;
    ++m_signIns;
    m_rest.setServer(server);
    m_rest.setToken(token);
    m_username = username;
    m_lastError.clear();
    m_attempt = 0;
    openSocket();
}

void Connection::signOut()
{
    ++m_signIns;
    if (m_rest.hasToken() && !m_rest.server().isEmpty())
        m_rest.logout([](const RestAnswer &) {});  // best effort: the token is forgotten here either way
    m_rest.setToken({});
    m_user = {};
    m_reconnectTimer.stop();
    m_waitingForServer = false;
    teardownSocket();
    setState(State::SignedOut);
}

void Connection::waitForServer(const QUrl &server, const QString &username)
{
    teardownSocket();
    m_reconnectTimer.stop();
    ++m_signIns;
    m_rest.setServer(server);
    m_rest.setToken({});
    m_username = username;
    m_user = {};
    m_waitingForServer = true;
    m_attempt = 0;
    m_lastError.clear();
    setState(State::Offline);
    probe();
}

void Connection::reconnectNow()
{
    if (m_state != State::Offline)
        return;
    m_reconnectTimer.stop();
    m_attempt = 0;
    attempt();
}

void Connection::attempt()
{
    if (m_waitingForServer)
        return probe();
    openSocket();
}

void Connection::probe()
{
    // Any HTTP answer says the server is up; only no answer at all (refused, timed out, TLS) keeps waiting.
    const QUrl server = m_rest.server();
    const int timeoutMs = std::min(m_timings.requestTimeoutMs, std::max(1000, m_timings.maxBackoffMs));
    m_rest.health(timeoutMs, [this, server](const RestAnswer &a) {
        if (!m_waitingForServer || m_rest.server() != server || m_state != State::Offline)
            return;  // signed in, signed out or another probe meanwhile
        if (a.status == 0 || !a.tlsErrors.isEmpty()) {
            m_lastError = RestFailure::text(a, server);
            Q_EMIT errorOccurred(m_lastError);
            return scheduleReconnect();
        }
        m_waitingForServer = false;
        m_attempt = 0;
        m_lastError.clear();
        setState(State::SignedOut);
        Q_EMIT serverReachable();
    });
}

QUrl Connection::webSocketUrl() const
{
    const QUrl server = m_rest.server();
    QUrl url = server.resolved(QUrl(QStringLiteral("/api/v1/ws")));
    url.setScheme(server.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    return url;
}

void Connection::openSocket()
{
    if (!m_rest.hasToken())
        return setState(State::SignedOut);
    teardownSocket();
    setState(State::Connecting);
    m_socket = std::make_unique<QWebSocket>(QStringLiteral("countersign-desktop"), QWebSocketProtocol::VersionLatest);
    QWebSocket *socket = m_socket.get();
    m_socket->setMaxAllowedIncomingMessageSize(16 * 1024 * 1024);
    connect(socket, &QWebSocket::connected, this, &Connection::onConnected);
    connect(socket, &QWebSocket::textMessageReceived, this, &Connection::onText);
    // UnconnectedState covers both a link that went down and one that never came up (refused, DNS, TLS).
    connect(socket, &QWebSocket::stateChanged, this, [this](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::UnconnectedState)
            QMetaObject::invokeMethod(this, &Connection::onDisconnected, Qt::QueuedConnection);
    });
    connect(socket, &QWebSocket::pong, this, [this] { m_pongTimer.stop(); });
    connect(socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        m_lastError = RestFailure::untrustedCertificate(errors);
        Q_EMIT errorOccurred(m_lastError);
    });
    m_socket->open(webSocketUrl());
}

void Connection::onConnected()
{
    setState(State::Authenticating);
    const qint64 since = m_since ? m_since() : 0;
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("hello")},
        {QStringLiteral("token"), QString::fromLatin1(m_rest.token())},
        {QStringLiteral("since"), since},
        {QStringLiteral("client"), QStringLiteral("countersign-desktop/" COUNTERSIGN_VERSION)}}).toJson(QJsonDocument::Compact)));
    m_pingTimer.start();
}

void Connection::onText(const QString &text)
{
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    const QString type = frame.value(QLatin1String("type")).toString();
    if (type == QLatin1String("welcome")) {
        m_user = frame.value(QLatin1String("user")).toObject();
        setState(State::Syncing);
        Q_EMIT welcomed(frame);
        return;
    }
    if (type == QLatin1String("error") && frame.value(QLatin1String("request_id")).isUndefined()
        && frame.value(QLatin1String("code")).toString() == QLatin1String("unauthorized")) {
        // The token was refused (expired, revoked, user disabled); the close 4001 that follows says the same.
        m_rest.setToken({});
        m_reconnectTimer.stop();
        teardownSocket();
        return fail(State::AuthFailed, RestFailure::sessionEnded());
    }
    if (type == QLatin1String("pong"))
        return m_pongTimer.stop();
    Q_EMIT frameReceived(frame);
    if (type == QLatin1String("sync") && frame.value(QLatin1String("done")).toBool() && m_state == State::Syncing) {
        m_attempt = 0;  // a complete round trip: the backoff starts over
        setState(State::Online);
    }
}

void Connection::onDisconnected()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::UnconnectedState)
        return;  // already handled, or a new socket is on its way
    const int code = m_socket ? int(m_socket->closeCode()) : 0;
    const QString reason = m_socket ? m_socket->errorString() : QString();
    const QString closeReason = m_socket ? m_socket->closeReason() : QString();
    const bool wasUp = m_state != State::Connecting;
    teardownSocket();
    if (code == UnauthorizedCloseCode) {
        m_rest.setToken({});
        return fail(State::AuthFailed, RestFailure::sessionEnded());
    }
    if (m_state == State::SignedOut || m_state == State::AuthFailed)
        return;
    // The server said it cannot reach its database; attempts that fail before a link is up (a load balancer
    // refusing while no node is ready) do not contradict that, a link that was up and dropped does.
    if (closeReason == QLatin1String("unavailable"))
        m_serverUnavailable = true;
    else if (wasUp)
        m_serverUnavailable = false;
    if (m_serverUnavailable)
        m_lastError = RestFailure::serverUnavailable(m_rest.server());
    else if (m_lastError.isEmpty() || wasUp)
        m_lastError = tr("Disconnected from %1: %2.").arg(m_rest.server().toString(), reason);
    setState(State::Offline);
    scheduleReconnect();
}

void Connection::dropLink(const QString &reason)
{
    if (!m_socket)
        return;
    qCInfo(lcConnection).noquote() << "rebuilding the connection:" << reason;
    m_lastError = reason;
    m_serverUnavailable = false;
    teardownSocket();
    setState(State::Offline);
    scheduleReconnect();
}

void Connection::restartSession(const QString &reason)
{
    if (!isConnected())
        return;  // a reconnect is coming anyway, and its hello asks with the since of then
    qCInfo(lcConnection).noquote() << "starting the session again:" << reason;
    openSocket();
}

void Connection::scheduleReconnect()
{
    // Capped exponential backoff with "equal jitter": half fixed, half random, so that many desktops that lost
    // the same server do not come back in step.
    const double base = std::min<double>(m_timings.maxBackoffMs, m_timings.initialBackoffMs * std::pow(2.0, std::min(m_attempt, 30)));
    const int delay = int(base / 2 + QRandomGenerator::global()->bounded(base / 2));
    ++m_attempt;
    Q_EMIT reconnectScheduled(delay);
    m_reconnectTimer.start(delay);
}

void Connection::teardownSocket()
{
    m_pingTimer.stop();
    m_pongTimer.stop();
    if (!m_socket)
        return;
    std::unique_ptr<QWebSocket> socket = std::move(m_socket);
    socket->disconnect(this);
    socket->abort();
    socket.release()->deleteLater();
}

bool Connection::send(const QJsonObject &frame)
{
    if (!m_socket || !isConnected())
        return false;
    return m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact))) > 0;
}

} // namespace countersign::client
