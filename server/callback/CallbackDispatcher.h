#pragma once

#include "config/Config.h"
#include "outbox/OutboxDispatcher.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace countersign::server {

// Delivers decisions to agents' callback_url: signed POSTs, the same X-Countersign-Delivery id on every
// attempt, exponential backoff with jitter until a 2xx or the give-up age (the policy is in ApprovalService).
class CallbackDispatcher final : public OutboxDispatcher
{
    Q_OBJECT
public:
    CallbackDispatcher(StoreWorker &store, const Config &config, const Clock &clock, QObject *parent = nullptr);

protected:
    void send(const Delivery &d) override;
    void abortAll() override;

private:
    void finished(const Delivery &d, QNetworkReply *reply);

    const Config &m_config;
    QNetworkAccessManager *m_network;
};

} // namespace countersign::server
