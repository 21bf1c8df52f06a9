#pragma once

#include "config/Config.h"
#include "delivery/OutboxDispatcher.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace countersign::server {

class SmtpSender;

// Sends the notifications waiting in the outbox: email through SMTP, Slack through its incoming webhook.
// Failures are retried with backoff and recorded as events (the policy is in OutboxQueue); the approval
// itself never depends on a notification getting through.
class NotificationDispatcher final : public OutboxDispatcher
{
    Q_OBJECT
public:
    NotificationDispatcher(StoreWorker &store, const Config &config, const Clock &clock, QObject *parent = nullptr);
    ~NotificationDispatcher() override;

protected:
    void send(const Delivery &d) override;
    void abortAll() override;
    bool abortable(const Delivery &d) const override;

private:
    void sendEmail(const Delivery &d);
    void sendSlack(const Delivery &d);

    const Config &m_config;
    SmtpSender *m_smtp;
    QNetworkAccessManager *m_network;
};

} // namespace countersign::server
