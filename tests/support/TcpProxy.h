#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace countersign::test {

// A TCP forwarder on loopback between a client and the server under test, so a test can take the network
// away: refuse new connections (server down), freeze the ones open (a peer that stops answering, pings
// included), drop them all, or point at a server restarted on another port. The client keeps one address.
class TcpProxy final : public QObject
{
    Q_OBJECT
public:
    explicit TcpProxy(quint16 targetPort, QObject *parent = nullptr);
    ~TcpProxy() override;

    quint16 port() const { return m_server.serverPort(); }
    void setTarget(quint16 port) { m_target = port; }
    void setRefusing(bool refusing);  // also drops what is open
    void setFrozen(bool frozen);
    void dropAll();
    int connections() const { return int(m_pairs.size()); }

private:
    struct Pair
    {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> upstream;
    };
    void accept();
    void pump(Pair &pair);

    QTcpServer m_server;
    quint16 m_target;
    bool m_refusing = false;
    bool m_frozen = false;
    QList<Pair *> m_pairs;
};

} // namespace countersign::test
