#pragma once

#include "AcceptGuard.h"

#include <QSslConfiguration>
#include <QTcpServer>

#include <memory>
#include <optional>

namespace countersign::server {

class ConnectionBudget;

// Limits QtHttpServer 6.4 does not have (docs/platform-notes.md): it buffers any body in full before a handler
// runs, and keeps idle or slow connections forever. Each accepted connection is first admitted by the
// ConnectionBudget (caps in total and per peer address: over them 503 and closed), then gets a
// ConnectionGuard whose readyRead slot runs before Qt's parser, so that it can:
//  - refuse a declared Content-Length over the limit with 413 before the body arrives,
//  - refuse a body that would push the bytes buffered across all connections over `maxBufferedBytes` (503),
//  - refuse headers over 64 KiB (431), or not complete within `headerTimeoutMs` (408, slowloris), and a
//    declared body not complete within `bodyTimeoutMs` (408),
//  - close a connection idle for `idleTimeoutMs` with no request outstanding (a long poll is not idle),
//  - refuse a request head that is not strictly HTTP/1.1 (400), and any upgrade but GET of the WebSocket path,
//  - step aside once a connection upgrades to a WebSocket.
// An AcceptGuard keeps the listener from spinning when the process runs out of descriptors.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
public:
    struct Limits
    {
        qint64 maxBodyBytes = 1024 * 1024;
        int headerTimeoutMs = 30'000;
        int idleTimeoutMs = 60'000;
        int bodyTimeoutMs = 30'000;  // a declared body must arrive within this after the headers (408)
        qint64 maxBufferedBytes = 64 * 1024 * 1024;  // declared bodies in progress, all connections together
        int maxConnections = 4096;   // never more than the soft descriptor limit less a reserve
        int maxConnectionsPerPeer = 256;
        QByteArray webSocketPath = "/api/v1/ws";  // the one path that may upgrade (Hub::Path)
    };
    explicit GuardedTcpServer(Limits limits, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    const ConnectionBudget &budget() const { return *m_budget; }

    // Serves TLS from now on (http/TlsSetup.h): each new connection completes its handshake, within the header
    // timeout, before the guard and QtHttpServer see it. Connections already open keep their certificate.
    void setTlsConfiguration(const QSslConfiguration &configuration);

protected:
    void incomingConnection(qintptr descriptor) override;
    void childEvent(QChildEvent *event) override;

private:
    Limits m_limits;
    std::optional<QSslConfiguration> m_tls;
    std::shared_ptr<ConnectionBudget> m_budget;  // shared with the tickets of open connections
    AcceptGuard m_acceptGuard;
    bool m_followQueued = false;
};

} // namespace countersign::server
