#pragma once

#include <QObject>
#include <QThread>

namespace countersign::server {

// Listens, on a connection and a thread of its own, for the changes other nodes commit to the shared
// PostgreSQL database (NOTIFY on PostgresStore::ChangeChannel) and says so on the thread that owns it, so
// that this node reads what changed at once rather than at its next poll. When the connection is lost
// (PostgreSQL restarted), it connects and subscribes again by itself, and says `changed` once more then:
// notifications sent while it was away are lost, the changes are not.
class PostgresChangeListener final : public QObject
{
    Q_OBJECT
public:
    explicit PostgresChangeListener(QString url, QObject *parent = nullptr);
    ~PostgresChangeListener() override;

    void start();
    void stop();

Q_SIGNALS:
    // Another node (or this one) committed changes up to `seq`; -1 after a reconnection (unknown).
    void changed(qint64 seq);
    // Subscribed (at start and after each reconnection).
    void listening();

private:
    QString m_url;
    QThread m_thread;
};

} // namespace countersign::server
