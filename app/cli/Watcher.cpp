#include "Watcher.h"

#include "ApprovalText.h"
#include "CliSupport.h"
#include "Terminal.h"

#include "client/ClientSession.h"
#include "protocol/ApprovalJson.h"
#include "client/Connection.h"
#include "time/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace countersign::cli {

using client::ApprovalListModel;

namespace {

const QString PromptText = QStringLiteral("Feedback (Enter to approve, /reject REASON, /edit to open $EDITOR): ");
const QString HelpText = QStringLiteral(
    "  Enter            approve as it is\n"
    "  any text         send it back to the agent for revision, with that text as feedback\n"
    "  /reject REASON   reject, with the reason\n"
    "  /edit            edit the output in $EDITOR, then approve your version\n"
    "  /skip            leave it for later (or for someone else) and show the next\n"
    "  /quit            stop watching (Ctrl+D too)\n");

} // namespace

Watcher::Watcher(client::ClientSession &session, LineReader &input, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_input(input)
    , m_clock(clock)
{
    m_session.queue().setStatuses({QStringLiteral("pending")});
    m_session.queue().setSortKey(client::ApprovalFilterModel::SortKey::Age);
    connect(&m_input, &LineReader::lineRead, this, &Watcher::onLine);
    connect(&m_input, &LineReader::closed, this, &Watcher::onInputClosed);
    connect(&m_session.store(), &client::LocalStore::approvalsChanged, this, &Watcher::onChanged);
    connect(&m_session.sync(), &client::SyncEngine::decisionAcknowledged, this, [this](const QString &requestId, const QString &) {
        // Said only for what waited offline: otherwise "Approved." was the news, and this would interrupt the
        // next prompt.
        const Sent sent = m_sent.take(requestId);
        if (sent.offline)
            complain(QStringLiteral("\"%1\": the queued decision reached the server").arg(sent.title));
    });
    connect(&m_session.sync(), &client::SyncEngine::cacheReplaced, this, [] {
        complain(QStringLiteral("the server now serves another database: the approvals cached before were dropped; "
                                "reading its own"));
    });
    connect(&m_session.sync(), &client::SyncEngine::decisionRefused, this,
            [this](const QString &requestId, const QString &, const QString &code, const QString &message) {
                const Sent sent = m_sent.take(requestId);
                complain(QStringLiteral("\"%1\": the decision was not taken (%2): %3").arg(sent.title, code, message));
            });
}

void Watcher::begin()
{
    if (m_started)
        return;
    m_started = true;
    complain(QStringLiteral("watching as %1 on %2; /help lists the answers").arg(m_session.username(), m_session.server().toString()));
    presentNext();
}

void Watcher::presentNext()
{
    m_current.clear();
    m_currentApproval = {};
    m_wanted.clear();
    const client::ApprovalFilterModel &queue = m_session.queue();
    for (int row = 0; row < queue.rowCount(); ++row) {
        const QModelIndex index = queue.index(row, 0);
        const QString id = index.data(ApprovalListModel::IdRole).toString();
        if (m_skipped.contains(id) || index.data(ApprovalListModel::QueuedRole).toBool())
            continue;
        // Read on the store's thread; a later presentNext() supersedes this one.
        m_wanted = id;
        m_session.store().approval(id, this, [this, id](const std::optional<QJsonObject> &approval) {
            if (m_wanted != id || !m_current.isEmpty())
                return;
            m_wanted.clear();
            if (!approval) {
                m_skipped.insert(id);  // listed but not readable: go on with the next one
                return presentNext();
            }
            present(*approval);
        });
        return;
    }
    if (!m_saidWaiting) {
        print(QStringLiteral("\nNothing to decide. Waiting for approvals (Ctrl+D to stop)...\n"));
        m_saidWaiting = true;
    }
}

void Watcher::present(const QJsonObject &approval)
{
    m_saidWaiting = false;
    m_current = approval.value(QLatin1String("id")).toString();
    m_currentVersion = approval.value(QLatin1String("version")).toInt();
    m_currentApproval = approval;
    print(QStringLiteral("\n") + approvalText::full(approval, m_clock.nowMs(), false));
    prompt();
}

void Watcher::prompt()
{
    print(QStringLiteral("\n") + PromptText);
}

void Watcher::onLine(const QString &raw)
{
    if (m_editing || m_saving)
        return;
    const QString line = raw.trimmed();
    if (line == QLatin1String("/quit"))
        return onInputClosed();
    if (line == QLatin1String("/help")) {
        print(HelpText);
        return m_current.isEmpty() ? void() : prompt();
    }
    if (m_current.isEmpty()) {
        if (!line.isEmpty())
            print(QStringLiteral("Nothing to answer yet; /quit stops watching.\n"));
        return;
    }
    if (line.isEmpty())
        return decide(QStringLiteral("approve"), {});
    if (line == QLatin1String("/skip")) {
        m_skipped.insert(m_current);
        return presentNext();
    }
    if (line == QLatin1String("/edit"))
        return editThenApprove();
    if (line == QLatin1String("/reject") || line.startsWith(QLatin1String("/reject "))) {
        const QString reason = line.mid(7).trimmed();
        if (reason.isEmpty()) {
            print(QStringLiteral("A reason is required: /reject REASON\n"));
            return prompt();
        }
        return decide(QStringLiteral("reject"), reason);
    }
    if (line.startsWith(u'/')) {
        print(QStringLiteral("Unknown command %1.\n%2").arg(line.section(u' ', 0, 0), HelpText));
        return prompt();
    }
    decide(QStringLiteral("revise"), line);
}

void Watcher::decide(const QString &decision, const QString &feedback, const QJsonValue &output)
{
    const QString base = decision == QLatin1String("approve_with_edits") ? QStringLiteral("approve") : decision;
    if (!json::allows(m_currentApproval, decision) && !json::allows(m_currentApproval, base)) {
        print(QStringLiteral("This approval does not allow \"%1\".\n").arg(decision));
        return prompt();
    }
    if (decision == QLatin1String("revise")) {
        const int used = m_currentVersion - 1;
        const int allowed = m_currentApproval.value(QLatin1String("max_revisions")).toInt(3);
        if (used >= allowed) {
            print(QStringLiteral("All %1 revision rounds are used: approve, /edit or /reject.\n").arg(allowed));
            return prompt();
        }
    }
    const QString title = m_currentApproval.value(QLatin1String("title")).toString();
    const bool online = m_session.connection().isConnected();
    // Input waits until the cache has the decision (the next approval depends on it being queued).
    m_saving = true;
    const QString requestId = m_session.sync().decide(m_current, m_currentVersion, decision, feedback, output, {},
                                                      [this, title, decision, online](bool stored) {
        m_saving = false;
        if (!stored) {
            print(QStringLiteral("Not saved: the local cache could not be written (is the disk full?). Nothing was sent; "
                                 "\"%1\" still waits. Try again.\n").arg(title));
            return m_closeAfterSave ? onInputClosed() : prompt();
        }
        static const QHash<QString, QString> said{{QStringLiteral("approve"), QStringLiteral("Approved")},
                                                 {QStringLiteral("approve_with_edits"), QStringLiteral("Approved with your edits")},
                                                 {QStringLiteral("reject"), QStringLiteral("Rejected")},
                                                 {QStringLiteral("revise"), QStringLiteral("Sent back for revision")}};
        print(QStringLiteral("%1%2.\n").arg(said.value(decision), online ? QString() : QStringLiteral(" (offline: queued, sent when the connection is back)")));
        if (m_closeAfterSave)
            return onInputClosed();
        presentNext();
    });
    m_sent.insert(requestId, {title, !online});  // answers come only after the decision is stored and sent
}

void Watcher::editThenApprove()
{
    const QJsonValue output = m_currentApproval.value(QLatin1String("output"));
    const bool text = output.isString();
    const QString before = text ? output.toString() : QString::fromUtf8(QJsonDocument(output.toObject()).toJson(QJsonDocument::Indented));
    m_editing = true;
    m_input.setEnabled(false);  // the editor has the terminal now
    const QString id = m_current;
    terminal::edit(before, text ? QStringLiteral(".txt") : QStringLiteral(".json"), this,
                   [this, id, before, text](std::optional<QString> after, const QString &error) {
        m_editing = false;
        m_input.setEnabled(true);
        if (m_current != id)
            return;  // it was decided elsewhere meanwhile (already said)
        if (!after) {
            print(error + QStringLiteral("\n"));
            return prompt();
        }
        if (after->trimmed() == before.trimmed()) {
            print(QStringLiteral("No change made.\n"));
            return prompt();
        }
        if (text)
            return decide(QStringLiteral("approve_with_edits"), {}, *after);
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(after->toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            print(QStringLiteral("The edited output is not a JSON object (%1); nothing was sent. /edit to try again.\n")
                      .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString() : QStringLiteral("not an object")));
            return prompt();
        }
        decide(QStringLiteral("approve_with_edits"), {}, doc.object());
    });
}

