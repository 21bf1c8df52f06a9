#include "ApproverSessions.h"

#include "auth/Passwords.h"
#include "time/Clock.h"

namespace countersign::server {

std::optional<User> ApproverSessions::user(const QString &username)
{
    return m_tx.store.findUser(username);
}

std::optional<User> ApproverSessions::userForToken(const QByteArray &token)
{
    const auto username = m_tx.store.tokenUser(passwords::tokenHash(token), m_tx.clock.nowMs());
    if (!username)
        return std::nullopt;
    auto u = m_tx.store.findUser(*username);
    if (!u || u->disabled)
        return std::nullopt;
    return u;
}

QList<std::optional<User>> ApproverSessions::usersForTokens(const QList<QByteArray> &tokens)
{
    QList<std::optional<User>> users;
    users.reserve(tokens.size());
    for (const QByteArray &token : tokens)
        users.append(userForToken(token));
    return users;
}

QByteArray ApproverSessions::issueToken(const QString &username, qint64 ttlMs)
{
    const QByteArray token = passwords::newToken();
    m_tx.store.insertToken(passwords::tokenHash(token), username, m_tx.clock.nowMs(), m_tx.clock.nowMs() + ttlMs);
    return token;
}

void ApproverSessions::revokeToken(const QByteArray &token)
{
    m_tx.store.revokeToken(passwords::tokenHash(token));
}

} // namespace countersign::server
