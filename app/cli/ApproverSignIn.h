#pragma once

#include <QObject>
#include <QUrl>

#include <functional>

namespace countersign::client {
class ApproverClient;
class CredentialStore;
} // namespace countersign::client

namespace countersign::cli {

// Gets the approver a token for a server: the one kept in the keychain from an earlier run, or a new sign-in
// with the password from --password-env or typed on the terminal (never an argument), kept in the keychain
// afterwards (or for this run only, where there is none). A kept token the server no longer takes is
// dropped and the password asked for once.
class ApproverSignIn final : public QObject
{
    Q_OBJECT
public:
    // done(token, error): the token, or an empty token and what went wrong, in words.
    using Done = std::function<void(const QByteArray &token, const QString &error)>;

    ApproverSignIn(client::ApproverClient &client, client::CredentialStore &credentials, QString username,
                   QString passwordEnv, QObject *parent = nullptr);

    void start(Done done);
    // The kept token was refused (401): forget it and sign in with the password.
    void renew(Done done);
    QString username() const { return m_username; }
    QString key() const;

private:
    void signInWithPassword(Done done);

    client::ApproverClient &m_client;
    client::CredentialStore &m_credentials;
    QString m_username;
    QString m_passwordEnv;
};

} // namespace countersign::cli
