#pragma once

#include "config/Config.h"

#include <QSslConfiguration>

#include <functional>
#include <optional>

class QSslSocket;

namespace countersign::server {

// Reads the `tls` section's certificate and key into a server configuration. Returns nothing, with `error`
// naming the file and what is wrong with it (missing, unreadable, not PEM, encrypted without a passphrase,
// key not matching the certificate, expired), when they cannot be served.
std::optional<QSslConfiguration> loadTlsConfiguration(const Config::Tls &tls, QString *error);

// Starts the server side of the TLS handshake on an accepted socket. `encrypted` runs once the handshake is
// done, so that the HTTP layer only ever sees a secured connection. A handshake that fails (logged at info:
// a client that does not trust us, or speaks plain HTTP) or takes longer than `deadlineMs` closes the socket.
// `mayLog` says whether a failure may be logged now (failures come by the thousand in an attack).
void startServerHandshake(QSslSocket *socket, const QSslConfiguration &configuration, int deadlineMs,
                          std::function<void()> encrypted, std::function<bool()> mayLog);

} // namespace countersign::server
