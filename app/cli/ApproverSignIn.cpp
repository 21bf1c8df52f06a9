#include "ApproverSignIn.h"

#include "Terminal.h"

#include "client/ApproverClient.h"
#include "client/CredentialStore.h"
#include "client/RestFailure.h"

namespace countersign::cli {

ApproverSignIn::ApproverSignIn(client::ApproverClient &client, client::CredentialStore &credentials, QString username,
                               QString passwordEnv, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_credentials(credentials)
    , m_username(std::move(username))
    , m_passwordEnv(std::move(passwordEnv))
{
}

QString ApproverSignIn::key() const
{
    return client::CredentialStore::keyFor(m_client.server().toString(), m_username);
}

void ApproverSignIn::start(Done done)
{
    m_credentials.load(key(), [this, done = std::move(done)](std::optional<QByteArray> token) {
        if (token && !token->isEmpty()) {
            m_client.setToken(*token);
            return done(*token, {});
        }
        signInWithPassword(done);
    });
}

void ApproverSignIn::renew(Done done)
{
    m_credentials.remove(key());
    m_client.setToken({});
    signInWithPassword(std::move(done));
}

void ApproverSignIn::signInWithPassword(Done done)
{
    QString password;
    if (!m_passwordEnv.isEmpty()) {
        password = qEnvironmentVariable(m_passwordEnv.toLocal8Bit().constData());
        if (password.isEmpty())
            return done({}, QStringLiteral("--password-env: $%1 is empty or not set").arg(m_passwordEnv));
    } else if (terminal::isInteractive()) {
        const auto typed = terminal::readPassword(QStringLiteral("Password for %1 at %2: ").arg(m_username, m_client.server().toString()));
        if (!typed || typed->isEmpty())
            return done({}, QStringLiteral("no password given"));
        password = *typed;
    } else {
        return done({}, QStringLiteral("not signed in as %1 at %2, and no terminal to ask for the password: pass --password-env VAR")
                            .arg(m_username, m_client.server().toString()));
    }
    m_client.login(m_username, password, [this, done](const client::RestAnswer &a) {
        if (a.ok()) {
            const QByteArray token = m_client.token();
            m_credentials.save(key(), token);
            return done(token, {});
        }
        // The desktop's sentence for the same failure, after who was signing in.
        done({}, QStringLiteral("signing in as %1: %2").arg(m_username, client::RestFailure::text(a, m_client.server())));
    });
}

} // namespace countersign::cli
