// The limits countersignd adds to QtHttpServer 6.4: oversized bodies refused before they arrive, slow
// headers and idle connections dropped, long polls left alone.
#include "TestServer.h"

#include "http/ConnectionBudget.h"
#include "protocol/Hmac.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

#include <sys/resource.h>

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
    const auto answeredThenClosedWhenIdle = [&server] {
        QTcpSocket idle;
        idle.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
        if (!idle.waitForConnected(5000))
            return false;
        idle.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        QSignalSpy closed(&idle, &QTcpSocket::disconnected);
        return closed.wait(5000) && idle.readAll().startsWith("HTTP/1.1 200");
    };
    EXPECT_TRUE(answeredThenClosedWhenIdle());

    // An agent waiting in a long poll (on a connection of the test's own, so that its state is seen in order) is
    // not idle: still connected after the idle timeout.
    const QString path = QStringLiteral("/api/v1/approvals/guard-1?wait=60");
    QTcpSocket poll;
    poll.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(poll.waitForConnected(5000));
    QByteArray request = "GET " + path.toLatin1() + " HTTP/1.1\r\nHost: x\r\n";
    for (const auto &h : agent.bodylessHeaders("GET", path))
        request += h.first + ": " + h.second + "\r\n";
    poll.write(request + "\r\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.server().longPollsWaiting() == 1; }, 5000));
    // The barrier: a connection left idle after the poll began is closed at the idle timeout. The guard's
    // timers fire in the order of their deadlines, so by then an idle timer on the poll's connection would have
    // closed it; a request answered afterwards gives the poll's socket time to see its own end.
    ASSERT_TRUE(answeredThenClosedWhenIdle());
    EXPECT_EQ(Http().request("GET", server.url(QStringLiteral("/healthz"))).status, 200);
    EXPECT_EQ(poll.state(), QAbstractSocket::ConnectedState) << "the waiting long poll was dropped";
    EXPECT_TRUE(poll.readAll().isEmpty());

    server.clock().advance(60'000);
    QByteArray answer;
    EXPECT_TRUE(QTest::qWaitFor([&] {
        answer += poll.readAll();
        return answer.contains("\r\n\r\n");
    }, 5000));
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 200")) << answer.left(200).toStdString();
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
    EXPECT_EQ(Http().request("GET", server.url(QStringLiteral("/healthz"))).status, 200);
}

// Issue 14, defect 5: after complete headers, a body that trickles (or stops short of its Content-Length)
// is answered 408 within the body timeout instead of holding the connection forever.
TEST(ConnectionGuard, ABodyThatDoesNotArriveInTimeIs408)
{
    TestServer server([](server::Config &c) {
        shortTimeouts(c);
        c.limits.headerTimeoutS = 30;  // only the body deadline may fire
        c.limits.bodyTimeoutS = 1;
    });
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("POST /api/v1/approvals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    QElapsedTimer elapsed;
    elapsed.start();
    QByteArray answer;
    qint64 lastWrite = 0;
    // One more byte every 200 ms (well inside any idle or header limit), the way a slow-body attack sends.
    const bool closed = QTest::qWaitFor([&] {
        answer += socket.readAll();
        if (socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        if (elapsed.elapsed() - lastWrite >= 200 && answer.isEmpty()) {
            socket.write(" ");
            lastWrite = elapsed.elapsed();
        }
        return false;
    }, 5000);
    answer += socket.readAll();
    EXPECT_TRUE(closed) << "still open after " << elapsed.elapsed() << " ms";
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 408")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("\"code\":\"request_timeout\"")) << answer.toStdString();
}

TEST(ConnectionGuard, ABodyShorterThanItsContentLengthIs408)
{
    TestServer server([](server::Config &c) {
        c.limits.headerTimeoutS = 30;
        c.limits.bodyTimeoutS = 1;
    });
    const QByteArray answer = exchange(server, "POST /api/v1/approvals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                               "Content-Length: 100\r\n\r\n{\"task_id\":", 5000);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 408")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("{\"error\":{\"code\":\"request_timeout\",\"message\":")) << answer.toStdString();
    EXPECT_FALSE(answer.contains("still open")) << answer.toStdString();
}

namespace {

// A raw connection from `source` (any 127.0.0.0/8 address: a second peer on loopback).
std::unique_ptr<QTcpSocket> connectFrom(TestServer &server, const QString &source)
{
    auto socket = std::make_unique<QTcpSocket>();
    if (!socket->bind(QHostAddress(source), 0))
        ADD_FAILURE() << "cannot bind to " << source.toStdString();
    socket->connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    if (!socket->waitForConnected(5000))
        ADD_FAILURE() << "cannot connect from " << source.toStdString();
    return socket;
}

// What a connection that sent nothing gets within `timeoutMs`: the server's unprompted answer until it
// closed, or "[still open]".
QByteArray unpromptedAnswer(QTcpSocket &socket, int timeoutMs = 5000)
{
    QByteArray answer = readUntilClosed(socket, timeoutMs);
    if (socket.state() != QAbstractSocket::UnconnectedState)
        answer += "[still open]";
    return answer;
}

// One whole response (QtHttpServer 6.4 keeps the connection open even after "Connection: close"), or what
// came until the connection closed.
QByteArray readResponse(QTcpSocket &socket, int timeoutMs = 5000)
{
    QByteArray all;
    (void)QTest::qWaitFor([&] {
        all += socket.readAll();
        const qsizetype end = all.indexOf("\r\n\r\n");
        if (end >= 0) {
            const qsizetype at = all.toLower().indexOf("\r\ncontent-length: ");
            if (at >= 0 && at < end) {
                const qsizetype from = at + 18;
                const qint64 length = all.mid(from, all.indexOf("\r\n", from) - from).trimmed().toLongLong();
                if (all.size() >= end + 4 + length)
                    return true;
            }
        }
        return socket.state() == QAbstractSocket::UnconnectedState;
    }, timeoutMs);
    return all + socket.readAll();
}

QByteArray healthzFrom(TestServer &server, const QString &source)
{
    const auto socket = connectFrom(server, source);
    socket->write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    return readResponse(*socket);
}

void expectBusy(const QByteArray &answer)
{
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 503")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("\r\nRetry-After: ")) << answer.toStdString();
    EXPECT_TRUE(answer.contains("{\"error\":{\"code\":\"server_busy\",\"message\":")) << answer.toStdString();
    EXPECT_FALSE(answer.contains("still open")) << answer.toStdString();
}

QByteArray bigBodyHead(qint64 length)
{
    return "POST /api/v1/approvals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Webhook-Source: crew-a\r\n"
           "Content-Length: " + QByteArray::number(length) + "\r\n\r\n";
}

} // namespace

// Issue 14, defect 5: QtHttpServer keeps each body in memory until its handler runs; the bytes so held
// across all connections are bounded. A request whose declared body would go over it gets 503 before its
// body is read, smaller ones still go through, and the bytes come back when the requests end.
TEST(ConnectionGuard, BodiesInMemoryAreBoundedAcrossConnectionsAndReleasedWhenRequestsEnd)
{
    constexpr qint64 Big = 200 * 1024;
    TestServer server([](server::Config &c) { c.limits.maxBufferedBytes = 256 * 1024; });

    // A first big body, half sent: its 200 KiB are held for it.
    const auto first = connectFrom(server, QStringLiteral("127.0.0.1"));
    first->write(bigBodyHead(Big) + QByteArray(Big / 2, ' '));
    // (A round trip on another connection, after the half body went out, lets the server read it first.)
    ASSERT_TRUE(QTest::qWaitFor([&] { return first->bytesToWrite() == 0; }, 5000));
    ASSERT_TRUE(healthzFrom(server, QStringLiteral("127.0.0.1")).startsWith("HTTP/1.1 200"));

    // A second one goes over 256 KiB as its bytes arrive: refused (a declared length alone reserves nothing).
    const auto second = connectFrom(server, QStringLiteral("127.0.0.1"));
    second->write(bigBodyHead(Big) + QByteArray(Big, ' '));
    expectBusy(unpromptedAnswer(*second));

    // A small request still fits.
    Agent agent(server);
    EXPECT_EQ(agent.submit(emailSubmission(QStringLiteral("small-1"))).status, 202);

    // The first body ends (an unsigned request: 401); its bytes are released, so big bodies fit again.
    first->write(QByteArray(Big - Big / 2, ' '));
    QByteArray firstAnswer;
    ASSERT_TRUE(QTest::qWaitFor([&] { firstAnswer += first->readAll(); return firstAnswer.contains("\r\n\r\n"); }, 5000));
    EXPECT_TRUE(firstAnswer.startsWith("HTTP/1.1 401")) << firstAnswer.toStdString();

    const auto third = connectFrom(server, QStringLiteral("127.0.0.1"));
    third->write(bigBodyHead(Big) + QByteArray(Big, ' '));
    QByteArray thirdAnswer;
    ASSERT_TRUE(QTest::qWaitFor([&] { thirdAnswer += third->readAll(); return thirdAnswer.contains("\r\n\r\n"); }, 5000));
    EXPECT_TRUE(thirdAnswer.startsWith("HTTP/1.1 401")) << thirdAnswer.toStdString();

    // Connections that close give back what they held: a big body fits again after they are gone.
    first->disconnectFromHost();
    third->disconnectFromHost();
    const auto fourth = connectFrom(server, QStringLiteral("127.0.0.1"));
    fourth->write(bigBodyHead(Big) + QByteArray(Big, ' '));
    QByteArray fourthAnswer;
    ASSERT_TRUE(QTest::qWaitFor([&] { fourthAnswer += fourth->readAll(); return fourthAnswer.contains("\r\n\r\n"); }, 5000));
    EXPECT_TRUE(fourthAnswer.startsWith("HTTP/1.1 401")) << fourthAnswer.toStdString();
}

// Issue 14, defect 6: one address may hold only so many connections; the next one is answered 503 and
// closed at once, while other addresses are served, and a place comes free when one of its connections closes.
TEST(ConnectionGuard, ConnectionsPerPeerAddressAreCapped)
{
    TestServer server([](server::Config &c) { c.limits.maxConnectionsPerPeer = 3; });
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 3; ++i)
        held.push_back(connectFrom(server, QStringLiteral("127.0.0.1")));

    const auto fourth = connectFrom(server, QStringLiteral("127.0.0.1"));
    expectBusy(unpromptedAnswer(*fourth));

    EXPECT_TRUE(healthzFrom(server, QStringLiteral("127.0.0.2")).startsWith("HTTP/1.1 200")) << "another address is served";

    held.front()->disconnectFromHost();
    EXPECT_TRUE(QTest::qWaitFor([&] { return healthzFrom(server, QStringLiteral("127.0.0.1")).startsWith("HTTP/1.1 200"); }, 5000))
        << "the place of a closed connection did not come free";
}

