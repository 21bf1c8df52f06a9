#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>

#include <memory>

class QHttpServer;

namespace countersign::test {

// An agent's callback endpoint on loopback: records every POST and answers with the next status of a
// script (then 200 for the rest).
class CallbackReceiver final : public QObject
{
    Q_OBJECT
public:
    struct Received
    {
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray header(const QByteArray &name) const;
    };

    explicit CallbackReceiver(QList<int> statuses = {});
    ~CallbackReceiver() override;

    QString url() const;
    const QList<Received> &received() const { return m_received; }
    void setStatuses(QList<int> statuses) { m_statuses = std::move(statuses); }

Q_SIGNALS:
    void requestReceived();

private:
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
    QList<int> m_statuses;
    QList<Received> m_received;
};

} // namespace countersign::test
