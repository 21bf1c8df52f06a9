#pragma once

#include "Scenario.h"

#include "client/ClientSession.h"
#include "client/Connection.h"

#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>

namespace countersign::test {

// Timings that make a test's reconnects and keepalives take milliseconds.
inline client::ConnectionTimings fastTimings()
{
    client::ConnectionTimings t;
    t.pingIntervalMs = 200;
    t.pongTimeoutMs = 400;
    t.initialBackoffMs = 20;
    t.maxBackoffMs = 160;
    t.requestTimeoutMs = 5000;
    return t;
}

// The desktop's non-visual half in the Scenario: a connection and a real ClientSession on it (the local cache
// in a temp dir, the sync engine, the models), as the desktop app builds them for a signed-in user.
class ClientFixture : public ::testing::Test, protected Scenario
{
protected:
    QTemporaryDir cacheDir;
    std::unique_ptr<client::Connection> connection;
    std::shared_ptr<client::ClientSession> session;
    // The session's parts under short names. They share the session's lifetime (aliasing pointers), so the
    // session lives until openClient() replaces all of them.
    std::shared_ptr<client::LocalStore> store;
    std::shared_ptr<client::SyncEngine> engine;
    std::shared_ptr<client::ApprovalListModel> model;

    void SetUp() override { openClient(); }

    // A new connection and session on the same cache file (a restart of the app).
    void openClient(const QString &user = QStringLiteral("mia"))
    {
        store.reset();
        engine.reset();
        model.reset();
        session.reset();
        connection = std::make_unique<client::Connection>(fastTimings());
        session = std::make_shared<client::ClientSession>(*connection, server.clock(), serverUrl(), user,
                                                          cacheDir.filePath(QStringLiteral("cache.db")));
        ASSERT_TRUE(session->isOpen()) << session->openError().toStdString();
        store = std::shared_ptr<client::LocalStore>(session, &session->store());
        engine = std::shared_ptr<client::SyncEngine>(session, &session->sync());
        model = std::shared_ptr<client::ApprovalListModel>(session, &session->approvals());
    }

    bool waitForState(client::Connection::State state, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return connection->state() == state; }, timeoutMs);
    }

    void signInAs(const QString &user)
    {
        connection->signIn(serverUrl(), user, QStringLiteral("correct horse"));
        ASSERT_TRUE(waitForState(client::Connection::State::Online)) << connection->stateString().toStdString()
                                                                     << ": " << connection->lastError().toStdString();
    }
};

} // namespace countersign::test
