#include "ApproverClient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace countersign::client {

namespace {
QString escaped(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}
} // namespace

ApproverClient::ApproverClient(QUrl server, QObject *parent)
    : QObject(parent)
    , m_server(std::move(server))
    , m_network(new QNetworkAccessManager(this))
{
}

void ApproverClient::send(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body, Done done)
{
    QUrl url = m_server.resolved(QUrl::fromEncoded(path.toUtf8()));
    url.setQuery(query);
    QNetworkRequest request(url);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(30000);
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, body);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] { done(HttpAnswer::read(reply)); });
}

void ApproverClient::login(const QString &username, const QString &password, Done done)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("username"), username},
                                                      {QStringLiteral("password"), password}}).toJson(QJsonDocument::Compact);
    send("POST", QStringLiteral("/api/v1/auth/login"), {}, body, [this, done = std::move(done)](const HttpAnswer &a) {
        if (a.ok())
            m_token = a.body.value(QLatin1String("token")).toString().toLatin1();
        done(a);
    });
}

void ApproverClient::logout(Done done)
{
    send("POST", QStringLiteral("/api/v1/auth/logout"), {}, {}, std::move(done));
}

void ApproverClient::queue(const QUrlQuery &query, Done done)
{
    send("GET", QStringLiteral("/api/v1/queue"), query, {}, std::move(done));
}

void ApproverClient::approval(const QString &approvalId, Done done)
{
    send("GET", QStringLiteral("/api/v1/queue/") + escaped(approvalId), {}, {}, std::move(done));
}

void ApproverClient::decide(const QString &approvalId, const QJsonObject &body, Done done)
{
    send("POST", QStringLiteral("/api/v1/approvals/%1/decision").arg(escaped(approvalId)), {},
         QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(done));
}

} // namespace countersign::client
