// The connection state machine: sign-in errors a user can act on, reconnect backoff that grows, is capped
// and starts over, and a peer that stops answering pings is noticed and the link rebuilt.
#include "ClientFixture.h"

#include <QSignalSpy>

using namespace countersign;
using namespace countersign::test;
using State = client::Connection::State;

namespace {
class Connecting : public ClientFixture
{
};
} // namespace

TEST_F(Connecting, GoesThroughItsStatesToOnline)
{
    QStringList seen;
    QObject::connect(connection.get(), &client::Connection::stateChanged, connection.get(),
                     [&](State s) { seen.append(client::Connection::stateString(s)); });
    signInAs(QStringLiteral("mia"));
    EXPECT_EQ(seen, (QStringList{QStringLiteral("signing in"), QStringLiteral("connecting"), QStringLiteral("signing in"),
                                 QStringLiteral("syncing"), QStringLiteral("online")}));
    EXPECT_EQ(connection->user().value(QLatin1String("username")).toString(), QStringLiteral("mia"));
}

TEST_F(Connecting, AWrongPasswordIsAuthFailedWithAClearMessage)
{
    connection->signIn(serverUrl(), QStringLiteral("mia"), QStringLiteral("wrong"));
    ASSERT_TRUE(waitForState(State::AuthFailed));
    EXPECT_EQ(connection->lastError(), QStringLiteral("Wrong user name or password."));
}

TEST_F(Connecting, AnUnreachableServerSaysSo)
{
    proxy.setRefusing(true);
    connection->signIn(serverUrl(), QStringLiteral("mia"), QStringLiteral("correct horse"));
    ASSERT_TRUE(waitForState(State::SignedOut));
    EXPECT_TRUE(connection->lastError().startsWith(QStringLiteral("Cannot reach http://127.0.0.1:"))) << connection->lastError().toStdString();
}

TEST_F(Connecting, ARevokedTokenEndsInAuthFailed)
{
    connection->resume(serverUrl(), QStringLiteral("mia"), "0000000000000000000000000000000000000000000000000000000000000000");
    ASSERT_TRUE(waitForState(State::AuthFailed));
    EXPECT_EQ(connection->lastError(), QStringLiteral("The session has ended; sign in again."));
}

TEST_F(Connecting, BackoffGrowsIsCappedAndStartsOverOnceOnline)
{
    const QByteArray token = server.login(QStringLiteral("mia"));
    proxy.setRefusing(true);
    QSignalSpy delays(connection.get(), &client::Connection::reconnectScheduled);
    connection->resume(serverUrl(), QStringLiteral("mia"), token);
    ASSERT_TRUE(QTest::qWaitFor([&] { return delays.size() >= 7; }, 10000));
    // initial 20 ms doubling to the 160 ms cap, each with equal jitter: in [base/2, base).
    const QList<int> bases = {20, 40, 80, 160, 160, 160, 160};
    for (qsizetype i = 0; i < bases.size(); ++i) {
        const int d = delays.at(i).at(0).toInt();
        EXPECT_GE(d, bases.at(i) / 2) << "attempt " << i;
        EXPECT_LT(d, bases.at(i)) << "attempt " << i;
    }

    proxy.setRefusing(false);
    ASSERT_TRUE(waitForState(State::Online));
    delays.clear();
    proxy.dropAll();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !delays.isEmpty(); }, 5000));
    EXPECT_LT(delays.first().at(0).toInt(), 20);  // back to the first step
    ASSERT_TRUE(waitForState(State::Online));
}

TEST_F(Connecting, APeerThatStopsAnsweringIsDetectedAndTheLinkRebuilt)
{
    signInAs(QStringLiteral("mia"));
    QSignalSpy errors(connection.get(), &client::Connection::errorOccurred);
    proxy.setFrozen(true);
    ASSERT_TRUE(waitForState(State::Offline, 5000));
    EXPECT_TRUE(connection->lastError().contains(QStringLiteral("no pong"))) << connection->lastError().toStdString();
    proxy.setFrozen(false);
    ASSERT_TRUE(waitForState(State::Online));
}
