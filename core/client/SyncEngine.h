#pragma once

#include "Connection.h"
#include "LocalStore.h"

#include <QObject>
#include <QTimer>

namespace countersign {
class Clock;
}

namespace countersign::client {

// Keeps the local store in step with the server and gets the user's decisions there exactly once.
// - On connect, hello carries the store's last seq; sync batches and live approval frames are applied in
//   transactions, and the last seq moves with them.
// - Every decision goes through the outbox, online or not, and is sent in the order made, one at a time.
//   An entry leaves the outbox only on its ack or a definitive error; a conflict becomes a conflict record
//   (what the user decided, what won). After a reconnect or a restart the entry is sent again with the same
//   request_id, and the server gives the first answer again instead of deciding twice.
class SyncEngine final : public QObject
{
    Q_OBJECT
public:
    SyncEngine(Connection &connection, LocalStore &store, const Clock &clock, QObject *parent = nullptr);

    // Queues a decision and sends it as soon as the connection allows. Returns the request_id.
    QString decide(const QString &approvalId, std::optional<int> version, const QString &decision,
                   const QString &feedback = {}, const QJsonValue &output = {});
    int pending() const;
    QString inFlight() const { return m_inFlight; }

Q_SIGNALS:
    void decisionAcknowledged(const QString &requestId, const QString &approvalId);
    void decisionRefused(const QString &requestId, const QString &approvalId, const QString &code, const QString &message);
    // Frames the engine does not consume, e.g. an approval marked "notify" for the tray.
    void approvalPushed(const QJsonObject &approval, const QString &notify);

private:
    void onFrame(const QJsonObject &frame);
    void onAnswer(const QJsonObject &frame);
    void flush();

    Connection &m_connection;
    LocalStore &m_store;
    const Clock &m_clock;
    QString m_inFlight;  // request_id sent and not answered yet
    qint64 m_welcomeSeq = 0;
    QTimer m_retry;      // after an "unavailable" answer
};

} // namespace countersign::client
