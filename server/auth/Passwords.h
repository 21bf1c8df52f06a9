#pragma once

#include <QByteArray>

namespace countersign::server::passwords {

// PBKDF2-SHA256 (QPasswordDigestor), 32 bytes, hex.
QByteArray hash(const QByteArray &password, const QByteArray &saltHex, int iterations);
QByteArray newSalt();   // 16 random bytes, hex
QByteArray newToken();  // 256 random bits, hex: what the client holds
QByteArray tokenHash(const QByteArray &token);  // SHA-256 hex: what the database holds

} // namespace countersign::server::passwords
