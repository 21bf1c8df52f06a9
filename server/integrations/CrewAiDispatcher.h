#pragma once

#include "config/Config.h"
#include "outbox/OutboxDispatcher.h"

class QNetworkAccessManager;
class QNetworkReply;

namespace countersign::server {

// Delivers decisions on approvals made from CrewAI webhooks (outbox kind "crewai"): the Flow's callback_url
// with its response token, or the crew's /resume with the crew's bearer token. Retried with the outbox's
// backoff until a 2xx (CrewAI itself never retries, so this side must).
class CrewAiDispatcher final : public OutboxDispatcher
{
    Q_OBJECT
public:
    CrewAiDispatcher(StoreWorker &store, const Config &config, const Clock &clock, QObject *parent = nullptr);

protected:
    void send(const Delivery &d) override;
    void abortAll() override;

private:
    const Config &m_config;
    QNetworkAccessManager *m_network;
};

} // namespace countersign::server
