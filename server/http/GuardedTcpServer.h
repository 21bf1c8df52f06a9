#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

namespace countersign::server {

// Limits QtHttpServer 6.4 does not have (docs/platform-notes.md): it buffers any body in full before a handler
// runs, and keeps idle or slow connections forever. Each accepted socket gets a guard whose readyRead slot
// runs before Qt's parser, so that it can:
//  - refuse a declared Content-Length over the limit with 413 before the body arrives,
//  - refuse headers over 64 KiB (431), or not complete within `headerTimeoutMs` (408, slowloris),
//  - close a connection idle for `idleTimeoutMs` with no request outstanding (a long poll is not idle),
//  - refuse a request head that is not strictly HTTP/1.1 (400), and any upgrade but GET of the WebSocket path,
//  - step aside once a connection upgrades to a WebSocket.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
public:
    struct Limits
    {
        qint64 maxBodyBytes = 1024 * 1024;
        int headerTimeoutMs = 30'000;
        int idleTimeoutMs = 60'000;
        QByteArray webSocketPath = "/api/v1/ws";  // the one path that may upgrade (Hub::Path)
    };
    explicit GuardedTcpServer(Limits limits, QObject *parent = nullptr);

    // Serves TLS from now on (http/TlsSetup.h): each new connection completes its handshake, within the header
    // timeout, before the guard and QtHttpServer see it. Connections already open keep their certificate.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    Limits m_limits;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace countersign::server
