#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace countersign::server {

// A plain-text email as sent over SMTP (RFC 5322 with UTF-8 text, RFC 2047 encoded subject).
struct EmailMessage
{
    QString from;
    QStringList to;
    QString subject;
    QString text;
    QString messageId;  // without the angle brackets; also makes retries recognisable as the same message
    QDateTime date;

    QByteArray toRfc5322() const;
};

} // namespace countersign::server
