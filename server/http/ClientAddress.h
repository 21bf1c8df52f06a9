#pragma once

#include <QByteArrayList>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

class QHttpServerRequest;
class QWebSocket;

namespace countersign::server {

using TrustedProxies = QList<QPair<QHostAddress, int>>;  // Config::trustedProxies: subnets

// The client's address, as everything that keys on it sees it: the audit's IP, the sign-in limits and
// lockouts, the logs. It is the connection's peer, unless that peer is a trusted proxy: then X-Forwarded-For
// is read from the right, skipping trusted proxies, and the first address that is not one is the client (what
// a client wrote itself further left is not believed). From any other peer the header is ignored.
QHostAddress clientAddress(const QHostAddress &peer, const QByteArrayList &forwardedFor, const TrustedProxies &trusted);
QString clientAddress(const QHttpServerRequest &request, const TrustedProxies &trusted);
QString clientAddress(const QWebSocket &socket, const TrustedProxies &trusted);

} // namespace countersign::server
