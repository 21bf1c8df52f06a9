// https:// and wss:// go through Qt's TLS, and a certificate that does not verify is refused with a message
// that says so, never silently accepted.
#include "ClientFixture.h"

#include "net/TrustedCa.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>

using namespace countersign;
using namespace countersign::test;
using State = client::Connection::State;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A TLS listener with a self-signed certificate: what a misconfigured or impersonated server looks like.
class UntrustedTlsServer
{
public:
    UntrustedTlsServer()
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(QSslCertificate(readFile(QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/selfsigned.crt"))));
        config.setPrivateKey(QSslKey(readFile(QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/selfsigned.key")), QSsl::Rsa));
        m_server.setSslConfiguration(config);
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    QUrl url() const { return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_server.serverPort())); }

private:
    QSslServer m_server;
};

} // namespace

TEST(Tls, SignInToAServerWithAnUntrustedCertificateIsRefusedWithAClearMessage)
{
    UntrustedTlsServer tls;
    client::Connection connection(fastTimings());
    connection.signIn(tls.url(), QStringLiteral("mia"), QStringLiteral("correct horse"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == State::SignedOut; }, 10000));
    EXPECT_TRUE(connection.lastError().startsWith(QStringLiteral("The server's TLS certificate is not trusted")))
        << connection.lastError().toStdString();
    EXPECT_TRUE(connection.lastError().contains(QStringLiteral("self signed"), Qt::CaseInsensitive)
                || connection.lastError().contains(QStringLiteral("self-signed"), Qt::CaseInsensitive))
        << connection.lastError().toStdString();
}

TEST(Tls, TheWebSocketOverTlsRefusesAnUntrustedCertificateToo)
{
    UntrustedTlsServer tls;
    client::Connection connection(fastTimings());
    connection.resume(tls.url(), QStringLiteral("mia"), "token");
    ASSERT_TRUE(QTest::qWaitFor([&] { return connection.state() == State::Offline; }, 10000));
    EXPECT_TRUE(connection.lastError().startsWith(QStringLiteral("The server's TLS certificate is not trusted")))
        << connection.lastError().toStdString();
    connection.signOut();
}

// A countersignd serving TLS with a certificate of a private CA (tests/data/tls): untrusted until the client
// is given the CA's file (COUNTERSIGN_CA_FILE in the apps), then signed in and connected over https:// and wss://.
TEST(Tls, WithThePrivateCaTrustedTheClientSignsInAndConnectsOverHttpsAndWss)
{
    TestServer server([](server::Config &c) {
        c.tls.certFile = QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/server-a.pem");
        c.tls.keyFile = QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/server-a.key");
    });
    server.addTeam();
    const QUrl url(QStringLiteral("https://127.0.0.1:%1").arg(server.server().port()));
    {
        client::Connection untrusted(fastTimings());
        untrusted.signIn(url, QStringLiteral("mia"), QStringLiteral("correct horse"));
        ASSERT_TRUE(QTest::qWaitFor([&] { return untrusted.state() == State::SignedOut; }, 10000));
        EXPECT_TRUE(untrusted.lastError().startsWith(QStringLiteral("The server's TLS certificate is not trusted")))
            << untrusted.lastError().toStdString();
    }

    QString error;
    EXPECT_FALSE(trustCaFile(QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/not-pem.txt"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("holds no PEM certificate"))) << error.toStdString();
    ASSERT_TRUE(trustCaFile(QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/ca.pem"), &error)) << error.toStdString();
    client::Connection connection(fastTimings());
    connection.signIn(url, QStringLiteral("mia"), QStringLiteral("correct horse"));
    EXPECT_TRUE(QTest::qWaitFor([&] { return connection.isConnected(); }, 10000))
        << connection.stateString().toStdString() << ": " << connection.lastError().toStdString();
    connection.signOut();
}
