#pragma once

#include "config/Config.h"
#include "delivery/notify/EmailMessage.h"

#include <QObject>
#include <QThreadPool>

#include <functional>

namespace countersign::server {

// Sends email with libcurl's SMTP client on worker threads (never on the event loop): STARTTLS when the server
// offers it (tls "auto"), required ("starttls"), implicit TLS ("smtps"), or plain ("off").
class SmtpSender final : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(bool sent, const QString &error)>;

    SmtpSender(const Config::Notifications::Email &config, QObject *parent = nullptr);
    ~SmtpSender() override;

    // `done` runs on this object's thread.
    void send(const EmailMessage &message, Done done);

private:
    const Config::Notifications::Email &m_config;
    QThreadPool m_pool;
};

} // namespace countersign::server
