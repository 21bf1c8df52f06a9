#pragma once

#include "protocol/HttpAnswer.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace countersign {

// The agent side of docs/protocol.md section 1: signs and sends submissions, reads (long polls), cancels and
// revisions. Used by the demo agent and the `countersign` CLI.
class AgentClient final : public QObject
{
    Q_OBJECT
public:
    using Response = HttpAnswer;
    using Done = std::function<void(const Response &)>;

    AgentClient(QUrl server, QString source, QByteArray secret, QObject *parent = nullptr);

    void submit(const QJsonObject &submission, Done done);
    // wait > 0: long poll for up to that many seconds.
    void read(const QString &taskId, int waitS, Done done);
    void cancel(const QString &taskId, Done done);
    void revise(const QString &taskId, const QJsonValue &output, const QString &note, Done done);

private:
    void postSigned(const QString &path, const QByteArray &body, Done done);
    void sendBodyless(const QByteArray &method, const QString &pathWithQuery, int timeoutMs, Done done);
    QString taskPath(const QString &taskId) const;

    QUrl m_server;
    QString m_source;
    QByteArray m_secret;
    QNetworkAccessManager *m_network;
};

} // namespace countersign
