#pragma once

#include "protocol/HttpAnswer.h"

#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;

namespace countersign::client {

// The approver's REST calls of docs/protocol.md section 2, for one-shot tools (the `countersign` CLI's queue, show
// and decide) that need no live connection: sign in, read the queue or one approval, decide, sign out.
// The desktop and the CLI's watch mode use Connection (WebSocket) instead.
class ApproverClient final : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const HttpAnswer &)>;

    explicit ApproverClient(QUrl server, QObject *parent = nullptr);

    QUrl server() const { return m_server; }
    void setToken(const QByteArray &token) { m_token = token; }
    QByteArray token() const { return m_token; }

    // On success the token is kept for the calls that follow (and is in the answer's "token").
    void login(const QString &username, const QString &password, Done done);
    void logout(Done done);
    void queue(const QUrlQuery &query, Done done);
    void approval(const QString &approvalId, Done done);
    // `body`: {"version", "decision", "feedback", "output", "request_id"} as in docs/protocol.md.
    void decide(const QString &approvalId, const QJsonObject &body, Done done);

private:
    void send(const QByteArray &method, const QString &path, const QUrlQuery &query, const QByteArray &body, Done done);

    QUrl m_server;
    QByteArray m_token;
    QNetworkAccessManager *m_network;
};

} // namespace countersign::client
