#include "TrustedCa.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>

namespace countersign {

bool trustCaFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the CA file %1: %2").arg(path, f.errorString());
        return false;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(f.readAll(), QSsl::Pem);
    if (certificates.isEmpty()) {
        *error = QStringLiteral("the CA file %1 holds no PEM certificate").arg(path);
        return false;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.addCaCertificates(certificates);
    QSslConfiguration::setDefaultConfiguration(configuration);
    return true;
}

bool trustCaFileFromEnvironment(QString *error)
{
    const QString path = qEnvironmentVariable("COUNTERSIGN_CA_FILE");
    return path.isEmpty() || trustCaFile(path, error);
}

} // namespace countersign
