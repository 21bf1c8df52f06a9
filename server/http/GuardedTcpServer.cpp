#include "GuardedTcpServer.h"

#include "RequestHead.h"
#include "TlsSetup.h"

#include <QLoggingCategory>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace countersign::server {

namespace {

constexpr qint64 MaxHeaderBytes = 64 * 1024;
// After refusing a request, keep reading (and dropping) what the client still sends for up to this long
// before closing: closing with unread data makes the kernel reset the connection, and the client would
// never see the answer (a "lingering close", as nginx does).
constexpr int LingerMs = 2000;

// Watches one connection. Requests are not pipelined by the clients we serve (QtHttpServer 6.4 does not
// support pipelining either), so "a response was written" marks the end of a request.
class ConnectionGuard final : public QObject
{
public:
    ConnectionGuard(QTcpSocket *socket, const GuardedTcpServer::Limits &limits)
        : QObject(socket), m_socket(socket), m_limits(limits)
    {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::timedOut);
        connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
        connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onBytesWritten);
        m_timer.start(m_limits.idleTimeoutMs);
    }

private:
    enum class State { Idle, Headers, Body, Refused, Upgraded };

    void onReadyRead()
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
            const qsizetype headBefore = m_head.size();
            m_head += buffered.left(MaxHeaderBytes + 4 - m_head.size());
            while (m_head.startsWith("\r\n"))  // empty lines before a request line are ignored (RFC 9112 2.2)
                m_head.remove(0, 2);
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end < 0) {
                // A garbage request line is refused as soon as it is complete, not when the headers time out.
                const qsizetype lineEnd = m_head.indexOf('\n');
                if (lineEnd >= 0) {
                    const RequestHead first = parseRequestHead(QByteArrayView(m_head).first(lineEnd > 0 && m_head.at(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd + 1));
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
                if (!head.error.isEmpty()) {
                    m_lingerLeft = 0;  // where this request would end is unknown: close once the answer is out
                    return refuse(400, "Bad Request", "bad_request", head.error);
                }
                // What is still to come after this chunk's header bytes: the declared body.
                m_lingerLeft = std::max<qint64>(head.contentLength, 0) + (end + 4 - headBefore);
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
                    m_timer.stop();
                    return;
                }
                m_state = State::Body;
                m_timer.stop();  // the request is complete or streaming; the handler decides how long it takes
            }
        }
        m_received += buffered.size();
        if (m_received > m_limits.maxBodyBytes + MaxHeaderBytes)  // e.g. chunked bodies, which declare no length
            return refuse(413, "Payload Too Large", "body_too_large", "the body is over the limit");
    }

    void onBytesWritten()
    {
        if (m_state == State::Upgraded || m_state == State::Refused)
            return;
        if (m_socket->bytesToWrite() == 0) {  // a whole response went out: the request is over
            m_state = State::Idle;
            m_received = 0;
            m_head.clear();
            m_timer.start(m_limits.idleTimeoutMs);
        }
    }

    void timedOut()
    {
        if (m_state == State::Refused)
            return m_socket->disconnectFromHost();
        if (m_state == State::Headers)
            return refuse(408, "Request Timeout", "request_timeout", "the request headers did not arrive in time");
        if (m_state == State::Idle) {
            qCDebug(lcHttp) << "closing idle connection from" << m_socket->peerAddress().toString();
            m_socket->disconnectFromHost();
        }
    }

    void refuse(int status, const char *reason, const char *code, const QByteArray &message)
    {
        qCInfo(lcHttp).noquote() << "refused connection from" << m_socket->peerAddress().toString() << "-" << message;
        m_state = State::Refused;
        m_lingerLeft -= m_socket->readAll().size();
        const QByteArray body = QByteArray(R"({"error":{"code":")") + code + R"(","message":")" + message + R"("}})";
        m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                        + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        if (m_lingerLeft > 0)
            m_timer.start(LingerMs);
        else
            m_socket->disconnectFromHost();
    }

    QTcpSocket *m_socket;
    GuardedTcpServer::Limits m_limits;
    QTimer m_timer;
    State m_state = State::Idle;
    QByteArray m_head;
    qint64 m_received = 0;
    qint64 m_lingerLeft = 0;  // declared body bytes a refused client may still send
};

} // namespace

GuardedTcpServer::GuardedTcpServer(Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    const auto accept = [this, socket] {
        new ConnectionGuard(socket, m_limits);  // connected to readyRead before QtHttpServer is
        addPendingConnection(socket);
    };
    if (!m_tls)
        return accept();
    // QtHttpServer reads the decrypted stream of a QSslSocket like any QTcpSocket (and so does its WebSocket
    // server after an upgrade), so it gets the socket only once encrypted.
    startServerHandshake(static_cast<QSslSocket *>(socket), *m_tls, m_limits.headerTimeoutMs, accept);
}

} // namespace countersign::server
