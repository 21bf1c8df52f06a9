// Issue 14, defect 13: HTTPS and WSS served natively (`tls`), the certificate reloaded on SIGHUP, and behind a
// proxy the client's address taken from X-Forwarded-For only when the peer is a trusted proxy.
// The certificates are tests/data/tls (a test CA; server-a and server-b, see its README).
#include "ChildServer.h"
#include "TestServer.h"
#include "WsClient.h"

#include "http/ClientAddress.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>

using namespace countersign;
using namespace countersign::test;

namespace {

QString data(const QString &name)
{
    return QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/") + name;
}

QByteArray tlsJson(const QString &cert, const QString &key, const QString &extra = {})
{
    return QStringLiteral(R"("tls": {"cert": "%1", "key": "%2"%3})").arg(cert, key, extra).toUtf8();
}

// The test's config with the sections of a config file on top, read as countersignd reads its file.
server::Config withJson(const server::Config &base, const QByteArray &sections)
{
    server::ConfigError error;
    const std::optional<server::Config> parsed = server::parseConfig("{" + sections + "}", &error);
    EXPECT_TRUE(parsed.has_value()) << error.toString().toStdString();
    if (!parsed)
        return base;
    server::Config c = *parsed;
    c.listenHost = base.listenHost;
    c.listenPort = base.listenPort;
    c.dataDir = base.dataDir;
    c.database = base.database;
    c.sources = base.sources;
    c.limits = base.limits;
    c.auth.pbkdf2Iterations = base.auth.pbkdf2Iterations;
    return c;
}

// The clients of these tests trust the test CA, as an operator's clients trust theirs.
void trustTestCa()
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.addCaCertificates(QSslCertificate::fromPath(data(QStringLiteral("ca.pem"))));
    QSslConfiguration::setDefaultConfiguration(config);
}

// The common name of the certificate a new TLS connection to the port is served (empty: no handshake).
QString servedName(quint16 port)
{
    QSslSocket socket;
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    (void)QTest::qWaitFor([&] { return socket.isEncrypted() || socket.state() == QAbstractSocket::UnconnectedState; }, 5000);
    return socket.isEncrypted() ? socket.peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0) : QString();
}

// The address the audit trail recorded for an approval's first event (its submission).
QString auditIp(const QString &dataDir, const QString &approvalId, const QString &action = QStringLiteral("created"))
{
    QString ip;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("audit-read"));
        db.setDatabaseName(dataDir + QStringLiteral("/countersign.db"));
        EXPECT_TRUE(db.open());
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT ip FROM events WHERE approval_id = ? AND action = ? ORDER BY seq LIMIT 1"));
        q.addBindValue(approvalId);
        q.addBindValue(action);
        EXPECT_TRUE(q.exec());
        if (q.next())
            ip = q.value(0).toString();
        else
            ip = QStringLiteral("(no %1 event)").arg(action);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("audit-read"));
    return ip;
}

class Tls : public ::testing::Test
{
protected:
    Tls() { trustTestCa(); }
};

class TlsServer : public Tls
{
protected:
    TestServer server{[](server::Config &c) {
        c = withJson(c, tlsJson(data(QStringLiteral("server-a.pem")), data(QStringLiteral("server-a.key"))));
    }};
    TlsServer() { server.useHttps(true); }
};

} // namespace

TEST_F(TlsServer, HealthzAndASignedPostWorkOverHttpsAndPlainHttpToTheTlsPortGetsNoAnswer)
{
    Http http;
    QNetworkReply *reply = http.network().get(QNetworkRequest(QUrl(server.url(QStringLiteral("/healthz")))));
    ASSERT_TRUE(QTest::qWaitFor([&] { return reply->isFinished(); }, 10000));
    EXPECT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200) << reply->errorString().toStdString();
    EXPECT_EQ(reply->sslConfiguration().peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0),
              QStringLiteral("countersign-test-a"));
    reply->deleteLater();

    Agent agent(server);
    const HttpResponse submitted = agent.submit(emailSubmission(QStringLiteral("tls-1")));
    EXPECT_EQ(submitted.status, 202) << submitted.body.toStdString();
    EXPECT_EQ(agent.get(QStringLiteral("tls-1")).json().value(QLatin1String("status")).toString(), QStringLiteral("pending"));

    const HttpResponse plain = http.request("GET", QStringLiteral("http://127.0.0.1:%1/healthz").arg(server.server().port()), {}, {}, 5000);
    EXPECT_EQ(plain.status, 0) << "plain HTTP was answered on the TLS port: " << plain.body.toStdString();
    // The port still serves TLS after the failed handshake.
    EXPECT_EQ(http.request("GET", server.url(QStringLiteral("/healthz"))).status, 200);
}

