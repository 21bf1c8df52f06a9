#include "WsClient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace countersign::test {

WsClient::WsClient(quint16 port)
    : WsClient(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/ws").arg(port)))
{
}

WsClient::WsClient(const QUrl &url)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    m_socket.open(url);
}

bool WsClient::waitConnected()
{
    return QTest::qWaitFor([this] { return connected(); }, 5000);
}

void WsClient::send(const QJsonObject &frame)
{
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact)));
}

void WsClient::hello(const QByteArray &token, qint64 since)
{
    send({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("token"), QString::fromLatin1(token)},
          {QStringLiteral("since"), since}, {QStringLiteral("client"), QStringLiteral("tests/1")}});
}

QJsonObject WsClient::next(const QString &type, int timeoutMs)
{
    QJsonObject found;
    (void)QTest::qWaitFor([&] {
        while (m_taken < m_frames.size()) {
            const QJsonObject f = m_frames.at(m_taken++);
            if (f.value(QLatin1String("type")).toString() == type) {
                found = f;
                return true;
            }
        }
        return false;
    }, timeoutMs);
    return found;
}

QList<QJsonObject> WsClient::syncItems(int timeoutMs)
{
    QList<QJsonObject> items;
    for (;;) {
        const QJsonObject batch = next(QStringLiteral("sync"), timeoutMs);
        if (batch.isEmpty())
            return items;
        for (const QJsonValue &a : batch.value(QLatin1String("items")).toArray())
            items.append(a.toObject());
        if (batch.value(QLatin1String("done")).toBool())
            return items;
    }
}

QList<QJsonObject> WsClient::frames(const QString &type) const
{
    QList<QJsonObject> list;
    for (const QJsonObject &f : m_frames) {
        if (f.value(QLatin1String("type")).toString() == type)
            list.append(f);
    }
    return list;
}

bool WsClient::roundTrip(int timeoutMs)
{
    send({{QStringLiteral("type"), QStringLiteral("ping")}});
    return !next(QStringLiteral("pong"), timeoutMs).isEmpty();
}

bool WsClient::waitClosed(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

} // namespace countersign::test
