// The limits countersignd adds to QtHttpServer 6.4: oversized bodies refused before they arrive, slow
// headers and idle connections dropped, long polls left alone.
#include "TestServer.h"

#include "protocol/Hmac.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

void shortTimeouts(server::Config &c)
{
    c.limits.headerTimeoutS = 1;
    c.limits.idleTimeoutS = 1;
}

// Sends `request` on a new raw connection and returns all the server answered before closing.
QByteArray exchange(TestServer &server, const QByteArray &request, int timeoutMs = 5000);

QByteArray readUntilClosed(QTcpSocket &socket, int timeoutMs)
{
    QByteArray all;
    (void)QTest::qWaitFor([&] {
        all += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
    }, timeoutMs);
    return all + socket.readAll();
}

QByteArray exchange(TestServer &server, const QByteArray &request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    if (!socket.waitForConnected(5000))
        return "not connected";
    socket.write(request);
    QByteArray answer = readUntilClosed(socket, timeoutMs);
    if (socket.state() != QAbstractSocket::UnconnectedState)
        answer += "\n[still open after " + QByteArray::number(timeoutMs) + " ms]";
    return answer;
}

// A signed submission as raw bytes, with `extraHeaders` ("Name: value\r\n" lines) added.
QByteArray signedSubmission(const QString &taskId, const QByteArray &extraHeaders)
{
    const QByteArray body = QJsonDocument(emailSubmission(taskId)).toJson(QJsonDocument::Compact);
    return "POST /api/v1/approvals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Webhook-Source: crew-a\r\n"
           "X-Webhook-Signature: " + hmac::signatureHeader(SecretA, body) + "\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n" + body;
}

} // namespace

TEST(ConnectionGuard, ADeclaredBodyOverTheLimitIsRefusedBeforeItIsSent)
{
    TestServer server;
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("POST /api/v1/approvals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "X-Webhook-Source: crew-a\r\nX-Webhook-Signature: sha256=00\r\nContent-Length: 104857600\r\n\r\n{\"task_id\":");
    const QByteArray answer = readUntilClosed(socket, 5000);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 413")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("\"code\":\"body_too_large\"")) << answer.toStdString();
    EXPECT_EQ(socket.state(), QAbstractSocket::UnconnectedState) << "the connection is closed, the 100 MB never read";
}

TEST(ConnectionGuard, HeadersThatDoNotArriveInTimeAre408)
{
    TestServer server(shortTimeouts);
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ");  // and then nothing (slowloris)
    const QByteArray answer = readUntilClosed(socket, 5000);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 408")) << answer.toStdString();
}

TEST(ConnectionGuard, OversizedHeadersAre431)
{
    TestServer server;
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("GET /healthz HTTP/1.1\r\nX-Big: " + QByteArray(70 * 1024, 'a'));
    const QByteArray answer = readUntilClosed(socket, 5000);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 431")) << answer.left(200).toStdString();
}

TEST(ConnectionGuard, AnIdleKeepAliveConnectionIsClosedButAWaitingLongPollIsNot)
{
    TestServer server(shortTimeouts);
    Agent agent(server);
    ASSERT_EQ(agent.submit(emailSubmission(QStringLiteral("guard-1"))).status, 202);

    // A keep-alive connection that answered a request and then sits idle is closed after 1 s.
    QTcpSocket idle;
    idle.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(idle.waitForConnected(5000));
    idle.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    QSignalSpy closed(&idle, &QTcpSocket::disconnected);
    ASSERT_TRUE(closed.wait(5000));
    EXPECT_TRUE(idle.readAll().startsWith("HTTP/1.1 200"));

    // An agent waiting in a long poll is not idle: still connected well after the idle timeout.
    QNetworkReply *poll = agent.startGet(QStringLiteral("guard-1"), 60);
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.server().longPollsWaiting() == 1; }, 5000));
    QElapsedTimer waited;
    waited.start();
    EXPECT_FALSE(QTest::qWaitFor([&] { return poll->isFinished(); }, 2500)) << "dropped after " << waited.elapsed() << " ms";
    server.clock().advance(60'000);
    ASSERT_TRUE(QTest::qWaitFor([&] { return poll->isFinished(); }, 5000));
    EXPECT_EQ(poll->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    poll->deleteLater();
}

// Issue 14, defect 1: "Upgrade: websocket" used to switch the guard off for any path. Only the handshake
// (GET /api/v1/ws) may upgrade; anything else is answered and closed, and nothing is stored.
TEST(ConnectionGuard, AnUpgradeHeaderOnASubmissionIsRefusedAndNothingIsStored)
{
    TestServer server(shortTimeouts);
    const QByteArray answer = exchange(server, signedSubmission(QStringLiteral("upgrade-1"),
                                                                "Upgrade: websocket\r\nConnection: Upgrade\r\n"));
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 400")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("{\"error\":{\"code\":\"upgrade_not_allowed\",\"message\":")) << answer.toStdString();
    EXPECT_FALSE(answer.contains("still open")) << answer.toStdString();

    Agent agent(server);
    EXPECT_EQ(agent.get(QStringLiteral("upgrade-1")).status, 404) << "the refused submission was stored";
}

