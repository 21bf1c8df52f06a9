#include "TlsSetup.h"

#include <QDateTime>
#include <QFile>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTimer>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

namespace countersign::server {

namespace {

bool readFile(const QString &key, const QString &path, QByteArray *out, QString *error)
{
    QFile f(path);
    if (!f.exists()) {
        *error = QStringLiteral("%1: %2 does not exist").arg(key, path);
        return false;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read %2: %3").arg(key, path, f.errorString());
        return false;
    }
    *out = f.readAll();
    return true;
}

// Whether `key` is the private half of `certificate`'s public key. Qt only finds out at the first handshake
// (and then fails every connection); OpenSSL can tell now, so a wrong pair refuses to start or to reload.
bool keyMatches(const QSslCertificate &certificate, const QSslKey &key)
{
    const QByteArray certDer = certificate.toDer();
    const auto *certBytes = reinterpret_cast<const unsigned char *>(certDer.constData());
    std::unique_ptr<X509, decltype(&X509_free)> x509(d2i_X509(nullptr, &certBytes, long(certDer.size())), X509_free);
    const QByteArray keyPem = key.toPem();
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())), BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
        bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
    return x509 && pkey && X509_check_private_key(x509.get(), pkey.get()) == 1;
}

} // namespace

std::optional<QSslConfiguration> loadTlsConfiguration(const Config::Tls &tls, QString *error)
{
    QByteArray certPem, keyPem;
    if (!readFile(QStringLiteral("tls.cert"), tls.certFile, &certPem, error)
        || !readFile(QStringLiteral("tls.key"), tls.keyFile, &keyPem, error))
        return std::nullopt;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        *error = QStringLiteral("tls.cert: %1 holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\")").arg(tls.certFile);
        return std::nullopt;
    }
    const QSslCertificate &certificate = chain.first();
    if (certificate.expiryDate() < QDateTime::currentDateTimeUtc()) {
        *error = QStringLiteral("tls.cert: the certificate in %1 expired on %2")
                     .arg(tls.certFile, certificate.expiryDate().toString(Qt::ISODate));
        return std::nullopt;
    }
    if (!keyPem.contains("-----BEGIN ")) {
        *error = QStringLiteral("tls.key: %1 holds no PEM private key (\"-----BEGIN PRIVATE KEY-----\")").arg(tls.keyFile);
        return std::nullopt;
    }
    QByteArray passphrase;
    if (!tls.keyPassphraseEnv.isEmpty()) {
        passphrase = qgetenv(tls.keyPassphraseEnv.toLocal8Bit().constData());
        if (passphrase.isEmpty()) {
            *error = QStringLiteral("tls.key_passphrase_env: the environment variable %1 is not set or empty").arg(tls.keyPassphraseEnv);
            return std::nullopt;
        }
    }
    // The key's algorithm is the certificate's (a mismatch is refused below either way).
    const QSslKey key(keyPem, certificate.publicKey().algorithm(), QSsl::Pem, QSsl::PrivateKey, passphrase);
    if (key.isNull()) {
        *error = keyPem.contains("ENCRYPTED") && passphrase.isEmpty()
                     ? QStringLiteral("tls.key: %1 is encrypted; give its passphrase in the environment variable named by tls.key_passphrase_env").arg(tls.keyFile)
                     : QStringLiteral("tls.key: %1 is not a readable %2 private key%3")
                           .arg(tls.keyFile, certificate.publicKey().algorithm() == QSsl::Ec ? QStringLiteral("EC") : QStringLiteral("RSA"),
                                passphrase.isEmpty() ? QString() : QStringLiteral(" (or the passphrase is wrong)"));
        return std::nullopt;
    }
    if (!keyMatches(certificate, key)) {
        *error = QStringLiteral("tls.key: the key in %1 does not match the certificate in %2").arg(tls.keyFile, tls.certFile);
        return std::nullopt;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);  // clients authenticate with tokens and signatures
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

void startServerHandshake(QSslSocket *socket, const QSslConfiguration &configuration, int deadlineMs,
                          std::function<void()> encrypted, std::function<bool()> mayLog)
{
    socket->setSslConfiguration(configuration);
    auto *deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, socket, [socket, mayLog] {
        if (mayLog())
            qCInfo(lcHttp).noquote() << "TLS handshake from" << socket->peerAddress().toString() << "did not finish in time";
        socket->abort();
        socket->deleteLater();
    });
    // Until encrypted, a failure (a client that does not trust us, plain HTTP sent to the TLS port) ends the
    // connection here; afterwards errors are the HTTP layer's business, so these handlers go.
    auto handshakeOnly = std::make_shared<QList<QMetaObject::Connection>>();
    handshakeOnly->append(QObject::connect(socket, &QSslSocket::sslErrors, socket, [socket, mayLog](const QList<QSslError> &errors) {
        for (const QSslError &e : errors) {
            if (mayLog())
                qCInfo(lcHttp).noquote() << "TLS error with" << socket->peerAddress().toString() << "-" << e.errorString();
        }
    }));
    handshakeOnly->append(QObject::connect(socket, &QAbstractSocket::errorOccurred, socket, [socket, handshakeOnly, mayLog](QAbstractSocket::SocketError) {
        if (mayLog())
            qCInfo(lcHttp).noquote() << "TLS handshake with" << socket->peerAddress().toString() << "failed -" << socket->errorString();
        for (const QMetaObject::Connection &c : std::as_const(*handshakeOnly))
            QObject::disconnect(c);  // once is enough (a failed handshake also reports the close)
        // Not abort(): this runs inside the TLS backend, which still uses the connection's state on return.
        socket->deleteLater();
    }));
    QObject::connect(socket, &QSslSocket::encrypted, socket, [deadline, handshakeOnly, encrypted = std::move(encrypted)] {
        deadline->stop();
        deadline->deleteLater();
        for (const QMetaObject::Connection &c : std::as_const(*handshakeOnly))
            QObject::disconnect(c);
        encrypted();
    });
    deadline->start(deadlineMs);
    socket->startServerEncryption();
}

} // namespace countersign::server
