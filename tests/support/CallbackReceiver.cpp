#include "CallbackReceiver.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>

namespace countersign::test {

QByteArray CallbackReceiver::Received::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

CallbackReceiver::CallbackReceiver(QList<int> statuses)
    : m_server(std::make_unique<QHttpServer>())
    , m_statuses(std::move(statuses))
{
    auto record = [this](const QHttpServerRequest &request) {
        m_received.append({request.body(), request.headers(), request.url().path()});
        const int status = m_statuses.isEmpty() ? 200 : m_statuses.takeFirst();
        Q_EMIT requestReceived();
        return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("ok"),
                                   static_cast<QHttpServerResponse::StatusCode>(status));
    };
    m_server->route(QStringLiteral("/callback"), record);
    m_server->route(QStringLiteral("/resume"), record);  // a CrewAI crew's resume endpoint
    m_port = m_server->listen(QHostAddress::LocalHost, 0);
}

CallbackReceiver::~CallbackReceiver() = default;

QString CallbackReceiver::base() const
{
    return QStringLiteral("http://127.0.0.1:%1/").arg(m_port);
}

QString CallbackReceiver::url() const
{
    return QStringLiteral("http://127.0.0.1:%1/callback").arg(m_port);
}

} // namespace countersign::test
