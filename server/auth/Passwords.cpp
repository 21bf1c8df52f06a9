#include "Passwords.h"

#include <QCryptographicHash>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace countersign::server::passwords {

namespace {
QByteArray randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), bytes / 4);
    return raw.toHex();
}
} // namespace

QByteArray hash(const QByteArray &password, const QByteArray &saltHex, int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password, QByteArray::fromHex(saltHex),
                                              iterations, 32).toHex();
}

QByteArray newSalt() { return randomHex(16); }
QByteArray newToken() { return randomHex(32); }

QByteArray tokenHash(const QByteArray &token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

} // namespace countersign::server::passwords