void Watcher::onChanged(const QList<client::ApprovalSummary> &changed)
{
    if (!m_started || m_editing || m_saving)
        return;
    if (m_current.isEmpty())
        return presentNext();
    for (const client::ApprovalSummary &s : changed) {
        if (s.id != m_current)
            continue;
        const QString id = m_current;
        m_session.store().approval(id, this, [this, id](const std::optional<QJsonObject> &now) {
            if (m_current != id || m_editing || m_saving)
                return;  // moved on meanwhile
            if (!now)
                return presentNext();
            if (now->value(QLatin1String("status")).toString() != QLatin1String("pending")) {
                const QJsonObject d = now->value(QLatin1String("decision")).toObject();
                print(QStringLiteral("\n\"%1\" was decided meanwhile: %2%3.\n")
                          .arg(now->value(QLatin1String("title")).toString(), now->value(QLatin1String("status")).toString(),
                               d.isEmpty() ? QString() : QStringLiteral(" by %1").arg(d.value(QLatin1String("decided_by")).toString())));
                return presentNext();
            }
            if (now->value(QLatin1String("version")).toInt() != m_currentVersion) {
                print(QStringLiteral("\nA new version arrived.\n"));
                return present(*now);
            }
            m_currentApproval = *now;  // a reminder or escalation: same version, nothing to re-ask
        });
        return;
    }
}

