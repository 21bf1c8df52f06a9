#include "CredentialStore.h"

#include <QMetaObject>

namespace countersign::client {

void MemoryCredentialStore::save(const QString &key, const QByteArray &secret)
{
    m_secrets.insert(key, secret);
    QMetaObject::invokeMethod(this, [this, key] { Q_EMIT saved(key, false); }, Qt::QueuedConnection);
}

void MemoryCredentialStore::load(const QString &key, Loaded done)
{
    const auto it = m_secrets.constFind(key);
    std::optional<QByteArray> secret = it == m_secrets.cend() ? std::nullopt : std::optional<QByteArray>(*it);
    QMetaObject::invokeMethod(this, [done = std::move(done), secret] { done(secret); }, Qt::QueuedConnection);
}

void MemoryCredentialStore::remove(const QString &key)
{
    m_secrets.remove(key);
}

} // namespace countersign::client