TEST_F(TlsServer, AWssHubSessionGetsItsWelcomeSyncAndLiveApprovals)
{
    server.addTeam();
    Agent agent(server);
    ASSERT_EQ(agent.submit(emailSubmission(QStringLiteral("wss-1"))).status, 202);
    WsClient ws(QUrl(QStringLiteral("wss://127.0.0.1:%1/api/v1/ws").arg(server.server().port())));
    ASSERT_TRUE(ws.waitConnected()) << ws.socket().errorString().toStdString();
    ws.hello(server.login(QStringLiteral("mia")));
    EXPECT_FALSE(ws.next(QStringLiteral("welcome")).isEmpty());
    EXPECT_EQ(ws.syncItems().size(), 1);
    ASSERT_EQ(agent.submit(emailSubmission(QStringLiteral("wss-2"))).status, 202);
    const QJsonObject pushed = ws.next(QStringLiteral("approval"));
    EXPECT_EQ(pushed.value(QLatin1String("approval")).toObject().value(QLatin1String("task_id")).toString(), QStringLiteral("wss-2"))
        << QJsonDocument(pushed).toJson().toStdString();
}

TEST_F(Tls, AHandshakeThatDoesNotFinishWithinTheHeaderTimeoutIsClosed)
{
    TestServer server{[](server::Config &c) {
        c = withJson(c, tlsJson(data(QStringLiteral("server-a.pem")), data(QStringLiteral("server-a.key"))));
        c.limits.headerTimeoutS = 1;
    }};
    QTcpSocket slow;
    slow.connectToHost(QStringLiteral("127.0.0.1"), server.server().port());
    ASSERT_TRUE(slow.waitForConnected(5000));
    slow.write("\x16\x03\x01");  // the first bytes of a ClientHello, and then nothing
    EXPECT_TRUE(QTest::qWaitFor([&] { return slow.state() == QAbstractSocket::UnconnectedState; }, 5000))
        << "a handshake that never finishes holds the connection";
    EXPECT_EQ(servedName(server.server().port()), QStringLiteral("countersign-test-a"));  // others still get in
}

TEST_F(Tls, ACertificateOrKeyThatCannotBeServedRefusesToStartNamingTheFileAndTheProblem)
{
    struct Case
    {
        QString cert, key, extra, expected;
    };
    const QString missing = data(QStringLiteral("no-such-cert.pem"));
    const QList<Case> cases = {
        {missing, data(QStringLiteral("server-a.key")), {}, missing + QStringLiteral(" does not exist")},
        {data(QStringLiteral("not-pem.txt")), data(QStringLiteral("server-a.key")), {}, data(QStringLiteral("not-pem.txt")) + QStringLiteral(" holds no PEM certificate")},
        {data(QStringLiteral("server-a.pem")), data(QStringLiteral("not-pem.txt")), {}, data(QStringLiteral("not-pem.txt")) + QStringLiteral(" holds no PEM private key")},
        {data(QStringLiteral("server-a.pem")), data(QStringLiteral("server-b.key")), {},
         QStringLiteral("the key in %1 does not match the certificate in %2").arg(data(QStringLiteral("server-b.key")), data(QStringLiteral("server-a.pem")))},
        {data(QStringLiteral("server-a.pem")), data(QStringLiteral("server-a-encrypted.key")), {},
         data(QStringLiteral("server-a-encrypted.key")) + QStringLiteral(" is encrypted")},
    };
    for (const Case &c : cases) {
        QTemporaryDir dir;
        const server::Config config = withJson(baseConfig(dir.path()), tlsJson(c.cert, c.key, c.extra));
        ManualClock clock(QDateTime::currentDateTimeUtc());
        server::Server s(config, clock);
        QString error;
        EXPECT_FALSE(s.start(&error)) << c.expected.toStdString();
        EXPECT_TRUE(error.contains(c.expected)) << error.toStdString() << "\n  expected: " << c.expected.toStdString();
    }

    // The encrypted key with its passphrase in the named environment variable starts.
    qputenv("COUNTERSIGN_TEST_TLS_PASSPHRASE", "test-passphrase");
    QTemporaryDir dir;
    const server::Config config = withJson(baseConfig(dir.path()),
                                           tlsJson(data(QStringLiteral("server-a.pem")), data(QStringLiteral("server-a-encrypted.key")),
                                                   QStringLiteral(R"(, "key_passphrase_env": "COUNTERSIGN_TEST_TLS_PASSPHRASE")")));
    ManualClock clock(QDateTime::currentDateTimeUtc());
    server::Server s(config, clock);
    QString error;
    ASSERT_TRUE(s.start(&error)) << error.toStdString();
    EXPECT_EQ(servedName(s.port()), QStringLiteral("countersign-test-a"));
}

