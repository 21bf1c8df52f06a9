#include "GuardedTcpServer.h"

#include "ConnectionBudget.h"
#include "ConnectionGuard.h"
#include "TlsSetup.h"

#include <QChildEvent>
#include <QSslSocket>
#include <QTcpSocket>

#include <unistd.h>

namespace countersign::server {

GuardedTcpServer::GuardedTcpServer(Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_budget(ConnectionBudget::create({limits.maxConnections, limits.maxConnectionsPerPeer, limits.maxBufferedBytes, limits.maxBodyBytes}))
    , m_acceptGuard(
          this,
          [this](qintptr descriptor) {
              incomingConnection(descriptor);
              Q_EMIT newConnection();
          },
          [this](int descriptor) { m_budget->refuse(descriptor); })
{
}

GuardedTcpServer::~GuardedTcpServer() = default;

void GuardedTcpServer::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
    m_budget->setPlainAnswers(false);
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    std::unique_ptr<ConnectionBudget::Ticket> ticket = m_budget->admit(descriptor);
    if (!ticket)
        return;  // over a cap: refused and closed
    QTcpSocket *socket = m_tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(static_cast<int>(descriptor));
        return;
    }
    // The ticket goes with the guard; shared until then, as the handshake's callback is copied.
    auto accept = [this, socket, held = std::make_shared<std::unique_ptr<ConnectionBudget::Ticket>>(std::move(ticket))] {
        new ConnectionGuard(socket, m_limits, std::move(*held));  // connected to readyRead before QtHttpServer is
        addPendingConnection(socket);
    };
    if (!m_tls)
        return accept();
    // QtHttpServer reads the decrypted stream of a QSslSocket like any QTcpSocket (and so does its WebSocket
    // server after an upgrade), so it gets the socket only once encrypted.
    startServerHandshake(static_cast<QSslSocket *>(socket), *m_tls, m_limits.headerTimeoutMs, accept,
                         [budget = m_budget] { return budget->logRefusal(); });
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