TEST(ConnectionGuard, AHugeBodyWithAnUpgradeHeaderIsCutOffAtTheLimit)
{
    TestServer server(shortTimeouts);
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("POST /api/v1/approvals HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Content-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n");
    // Stream the 1 GiB body (64 KiB at a time, as long as the server lets us) until it answers and closes.
    const QByteArray chunk(64 * 1024, 'x');
    qint64 sent = 0;
    QByteArray answer;
    const bool closed = QTest::qWaitFor([&] {
        answer += socket.readAll();
        if (socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        if (socket.bytesToWrite() < chunk.size() && sent < (qint64(1) << 30))
            sent += socket.write(chunk);
        return false;
    }, 10000);
    answer += socket.readAll();
    EXPECT_TRUE(closed) << "still open after sending " << sent << " bytes";
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 413")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("\"code\":\"body_too_large\"")) << answer.toStdString();
}

TEST(ConnectionGuard, TheWebSocketPathWithoutAHandshakeIsAnsweredNotLeftHanging)
{
    TestServer server(shortTimeouts);
    // The handshake itself still upgrades.
    QTcpSocket ws;
    ws.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(ws.waitForConnected(5000));
    ws.write("GET /api/v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray handshake;
    EXPECT_TRUE(QTest::qWaitFor([&] { handshake += ws.readAll(); return handshake.contains("\r\n\r\n"); }, 5000));
    EXPECT_TRUE(handshake.startsWith("HTTP/1.1 101")) << handshake.toStdString();

    // An Upgrade header without "Connection: Upgrade" is no handshake (Qt does not upgrade it).
    QByteArray answer = exchange(server, "GET /api/v1/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n", 3000);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 400")) << answer.toStdString();
    EXPECT_FALSE(answer.contains("still open")) << answer.toStdString();

    // Without any Upgrade header: 426, and the connection goes back to the idle timeout like any other.
    answer = exchange(server, "GET /api/v1/ws HTTP/1.1\r\nHost: x\r\n\r\n", 3000);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 426")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("\"code\":\"upgrade_required\"")) << answer.toStdString();
    EXPECT_FALSE(answer.contains("still open")) << answer.toStdString();
}

// Issue 14, defect 7: framing that a proxy in front could read differently (request smuggling) is refused
// with 400 in the protocol's error shape, and the connection is closed.
TEST(ConnectionGuard, AmbiguousOrMalformedFramingIs400AndClosed)
{
    TestServer server(shortTimeouts);
    const QList<QPair<const char *, QByteArray>> cases = {
        {"two differing Content-Length headers",
         "POST /api/v1/approvals HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"},
        {"Transfer-Encoding with Content-Length",
         "POST /api/v1/approvals HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"},
        {"a non-numeric Content-Length", "POST /api/v1/approvals HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nhello"},
        {"a garbage request line", "GARBAGE\r\n\r\n"},
        {"a garbage request line, headers never finished", "\x16\x03\x01 GET /healthz HTTP/1.1\r\nHost: x\r\n"},
        {"bare LF line ends", "GET /healthz HTTP/1.1\nHost: x\n\n"},
    };
    for (const auto &[what, request] : cases) {
        SCOPED_TRACE(what);
        const QByteArray answer = exchange(server, request, 3000);
        EXPECT_TRUE(answer.startsWith("HTTP/1.1 400")) << answer.toStdString();
        const QJsonObject error = QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4))
                                      .object().value(QStringLiteral("error")).toObject();
        EXPECT_EQ(error.value(QStringLiteral("code")).toString(), QStringLiteral("bad_request")) << answer.toStdString();
        EXPECT_FALSE(error.value(QStringLiteral("message")).toString().isEmpty()) << answer.toStdString();
        EXPECT_FALSE(answer.contains("still open")) << answer.toStdString();
    }
    // The server still serves well-formed requests.
    EXPECT_TRUE(exchange(server, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 200"));
}
