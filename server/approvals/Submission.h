#pragma once

#include "ApiError.h"
#include "domain/Approval.h"

#include <variant>

namespace countersign::server {

// A validated POST /api/v1/approvals body, not yet stored.
struct Submission
{
    Approval draft;       // agent-given fields filled in; id, route, state and times come at storing
    QByteArray bodyHash;  // SHA-256 of the exact bytes, to tell a retry from a different body
};

// Validates a submission body against docs/protocol.md section 1; a failure names the field at fault.
std::variant<Submission, ApiError> parseSubmission(const QByteArray &body, const QString &source);

// Validates a revision body {"output", "note"}.
struct Revision
{
    QJsonValue output;
    QString note;
};
std::variant<Revision, ApiError> parseRevision(const QByteArray &body);

} // namespace countersign::server
