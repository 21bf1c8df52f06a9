#include "CallbackDispatcher.h"

#include "intake/CrewAiWebhook.h"
#include "policy/Redactor.h"
#include "protocol/Hmac.h"
#include "time/Clock.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

Q_LOGGING_CATEGORY(lcCallback, "countersign.server.callback")

namespace countersign::server {

CallbackDispatcher::CallbackDispatcher(StoreWorker &store, const Config &config, const Clock &clock, QObject *parent)
    : OutboxDispatcher(store, clock, {QString::fromLatin1(Delivery::Callback), QString::fromLatin1(Delivery::CrewAi)},
                       config.callbacks.maxInFlight, leaseFor(config.callbacks.timeoutS), parent)
    , m_config(config)
    , m_network(new QNetworkAccessManager(this))
{
    // A redirect could point a decision anywhere; agents must give the final URL.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void CallbackDispatcher::abortAll()
{
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *r : replies) {
        r->disconnect(this);
        r->abort();
    }
}

void CallbackDispatcher::send(const Delivery &d)
{
    if (d.kind == QLatin1String(Delivery::CrewAi))
        return sendToCrewAi(d);
    const SourceConfig *source = m_config.source(d.source);
    if (!source)
        return finish(d, false, QStringLiteral("source %1 is no longer configured: cannot sign").arg(d.source));
    QNetworkRequest request{QUrl(d.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("countersignd/" COUNTERSIGN_VERSION));
    request.setRawHeader(QByteArrayLiteral("X-Countersign-Delivery"), d.id.toLatin1());
    request.setRawHeader(QByteArrayLiteral("X-Webhook-Source"), d.source.toUtf8());
    // The body-only signature for v1 receivers, and one over the time and the body, so that a receiver that
    // checks the time (integrations/python: verify_callback) cannot be fed a recorded callback again.
    const QByteArray timestamp = QByteArray::number(clock().nowMs() / 1000);
    request.setRawHeader(QByteArrayLiteral("X-Webhook-Timestamp"), timestamp);
    request.setRawHeader(QByteArrayLiteral("X-Webhook-Signature"), hmac::signatureHeader(source->secret, d.body));
    request.setRawHeader(QByteArrayLiteral("X-Webhook-Signature-V2"), hmac::timestampedSignatureHeader(source->secret, timestamp, d.body));
    post(request, d);
}

void CallbackDispatcher::post(QNetworkRequest &request, const Delivery &d)
{
    const int limitMs = m_config.callbacks.timeoutS * 1000;
    request.setTransferTimeout(limitMs);  // a receiver that stops sending
    QNetworkReply *reply = m_network->post(request, d.body);
    connect(reply, &QNetworkReply::finished, this, [this, d, reply] { finished(d, reply); });
    // And one that trickles: the attempt must end within its lease (leaseFor), so that its outcome is recorded
    // before another node may take the message over.
    QTimer::singleShot(limitMs, reply, &QNetworkReply::abort);
}

void CallbackDispatcher::sendToCrewAi(const Delivery &d)
{
    // CrewAI's answer is not signed the Countersign way: it carries CrewAI's own credential instead.
    QNetworkRequest request{QUrl(d.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("countersignd/" COUNTERSIGN_VERSION));
    request.setRawHeader(QByteArrayLiteral("X-Countersign-Delivery"), d.id.toLatin1());
    const QByteArray token = crewai::bearerTokenFor(d.body, m_config.crewai);
    if (!token.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), "Bearer " + token);
    post(request, d);
}

void CallbackDispatcher::finished(const Delivery &d, QNetworkReply *reply)
{
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool delivered = status >= 200 && status < 300;
    QString error;
    if (!delivered) {
        error = status > 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        // Logs are read by operators, not only by the agent's owner: the URL's secrets stay masked here too.
        qCInfo(lcCallback).noquote() << "callback" << d.id << "for approval" << d.approvalId << "failed (attempt"
                                      << d.attempts + 1 << "):" << Redactor(m_config.redaction).redactUrlIn(error, d.url);
    } else {
        qCInfo(lcCallback).noquote() << "callback" << d.id << "for approval" << d.approvalId << "delivered";
    }
    finish(d, delivered, error);
}

} // namespace countersign::server
