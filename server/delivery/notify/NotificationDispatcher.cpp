#include "NotificationDispatcher.h"

#include "delivery/notify/SmtpSender.h"
#include "time/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

Q_LOGGING_CATEGORY(lcNotify, "countersign.server.notify")

namespace countersign::server {

namespace {
constexpr int SlackTimeoutS = 10;
}

NotificationDispatcher::NotificationDispatcher(StoreWorker &store, const Config &config, const Clock &clock, QObject *parent)
    : OutboxDispatcher(store, clock, {QString::fromLatin1(Delivery::Email), QString::fromLatin1(Delivery::Slack)}, 8,
                       leaseFor(std::max(config.notifications.email.timeoutS, SlackTimeoutS)), parent)
    , m_config(config)
    , m_smtp(new SmtpSender(config.notifications.email, this))
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

NotificationDispatcher::~NotificationDispatcher() = default;

bool NotificationDispatcher::abortable(const Delivery &d) const
{
    return d.kind != QLatin1String(Delivery::Email);  // curl sends it on a worker thread: it runs to its end
}

void NotificationDispatcher::abortAll()
{
    const auto replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *r : replies) {
        r->disconnect(this);
        r->abort();
    }
}

void NotificationDispatcher::send(const Delivery &d)
{
    if (d.kind == QLatin1String(Delivery::Email))
        sendEmail(d);
    else
        sendSlack(d);
}

void NotificationDispatcher::sendEmail(const Delivery &d)
{
    if (m_config.notifications.email.host.isEmpty())
        return finish(d, false, QStringLiteral("email is no longer configured (notifications.email.host)"));
    const QJsonObject body = QJsonDocument::fromJson(d.body).object();
    EmailMessage message;
    message.from = m_config.notifications.email.from;
    for (const QJsonValue &to : body.value(QLatin1String("to")).toArray())
        message.to.append(to.toString());
    message.subject = body.value(QLatin1String("subject")).toString();
    message.text = body.value(QLatin1String("text")).toString();
    message.messageId = d.id + QStringLiteral("@countersign");
    message.date = clock().now();
    m_smtp->send(message, [this, d](bool sent, const QString &error) {
        if (sent)
            qCInfo(lcNotify).noquote() << "email" << d.id << "about approval" << d.approvalId << "sent";
        else
            qCWarning(lcNotify).noquote() << "email" << d.id << "about approval" << d.approvalId << "failed (attempt"
                                          << d.attempts + 1 << "):" << error;
        finish(d, sent, error);
    });
}

void NotificationDispatcher::sendSlack(const Delivery &d)
{
    QNetworkRequest request{QUrl(d.url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("countersignd/" COUNTERSIGN_VERSION));
    request.setTransferTimeout(SlackTimeoutS * 1000);
    QNetworkReply *reply = m_network->post(request, d.body);
    // The whole attempt, not only a silence, ends within its lease (an email's is curl's CURLOPT_TIMEOUT).
    QTimer::singleShot(SlackTimeoutS * 1000, reply, &QNetworkReply::abort);
    connect(reply, &QNetworkReply::finished, this, [this, d, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool sent = status >= 200 && status < 300;
        const QString error = sent ? QString() : status > 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        if (sent)
            qCInfo(lcNotify).noquote() << "slack message" << d.id << "about approval" << d.approvalId << "sent";
        else
            qCWarning(lcNotify).noquote() << "slack message" << d.id << "about approval" << d.approvalId
                                          << "failed (attempt" << d.attempts + 1 << "):" << error;
        finish(d, sent, error);
    });
}

} // namespace countersign::server
