#pragma once

#include "http/HttpReply.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <unordered_map>
#include <vector>

namespace countersign {
class Clock;
}

namespace countersign::server {

struct ApprovalChange;

// Agents waiting in GET ...?wait=N for an approval to leave `pending`. Released as soon as a committed
// change says so, or when their time is up; either way `answer` writes the approval as it is then.
class LongPolls final : public QObject
{
    Q_OBJECT
public:
    // Reads the current state and writes it to the reply.
    using Answer = std::function<void(HttpReply &&reply)>;

    LongPolls(const Clock &clock, QObject *parent = nullptr);

    void wait(const QString &approvalId, int seconds, HttpReply &&reply, Answer answer);
    // Answers every waiter now (graceful shutdown).
    void releaseAll();
    int waiting() const { return m_count; }

public Q_SLOTS:
    void onCommitted(const QList<countersign::server::ApprovalChange> &changes);

private:
    struct Waiter
    {
        qint64 deadlineMs;
        HttpReply reply;
        Answer answer;
    };
    void release(const QString &approvalId);
    void checkDeadlines();
    void armTimer();

    const Clock &m_clock;
    std::unordered_map<QString, std::vector<Waiter>> m_waiters;
    QTimer m_timer;
    int m_count = 0;
};

} // namespace countersign::server
