#include "RequestHead.h"

#include <QList>

namespace countersign::server {

namespace {

bool isTchar(char c)
{
    // RFC 9110 token characters
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

bool hasToken(QByteArrayView commaList, QByteArrayView token)
{
    for (const QByteArray &part : commaList.toByteArray().split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

RequestHead refused(RequestHead head, const char *why)
{
    head.error = why;
    return head;
}

} // namespace

RequestHead parseRequestHead(QByteArrayView text)
{
    RequestHead r;
    // Lines end in CRLF only: a bare CR or LF is read differently by different parsers.
    QList<QByteArrayView> lines;
    for (qsizetype start = 0;;) {
        const qsizetype end = text.indexOf("\r\n", start);
        lines.append(text.sliced(start, (end < 0 ? text.size() : end) - start));
        if (end < 0)
            break;
        start = end + 2;
    }
    for (QByteArrayView line : std::as_const(lines)) {
        if (line.contains('\r') || line.contains('\n'))
            return refused(r, "a line of the request head does not end in CRLF");
    }

    // request-line = method SP request-target SP HTTP-version, single spaces, nothing else
    const QList<QByteArray> parts = lines.first().toByteArray().split(' ');
    static const QList<QByteArray> Methods = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
    if (parts.size() != 3 || !Methods.contains(parts.at(0)) || !parts.at(1).startsWith('/')
        || (parts.at(2) != "HTTP/1.1" && parts.at(2) != "HTTP/1.0"))
        return refused(r, "the request line is not METHOD /path HTTP/1.1");
    for (char c : parts.at(1)) {
        if (c <= 0x20 || c >= 0x7f)
            return refused(r, "the request target holds a character that must be percent-encoded");
    }
    r.method = parts.at(0);
    const qsizetype query = parts.at(1).indexOf('?');
    r.path = query < 0 ? parts.at(1) : parts.at(1).first(query);

    bool transferEncoding = false;
    bool connectionUpgrade = false;
    QByteArray upgrade;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        // No space before the colon, no folded continuation lines (RFC 9112 5.1, 5.2).
        if (colon <= 0 || !isToken(line.first(colon)))
            return refused(r, "a header line is not name: value");
        const QByteArray name = line.first(colon).toByteArray().toLower();
        const QByteArray value = line.sliced(colon + 1).toByteArray().trimmed();
        for (char c : value) {
            if ((c >= 0 && c < 0x20 && c != '\t') || c == 0x7f)
                return refused(r, "a header value holds a control character");
        }
        if (name == "content-length") {
            if (r.contentLength >= 0)
                return refused(r, "Content-Length is given more than once");
            if (value.isEmpty() || value.size() > 15)
                return refused(r, "Content-Length is not a number of bytes");
            for (char c : value) {
                if (c < '0' || c > '9')
                    return refused(r, "Content-Length is not a number of bytes");
            }
            r.contentLength = value.toLongLong();
        } else if (name == "transfer-encoding") {
            if (transferEncoding)
                return refused(r, "Transfer-Encoding is given more than once");
            transferEncoding = true;
            if (value.compare("chunked", Qt::CaseInsensitive) != 0)
                return refused(r, "the only Transfer-Encoding accepted is chunked");
            r.chunked = true;
        } else if (name == "upgrade") {
            if (r.hasUpgrade)
                return refused(r, "Upgrade is given more than once");
            r.hasUpgrade = true;
            upgrade = value;
        } else if (name == "connection") {
            connectionUpgrade = connectionUpgrade || hasToken(value, "upgrade");
        }
    }
    if (r.chunked && r.contentLength >= 0)
        return refused(r, "Transfer-Encoding and Content-Length are both given");
    r.webSocketUpgrade = r.hasUpgrade && connectionUpgrade && upgrade.compare("websocket", Qt::CaseInsensitive) == 0;
    return r;
}

} // namespace countersign::server
