#pragma once

#include "config/Config.h"
#include "intake/RateLimiter.h"

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>

class QHttpServerRequest;

namespace countersign {
class Clock;
}

namespace countersign::server {

class HttpReply;
class HttpServer;
class StoreWorker;
struct StoreContext;
struct User;

// docs/protocol.md section 2 over HTTP: login/logout, the queue, decisions and the audit log, for approvers
// holding a bearer token.
class ApproverApi final : public QObject
{
    Q_OBJECT
public:
    ApproverApi(const Config &config, const Clock &clock, StoreWorker &store, QObject *parent = nullptr);
    ~ApproverApi() override;

    void install(HttpServer &http);

private:
    using SharedReply = std::shared_ptr<HttpReply>;
    void login(const QHttpServerRequest &request, SharedReply reply);
    void finishLogin(const QString &username, bool passwordOk, SharedReply reply);
    void logout(const QHttpServerRequest &request, SharedReply reply);
    void queue(const QHttpServerRequest &request, SharedReply reply);
    void one(const QHttpServerRequest &request, const QString &approvalId, SharedReply reply);
    void decision(const QHttpServerRequest &request, const QString &approvalId, SharedReply reply);
    void audit(const QHttpServerRequest &request, SharedReply reply);
    void metricsSummary(const QHttpServerRequest &request, SharedReply reply);

    // Resolves the bearer token, then runs `then` on the store thread with the user; 401 without one.
    void withUser(const QHttpServerRequest &request, SharedReply reply,
                  std::function<std::function<void()>(const User &user, StoreContext &tx)> then);

    const Config &m_config;
    const Clock &m_clock;
    StoreWorker &m_store;
    RateLimiter m_loginLimits;
    QThreadPool m_hashing;  // PBKDF2 runs here: neither the HTTP thread nor the store thread waits for it
};

// The token of "Authorization: Bearer <token>", or empty.
QByteArray bearerToken(const QHttpServerRequest &request);

} // namespace countersign::server
