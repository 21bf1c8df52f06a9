#include "CrewAiDispatcher.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

Q_LOGGING_CATEGORY(lcCrewAiOut, "countersign.server.crewai")

namespace countersign::server {

CrewAiDispatcher::CrewAiDispatcher(StoreWorker &store, const Config &config, const Clock &clock, QObject *parent)
    : OutboxDispatcher(store, clock, {QString::fromLatin1(Delivery::CrewAi)}, config.callbacks.maxInFlight, parent)
    , m_config(config)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void CrewAiDispatcher::abortAll()
{
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *r : replies) {
        r->disconnect(this);
        r->abort();
    }
}

void CrewAiDispatcher::send(const Delivery &d)
{
    QNetworkRequest request{QUrl(d.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("countersignd/" COUNTERSIGN_VERSION));
    request.setRawHeader(QByteArrayLiteral("X-Countersign-Delivery"), d.id.toLatin1());
    // A crew's /resume wants the crew's token; a Flow's callback carries its own response token in the body,
    // and gets it as a bearer token too.
    const QJsonObject body = QJsonDocument::fromJson(d.body).object();
    QByteArray token;
    if (body.contains(QLatin1String("execution_id")))
        token = m_config.crewai.crewBearerToken;
    else
        token = body.value(QLatin1String("response_token")).toString().toUtf8();
    if (!token.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + token);
    request.setTransferTimeout(m_config.callbacks.timeoutS * 1000);
    QNetworkReply *reply = m_network->post(request, d.body);
    connect(reply, &QNetworkReply::finished, this, [this, d, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool delivered = status >= 200 && status < 300;
        const QString error = delivered ? QString() : status > 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        qCInfo(lcCrewAiOut).noquote() << "CrewAI answer" << d.id << "for approval" << d.approvalId
                                      << (delivered ? QStringLiteral("delivered") : QStringLiteral("failed: ") + error);
        finish(d, delivered, error);
    });
}

} // namespace countersign::server
