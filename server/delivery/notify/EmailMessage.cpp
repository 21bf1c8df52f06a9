#include "EmailMessage.h"

#include <QLocale>

namespace countersign::server {

namespace {

bool isAscii(const QString &s)
{
    for (QChar c : s) {
        if (c.unicode() > 126 || (c.unicode() < 32 && c != u'\t'))
            return false;
    }
    return true;
}

// RFC 2047 "encoded-word"s, split so that no line of the header grows past the limit.
QByteArray headerText(const QString &s)
{
    if (isAscii(s))
        return s.toUtf8();
    QByteArray out;
    QString chunk;
    auto flush = [&] {
        if (chunk.isEmpty())
            return;
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + chunk.toUtf8().toBase64() + "?=";
        chunk.clear();
    };
    for (QChar c : s) {
        chunk += c;
        if (chunk.toUtf8().size() >= 40 && !c.isHighSurrogate())
            flush();
    }
    flush();
    return out;
}

// Header lines must not carry line breaks from user-controlled text (header injection).
QString oneLine(QString s)
{
    s.replace(u'\r', u' ');
    s.replace(u'\n', u' ');
    return s;
}

} // namespace

QByteArray EmailMessage::toRfc5322() const
{
    QByteArray m;
    m += "Date: " + QLocale::c().toString(date.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss +0000")).toLatin1() + "\r\n";
    m += "From: " + oneLine(from).toUtf8() + "\r\n";
    m += "To: " + oneLine(to.join(QStringLiteral(", "))).toUtf8() + "\r\n";
    m += "Message-ID: <" + oneLine(messageId).toUtf8() + ">\r\n";
    m += "Subject: " + headerText(oneLine(subject)) + "\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=utf-8\r\n";
    m += "Content-Transfer-Encoding: 8bit\r\n";
    m += "Auto-Submitted: auto-generated\r\n";
    m += "\r\n";
    // CRLF line ends; a line with a lone "." is not special here (libcurl dot-stuffs), but keep lines short
    // enough for every relay by leaving wrapping to the text itself.
    QString body = text;
    body.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    m += body.toUtf8().replace("\n", "\r\n");
    if (!m.endsWith("\r\n"))
        m += "\r\n";
    return m;
}

} // namespace countersign::server
