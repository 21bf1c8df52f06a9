#include "SyncEngine.h"

#include "time/Clock.h"

#include <QJsonArray>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSync, "countersign.client.sync")

namespace countersign::client {

namespace {
constexpr int UnavailableRetryMs = 5000;
}

SyncEngine::SyncEngine(Connection &connection, LocalStore &store, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_store(store)
    , m_clock(clock)
{
    m_connection.setSinceProvider([this] { return m_store.lastSeq(); });
    connect(&m_connection, &Connection::frameReceived, this, &SyncEngine::onFrame);
    connect(&m_connection, &Connection::welcomed, this, [this](const QJsonObject &welcome) {
        m_welcomeSeq = welcome.value(QLatin1String("seq")).toInteger();
        onDatabase(welcome.value(QLatin1String("database_id")).toString());
    });
    connect(&m_connection, &Connection::stateChanged, this, [this](Connection::State state) {
        if (state == Connection::State::Online)
            return flush();
        if (state != Connection::State::Syncing) {
            commitReceived();
            forgetSent();
        }
    });
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &SyncEngine::flush);
    m_commit.setSingleShot(true);
    m_commit.setInterval(0);
    connect(&m_commit, &QTimer::timeout, this, [this] {
        commitReceived();
        flush();  // the acks made room in the window
    });
}

void SyncEngine::onDatabase(const QString &id)
{
    m_replacingCache = false;
    const QString known = m_store.databaseId();
    if (id.isEmpty() || id == known)
        return;  // a server from before database ids, or the database the cache holds
    if (known.isEmpty())
        return m_store.useDatabase(id, this, {});  // the first one met: remembered
    // The address now serves another database (a wiped data dir, a restored backup of another install): its
    // seqs say nothing about what the cache holds, and the sync that follows this welcome started from the
    // cache's seq. Nothing of this session is applied or sent; once the cache is emptied, a new session
    // syncs from 0. Queued decisions stay and go out then: the new server answers them as it can.
    qCWarning(lcSync).noquote() << "the server at" << m_connection.serverUrl().toString() << "now serves another database ("
                                << id << "instead of" << known << "): dropping the cached approvals and syncing again from the start";
    m_replacingCache = true;
    m_store.useDatabase(id, this, [this](bool stored) {
        if (!m_replacingCache)
            return;  // a later session met the emptied cache already
        if (stored) {
            Q_EMIT cacheReplaced();
            m_connection.restartSession(QStringLiteral("the cache was emptied for another database"));
        }
        else
            m_connection.dropLink(tr("The local cache could not be emptied for the server's new database."));
    });
}

void SyncEngine::forgetSent()
{
    m_inFlight.clear();
    m_lastSentPosition = 0;
}

QString SyncEngine::decide(const QString &approvalId, std::optional<int> version, const QString &decision,
                           const QString &feedback, const QJsonValue &output, const QString &outcome,
                           std::function<void(bool stored)> stored)
{
    return m_store.enqueue(approvalId, version, decision, feedback, output, m_clock.nowMs(), outcome, this,
                           [this, stored = std::move(stored)](const OutboxEntry &e) {
                               if (!e.requestId.isEmpty())
                                   flush();
                               if (stored)
                                   stored(!e.requestId.isEmpty());
                           });
}

int SyncEngine::pending() const
{
    return m_store.outboxSize();
}

void SyncEngine::flush()
{
    if (m_connection.state() != Connection::State::Online || m_retry.isActive() || m_replacingCache)
        return;
    const int room = Window - int(m_inFlight.size());
    if (room <= 0)
        return;
    for (const OutboxEntry &e : m_store.outboxAfter(m_lastSentPosition, room + int(m_settling.size()))) {
        if (m_settling.contains(e.requestId)) {
            m_lastSentPosition = e.position;
            continue;
        }
        if (int(m_inFlight.size()) >= Window)
            return;
        if (!m_connection.send(e.toFrame()))
            return;
        m_inFlight.append({e.requestId, e.approvalId, e.position});
        m_lastSentPosition = e.position;
    }
}

void SyncEngine::commitReceived()
{
    m_commit.stop();
    if (m_received.acks.isEmpty() && m_received.approvals.isEmpty())
        return;
    Received received = std::exchange(m_received, {});
    for (const LocalStore::Ack &ack : std::as_const(received.acks))
        m_settling.insert(ack.requestId);
    // The signals follow the commit, as the store's own do.
    m_store.complete(received.acks, received.approvals, this, [this, received] {
        for (const LocalStore::Ack &ack : received.acks)
            m_settling.remove(ack.requestId);
        for (const auto &[requestId, approvalId] : received.ackedIds)
            Q_EMIT decisionAcknowledged(requestId, approvalId);
        for (const auto &[approval, notify] : received.pushed)
            Q_EMIT approvalPushed(approval, notify);
    });
}

void SyncEngine::onFrame(const QJsonObject &frame)
{
    if (m_replacingCache)
        return;  // a session about another database than the cache's: started again once the cache is emptied
    const QString type = frame.value(QLatin1String("type")).toString();
    if (type == QLatin1String("sync")) {
        QList<QJsonObject> items;
        for (const QJsonValue &v : frame.value(QLatin1String("items")).toArray())
            items.append(v.toObject());
        // Once the sync is done, everything up to the welcome's seq is known, even if none of it was visible.
        const bool done = frame.value(QLatin1String("done")).toBool();
        commitReceived();
        m_store.applyApprovals(items, done ? std::optional<qint64>(m_welcomeSeq) : std::nullopt);
    } else if (type == QLatin1String("approval")) {
        const QJsonObject approval = frame.value(QLatin1String("approval")).toObject();
        m_received.approvals.append(approval);
        m_received.pushed.append({approval, frame.value(QLatin1String("notify")).toString()});
        if (!m_commit.isActive())
            m_commit.start();
    } else if (type == QLatin1String("withdrawn")) {
        commitReceived();  // in the order the server sent them
        m_store.withdraw(frame);
    } else if (type == QLatin1String("ack") || (type == QLatin1String("error") && frame.contains(QLatin1String("request_id")))) {
        onAnswer(frame);
    }
}

void SyncEngine::onAnswer(const QJsonObject &frame)
{
    const QString requestId = frame.value(QLatin1String("request_id")).toString();
    const QJsonObject approval = frame.value(QLatin1String("approval")).toObject();
    QString approvalId = approval.value(QLatin1String("id")).toString();
    for (qsizetype i = 0; i < m_inFlight.size(); ++i) {
        if (m_inFlight.at(i).requestId == requestId) {
            approvalId = m_inFlight.at(i).approvalId;
            m_inFlight.removeAt(i);
            break;
        }
    }
    if (frame.value(QLatin1String("type")).toString() == QLatin1String("ack")) {
        m_received.acks.append({requestId, approval});
        m_received.ackedIds.append({requestId, approvalId});
        if (!m_commit.isActive())
            m_commit.start();
        return;  // the window refills after the commit
    }
    commitReceived();  // what came before this answer is written first
    {
        const QString code = frame.value(QLatin1String("code")).toString();
        const QString message = frame.value(QLatin1String("message")).toString();
        if (code == QLatin1String("unavailable")) {
            // The server could not reach its store: not an answer. Try again a little later.
            // Everything after it is sent again too, so that the order holds.
            qCInfo(lcSync).noquote() << "server unavailable for decision" << requestId << "- retrying";
            forgetSent();
            m_retry.start(UnavailableRetryMs);
            return;
        }
        m_settling.insert(requestId);
        m_store.fail(requestId, code, message, approval, m_clock.nowMs(), this, [this, requestId, approvalId, code, message] {
            m_settling.remove(requestId);
            Q_EMIT decisionRefused(requestId, approvalId, code, message);
        });
    }
    flush();
}

} // namespace countersign::client
