#pragma once

#include "AgentAuth.h"
#include "RateLimiter.h"

#include <QObject>

class QHttpServerRequest;

namespace countersign::server {

class HttpServer;
class HttpReply;
class LongPolls;
class StoreWorker;

// docs/protocol.md section 1 over HTTP: submit, read (with long poll), cancel and revise. Checks run cheapest
// and least revealing first (size, signature, rate, content type, fields); nothing reaches the store
// unless all pass.
class AgentApi final : public QObject
{
    Q_OBJECT
public:
    AgentApi(const Config &config, const Clock &clock, StoreWorker &store, LongPolls &longPolls,
             QObject *parent = nullptr);

    void install(HttpServer &http);

private:
    void submit(const QHttpServerRequest &request, HttpReply &&reply);
    void read(const QHttpServerRequest &request, const QString &taskId, HttpReply &&reply);
    void cancel(const QHttpServerRequest &request, const QString &taskId, HttpReply &&reply);
    void revise(const QHttpServerRequest &request, const QString &taskId, HttpReply &&reply);

    // Size, signature and rate limit of a signed POST; the source, or the reply already answered.
    const SourceConfig *admitPost(const QHttpServerRequest &request, HttpReply &reply);
    const SourceConfig *admitBodyless(const QHttpServerRequest &request, const QByteArray &method, HttpReply &reply);
    bool withinRate(const SourceConfig &source, HttpReply &reply);
    void readAndAnswer(const QString &source, const QString &taskId, HttpReply &&reply);

    const Config &m_config;
    const Clock &m_clock;
    StoreWorker &m_store;
    LongPolls &m_longPolls;
    AgentAuth m_auth;
    RateLimiter m_rates;
};

} // namespace countersign::server
