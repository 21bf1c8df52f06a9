#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace countersign::client {

// Where the desktop keeps its sign-in token between runs. Never a plain-text file: a keychain, or, when
// the machine has none (headless Linux without a Secret Service), memory for this session only, and the
// store says so through persistent() so the UI can tell the user.
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    using Loaded = std::function<void(std::optional<QByteArray> secret)>;

    using QObject::QObject;
    ~CredentialStore() override = default;

    virtual void save(const QString &key, const QByteArray &secret) = 0;
    // `done` runs later, on this object's thread, with the secret or nothing.
    virtual void load(const QString &key, Loaded done) = 0;
    virtual void remove(const QString &key) = 0;
    virtual bool persistent() const = 0;

    // The key of one server and user.
    static QString keyFor(const QString &server, const QString &username) { return server + u'|' + username; }

Q_SIGNALS:
    // A save finished; `persistent` false means the secret lives for this session only.
    void saved(const QString &key, bool persistent);
};

// Secrets in memory only: for tests, and the session-only fallback.
class MemoryCredentialStore final : public CredentialStore
{
    Q_OBJECT
public:
    using CredentialStore::CredentialStore;
    void save(const QString &key, const QByteArray &secret) override;
    void load(const QString &key, Loaded done) override;
    void remove(const QString &key) override;
    bool persistent() const override { return false; }

private:
    QHash<QString, QByteArray> m_secrets;
};

} // namespace countersign::client
