#pragma once

#include "ApproverClient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class QWebSocket;

namespace countersign::client {

// How often and how long the connection waits. Injectable so tests run in milliseconds.
struct ConnectionTimings
{
    int pingIntervalMs = 30000;
    int pongTimeoutMs = 10000;
    int initialBackoffMs = 500;
    // The longest wait between two attempts: a server that restarts is noticed within about this long (with
    // equal jitter a wait is between half of it and all of it).
    int maxBackoffMs = 5000;
    int requestTimeoutMs = 15000;
};

// The approver's live link to countersignd: the WebSocket protocol of docs/protocol.md section 2 (hello with
// `since`, welcome, sync, live frames). Every REST call (the sign-in, the sign-out, the probe while waiting for
// the server, authorised reads through rest()) goes through its ApproverClient, and every REST failure reads
// as RestFailure::text() says. An explicit state machine:
//
//   SignedOut --signIn--> Authenticating --token--> Connecting --open--> Authenticating (hello sent)
//     --welcome--> Syncing --sync done--> Online
//   any connected state --lost, or no pong--> Offline --backoff--> Connecting ...
//   a refused password or token --> AuthFailed (a new sign-in is needed)
//   waitForServer (no token: a cache opened offline) --> Offline --backoff--> probe --answer--> SignedOut
//     + serverReachable (then a sign-in with the password, which is never kept)
//
// Reconnects use capped exponential backoff with jitter, reset once online again. A ping goes out every
// pingIntervalMs; without a pong within pongTimeoutMs the link is rebuilt. https:// and wss:// use Qt's TLS;
// a certificate that does not verify is an error with a clear message, never silently accepted.
class Connection final : public QObject
{
    Q_OBJECT
public:
    enum class State { SignedOut, Authenticating, Connecting, Syncing, Online, Offline, AuthFailed };
    Q_ENUM(State)

    explicit Connection(ConnectionTimings timings = {}, QObject *parent = nullptr);
    ~Connection() override;

    State state() const { return m_state; }
    QString stateString() const { return stateString(m_state); }
    static QString stateString(State state);
    QString lastError() const { return m_lastError; }
    QUrl serverUrl() const { return m_rest.server(); }
    QString username() const { return m_username; }
    QJsonObject user() const { return m_user; }
    bool isConnected() const { return m_state == State::Syncing || m_state == State::Online; }

    // What to send as `since` in hello: the last seq the local cache has seen.
    void setSinceProvider(std::function<qint64()> since) { m_since = std::move(since); }

    // Signs in over REST (the password is not kept), then connects.
    void signIn(const QUrl &server, const QString &username, const QString &password);
    // Connects with a token from an earlier sign-in (kept in the keychain).
    void resume(const QUrl &server, const QString &username, const QByteArray &token);
    // Revokes the token on the server (best effort) and disconnects.
    void signOut();
    // Sends a frame while connected; false otherwise (the caller keeps it for later).
    bool send(const QJsonObject &frame);
    // Drops the link now (as a network failure would); it is rebuilt after the backoff.
    void dropLink(const QString &reason);
    // Connected: starts the session again now on a new link, whose hello carries the since the provider gives
    // then (the sync engine emptied the cache for another database). Does nothing when not connected.
    void restartSession(const QString &reason);
    // With no token (the keychain had none, the server was down at start): stays Offline and probes the server
    // with the usual backoff until it answers, then emits serverReachable() and turns SignedOut.
    void waitForServer(const QUrl &server, const QString &username);
    bool isWaitingForServer() const { return m_waitingForServer; }
    // Offline because the server said it cannot reach its database (it closed the link as `unavailable`).
    bool isServerUnavailable() const { return m_state == State::Offline && m_serverUnavailable; }
    // True while a token is held (signed in, or resumed from the keychain).
    bool hasToken() const { return m_rest.hasToken(); }
    // Offline and waiting for the next attempt: makes it now, with the backoff started over (the user's
    // "Reconnect now"). Does nothing in other states.
    Q_SLOT void reconnectNow();
    bool canReconnectNow() const { return m_state == State::Offline; }

    // The REST client with this session's server and token, for what the WebSocket does not carry (the
    // metrics summary): ApproverClient::getJson. The CLI's watch signs in through it before resume().
    ApproverClient &rest() { return m_rest; }

Q_SIGNALS:
    void stateChanged(countersign::client::Connection::State state);
    // A sign-in succeeded: the token to keep (never written to disk in plain text by this class).
    void tokenIssued(const QByteArray &token);
    void welcomed(const QJsonObject &welcome);
    // Every frame after welcome: sync, approval, ack, error.
    void frameReceived(const QJsonObject &frame);
    void reconnectScheduled(int delayMs);
    // waitForServer()'s probe got an answer: the server is back, a sign-in can go through.
    void serverReachable();
    void errorOccurred(const QString &message);

private:
    void setState(State state);
    void fail(State state, const QString &message);
    void openSocket();
    void onConnected();
    void onText(const QString &text);
    void onDisconnected();
    void scheduleReconnect();
    void attempt();
    void probe();
    void teardownSocket();
    QUrl webSocketUrl() const;

    ConnectionTimings m_timings;
    State m_state = State::SignedOut;
    QString m_lastError;
    QString m_username;
    QJsonObject m_user;
    std::function<qint64()> m_since;
    ApproverClient m_rest;  // holds the server's address and the token
    quint64 m_signIns = 0;  // counts signIn() calls, so the answer to an earlier one is dropped
    std::unique_ptr<QWebSocket> m_socket;
    QTimer m_reconnectTimer;
    QTimer m_pingTimer;
    QTimer m_pongTimer;
    int m_attempt = 0;
    bool m_waitingForServer = false;
    bool m_serverUnavailable = false;
};

} // namespace countersign::client
