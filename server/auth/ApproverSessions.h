#pragma once

#include "approvals/StoreContext.h"
#include "auth/User.h"

#include <optional>

namespace countersign::server {

// Approvers' accounts and session tokens as the store keeps them: only a token's hash is stored, and a token of
// a disabled account signs nobody in.
class ApproverSessions final
{
public:
    explicit ApproverSessions(StoreContext &tx) : m_tx(tx) {}

    std::optional<User> user(const QString &username);
    std::optional<User> userForToken(const QByteArray &token);
    // The same for many tokens in one batch (the hub re-checks every open session at once): one entry per token.
    QList<std::optional<User>> usersForTokens(const QList<QByteArray> &tokens);
    QByteArray issueToken(const QString &username, qint64 ttlMs);  // returns the token; only its hash is stored
    void revokeToken(const QByteArray &token);

private:
    StoreContext &m_tx;
};

} // namespace countersign::server