TEST(ConnectionGuard, ConnectionsInTotalAreCapped)
{
    TestServer server([](server::Config &c) { c.limits.maxConnections = 3; });
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (const char *source : {"127.0.0.1", "127.0.0.2", "127.0.0.3"})
        held.push_back(connectFrom(server, QString::fromLatin1(source)));

    const auto fourth = connectFrom(server, QStringLiteral("127.0.0.4"));
    expectBusy(unpromptedAnswer(*fourth));

    held.back()->disconnectFromHost();
    EXPECT_TRUE(QTest::qWaitFor([&] { return healthzFrom(server, QStringLiteral("127.0.0.4")).startsWith("HTTP/1.1 200"); }, 5000))
        << "the place of a closed connection did not come free";
}

// At the total cap, one address holding many connections (a connection flood) does not lock the others out:
// a newcomer from another address takes the place of the flooding address's oldest connection; the flooder's
// own next connection is still refused.
TEST(ConnectionGuard, AtTheTotalCapANewAddressTakesThePlaceOfTheBusiestOnesOldestConnection)
{
    TestServer server([](server::Config &c) { c.limits.maxConnections = 4; });
    std::vector<std::unique_ptr<QTcpSocket>> flood;
    for (int i = 0; i < 4; ++i)
        flood.push_back(connectFrom(server, QStringLiteral("127.0.0.2")));  // admitted in this order
    // The cap is reached: a fifth from the same address is refused.
    const auto fifth = connectFrom(server, QStringLiteral("127.0.0.2"));
    expectBusy(unpromptedAnswer(*fifth));

    const auto newcomer = connectFrom(server, QStringLiteral("127.0.0.1"));
    newcomer->write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(readResponse(*newcomer).startsWith("HTTP/1.1 200")) << "a newcomer is let in";
    EXPECT_TRUE(QTest::qWaitFor([&] { return flood.front()->state() == QAbstractSocket::UnconnectedState; }, 5000))
        << "the flooding address's oldest connection made room";
    EXPECT_EQ(flood.back()->state(), QAbstractSocket::ConnectedState) << "its newest is kept";

    // Three from the flooder, one from the newcomer: the flooder's next one is refused, not given a place.
    const auto more = connectFrom(server, QStringLiteral("127.0.0.2"));
    expectBusy(unpromptedAnswer(*more));
}

