#pragma once

#include <QJsonObject>
#include <QLatin1String>
#include <QString>

namespace countersign::server {

// The protocol's error codes (the "code" of an error answer or a hub error frame, docs/protocol.md). Clients
// match on these strings, so each is written once, here, and never changes.
namespace errors {
inline constexpr QLatin1String AlreadyDecided{"already_decided"};
inline constexpr QLatin1String BodyTooLarge{"body_too_large"};
inline constexpr QLatin1String Conflict{"conflict"};
inline constexpr QLatin1String DuplicateTaskId{"duplicate_task_id"};
inline constexpr QLatin1String Forbidden{"forbidden"};
inline constexpr QLatin1String Invalid{"invalid"};
inline constexpr QLatin1String InvalidCredentials{"invalid_credentials"};
inline constexpr QLatin1String InvalidField{"invalid_field"};
inline constexpr QLatin1String InvalidJson{"invalid_json"};
inline constexpr QLatin1String InvalidSignature{"invalid_signature"};
inline constexpr QLatin1String MethodNotAllowed{"method_not_allowed"};
inline constexpr QLatin1String NotAwaitingRevision{"not_awaiting_revision"};
inline constexpr QLatin1String NotConfigured{"not_configured"};
inline constexpr QLatin1String NotFound{"not_found"};
inline constexpr QLatin1String RateLimited{"rate_limited"};
inline constexpr QLatin1String RevisionLimit{"revision_limit"};
inline constexpr QLatin1String Unauthorized{"unauthorized"};
inline constexpr QLatin1String Unavailable{"unavailable"};
inline constexpr QLatin1String UnsupportedEvent{"unsupported_event"};
inline constexpr QLatin1String UnsupportedMediaType{"unsupported_media_type"};
inline constexpr QLatin1String UpgradeRequired{"upgrade_required"};
} // namespace errors

// A refusal in the protocol's error shape, with the HTTP status it is sent with.
struct ApiError
{
    int httpStatus = 400;
    QString code;
    QString message;
    QString field;
    QJsonObject extra;  // merged into the answer next to "error" (e.g. the current approval on a conflict)
};

} // namespace countersign::server
