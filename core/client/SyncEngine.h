#pragma once

#include "Connection.h"
#include "LocalStore.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>

namespace countersign {
class Clock;
}

namespace countersign::client {

// Keeps the local store in step with the server and gets the user's decisions there exactly once.
// - On connect, hello carries the store's last seq; sync batches and live approval frames are applied in
//   transactions, and the last seq moves with them.
// - Every decision goes through the outbox, online or not, and is sent in the order made, up to `Window`
//   frames ahead of their answers (the server handles one session's frames in order, so order holds).
//   An entry leaves the outbox only on its ack or a definitive error; a conflict becomes a conflict record
//   (what the user decided, what won). After a reconnect or a restart the entry is sent again with the same
//   request_id, and the server gives the first answer again instead of deciding twice.
// - Acks and live approvals that arrive together are written in one transaction at the end of the event-loop
//   turn, and their signals follow that commit. An ack lost to a kill before it is written only means the
//   decision is sent again, and the server answers it from its record.
// - A welcome naming another database than the one the cache came from (the address now serves a wiped or
//   replaced database) empties the cached approvals and starts the session again from seq 0.
class SyncEngine final : public QObject
{
    Q_OBJECT
public:
    SyncEngine(Connection &connection, LocalStore &store, const Clock &clock, QObject *parent = nullptr);

    // Queues a decision and sends it as soon as it is stored and the connection allows. Returns the request_id.
    // `stored` runs once the cache has answered: false when the decision could not be stored (the local cache
    // cannot be written): then it is not queued and never sent.
    QString decide(const QString &approvalId, std::optional<int> version, const QString &decision,
                   const QString &feedback = {}, const QJsonValue &output = {}, const QString &outcome = {},
                   std::function<void(bool stored)> stored = {});
    static constexpr int Window = 256;

    int pending() const;
    int inFlight() const { return int(m_inFlight.size()); }

Q_SIGNALS:
    void decisionAcknowledged(const QString &requestId, const QString &approvalId);
    void decisionRefused(const QString &requestId, const QString &approvalId, const QString &code, const QString &message);
    // Frames the engine does not consume, e.g. an approval marked "notify" for the tray.
    void approvalPushed(const QJsonObject &approval, const QString &notify);
    // The server now serves another database than the one cached: the cached approvals were dropped, and a
    // sync from the start follows. Told to the user, who would otherwise see the list change without a word.
    void cacheReplaced();

private:
    // The welcome's database id against the cache's (docs/protocol.md, welcome).
    void onDatabase(const QString &id);
    void onFrame(const QJsonObject &frame);
    void onAnswer(const QJsonObject &frame);
    void flush();
    void commitReceived();  // writes the acks and approvals received since the last turn
    void forgetSent();      // unanswered frames are sent again, with the same request_id, from the oldest on

    Connection &m_connection;
    LocalStore &m_store;
    const Clock &m_clock;
    struct Sent
    {
        QString requestId;
        QString approvalId;
        qint64 position = 0;
    };
    QList<Sent> m_inFlight;     // sent and not answered yet, in outbox order
    QSet<QString> m_settling;   // answered, the answer not yet committed: still in the outbox, not to be sent again
    qint64 m_lastSentPosition = 0;  // the outbox position sent last on this connection
    qint64 m_welcomeSeq = 0;
    bool m_replacingCache = false;  // this session's database is not the cache's: its frames are ignored
    QTimer m_retry;             // after an "unavailable" answer
    struct Received
    {
        QList<LocalStore::Ack> acks;
        QList<std::pair<QString, QString>> ackedIds;  // request_id, approval_id
        QList<QJsonObject> approvals;
        QList<std::pair<QJsonObject, QString>> pushed;  // approval, notify
    } m_received;
    QTimer m_commit;            // zero-time: the end of this event-loop turn
};

} // namespace countersign::client