// A declared Content-Length reserves nothing: clients that declare big bodies and send none cannot take the
// bound on buffered bodies from others (they meet the body deadline instead).
TEST(ConnectionGuard, DeclaredBodiesThatDoNotArriveHoldNoMemory)
{
    constexpr qint64 Big = 200 * 1024;
    TestServer server([](server::Config &c) { c.limits.maxBufferedBytes = 256 * 1024; });
    std::vector<std::unique_ptr<QTcpSocket>> declared;
    for (const char *source : {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
        declared.push_back(connectFrom(server, QString::fromLatin1(source)));
        declared.back()->write(bigBodyHead(Big));
    }
    for (auto &socket : declared)
        ASSERT_TRUE(QTest::qWaitFor([&] { return socket->bytesToWrite() == 0; }, 5000));
    ASSERT_TRUE(healthzFrom(server, QStringLiteral("127.0.0.5")).startsWith("HTTP/1.1 200"));

    const auto body = connectFrom(server, QStringLiteral("127.0.0.1"));
    body->write(bigBodyHead(Big) + QByteArray(Big, ' '));
    QByteArray answer;
    ASSERT_TRUE(QTest::qWaitFor([&] { answer += body->readAll(); return answer.contains("\r\n\r\n"); }, 5000));
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 401")) << "a real body is read: " << answer.toStdString();
}

// One address may hold only a share of the bound on buffered bodies: a client holding bodies open does not
// take the bound from everybody else.
TEST(ConnectionGuard, OneAddressHoldsOnlyAShareOfTheBufferedBodies)
{
    constexpr qint64 Body = 60 * 1024;
    TestServer server([](server::Config &c) {
        c.limits.maxBodyBytes = 64 * 1024;
        c.limits.maxBufferedBytes = 256 * 1024;  // a quarter each: 64 KiB
    });
    const auto first = connectFrom(server, QStringLiteral("127.0.0.2"));
    first->write(bigBodyHead(Body) + QByteArray(Body / 2, ' '));
    ASSERT_TRUE(QTest::qWaitFor([&] { return first->bytesToWrite() == 0; }, 5000));
    ASSERT_TRUE(healthzFrom(server, QStringLiteral("127.0.0.3")).startsWith("HTTP/1.1 200"));

    const auto second = connectFrom(server, QStringLiteral("127.0.0.2"));
    second->write(bigBodyHead(Body) + QByteArray(Body, ' '));
    expectBusy(unpromptedAnswer(*second));

    const auto other = connectFrom(server, QStringLiteral("127.0.0.1"));
    other->write(bigBodyHead(Body) + QByteArray(Body, ' '));
    QByteArray answer;
    ASSERT_TRUE(QTest::qWaitFor([&] { answer += other->readAll(); return answer.contains("\r\n\r\n"); }, 5000));
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 401")) << "another address's body is read: " << answer.toStdString();
}

namespace {

int openDescriptors()
{
    return static_cast<int>(QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot).size());
}

qint64 cpuMs()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000LL + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

// Lowers the soft descriptor limit for one test and puts it back at the end, whatever happens.
class SoftDescriptorLimit
{
public:
    explicit SoftDescriptorLimit(rlim_t soft)
    {
        ::getrlimit(RLIMIT_NOFILE, &m_saved);
        rlimit lowered = m_saved;
        lowered.rlim_cur = soft;
        m_ok = ::setrlimit(RLIMIT_NOFILE, &lowered) == 0;
    }
    ~SoftDescriptorLimit() { ::setrlimit(RLIMIT_NOFILE, &m_saved); }
    bool ok() const { return m_ok; }

private:
    rlimit m_saved{};
    bool m_ok = false;
};

} // namespace

