#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace countersign::server {

// The framing facts of one HTTP/1.x request head, read strictly so that countersignd and any proxy in front
// agree on where a request ends (request smuggling), and so that nothing reaches QtHttpServer 6.4's parser
// that it would choke on: on a parse error 6.4 only disconnects the socket's signals and leaves the
// connection open and unanswered.
struct RequestHead
{
    QByteArray method;
    QByteArray path;             // the request target without "?query", as sent
    qint64 contentLength = -1;   // -1: none declared
    bool chunked = false;        // Transfer-Encoding: chunked
    bool hasUpgrade = false;     // an Upgrade header, whatever its value
    bool webSocketUpgrade = false;  // Upgrade: websocket and Connection: upgrade, the handshake's pair
    QByteArray error;            // why the head is refused (400); empty when it is acceptable
};

// `head` is everything before the blank line that ends the headers, leading empty lines already dropped.
RequestHead parseRequestHead(QByteArrayView head);

} // namespace countersign::server
