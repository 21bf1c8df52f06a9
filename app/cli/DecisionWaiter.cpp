#include "DecisionWaiter.h"

#include "CliSupport.h"

#include "agent/AgentClient.h"

#include <algorithm>

namespace countersign::cli {

namespace {
constexpr int PollSeconds = 60;
constexpr int MaxBackoffMs = 30000;
} // namespace

DecisionWaiter::DecisionWaiter(AgentClient &client, QString taskId, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_taskId(std::move(taskId))
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &DecisionWaiter::poll);
}

void DecisionWaiter::start()
{
    poll();
}

void DecisionWaiter::poll()
{
    m_client.read(m_taskId, PollSeconds, [this](const AgentClient::Response &r) {
        if (r.status == 0 || r.status >= 500 || r.status == 429)
            return retryLater(r.status == 0 ? r.error : QStringLiteral("HTTP %1").arg(r.status));
        if (!r.ok()) {
            complain(QStringLiteral("cannot wait for %1: %2").arg(m_taskId, r.error));
            return Q_EMIT finished(ServerError);
        }
        if (m_failures > 0)
            complain(QStringLiteral("reconnected; still waiting"));
        m_failures = 0;
        const QString status = r.body.value(QLatin1String("status")).toString();
        if (status == QLatin1String("pending"))
            return poll();
        printJson(QJsonObject{{QStringLiteral("task_id"), r.body.value(QLatin1String("task_id"))},
                              {QStringLiteral("approval_id"), r.body.value(QLatin1String("id"))},
                              {QStringLiteral("status"), status},
                              {QStringLiteral("version"), r.body.value(QLatin1String("version"))},
                              {QStringLiteral("decision"), r.body.value(QLatin1String("decision"))}});
        Q_EMIT finished(exitCodeFor(status));
    });
}

void DecisionWaiter::retryLater(const QString &why)
{
    const int delay = std::min(MaxBackoffMs, 1000 << std::min(m_failures, 5));
    ++m_failures;
    complain(QStringLiteral("lost the server (%1); retrying in %2 s").arg(why).arg(delay / 1000));
    m_retry.start(delay);
}

} // namespace countersign::cli