// Issue 14, defect 6: at the process's descriptor limit the server used to spin at 100% CPU (Qt 6.4's
// QTcpServer retries a failing accept() forever) and refuse everyone. Now the connection cap stays below
// the limit, connections beyond what the process can hold are answered and closed from a reserve
// descriptor, the event loop stays responsive, and the server serves again once connections close.
TEST(ConnectionGuard, AtTheDescriptorLimitTheServerDoesNotSpinAndRecovers)
{
    // The clients live in this process too, so each connection costs two descriptors here.
    const SoftDescriptorLimit limit(openDescriptors() + 160);
    ASSERT_TRUE(limit.ok());
    rlimit now{};
    ::getrlimit(RLIMIT_NOFILE, &now);
    EXPECT_EQ(server::ConnectionBudget::effectiveMaxConnections(4096), static_cast<int>(now.rlim_cur) - 64)
        << "the connection cap is the soft limit less a reserve";

    auto server = std::make_unique<TestServer>();
    std::vector<std::unique_ptr<QTcpSocket>> attackers;
    for (int i = 0; i < 110; ++i) {
        attackers.push_back(std::make_unique<QTcpSocket>());
        attackers.back()->connectToHost(QStringLiteral("127.0.0.1"), server->server().port());
    }
    // Every attempt settles: connected and held, answered and closed, or failed here for lack of descriptors.
    ASSERT_TRUE(QTest::qWaitFor([&] {
        return std::all_of(attackers.begin(), attackers.end(), [](const auto &s) {
            return s->state() == QAbstractSocket::ConnectedState || s->state() == QAbstractSocket::UnconnectedState;
        });
    }, 10000));

    // The event loop stays responsive and idle: a timer fires on time, and the process does not burn CPU.
    QTimer timer;
    timer.setSingleShot(true);
    QSignalSpy fired(&timer, &QTimer::timeout);
    QElapsedTimer wall;
    const qint64 cpuBefore = cpuMs();
    wall.start();
    timer.start(400);
    ASSERT_TRUE(fired.wait(5000));
    const qint64 elapsed = wall.elapsed();
    const qint64 cpu = cpuMs() - cpuBefore;
    EXPECT_LT(elapsed, 800) << "the timer fired late";
    EXPECT_LT(cpu, elapsed / 2) << "the process used " << cpu << " ms of CPU in " << elapsed << " ms (spinning)";

    // Everyone leaves; the server serves new connections again.
    attackers.clear();
    EXPECT_TRUE(QTest::qWaitFor([&] { return healthzFrom(*server, QStringLiteral("127.0.0.1")).startsWith("HTTP/1.1 200"); }, 5000));
}
