#pragma once

#include <QObject>
#include <QTimer>

namespace countersign {
class AgentClient;
}

namespace countersign::cli {

// Waits for the human decision on one task by long poll (60 s at a time), through network errors and server
// restarts (retrying with capped exponential backoff, saying so on standard error). When the task is decided
// it prints {"task_id", "approval_id", "status", "version", "decision"} as JSON and finishes with the exit
// code of the status.
class DecisionWaiter final : public QObject
{
    Q_OBJECT
public:
    DecisionWaiter(AgentClient &client, QString taskId, QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void poll();
    void retryLater(const QString &why);

    AgentClient &m_client;
    QString m_taskId;
    QTimer m_retry;
    int m_failures = 0;
};

} // namespace countersign::cli