TEST_F(Tls, SighupServesTheNewCertificateToNewConnectionsAndKeepsTheOldOneWhenTheNewPairIsBad)
{
    QTemporaryDir certs;
    const QString cert = certs.filePath(QStringLiteral("cert.pem"));
    const QString key = certs.filePath(QStringLiteral("key.pem"));
    const auto install = [&](const QString &name) {
        QFile::remove(cert);
        QFile::remove(key);
        ASSERT_TRUE(QFile::copy(data(QStringLiteral("server-%1.pem").arg(name)), cert));
        ASSERT_TRUE(QFile::copy(data(QStringLiteral("server-%1.key").arg(name)), key));
    };
    install(QStringLiteral("a"));
    ChildServer child(", " + tlsJson(cert, key));
    ASSERT_TRUE(child.start()) << child.stderrText().toStdString();
    EXPECT_EQ(servedName(child.port()), QStringLiteral("countersign-test-a"));

    install(QStringLiteral("b"));
    ASSERT_EQ(::kill(pid_t(child.process().processId()), SIGHUP), 0);
    EXPECT_TRUE(QTest::qWaitFor([&] { return servedName(child.port()) == QLatin1String("countersign-test-b"); }, 10000))
        << child.stderrText().toStdString();

    // A certificate that does not go with the key: logged, and the pair in use is kept.
    QFile::remove(cert);
    ASSERT_TRUE(QFile::copy(data(QStringLiteral("server-a.pem")), cert));
    ASSERT_EQ(::kill(pid_t(child.process().processId()), SIGHUP), 0);
    EXPECT_TRUE(QTest::qWaitFor([&] { return child.stderrText().contains("TLS reload refused"); }, 10000)) << child.stderrText().toStdString();
    EXPECT_TRUE(child.stderrText().contains("does not match the certificate")) << child.stderrText().toStdString();
    EXPECT_EQ(child.process().state(), QProcess::Running);
    EXPECT_EQ(servedName(child.port()), QStringLiteral("countersign-test-b"));
}

namespace {

// Behind a proxy on loopback: the test's requests come from 127.0.0.1, the proxy's address.
class ForwardedFor : public ::testing::Test
{
protected:
    explicit ForwardedFor(const char *proxies = R"("trusted_proxies": ["10.0.0.0/8", "127.0.0.1"])")
        : m_proxies(proxies)
    {
    }
    QByteArray m_proxies;
    TestServer server{[this](server::Config &c) {
        c = withJson(c, m_proxies + R"(, "auth": {"logins_per_minute_per_ip": 2})");
    }};
    Agent agent{server};

    QString submitFrom(const QString &taskId, const QByteArray &forwardedFor)
    {
        const HttpResponse r = agent.submitRaw(QJsonDocument(emailSubmission(taskId)).toJson(QJsonDocument::Compact),
                                               {{"X-Forwarded-For", forwardedFor}});
        EXPECT_EQ(r.status, 202) << r.body.toStdString();
        return r.json().value(QLatin1String("approval_id")).toString();
    }
    int loginFrom(const QString &username, const QByteArray &forwardedFor)
    {
        Http http;
        return http.request("POST", server.url(QStringLiteral("/api/v1/auth/login")),
                            R"({"username": ")" + username.toUtf8() + R"(", "password": "wrong"})",
                            {{"Content-Type", "application/json"}, {"X-Forwarded-For", forwardedFor}}).status;
    }
};

class UntrustedPeer : public ForwardedFor
{
protected:
    UntrustedPeer() : ForwardedFor(R"("trusted_proxies": ["10.0.0.0/8"])") {}
};

} // namespace

