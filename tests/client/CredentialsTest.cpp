// Credentials: the in-memory store, and QtKeychain on a machine without a Secret Service, where the token is
// kept for the session only and the store says so.
#include "client/CredentialStore.h"
#include "client/KeychainCredentialStore.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign::client;

namespace {

std::optional<QByteArray> loadNow(CredentialStore &store, const QString &key)
{
    std::optional<std::optional<QByteArray>> result;
    store.load(key, [&](std::optional<QByteArray> secret) { result = secret; });
    EXPECT_TRUE(QTest::qWaitFor([&] { return result.has_value(); }, 10000));
    return result.value_or(std::nullopt);
}

} // namespace

TEST(Credentials, TheMemoryStoreKeepsATokenForTheSession)
{
    MemoryCredentialStore store;
    const QString key = CredentialStore::keyFor(QStringLiteral("https://approvals.example"), QStringLiteral("mia"));
    EXPECT_EQ(loadNow(store, key), std::nullopt);
    store.save(key, "token-1");
    EXPECT_EQ(loadNow(store, key), QByteArray("token-1"));
    store.remove(key);
    EXPECT_EQ(loadNow(store, key), std::nullopt);
    EXPECT_FALSE(store.persistent());
}

TEST(Credentials, WithoutASecretServiceTheKeychainFallsBackToThisSessionAndSaysSo)
{
    // No session bus, hence no Secret Service: the situation of a headless Linux machine.
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/countersign-test-bus");
    KeychainCredentialStore store(QStringLiteral("countersign-test"));
    const QString key = CredentialStore::keyFor(QStringLiteral("https://approvals.example"), QStringLiteral("mia"));
    QSignalSpy saved(&store, &CredentialStore::saved);
    store.save(key, "token-2");
    ASSERT_TRUE(saved.wait(10000));
    EXPECT_FALSE(saved.first().at(1).toBool());
    EXPECT_FALSE(store.persistent());
    EXPECT_EQ(loadNow(store, key), QByteArray("token-2"));
}
