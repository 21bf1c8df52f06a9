#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QWebSocket>

namespace countersign::test {

// An approver's WebSocket on /api/v1/ws that records every frame it receives.
class WsClient final : public QObject
{
    Q_OBJECT
public:
    explicit WsClient(quint16 port);
    explicit WsClient(const QUrl &url);  // e.g. wss://
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool waitConnected();
    void send(const QJsonObject &frame);
    void sendText(const QString &text) { m_socket.sendTextMessage(text); }
    void hello(const QByteArray &token, qint64 since = 0);
    // Waits until a frame of that type (and request_id, if given) arrives after the ones already taken.
    QJsonObject next(const QString &type, int timeoutMs = 5000);
    // All approvals received in sync batches until done:true.
    QList<QJsonObject> syncItems(int timeoutMs = 5000);
    QList<QJsonObject> frames(const QString &type) const;
    // A barrier: sends a ping and waits for its pong. The server handles one connection's frames in order and
    // writes a push before it reads the next frame, so every frame it had queued for this connection before
    // the ping has arrived when this returns true: "nothing (more) was pushed" can then be asserted.
    bool roundTrip(int timeoutMs = 5000);
    bool waitClosed(int timeoutMs = 5000);
    int closeCode() const { return int(m_socket.closeCode()); }
    QWebSocket &socket() { return m_socket; }

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_frames;
    qsizetype m_taken = 0;
};

} // namespace countersign::test
