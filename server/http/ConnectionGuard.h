#pragma once

#include "ConnectionBudget.h"
#include "GuardedTcpServer.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace countersign::server {

// Watches one accepted connection (a child of its socket, so it goes when the socket is deleted, and with it
// the connection's ticket). Its readyRead slot is connected before QtHttpServer's parser, so it sees every
// byte first. Requests are not pipelined by the clients we serve (QtHttpServer 6.4 does not support
// pipelining either), so "a response was written" marks the end of a request.
class ConnectionGuard final : public QObject
{
public:
    ConnectionGuard(QTcpSocket *socket, const GuardedTcpServer::Limits &limits,
                    std::unique_ptr<ConnectionBudget::Ticket> ticket);

private:
    // BodyPending: headers complete, a declared body still arriving (the body deadline runs).
    // Body: the request is complete (or chunked and streaming); the handler decides how long it takes.
    enum class State { Idle, Headers, BodyPending, Body, Refused, Upgraded };

    void onReadyRead();
    void bodyArrived(qint64 bytes);
    void onBytesWritten();
    void timedOut();
    void refuse(int status, const char *reason, const char *code, const QByteArray &message,
                const QByteArray &extraHeaders = {});

    QTcpSocket *m_socket;
    GuardedTcpServer::Limits m_limits;
    std::unique_ptr<ConnectionBudget::Ticket> m_ticket;
    QTimer m_timer;
    State m_state = State::Idle;
    QByteArray m_head;
    qint64 m_received = 0;
    qint64 m_bodyLeft = 0;    // declared body bytes still to come; -1 for a chunked body
    qint64 m_lingerLeft = 0;  // body bytes a refused client may still send, read and dropped before closing
    bool m_closing = false;   // refused and closing: the next deadline aborts
};

} // namespace countersign::server
