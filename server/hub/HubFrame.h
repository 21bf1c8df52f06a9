#pragma once

#include "approvals/ApprovalTransitions.h"

#include <QByteArray>
#include <QString>

namespace countersign::server {

// Where a session is when a text frame arrives: what the frame may ask depends on it.
enum class HubPhase { AwaitingHello, Authenticating, SignedIn };

// What one text frame from an approver asks of its session (PROTOCOL.md section 2), read without a socket or a
// store so that it can be tested and fuzzed alone. HubSession acts on it; this only reads and validates.
struct HubFrame
{
    enum class Kind { Hello, Decide, Ping, Refused };
    Kind kind = Kind::Refused;

    // Hello
    QByteArray token;
    qint64 since = 0;

    // Decide
    QString requestId;
    DecisionRequest decision;

    // Refused: the `error` frame to answer with (code, message, request_id when known), and whether the
    // connection is then closed as unauthorized (4001).
    QString errorCode;
    QString errorMessage;
    bool closeUnauthorized = false;
};

HubFrame parseHubFrame(const QString &text, HubPhase phase);

} // namespace countersign::server
