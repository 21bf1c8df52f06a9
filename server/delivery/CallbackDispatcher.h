#pragma once

#include "config/Config.h"
#include "delivery/OutboxDispatcher.h"

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace countersign::server {

// Delivers decisions to agents' callback_url: signed POSTs, the same X-Countersign-Delivery id on every
// attempt, exponential backoff with jitter until a 2xx or the give-up age (the policy is in OutboxQueue).
// Approvals made from CrewAI AMP webhooks are answered the same way, in CrewAI's terms (kind "crewai": the
// Flow's callback_url with its response token, or the crew's /resume with the crew's token).
class CallbackDispatcher final : public OutboxDispatcher
{
    Q_OBJECT
public:
    CallbackDispatcher(StoreWorker &store, const Config &config, const Clock &clock, QObject *parent = nullptr);

protected:
    void send(const Delivery &d) override;
    void abortAll() override;

private:
    void sendToCrewAi(const Delivery &d);
    // Posts the body with the attempt's time limit (callbacks.timeout_s) for the whole attempt.
    void post(QNetworkRequest &request, const Delivery &d);
    void finished(const Delivery &d, QNetworkReply *reply);

    const Config &m_config;
    QNetworkAccessManager *m_network;
};

} // namespace countersign::server
