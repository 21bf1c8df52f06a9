#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>

namespace countersign::test {

struct HttpResponse
{
    int status = 0;  // 0: no answer (connection refused, timeout)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
    QString errorCode() const { return json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(); }
};

// A blocking HTTP client for tests that keeps the event loop running (the server under test is in-process).
class Http
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    HttpResponse request(const QByteArray &method, const QString &url, const QByteArray &body = {},
                         const Headers &headers = {}, int timeoutMs = 15000);

    QNetworkAccessManager &network() { return m_network; }

private:
    QNetworkAccessManager m_network;
};

} // namespace countersign::test
