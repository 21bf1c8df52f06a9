#include "Hmac.h"

#include <QMessageAuthenticationCode>
#include <QStringBuilder>

namespace countersign::hmac {

QByteArray sign(const QByteArray &secret, const QByteArray &data)
{
    return QMessageAuthenticationCode::hash(data, secret, QCryptographicHash::Sha256).toHex();
}

QByteArray signatureHeader(const QByteArray &secret, const QByteArray &data)
{
    return QByteArrayLiteral("sha256=") + sign(secret, data);
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

QByteArray timestampedSignatureHeader(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body)
{
    return "t=" + timestamp + ",sha256=" + sign(secret, timestamp + '.' + body);
}

bool verify(const QByteArray &secret, const QByteArray &data, const QByteArray &headerValue)
{
    QByteArray given = headerValue.trimmed();
    if (given.startsWith("sha256="))
        given = given.mid(7);
    return constantTimeEquals(sign(secret, data), given.toLower());
}

QByteArray bodylessSigningString(const QByteArray &method, const QByteArray &pathWithQuery,
                                 const QByteArray &timestamp)
{
    return method + '\n' + pathWithQuery + '\n' + timestamp;
}

} // namespace countersign::hmac
