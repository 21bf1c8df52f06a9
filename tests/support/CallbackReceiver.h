#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>

#include <memory>

class QHttpServer;

namespace countersign::test {

// An agent's callback endpoint on loopback (or a fake CrewAI AMP: a Flow's callback_url, a crew's /resume): records every POST and answers with the next status of a
// script (then 200 for the rest).
class CallbackReceiver final : public QObject
{
    Q_OBJECT
public:
    struct Received
    {
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QString path;
        QByteArray header(const QByteArray &name) const;
    };

    explicit CallbackReceiver(QList<int> statuses = {});
    ~CallbackReceiver() override;

    QString url() const;  // .../callback
    QString base() const;  // http://127.0.0.1:PORT/ (also answers POST /resume, as a CrewAI crew does)
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
