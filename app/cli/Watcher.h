#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QSet>

namespace countersign {
class Clock;
}
namespace countersign::client {
class ClientSession;
struct ApprovalSummary;
} // namespace countersign::client

namespace countersign::cli {

class LineReader;

// The development pattern in a terminal (like CrewAI's human_input=True, but for every approval routed to
// you, for as many rounds as it takes): the oldest pending approval is shown with its output, context and
// criteria, and one line answers it:
//   Enter            approve
//   any text         send it back for revision with that feedback
//   /reject REASON   reject
//   /edit            edit the output in $EDITOR, then approve the edited version
//   /skip, /help, /quit
// The decision goes through the client's outbox (exactly once, queued while offline); the next approval
// follows, and new ones are shown as they arrive.
class Watcher final : public QObject
{
    Q_OBJECT
public:
    Watcher(client::ClientSession &session, LineReader &input, const Clock &clock, QObject *parent = nullptr);

    // Starts presenting (once the first sync is done).
    void begin();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void presentNext();
    void present(const QJsonObject &approval);
    void prompt();
    void onLine(const QString &line);
    void onInputClosed();
    void finish();
    void onChanged(const QList<client::ApprovalSummary> &changed);
    void decide(const QString &decision, const QString &feedback, const QJsonValue &output = {});
    void editThenApprove();

    client::ClientSession &m_session;
    LineReader &m_input;
    const Clock &m_clock;
    bool m_started = false;
    bool m_editing = false;
    bool m_saving = false;  // a decision is being written to the cache
    bool m_saidWaiting = false;
    bool m_closeAfterSave = false;  // input closed while a decision was being written
    bool m_closing = false;
    bool m_finished = false;
    QString m_current;      // the approval on screen, empty while waiting
    QString m_wanted;       // the approval being read to be shown next
    int m_currentVersion = 0;
    QJsonObject m_currentApproval;
    QSet<QString> m_skipped;
    struct Sent
    {
        QString title;
        bool offline = false;  // queued while the connection was down
    };
    QHash<QString, Sent> m_sent;  // by request_id, until answered
};

} // namespace countersign::cli
