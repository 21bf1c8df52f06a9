#pragma once

#include <QString>

namespace countersign {

// Trusts the CA certificates in a PEM file for every https:// and wss:// connection this process makes, in
// addition to the system's: for a countersignd with a private CA or a self-signed certificate. Qt's default
// TLS configuration is per process and read by QNetworkAccessManager and QWebSocket, so the apps call this
// once at start. False, with `error` naming the file and the problem, when it holds no certificate.
bool trustCaFile(const QString &path, QString *error);

// trustCaFile($COUNTERSIGN_CA_FILE) when that variable is set; true when it is not.
bool trustCaFileFromEnvironment(QString *error);

} // namespace countersign
