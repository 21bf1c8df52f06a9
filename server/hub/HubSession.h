#pragma once

#include "auth/User.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;

namespace countersign {
class Clock;
}

namespace countersign::server {

struct ApprovalChange;
struct Config;
struct DecisionRequest;
class StoreWorker;

// One approver connection on /api/v1/ws (docs/protocol.md section 2): hello -> welcome -> sync batches -> live
// `approval` pushes; `decide` frames answered with ack or error. Frames that break the protocol get an
// `error` frame (or a close) and change nothing.
class HubSession final : public QObject
{
    Q_OBJECT
public:
    enum class State { AwaitingHello, Authenticating, Syncing, Live, Closed };
    static constexpr int UnauthorizedCloseCode = 4001;
    static constexpr int SyncBatch = 200;
    static constexpr int MaxWithdrawnOnSync = 10000;  // re-routed approvals told on one reconnect, at most

    HubSession(std::unique_ptr<QWebSocket> socket, StoreWorker &store, const Config &config, QObject *parent = nullptr);
    ~HubSession() override;

    State state() const { return m_state; }
    const User &user() const { return m_user; }
    // A committed change, with its `approval` frame already serialized once for all sessions: sent when the
    // user may see it and the sync has not already carried it.
    void push(const ApprovalChange &change, const QString &frame);
    // The token of a signed-in session (empty before the welcome): the hub re-checks it periodically.
    QByteArray token() const { return signedIn() ? m_token : QByteArray(); }
    bool signedIn() const { return m_state == State::Syncing || m_state == State::Live; }
    // What the store says now of this session's token: no user (logged out, expired, disabled) ends the
    // session; other roles end it too, so that the client signs in again and syncs what it may see now.
    void recheck(const std::optional<User> &current);
    // Closes a connection the hub does not accept (a browser origin not allowed).
    void refuse(int code, const QString &reason);
    // The store cannot be reached: says so (`unavailable`) and closes; the client reconnects later.
    void storeUnavailable();

Q_SIGNALS:
    void closed();

private:
    void onText(const QString &text);
    void hello(const QByteArray &token, qint64 since);
    void decide(const QString &requestId, const DecisionRequest &request);
    void syncFrom(qint64 after);
    void send(const QJsonObject &frame);
    void sendError(const QString &code, const QString &message, const QString &requestId = {}, const QJsonObject &approval = {});
    void closeWith(int code, const QString &reason);
    void checkSilence();
    void endSession(const QString &message);

    std::unique_ptr<QWebSocket> m_socket;
    StoreWorker &m_store;
    const Config &m_config;
    State m_state = State::AwaitingHello;
    User m_user;
    QByteArray m_token;
    qint64 m_syncedUpTo = 0;  // every change up to this seq was sent in the sync
    QStringList m_heldPushes;  // live frames that arrive while syncing
    QTimer m_pingTimer;
    QTimer m_helloTimer;
    // When the client was last heard from: transport liveness, measured on the monotonic clock like the
    // QTimers that drive it (not business time, which a test's manual clock moves).
    QElapsedTimer m_lastHeard;
};

} // namespace countersign::server
