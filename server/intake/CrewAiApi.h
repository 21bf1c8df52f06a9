#pragma once

#include <QObject>

class QHttpServerRequest;

namespace countersign {
class Clock;
}

namespace countersign::server {

struct Config;
class HttpServer;
class HttpReply;
class StoreWorker;

// POST /api/v1/integrations/crewai: CrewAI AMP's human-in-the-loop webhook. Checks the signature (or the
// crew webhook's bearer token), turns the request into an approval routed like any other (crewai::toRequest),
// and stores it; the decision goes back to CrewAI through the outbox (CallbackDispatcher). A bad or stale
// signature is 401 and stores nothing. Off (404) unless integrations.crewai is configured.
class CrewAiApi final : public QObject
{
    Q_OBJECT
public:
    CrewAiApi(const Config &config, const Clock &clock, StoreWorker &store, QObject *parent = nullptr);
    void install(HttpServer &http);

private:
    void receive(const QHttpServerRequest &request, HttpReply &&reply);

    const Config &m_config;
    const Clock &m_clock;
    StoreWorker &m_store;
};

} // namespace countersign::server