TEST_F(ForwardedFor, FromATrustedProxyTheForwardedClientIsTheAuditIpAndTheSignInLimitsKey)
{
    // What the client wrote itself (left) is not believed; the address the proxy saw (right) is.
    const QString id = submitFrom(QStringLiteral("xff-1"), "198.51.100.66, 203.0.113.7");
    EXPECT_EQ(auditIp(server.dataDir(), id), QStringLiteral("203.0.113.7"));
    // Trusted hops are skipped from the right.
    const QString viaTwo = submitFrom(QStringLiteral("xff-2"), "203.0.113.8, 10.1.2.3");
    EXPECT_EQ(auditIp(server.dataDir(), viaTwo), QStringLiteral("203.0.113.8"));

    // Two sign-ins a minute per address: the third from 203.0.113.7 waits, another client behind the same
    // proxy does not.
    EXPECT_EQ(loginFrom(QStringLiteral("u1"), "203.0.113.7"), 401);
    EXPECT_EQ(loginFrom(QStringLiteral("u2"), "203.0.113.7"), 401);
    EXPECT_EQ(loginFrom(QStringLiteral("u3"), "203.0.113.7"), 429);
    EXPECT_EQ(loginFrom(QStringLiteral("u4"), "203.0.113.9"), 401);

    // The hub's decisions too: the WebSocket handshake's header names the approver's address.
    server.addTeam();
    QWebSocket socket;
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/api/v1/ws").arg(server.server().port())));
    request.setRawHeader("X-Forwarded-For", "192.0.2.44");
    socket.open(request);
    QList<QJsonObject> frames;
    QObject::connect(&socket, &QWebSocket::textMessageReceived, [&](const QString &t) { frames.append(QJsonDocument::fromJson(t.toUtf8()).object()); });
    ASSERT_TRUE(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
    const auto send = [&](const QJsonObject &frame) { socket.sendTextMessage(QString::fromUtf8(QJsonDocument(frame).toJson(QJsonDocument::Compact))); };
    const auto received = [&](const QString &type) {
        return QTest::qWaitFor([&] { return std::any_of(frames.begin(), frames.end(), [&](const QJsonObject &f) { return f.value(QLatin1String("type")).toString() == type; }); }, 5000);
    };
    send({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("token"), QString::fromLatin1(server.login(QStringLiteral("mia")))}});
    ASSERT_TRUE(received(QStringLiteral("welcome")));
    send({{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request_id"), QStringLiteral("r-1")},
          {QStringLiteral("approval_id"), id}, {QStringLiteral("version"), 1}, {QStringLiteral("decision"), QStringLiteral("approve")}});
    ASSERT_TRUE(received(QStringLiteral("ack")));
    EXPECT_EQ(auditIp(server.dataDir(), id, QStringLiteral("decided")), QStringLiteral("192.0.2.44"));
}

TEST_F(UntrustedPeer, FromAPeerThatIsNotATrustedProxyTheHeaderIsIgnored)
{
    const QString id = submitFrom(QStringLiteral("xff-3"), "203.0.113.7");
    EXPECT_EQ(auditIp(server.dataDir(), id), QStringLiteral("127.0.0.1"));
    // Changing the header does not reset the sign-in limit: all three attempts are the peer's.
    EXPECT_EQ(loginFrom(QStringLiteral("u1"), "203.0.113.1"), 401);
    EXPECT_EQ(loginFrom(QStringLiteral("u2"), "203.0.113.2"), 401);
    EXPECT_EQ(loginFrom(QStringLiteral("u3"), "203.0.113.3"), 429);
}

TEST(TrustedProxiesConfig, AnEntryThatIsNotAnAddressOrSubnetIsRefusedNamingIt)
{
    server::ConfigError error;
    EXPECT_FALSE(server::parseConfig(R"({"trusted_proxies": ["10.0.0.0/8", "proxy.local"]})", &error).has_value());
    EXPECT_EQ(error.toString(), QStringLiteral(R"(trusted_proxies: "proxy.local" is not an address or a subnet (e.g. "127.0.0.1", "10.0.0.0/8"))"));
    const std::optional<server::Config> ok = server::parseConfig(R"({"trusted_proxies": ["10.0.0.0/8", "::1", "192.0.2.1"]})", &error);
    ASSERT_TRUE(ok.has_value()) << error.toString().toStdString();
    EXPECT_EQ(ok->trustedProxies.size(), 3);
}

TEST(ClientAddress, ReadsForwardedForFromTheRightOnlyFromTrustedPeers)
{
    const server::TrustedProxies trusted = {QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
                                            QHostAddress::parseSubnet(QStringLiteral("::1/128"))};
    const auto client = [&](const char *peer, QByteArrayList xff) {
        return server::clientAddress(QHostAddress(QString::fromLatin1(peer)), xff, trusted).toString();
    };
    EXPECT_EQ(client("192.0.2.1", {"203.0.113.7"}), QStringLiteral("192.0.2.1"));          // untrusted peer
    EXPECT_EQ(client("10.0.0.2", {}), QStringLiteral("10.0.0.2"));                          // no header
    EXPECT_EQ(client("10.0.0.2", {"1.1.1.1, 203.0.113.7"}), QStringLiteral("203.0.113.7"));
    EXPECT_EQ(client("10.0.0.2", {"1.1.1.1", "203.0.113.7, 10.9.9.9"}), QStringLiteral("203.0.113.7"));  // two headers, trusted hop
    EXPECT_EQ(client("::ffff:10.0.0.2", {"203.0.113.7:4711"}), QStringLiteral("203.0.113.7"));           // mapped peer, port
    EXPECT_EQ(client("::1", {"[2001:db8::5]:443"}), QStringLiteral("2001:db8::5"));
    EXPECT_EQ(client("10.0.0.2", {"unknown"}), QStringLiteral("10.0.0.2"));                 // garbage: the proxy
    EXPECT_EQ(client("10.0.0.2", {"10.0.0.3"}), QStringLiteral("10.0.0.3"));                // only proxies: the farthest
}
