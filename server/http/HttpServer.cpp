#include "HttpServer.h"

#include "approvals/ApiError.h"
#include "protocol/JsonDepth.h"

#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QUrl>

Q_LOGGING_CATEGORY(lcHttp, "countersign.server.http")

namespace countersign::server {

HttpServer::HttpServer(QObject *parent)
    : QAbstractHttpServer(parent)
{
}

void HttpServer::route(Method method, const QString &pattern, Handler handler)
{
    m_routes.append({method, pattern.split(u'/', Qt::SkipEmptyParts), std::move(handler)});
}

QByteArray HttpServer::pathWithQuery(const QHttpServerRequest &request)
{
    const QUrl url = request.url();
    QByteArray target = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    return target;
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const QString encodedPath = request.url().path(QUrl::FullyEncoded);
    if (!m_webSocketPath.isEmpty() && encodedPath == m_webSocketPath) {
        const bool handshake = request.method() == Method::Get
            && request.value("upgrade").trimmed().compare("websocket", Qt::CaseInsensitive) == 0
            && request.value("connection").toLower().contains("upgrade");
        if (handshake)
            return true;  // QAbstractHttpServer upgrades it when newWebSocketConnection is connected
        // Anything else would be left unanswered: Qt only upgrades a GET with both headers.
        HttpReply(makeResponder(request, socket), socket)
            .error(426, errors::UpgradeRequired, QStringLiteral("this path only takes a WebSocket handshake"));
        return true;
    }

    // The NUL character in a body, a path or a query is refused before any route sees it (json::containsNul).
    if (json::containsNul(request.body()) || pathWithQuery(request).contains("%00")) {
        HttpReply(makeResponder(request, socket), socket).error(400, errors::Invalid, QString::fromLatin1(json::NulRefused));
        return true;
    }

    const QStringList encoded = encodedPath.split(u'/', Qt::SkipEmptyParts);
    bool pathMatched = false;
    for (const Route &r : std::as_const(m_routes)) {
        if (r.segments.size() != encoded.size())
            continue;
        QStringList params;
        bool match = true;
        for (qsizetype i = 0; i < encoded.size() && match; ++i) {
            if (r.segments.at(i) == QLatin1String("{}"))
                params.append(QUrl::fromPercentEncoding(encoded.at(i).toUtf8()));
            else
                match = r.segments.at(i) == encoded.at(i);
        }
        if (!match)
            continue;
        pathMatched = true;
        if (r.method != request.method())
            continue;
        qCDebug(lcHttp) << request.method() << encodedPath << "from" << clientAddress(request, m_trustedProxies);
        r.handler(request, params, HttpReply(makeResponder(request, socket), socket));
        return true;
    }
    HttpReply reply(makeResponder(request, socket), socket);
    if (pathMatched)
        reply.error(405, errors::MethodNotAllowed, QStringLiteral("this path does not take that method"));
    else
        reply.error(404, errors::NotFound, QStringLiteral("no such endpoint: %1").arg(encodedPath));
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpReply(makeResponder(request, socket), socket)
        .error(404, errors::NotFound, QStringLiteral("no such endpoint"));
}

} // namespace countersign::server
