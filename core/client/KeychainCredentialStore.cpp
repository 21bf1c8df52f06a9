#include "KeychainCredentialStore.h"

#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

Q_LOGGING_CATEGORY(lcKeychain, "countersign.client.keychain")

namespace countersign::client {

KeychainCredentialStore::KeychainCredentialStore(QString service, QObject *parent)
    : CredentialStore(parent)
    , m_service(std::move(service))
{
}

void KeychainCredentialStore::fallBack(const QString &why)
{
    if (m_persistent)
        qCWarning(lcKeychain).noquote() << "no keychain available (" << why << "): the sign-in is kept for this session only";
    m_persistent = false;
}

void KeychainCredentialStore::save(const QString &key, const QByteArray &secret)
{
    if (!m_persistent) {
        m_session.save(key, secret);
        QMetaObject::invokeMethod(this, [this, key] { Q_EMIT saved(key, false); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setBinaryData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, key, secret](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError)
            return Q_EMIT saved(key, true);
        fallBack(j->errorString());
        m_session.save(key, secret);
        Q_EMIT saved(key, false);
    });
    job->start();
}

void KeychainCredentialStore::load(const QString &key, Loaded done)
{
    if (!m_persistent)
        return m_session.load(key, std::move(done));
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key, done = std::move(done)](QKeychain::Job *j) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (read->error() == QKeychain::NoError)
            return done(read->binaryData());
        if (read->error() != QKeychain::EntryNotFound)
            fallBack(read->errorString());
        m_session.load(key, done);
    });
    job->start();
}

void KeychainCredentialStore::remove(const QString &key)
{
    m_session.remove(key);
    if (!m_persistent)
        return;
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setInsecureFallback(false);
    job->setAutoDelete(true);
    job->setKey(key);
    job->start();
}

} // namespace countersign::client
