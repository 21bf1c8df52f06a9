#include "GuardedTcpServer.h"

#include "ConnectionBudget.h"
#include "ConnectionGuard.h"

#include <QChildEvent>
#include <QTcpSocket>

#include <unistd.h>

namespace countersign::server {

GuardedTcpServer::GuardedTcpServer(Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_budget(ConnectionBudget::create({limits.maxConnections, limits.maxConnectionsPerPeer, limits.maxBufferedBytes}))
    , m_acceptGuard(
          this,
          [this](qintptr descriptor) {
              incomingConnection(descriptor);
              Q_EMIT newConnection();
          },
          &ConnectionBudget::refuseDescriptor)
{
}

GuardedTcpServer::~GuardedTcpServer() = default;

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    std::unique_ptr<ConnectionBudget::Ticket> ticket = m_budget->admit(descriptor);
    if (!ticket)
        return;  // over a cap: answered 503 and closed
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(static_cast<int>(descriptor));
        return;
    }
    new ConnectionGuard(socket, m_limits, std::move(ticket));  // connected to readyRead before QtHttpServer is
    addPendingConnection(socket);
}

void GuardedTcpServer::childEvent(QChildEvent *event)
{
    QTcpServer::childEvent(event);
    // listen() and close() make and drop the listening socket's engine, a child of this server (QTcpServer has
    // no signal for either): once they are done, the accept guard follows the listening socket.
    if ((event->added() || event->removed()) && !m_followQueued) {
        m_followQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_followQueued = false;
                m_acceptGuard.follow();
            },
            Qt::QueuedConnection);
    }
}

} // namespace countersign::server
