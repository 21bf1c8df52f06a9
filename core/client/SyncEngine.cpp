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
    });
    connect(&m_connection, &Connection::stateChanged, this, [this](Connection::State state) {
        if (state == Connection::State::Online)
            return flush();
        if (state != Connection::State::Syncing)
            m_inFlight.clear();  // unanswered: sent again, with the same request_id, once back online
    });
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &SyncEngine::flush);
}

QString SyncEngine::decide(const QString &approvalId, std::optional<int> version, const QString &decision,
                           const QString &feedback, const QJsonValue &output)
{
    const OutboxEntry e = m_store.enqueue(approvalId, version, decision, feedback, output, m_clock.nowMs());
    flush();
    return e.requestId;
}

int SyncEngine::pending() const
{
    return int(m_store.outbox().size());
}

void SyncEngine::flush()
{
    if (!m_inFlight.isEmpty() || m_connection.state() != Connection::State::Online || m_retry.isActive())
        return;
    const QList<OutboxEntry> entries = m_store.outbox();
    if (entries.isEmpty())
        return;
    const OutboxEntry &next = entries.first();
    if (m_connection.send(next.toFrame()))
        m_inFlight = next.requestId;
}

void SyncEngine::onFrame(const QJsonObject &frame)
{
    const QString type = frame.value(QLatin1String("type")).toString();
    if (type == QLatin1String("sync")) {
        QList<QJsonObject> items;
        for (const QJsonValue &v : frame.value(QLatin1String("items")).toArray())
            items.append(v.toObject());
        // Once the sync is done, everything up to the welcome's seq is known, even if none of it was visible.
        const bool done = frame.value(QLatin1String("done")).toBool();
        m_store.applyApprovals(items, done ? std::optional<qint64>(m_welcomeSeq) : std::nullopt);
    } else if (type == QLatin1String("approval")) {
        const QJsonObject approval = frame.value(QLatin1String("approval")).toObject();
        m_store.applyApprovals({approval});
        Q_EMIT approvalPushed(approval, frame.value(QLatin1String("notify")).toString());
    } else if (type == QLatin1String("ack") || (type == QLatin1String("error") && frame.contains(QLatin1String("request_id")))) {
        onAnswer(frame);
    }
}

void SyncEngine::onAnswer(const QJsonObject &frame)
{
    const QString requestId = frame.value(QLatin1String("request_id")).toString();
    const QJsonObject approval = frame.value(QLatin1String("approval")).toObject();
    QString approvalId = approval.value(QLatin1String("id")).toString();
    for (const OutboxEntry &e : m_store.outbox()) {
        if (e.requestId == requestId)
            approvalId = e.approvalId;
    }
    if (requestId == m_inFlight)
        m_inFlight.clear();
    if (frame.value(QLatin1String("type")).toString() == QLatin1String("ack")) {
        m_store.complete(requestId, approval);
        Q_EMIT decisionAcknowledged(requestId, approvalId);
    } else {
        const QString code = frame.value(QLatin1String("code")).toString();
        const QString message = frame.value(QLatin1String("message")).toString();
        if (code == QLatin1String("unavailable")) {
            // The server could not reach its store: not an answer. Try again a little later.
            qCInfo(lcSync).noquote() << "server unavailable for decision" << requestId << "- retrying";
            m_retry.start(UnavailableRetryMs);
            return;
        }
        m_store.fail(requestId, code, message, approval, m_clock.nowMs());
        Q_EMIT decisionRefused(requestId, approvalId, code, message);
    }
    flush();
}

} // namespace countersign::client
