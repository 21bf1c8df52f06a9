#pragma once

#include "approvals/ApiError.h"
#include "config/Config.h"
#include "domain/Approval.h"

#include <QByteArray>
#include <QJsonObject>

#include <variant>

namespace countersign::server::crewai {

// CrewAI AMP's human-in-the-loop webhooks turned into Countersign approvals, and decisions turned back into
// CrewAI's answers. Pure functions: CrewAiApi does the HTTP, the outbox delivers the answer.
//
// Two shapes are accepted (docs/integrations.md):
// - a Flow's `new_request` (from @human_feedback): {"event_type": "new_request", "id", "flow_id",
//   "flow_class", "method_name", "message", "output", "emit", "state", "metadata", "callback_url",
//   "response_token", ...}, flat or under "request". Answered by POST callback_url with
//   {"feedback", "source": "countersign", "response_token", "outcome"?, "output"?}.
// - a crew's humanInputWebhook: {"execution_id" or "kickoff_id", "task_id", "output" (or "task_output",
//   "result", "raw"), "agent"?, "description"?}. Answered by POST {crew_base_url}/resume with
//   {"execution_id", "task_id", "human_feedback", "is_approve"} and the crew's bearer token.

inline constexpr auto FlowKind = "crewai_flow";
inline constexpr auto CrewKind = "crewai_crew";
inline constexpr int MaxClockSkewS = 300;

// X-CrewAI-Signature: "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body), with X-CrewAI-Timestamp
// (unix seconds) within 5 minutes of `nowS`. The error says what is wrong, without echoing secrets.
std::optional<ApiError> verifySignature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &signature,
                                        const QByteArray &body, qint64 nowS);

// The signature header value for `body` at `timestamp` (what CrewAI sends; for tests and docs).
QByteArray signatureFor(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body);

// A webhook as a Countersign submission body (docs/protocol.md section 1, with `callback_url`), and how to answer
// it (the approval's `integration`).
struct Request
{
    QJsonObject submission;
    QJsonObject integration;
};
std::variant<Request, ApiError> toRequest(const QJsonObject &webhook, const Config::CrewAi &config);

// The answer to deliver for a decided (or expired) approval made from a webhook: where and what.
struct Reply
{
    QString url;
    QJsonObject body;
};
Reply replyFor(const Approval &approval, const Config::CrewAi &config);
// The bearer token that goes with a reply's body: the crew's for /resume, the response token for a Flow.
QByteArray bearerTokenFor(const QByteArray &replyBody, const Config::CrewAi &config);

} // namespace countersign::server::crewai
