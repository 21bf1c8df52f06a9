#pragma once

#include "CallbackReceiver.h"
#include "TcpProxy.h"
#include "TestServer.h"

#include "client/ApprovalFilterModel.h"
#include "client/ApprovalListModel.h"
#include "client/Connection.h"
#include "client/LocalStore.h"
#include "client/SyncEngine.h"

#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

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

// The desktop's non-visual half against a real countersignd in-process, reached through a proxy the test
// can take away: connection, local cache in a temp dir, sync engine, and the two models.
class ClientFixture : public ::testing::Test
{
protected:
    TestServer server;
    Agent agent{server};
    CallbackReceiver callbacks;
    TcpProxy proxy{server.server().port()};
    QTemporaryDir cacheDir;
    std::unique_ptr<client::LocalStore> store;
    std::unique_ptr<client::Connection> connection;
    std::unique_ptr<client::SyncEngine> engine;
    std::unique_ptr<client::ApprovalListModel> model;

    void SetUp() override
    {
        server.addTeam();
        openClient();
    }

    void openClient()
    {
        engine.reset();
        model.reset();
        connection.reset();
        store = std::make_unique<client::LocalStore>(cacheDir.filePath(QStringLiteral("cache.db")));
        QString error;
        ASSERT_TRUE(store->open(&error)) << error.toStdString();
        connection = std::make_unique<client::Connection>(fastTimings());
        engine = std::make_unique<client::SyncEngine>(*connection, *store, server.clock());
        model = std::make_unique<client::ApprovalListModel>(*store);
    }

    QUrl serverUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxy.port())); }

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

    QString submit(const QString &taskId, const QJsonObject &extra = {})
    {
        QJsonObject s = emailSubmission(taskId);
        s.insert(QStringLiteral("callback_url"), callbacks.url());
        for (auto it = extra.begin(); it != extra.end(); ++it)
            s.insert(it.key(), it.value());
        const HttpResponse r = agent.submit(s);
        EXPECT_EQ(r.status, 202);
        return r.json().value(QLatin1String("approval_id")).toString();
    }

    // How many `decided` events the approval has on the server.
    int decidedCount(const QString &taskId)
    {
        int n = 0;
        for (const QJsonValue &e : agent.get(taskId).json().value(QLatin1String("history")).toArray())
            n += e.toObject().value(QLatin1String("action")).toString() == QLatin1String("decided");
        return n;
    }
};

} // namespace countersign::test
