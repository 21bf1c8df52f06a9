#pragma once

#include "protocol/HttpAnswer.h"

#include <QList>
#include <QObject>
#include <QSslError>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

class QNetworkAccessManager;

namespace countersign::client {

// One answer to an approver REST call: the HTTP answer, plus what only the client that watched the transfer
// knows. RestFailure::text() turns one that did not succeed into the sentence the user reads.
struct RestAnswer : HttpAnswer
{
    QList<QSslError> tlsErrors;  // why the server's certificate did not verify; empty when it did
    bool timedOut = false;  // no answer within the client's timeout
};

// The approver's REST calls of docs/protocol.md section 2, and the only place the approver's side speaks REST:
// sign in and out, read the queue or one approval, decide, and authorised reads of what the WebSocket does
// not carry (the metrics summary). The CLI's one-shot commands use it alone; Connection (the WebSocket) uses
// one for its sign-in, sign-out and server probe, and hands it out for reads (Connection::rest()).
// It holds the session's token: set by a successful login, or given from the keychain.
class ApproverClient final : public QObject
{
    Q_OBJECT
public:
    using Done = std::function<void(const RestAnswer &)>;
    // `answer` on success, or an empty object and the failure in words (RestFailure::text), never both.
    using JsonReply = std::function<void(const QJsonObject &answer, const QString &error)>;

    explicit ApproverClient(QUrl server = {}, QObject *parent = nullptr);

    QUrl server() const { return m_server; }
    void setServer(const QUrl &server) { m_server = server; }
    // A login still under way when the token is set or cleared does not replace it when it answers.
    void setToken(const QByteArray &token);
    QByteArray token() const { return m_token; }
    bool hasToken() const { return !m_token.isEmpty(); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    // On success the token is kept for the calls that follow (and is in the answer's "token").
    void login(const QString &username, const QString &password, Done done);
    void logout(Done done);
    void queue(const QUrlQuery &query, Done done);
    void approval(const QString &approvalId, Done done);
    // `body`: {"version", "decision", "feedback", "output", "request_id"} as in docs/protocol.md.
    void decide(const QString &approvalId, const QJsonObject &body, Done done);
    // GET /healthz without a token, answered within `timeoutMs`: any HTTP answer says the server is up.
    void health(int timeoutMs, Done done);
    // An authorised GET of `path`. `done` runs once, in `context`'s thread, and not at all when `context` is
    // gone by then (the transfer stops with it).
    void getJson(const QString &path, const QUrlQuery &query, QObject *context, JsonReply done);

private:
    struct Request
    {
        QByteArray method;
        QString path;
        QUrlQuery query = {};
        QByteArray body = {};
        int timeoutMs = 0;             // 0: the client's timeout
        QObject *context = nullptr;    // see getJson(); none: this client
        bool authorised = true;        // with the token, when there is one
    };
    void send(const Request &r, Done done);

    QUrl m_server;
    QByteArray m_token;
    quint64 m_tokenGeneration = 0;  // bumped by setToken(), so a late login does not overwrite a newer token
    int m_timeoutMs = 30000;
    QNetworkAccessManager *m_network;
};

} // namespace countersign::client
