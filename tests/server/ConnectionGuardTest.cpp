// The limits countersignd adds to QtHttpServer 6.4: oversized bodies refused before they arrive, slow
// headers and idle connections dropped, long polls left alone.
#include "TestServer.h"

#include "protocol/Hmac.h"

#include <QElapsedTimer>
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

QByteArray readUntilClosed(QTcpSocket &socket, int timeoutMs)
{
    QByteArray all;
    (void)QTest::qWaitFor([&] {
        all += socket.readAll();
        return socket.state() == QAbstractSocket::UnconnectedState;
    }, timeoutMs);
    return all + socket.readAll();
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
