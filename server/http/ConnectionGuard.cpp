#include "ConnectionGuard.h"

#include "RequestHead.h"

#include <QLoggingCategory>
#include <QTcpSocket>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace countersign::server {

namespace {

constexpr qint64 MaxHeaderBytes = 64 * 1024;
// After refusing a request, keep reading (and dropping) what the client still sends for up to this long
// before closing: closing with unread data makes the kernel reset the connection, and the client would
// never see the answer (a "lingering close", as nginx does).
constexpr int LingerMs = 2000;

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const GuardedTcpServer::Limits &limits,
                                 std::unique_ptr<ConnectionBudget::Ticket> ticket)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_ticket(std::move(ticket))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::timedOut);
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onBytesWritten);
    // The socket, and with it this guard and its ticket, must go when the connection ends, also when
    // QtHttpServer has not taken it yet or has let go of it (an upgrade hands it to QWebSocket, which
    // deletes it itself).
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    m_ticket->setEvict([socket] { socket->abort(); });  // `disconnected` deletes it
    m_timer.start(m_limits.idleTimeoutMs);
}

void ConnectionGuard::onReadyRead()
{
    if (m_state == State::Upgraded)
        return;
    if (m_state == State::Refused) {
        m_lingerLeft -= m_socket->readAll().size();  // nothing more reaches the parser
        if (m_lingerLeft <= 0)
            m_socket->disconnectFromHost();
        return;
    }
    if (m_state == State::Idle) {
        m_state = State::Headers;
        m_received = 0;
        m_timer.start(m_limits.headerTimeoutMs);
    }
    // Qt's parser, connected after us, consumes what is buffered; count it now.
    const QByteArray buffered = m_socket->peek(m_socket->bytesAvailable());
    if (m_state == State::Headers) {
        const qsizetype headBefore = m_head.size();  // bytes of this head that came in earlier chunks
        m_head += buffered.left(MaxHeaderBytes + 4 - m_head.size());
        qsizetype stripped = 0;
        while (m_head.startsWith("\r\n")) {  // empty lines before a request line are ignored (RFC 9112 2.2)
            m_head.remove(0, 2);
            stripped += 2;
        }
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0) {
            // A garbage request line is refused as soon as it is complete, not when the headers time out.
            const qsizetype lineEnd = m_head.indexOf('\n');
            if (lineEnd >= 0) {
                const RequestHead first = parseRequestHead(QByteArrayView(m_head).first(
                    lineEnd > 0 && m_head.at(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd + 1));
                if (!first.error.isEmpty()) {
                    m_lingerLeft = 0;
                    return refuse(400, "Bad Request", "bad_request", first.error);
                }
            }
            if (m_head.size() > MaxHeaderBytes)
                return refuse(431, "Request Header Fields Too Large", "headers_too_large", "the request headers are over 64 KiB");
        } else {
            const RequestHead head = parseRequestHead(QByteArrayView(m_head).first(end));
            m_head.clear();
            // Where the body starts in this chunk: the empty lines dropped before the request line (some may
            // have come in an earlier chunk, which headBefore counts) and the head up to its blank line.
            const qsizetype headInChunk = stripped + end + 4 - headBefore;
            const qint64 bodyInChunk = buffered.size() - headInChunk;
            if (!head.error.isEmpty()) {
                m_lingerLeft = 0;  // where this request would end is unknown: close once the answer is out
                return refuse(400, "Bad Request", "bad_request", head.error);
            }
            // What a refused client may still send after this chunk: the rest of the declared body
            // (refuse() subtracts the whole chunk it reads).
            m_lingerLeft = std::max<qint64>(head.contentLength, 0) + headInChunk;
            if (head.contentLength > m_limits.maxBodyBytes)
                return refuse(413, "Payload Too Large", "body_too_large",
                              QByteArray("the body is ") + QByteArray::number(head.contentLength) + " bytes; the limit is "
                                  + QByteArray::number(m_limits.maxBodyBytes));
            if (head.hasUpgrade) {
                // QtHttpServer hands any upgrade request to its handler before the body and then to the
                // WebSocket server, so the guard must not step aside for anything but the handshake.
                if (!head.webSocketUpgrade || head.method != "GET" || head.path != m_limits.webSocketPath
                    || head.contentLength > 0 || head.chunked)
                    return refuse(400, "Bad Request", "upgrade_not_allowed",
                                  "only GET " + m_limits.webSocketPath + " may upgrade, to websocket, without a body");
                m_state = State::Upgraded;  // QWebSocket owns the connection from here
                m_ticket->setEvict({});    // and an approver's session is never closed for a newcomer
                m_timer.stop();
                return;
            }
            // A declared body must arrive within the body timeout (slow bodies); a Content-Length body is
            // complete when its bytes are in, a chunked one when the handler answered.
            m_bodyLeft = head.chunked ? -1 : std::max<qint64>(head.contentLength, 0);
            m_state = State::BodyPending;
            m_timer.start(m_limits.bodyTimeoutMs);
            // QtHttpServer buffers the whole body before the handler runs: its bytes are held in the budget
            // shared by all connections as they arrive (a declared length alone reserves nothing, or clients
            // declaring big bodies and sending none would lock everybody out), refused past the bound.
            if (!m_ticket->holdBody(bodyInChunk))
                return refuse(503, "Service Unavailable", "server_busy",
                              "too many request bodies in progress; retry in a moment", "Retry-After: 1\r\n");
            bodyArrived(bodyInChunk);
        }
    } else if (m_state == State::BodyPending) {
        if (!m_ticket->holdBody(buffered.size()))
            return refuse(503, "Service Unavailable", "server_busy",
                          "too many request bodies in progress; retry in a moment", "Retry-After: 1\r\n");
        bodyArrived(buffered.size());
    }
    m_received += buffered.size();
    if (m_received > m_limits.maxBodyBytes + MaxHeaderBytes)  // e.g. chunked bodies, which declare no length
        return refuse(413, "Payload Too Large", "body_too_large", "the body is over the limit");
}

