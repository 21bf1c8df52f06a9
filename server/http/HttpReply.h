#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QTcpSocket>

#include <memory>

class QHttpServerResponder;


namespace countersign::server {

struct ApiError;

// The answer to one HTTP request. Movable, so a handler can keep it until a batch commits or a long poll
// ends. Writes nothing if the client has gone meanwhile (6.4's responder would write to a dead socket).
class HttpReply final
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket);
    HttpReply(HttpReply &&) noexcept;
    HttpReply &operator=(HttpReply &&) noexcept;
    ~HttpReply();

    void json(int status, const QJsonObject &body, const Headers &headers = {});
    void error(const ApiError &e, const Headers &headers = {});
    void error(int status, const QString &code, const QString &message, const QString &field = {});
    void raw(int status, const QByteArray &contentType, const QByteArray &body, const Headers &headers = {});

    bool isOpen() const;
    bool isAnswered() const { return !m_responder; }
    QTcpSocket *socket() const { return m_socket.data(); }

private:
    std::unique_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
};

} // namespace countersign::server
