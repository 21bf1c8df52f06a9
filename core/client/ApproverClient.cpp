#include "ApproverClient.h"

#include "RestFailure.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

#include <memory>

namespace countersign::client {

namespace {
QString escaped(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}
} // namespace

ApproverClient::ApproverClient(QUrl server, QObject *parent)
    : QObject(parent)
    , m_server(std::move(server))
    , m_network(new QNetworkAccessManager(this))
{
}

void ApproverClient::setToken(const QByteArray &token)
{
    m_token = token;
    ++m_tokenGeneration;
}

void ApproverClient::send(const Request &r, Done done)
{
    QUrl url = m_server.resolved(QUrl::fromEncoded(r.path.toUtf8()));
    url.setQuery(r.query);
    QNetworkRequest request(url);
    if (r.authorised && !m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    if (!r.body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(r.timeoutMs > 0 ? r.timeoutMs : m_timeoutMs);
    QNetworkReply *reply = m_network->sendCustomRequest(request, r.method, r.body);
    // The certificate's problems are only told here, before the reply finishes with a bare "handshake failed".
    auto tlsErrors = std::make_shared<QList<QSslError>>();
    connect(reply, &QNetworkReply::sslErrors, reply, [tlsErrors](const QList<QSslError> &errors) { *tlsErrors += errors; });
    QObject *context = r.context;
    QPointer<QObject> alive = context ? context : this;
    connect(reply, &QNetworkReply::finished, alive.data(), [reply, tlsErrors, alive, done = std::move(done)] {
        // An abort because the context went also finishes the reply, while the context is being destroyed.
        if (!alive) {
            reply->deleteLater();
            return;
        }
        // A transfer timeout ends as "operation canceled": nothing else cancels a reply someone still waits for.
        const bool cancelled = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError;
        RestAnswer answer{HttpAnswer::read(reply), *tlsErrors, false};
        answer.timedOut = answer.status == 0 && cancelled;
        done(answer);
    });
    if (context)
        connect(context, &QObject::destroyed, reply, &QNetworkReply::abort);
}

void ApproverClient::login(const QString &username, const QString &password, Done done)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("username"), username},
                                                      {QStringLiteral("password"), password}}).toJson(QJsonDocument::Compact);
    const quint64 generation = m_tokenGeneration;
    send({.method = "POST", .path = QStringLiteral("/api/v1/auth/login"), .body = body},
         [this, generation, done = std::move(done)](const RestAnswer &a) {
             if (a.ok() && generation == m_tokenGeneration)
                 setToken(a.body.value(QLatin1String("token")).toString().toLatin1());
             done(a);
         });
}

void ApproverClient::logout(Done done)
{
    send({.method = "POST", .path = QStringLiteral("/api/v1/auth/logout")}, std::move(done));
}

void ApproverClient::queue(const QUrlQuery &query, Done done)
{
    send({.method = "GET", .path = QStringLiteral("/api/v1/queue"), .query = query}, std::move(done));
}

void ApproverClient::approval(const QString &approvalId, Done done)
{
    send({.method = "GET", .path = QStringLiteral("/api/v1/queue/") + escaped(approvalId)}, std::move(done));
}

void ApproverClient::decide(const QString &approvalId, const QJsonObject &body, Done done)
{
    send({.method = "POST", .path = QStringLiteral("/api/v1/approvals/%1/decision").arg(escaped(approvalId)),
          .body = QJsonDocument(body).toJson(QJsonDocument::Compact)},
         std::move(done));
}

void ApproverClient::health(int timeoutMs, Done done)
{
    send({.method = "GET", .path = QStringLiteral("/healthz"), .timeoutMs = timeoutMs, .authorised = false}, std::move(done));
}

void ApproverClient::getJson(const QString &path, const QUrlQuery &query, QObject *context, JsonReply done)
{
    if (m_token.isEmpty() || m_server.isEmpty()) {
        QMetaObject::invokeMethod(context, [done] { done({}, RestFailure::notSignedIn()); }, Qt::QueuedConnection);
        return;
    }
    send({.method = "GET", .path = path, .query = query, .context = context},
         [server = m_server, done = std::move(done)](const RestAnswer &a) {
             if (a.ok())
                 return done(a.body, {});
             done({}, RestFailure::text(a, server));
         });
}

} // namespace countersign::client
