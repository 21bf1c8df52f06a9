#include "TcpProxy.h"

namespace countersign::test {

TcpProxy::TcpProxy(quint16 targetPort, QObject *parent)
    : QObject(parent)
    , m_target(targetPort)
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, &TcpProxy::accept);
}

TcpProxy::~TcpProxy()
{
    dropAll();
}

void TcpProxy::accept()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        if (m_refusing) {
            client->abort();
            client->deleteLater();
            continue;
        }
        auto *pair = new Pair{client, new QTcpSocket(this)};
        m_pairs.append(pair);
        // One side closed: pass on what it sent last (a close frame), then close the other side gracefully.
        auto close = [this, pair] {
            if (!m_pairs.removeOne(pair))
                return;
            if (!m_frozen && pair->client && pair->upstream) {
                if (pair->upstream->bytesAvailable())
                    pair->client->write(pair->upstream->readAll());
                if (pair->client->bytesAvailable() && pair->upstream->state() == QAbstractSocket::ConnectedState)
                    pair->upstream->write(pair->client->readAll());
            }
            for (QTcpSocket *s : {pair->client.data(), pair->upstream.data()}) {
                if (!s)
                    continue;
                s->disconnect(this);
                s->disconnectFromHost();
                s->deleteLater();
            }
            delete pair;
        };
        connect(client, &QTcpSocket::readyRead, this, [this, pair] { pump(*pair); });
        connect(pair->upstream, &QTcpSocket::readyRead, this, [this, pair] { pump(*pair); });
        connect(pair->upstream, &QTcpSocket::connected, this, [this, pair] { pump(*pair); });
        connect(client, &QTcpSocket::disconnected, this, close);
        connect(pair->upstream, &QTcpSocket::disconnected, this, close);
        connect(pair->upstream, &QTcpSocket::errorOccurred, this, close);
        pair->upstream->connectToHost(QHostAddress::LocalHost, m_target);
    }
}

void TcpProxy::pump(Pair &pair)
{
    if (m_frozen || !pair.client || !pair.upstream || pair.upstream->state() != QAbstractSocket::ConnectedState)
        return;
    if (pair.client->bytesAvailable())
        pair.upstream->write(pair.client->readAll());
    if (pair.upstream->bytesAvailable())
        pair.client->write(pair.upstream->readAll());
}

void TcpProxy::setRefusing(bool refusing)
{
    m_refusing = refusing;
    if (refusing)
        dropAll();
}

void TcpProxy::setFrozen(bool frozen)
{
    m_frozen = frozen;
    if (!frozen) {
        for (Pair *p : std::as_const(m_pairs))
            pump(*p);
    }
}

void TcpProxy::dropAll()
{
    const QList<Pair *> pairs = std::exchange(m_pairs, {});
    for (Pair *p : pairs) {
        if (p->client) {
            p->client->disconnect(this);
            p->client->abort();
            p->client->deleteLater();
        }
        if (p->upstream) {
            p->upstream->disconnect(this);
            p->upstream->abort();
            p->upstream->deleteLater();
        }
        delete p;
    }
}

} // namespace countersign::test
