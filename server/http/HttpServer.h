#pragma once

#include "ClientAddress.h"
#include "HttpReply.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>

#include <functional>

namespace countersign::server {

// QtHttpServer's transport with our own routing: exact segment matching with {} placeholders
// (percent-decoded, so a task_id may contain '/'), 404/405 in the protocol's error shape, and one path
// reserved for the WebSocket upgrade.
class HttpServer final : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Method = QHttpServerRequest::Method;
    using Handler = std::function<void(const QHttpServerRequest &request, const QStringList &params, HttpReply &&reply)>;

    explicit HttpServer(QObject *parent = nullptr);

    void route(Method method, const QString &pattern, Handler handler);
    // Requests to this path are left to the WebSocket upgrade (docs/platform-notes.md).
    void reserveWebSocketPath(const QString &path) { m_webSocketPath = path; }
    // Whose X-Forwarded-For names the client in the request log (see ClientAddress.h).
    void setTrustedProxies(const TrustedProxies &proxies) { m_trustedProxies = proxies; }

    // The request target as the client sent it, for signing: encoded path plus "?query" when there is one.
    static QByteArray pathWithQuery(const QHttpServerRequest &request);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Route
    {
        Method method;
        QStringList segments;  // "{}" matches one segment
        Handler handler;
    };
    QList<Route> m_routes;
    QString m_webSocketPath;
    TrustedProxies m_trustedProxies;
};

} // namespace countersign::server
