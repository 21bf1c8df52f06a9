#pragma once

#include "approvals/ApiError.h"
#include "config/Config.h"

#include <variant>

class QHttpServerRequest;

namespace countersign {
class Clock;
}

namespace countersign::server {

// Tells which source (agent deployment) sent a request and whether its HMAC signature holds
// (docs/protocol.md section 1, "Signing"). Every refusal is 401 invalid_signature.
class AgentAuth final
{
public:
    static constexpr qint64 TimestampWindowS = 300;

    AgentAuth(const Config &config, const Clock &clock);

    using Result = std::variant<const SourceConfig *, ApiError>;
    // POST: the signature covers the raw body.
    Result verifyBody(const QHttpServerRequest &request) const;
    // GET / DELETE: the signature covers METHOD\npath_with_query\ntimestamp, the timestamp within +-300 s.
    Result verifyBodyless(const QHttpServerRequest &request, const QByteArray &method) const;

private:
    Result resolveSource(const QHttpServerRequest &request) const;

    const Config &m_config;
    const Clock &m_clock;
};

} // namespace countersign::server