void Watcher::onInputClosed()
{
    if (m_saving) {
        // Ctrl+D right after a decision: it is still being written to the cache. Close once it is, so that it
        // is sent (and said) before watch ends, as any decision made earlier.
        m_closeAfterSave = true;
        return;
    }
    if (m_closing)
        return;
    m_closing = true;
    m_input.setEnabled(false);
    print(QStringLiteral("\n"));
    // Decisions made just before: let them reach the server first (briefly; the outbox keeps them anyway).
    if (m_session.sync().pending() > 0 && m_session.connection().isConnected()) {
        complain(QStringLiteral("sending %1 decision(s)...").arg(m_session.sync().pending()));
        auto check = [this] {
            if (m_session.sync().pending() == 0)
                finish();
        };
        connect(&m_session.sync(), &client::SyncEngine::decisionAcknowledged, this, check);
        connect(&m_session.sync(), &client::SyncEngine::decisionRefused, this, check);
        QTimer::singleShot(10000, this, &Watcher::finish);
        return;
    }
    finish();
}

void Watcher::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    const int waiting = m_session.sync().pending();
    if (waiting > 0)
        complain(QStringLiteral("%1 decision(s) not confirmed by the server yet; they are sent at the next watch").arg(waiting));
    Q_EMIT finished(Ok);
}

} // namespace countersign::cli
