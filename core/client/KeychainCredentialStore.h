#pragma once

#include "CredentialStore.h"

namespace countersign::client {

// The system keychain through QtKeychain (Secret Service, KWallet, macOS Keychain, Windows Credential
// Store), with the insecure plain-text fallback turned off. When no backend answers, the secret is kept in
// memory for this session and persistent() turns false.
class KeychainCredentialStore final : public CredentialStore
{
    Q_OBJECT
public:
    explicit KeychainCredentialStore(QString service = QStringLiteral("countersign"), QObject *parent = nullptr);

    void save(const QString &key, const QByteArray &secret) override;
    void load(const QString &key, Loaded done) override;
    void remove(const QString &key) override;
    bool persistent() const override { return m_persistent; }

private:
    void fallBack(const QString &why);

    QString m_service;
    bool m_persistent = true;
    MemoryCredentialStore m_session;  // the fallback, and what was saved there
};

} // namespace countersign::client
