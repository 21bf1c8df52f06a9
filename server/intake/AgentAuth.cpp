#include "AgentAuth.h"

#include "approvals/ApiError.h"
#include "http/HttpServer.h"
#include "protocol/Hmac.h"
#include "time/Clock.h"

#include <QHttpServerRequest>
#include <QUrl>

namespace countersign::server {

namespace {
ApiError refused(const QString &message)
{
    return {401, errors::InvalidSignature, message, {}, {}};
}
} // namespace

AgentAuth::AgentAuth(const Config &config, const Clock &clock)
    : m_config(config)
    , m_clock(clock)
{
}

AgentAuth::Result AgentAuth::resolveSource(const QHttpServerRequest &request) const
{
    const QByteArray sourceId = request.value(QByteArrayLiteral("X-Webhook-Source")).trimmed();
    if (sourceId.isEmpty()) {
        if (m_config.sources.size() == 1)
            return &m_config.sources.first();
        return refused(m_config.sources.isEmpty()
                           ? QStringLiteral("this server has no webhook sources configured")
                           : QStringLiteral("X-Webhook-Source is required: this server has several sources"));
    }
    if (const SourceConfig *s = m_config.source(QString::fromUtf8(sourceId)))
        return s;
    return refused(QStringLiteral("unknown source or bad signature"));
}

AgentAuth::Result AgentAuth::verifyBody(const QHttpServerRequest &request) const
{
    Result r = resolveSource(request);
    if (std::holds_alternative<ApiError>(r))
        return r;
    const SourceConfig *source = std::get<const SourceConfig *>(r);
    const QByteArray signature = request.value(QByteArrayLiteral("X-Webhook-Signature"));
    if (signature.isEmpty())
        return refused(QStringLiteral("X-Webhook-Signature is missing"));
    if (!hmac::verify(source->secret, request.body(), signature))
        return refused(QStringLiteral("unknown source or bad signature"));
    return source;
}

AgentAuth::Result AgentAuth::verifyBodyless(const QHttpServerRequest &request, const QByteArray &method) const
{
    Result r = resolveSource(request);
    if (std::holds_alternative<ApiError>(r))
        return r;
    const SourceConfig *source = std::get<const SourceConfig *>(r);
    const QByteArray signature = request.value(QByteArrayLiteral("X-Webhook-Signature"));
    const QByteArray timestamp = request.value(QByteArrayLiteral("X-Webhook-Timestamp")).trimmed();
    if (signature.isEmpty())
        return refused(QStringLiteral("X-Webhook-Signature is missing"));
    bool ok = false;
    const qint64 ts = timestamp.toLongLong(&ok);
    if (!ok)
        return refused(QStringLiteral("X-Webhook-Timestamp (unix seconds) is required on requests without a body"));
    const qint64 now = m_clock.nowMs() / 1000;
    if (ts < now - TimestampWindowS || ts > now + TimestampWindowS)
        return refused(QStringLiteral("X-Webhook-Timestamp is more than %1 s away from the server's clock").arg(TimestampWindowS));
    // Clients differ in how they percent-encode; accept the target as received or fully decoded.
    const QByteArray target = HttpServer::pathWithQuery(request);
    const QByteArray decoded = QUrl::fromPercentEncoding(target).toUtf8();
    for (const QByteArray &candidate : {target, decoded}) {
        if (hmac::verify(source->secret, hmac::bodylessSigningString(method, candidate, timestamp), signature))
            return source;
    }
    return refused(QStringLiteral("unknown source or bad signature"));
}

} // namespace countersign::server
