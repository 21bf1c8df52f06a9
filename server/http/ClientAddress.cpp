#include "ClientAddress.h"

#include <QHttpServerRequest>
#include <QWebSocket>

namespace countersign::server {

namespace {

// "::ffff:10.0.0.1" (a dual-stack socket's view of an IPv4 peer) is 10.0.0.1, so "10.0.0.0/8" matches it.
QHostAddress plain(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

bool isTrusted(const QHostAddress &address, const TrustedProxies &trusted)
{
    for (const auto &subnet : trusted) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

// One X-Forwarded-For element: "203.0.113.7", "2001:db8::1", "[2001:db8::1]:4711" or "203.0.113.7:4711".
QHostAddress parseElement(QByteArray text)
{
    text = text.trimmed();
    if (text.startsWith('[')) {
        const qsizetype close = text.indexOf(']');
        text = close > 0 ? text.mid(1, close - 1) : QByteArray();
    } else if (text.count(':') == 1) {
        text = text.left(text.indexOf(':'));
    }
    return QHostAddress(QString::fromLatin1(text));
}

} // namespace

QHostAddress clientAddress(const QHostAddress &peer, const QByteArrayList &forwardedFor, const TrustedProxies &trusted)
{
    QHostAddress client = plain(peer);
    if (!isTrusted(client, trusted))
        return client;
    QByteArrayList hops;
    for (const QByteArray &header : forwardedFor)
        hops += header.split(',');
    for (qsizetype i = hops.size() - 1; i >= 0; --i) {
        const QHostAddress hop = plain(parseElement(hops.at(i)));
        if (hop.isNull())
            break;  // garbage: the last proxy that can be believed is the best answer there is
        client = hop;
        if (!isTrusted(hop, trusted))
            break;
    }
    return client;
}

QString clientAddress(const QHttpServerRequest &request, const TrustedProxies &trusted)
{
    QByteArrayList forwardedFor;
    if (!trusted.isEmpty()) {
        for (const auto &[name, value] : request.headers()) {
            if (name.compare("X-Forwarded-For", Qt::CaseInsensitive) == 0)
                forwardedFor.append(value);
        }
    }
    return clientAddress(request.remoteAddress(), forwardedFor, trusted).toString();
}

QString clientAddress(const QWebSocket &socket, const TrustedProxies &trusted)
{
    // The handshake's headers (QNetworkRequest keeps the last of repeated headers).
    const QByteArray forwardedFor = trusted.isEmpty() ? QByteArray() : socket.request().rawHeader("X-Forwarded-For");
    return clientAddress(socket.peerAddress(), forwardedFor.isEmpty() ? QByteArrayList() : QByteArrayList{forwardedFor}, trusted).toString();
}

} // namespace countersign::server