void ConnectionGuard::bodyArrived(qint64 bytes)
{
    if (m_bodyLeft < 0)
        return;
    m_bodyLeft -= bytes;
    if (m_bodyLeft <= 0) {
        m_state = State::Body;
        m_timer.stop();  // the request is complete; the handler decides how long it takes (long polls)
    }
}

void ConnectionGuard::onBytesWritten()
{
    if (m_state == State::Upgraded || m_state == State::Refused)
        return;
    if (m_socket->bytesToWrite() == 0) {  // a whole response went out: the request is over
        m_state = State::Idle;
        m_received = 0;
        m_head.clear();
        m_ticket->releaseBody();
        m_timer.start(m_limits.idleTimeoutMs);
    }
}

void ConnectionGuard::timedOut()
{
    if (m_state == State::Refused) {
        // A client that does not read its answer keeps a closing socket open for ever: a second deadline ends it.
        if (std::exchange(m_closing, true))
            return m_socket->abort();
        m_timer.start(LingerMs);
        return m_socket->disconnectFromHost();
    }
    if (m_state == State::Headers)
        return refuse(408, "Request Timeout", "request_timeout", "the request headers did not arrive in time");
    if (m_state == State::BodyPending) {
        // Let the rest of a declared body drain while the answer goes out; a chunked one has no known rest.
        m_lingerLeft = m_bodyLeft < 0 ? MaxHeaderBytes : m_bodyLeft;
        return refuse(408, "Request Timeout", "request_timeout", "the request body did not arrive in time");
    }
    if (m_state == State::Idle) {
        qCDebug(lcHttp) << "closing idle connection from" << m_socket->peerAddress().toString();
        m_socket->disconnectFromHost();
    }
}

void ConnectionGuard::refuse(int status, const char *reason, const char *code, const QByteArray &message,
                             const QByteArray &extraHeaders)
{
    if (m_ticket->logRefusal())
        qCInfo(lcHttp).noquote() << "refused connection from" << m_socket->peerAddress().toString() << "-" << message;
    m_state = State::Refused;
    m_lingerLeft -= m_socket->readAll().size();
    const QByteArray body = QByteArray(R"({"error":{"code":")") + code + R"(","message":")" + message + R"("}})";
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                    + "\r\nContent-Type: application/json\r\nConnection: close\r\n" + extraHeaders
                    + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    if (m_lingerLeft <= 0) {
        m_closing = true;
        m_socket->disconnectFromHost();
    }
    m_timer.start(LingerMs);  // lingering, then closing, each within a deadline
}

} // namespace countersign::server
