#include "HttpReply.h"

#include <algorithm>

#include "approvals/ApiError.h"
#include "protocol/ApprovalJson.h"

#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QTcpSocket>

namespace countersign::server {

HttpReply::HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket)
    : m_responder(std::make_unique<QHttpServerResponder>(std::move(responder)))
    , m_socket(socket)
{
}

HttpReply::HttpReply(HttpReply &&) noexcept = default;
HttpReply &HttpReply::operator=(HttpReply &&) noexcept = default;
HttpReply::~HttpReply() = default;

bool HttpReply::isOpen() const
{
    return m_responder && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpReply::raw(int status, const QByteArray &contentType, const QByteArray &body, const Headers &headers)
{
    if (!isOpen()) {
        m_responder.reset();
        return;
    }
    m_responder->writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(status));
    m_responder->writeHeader(QByteArrayLiteral("Content-Type"), contentType);
    m_responder->writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    for (const auto &h : headers)
        m_responder->writeHeader(h.first, h.second);
    m_responder->writeBody(body);
    m_responder.reset();
}

void HttpReply::json(int status, const QJsonObject &body, const Headers &headers)
{
    raw(status, QByteArrayLiteral("application/json"), QJsonDocument(body).toJson(QJsonDocument::Compact), headers);
}

void HttpReply::error(const ApiError &e, const Headers &headers)
{
    QJsonObject body = json::error(e.code, e.message, e.field);
    for (auto it = e.extra.begin(); it != e.extra.end(); ++it)
        body.insert(it.key(), it.value());
    // A 503 is temporary by definition (the database restarting, a node draining): say when to come back,
    // unless the caller said it already.
    const bool saysWhen = std::any_of(headers.begin(), headers.end(), [](const auto &h) {
        return h.first.compare("Retry-After", Qt::CaseInsensitive) == 0;
    });
    if (e.httpStatus == 503 && !saysWhen) {
        Headers withRetry = headers;
        withRetry.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("2")});
        return json(e.httpStatus, body, withRetry);
    }
    json(e.httpStatus, body, headers);
}

void HttpReply::error(int status, const QString &code, const QString &message, const QString &field)
{
    error(ApiError{status, code, message, field, {}});
}

} // namespace countersign::server
