#include "AgentClient.h"

#include "protocol/Hmac.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace countersign {

AgentClient::AgentClient(QUrl server, QString source, QByteArray secret, QObject *parent)
    : QObject(parent)
    , m_server(std::move(server))
    , m_source(std::move(source))
    , m_secret(std::move(secret))
    , m_network(new QNetworkAccessManager(this))
{
}


QString AgentClient::taskPath(const QString &taskId) const
{
    return QStringLiteral("/api/v1/approvals/") + QString::fromLatin1(QUrl::toPercentEncoding(taskId));
}

void AgentClient::postSigned(const QString &path, const QByteArray &body, Done done)
{
    QNetworkRequest request(m_server.resolved(QUrl::fromEncoded(path.toUtf8())));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("X-Webhook-Source", m_source.toUtf8());
    request.setRawHeader("X-Webhook-Signature", hmac::signatureHeader(m_secret, body));
    request.setTransferTimeout(30000);
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [reply, done] { done(HttpAnswer::read(reply)); });
}

void AgentClient::sendBodyless(const QByteArray &method, const QString &pathWithQuery, int timeoutMs, Done done)
{
    const QUrl url = m_server.resolved(QUrl::fromEncoded(pathWithQuery.toUtf8()));
    const QByteArray ts = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    QNetworkRequest request(url);
    request.setRawHeader("X-Webhook-Source", m_source.toUtf8());
    request.setRawHeader("X-Webhook-Timestamp", ts);
    request.setRawHeader("X-Webhook-Signature",
                         hmac::signatureHeader(m_secret, hmac::bodylessSigningString(method, pathWithQuery.toUtf8(), ts)));
    request.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = m_network->sendCustomRequest(request, method);
    connect(reply, &QNetworkReply::finished, this, [reply, done] { done(HttpAnswer::read(reply)); });
}

void AgentClient::submit(const QJsonObject &submission, Done done)
{
    postSigned(QStringLiteral("/api/v1/approvals"), QJsonDocument(submission).toJson(QJsonDocument::Compact), std::move(done));
}

void AgentClient::read(const QString &taskId, int waitS, Done done)
{
    QString path = taskPath(taskId);
    if (waitS > 0)
        path += QStringLiteral("?wait=%1").arg(waitS);
    sendBodyless("GET", path, (waitS + 30) * 1000, std::move(done));
}

void AgentClient::cancel(const QString &taskId, Done done)
{
    sendBodyless("DELETE", taskPath(taskId), 30000, std::move(done));
}

void AgentClient::revise(const QString &taskId, const QJsonValue &output, const QString &note, Done done)
{
    const QJsonObject body{{QStringLiteral("output"), output}, {QStringLiteral("note"), note}};
    postSigned(taskPath(taskId) + QStringLiteral("/revisions"), QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(done));
}

} // namespace countersign
