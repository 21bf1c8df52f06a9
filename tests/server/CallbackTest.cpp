// docs/protocol.md section 1, "Callback": signed POSTs of the decision, retried with backoff until a 2xx, the
// same delivery id on every attempt, surviving a restart. Time moves by the manual clock, never by sleeping.
#include "CallbackReceiver.h"
#include "TestServer.h"

#include "protocol/Hmac.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

class Callbacks : public ::testing::Test
{
protected:
    TestServer server;
    Agent agent{server};
    CallbackReceiver receiver;

    QString submitWithCallback(const QString &taskId)
    {
        return agent.submitNew(emailSubmission(taskId, {{QStringLiteral("callback_url"), receiver.url()}}));
    }

    // The callback events in the approval's history, once there are `count` of them.
    QStringList callbackEvents(const QString &taskId, int count)
    {
        QStringList actions;
        (void)QTest::qWaitFor([&] {
            actions.clear();
            for (const QJsonValue &e : agent.get(taskId).json().value(QLatin1String("history")).toArray()) {
                const QString action = e.toObject().value(QLatin1String("action")).toString();
                if (action.startsWith(QLatin1String("callback_")))
                    actions.append(action);
            }
            return actions.size() >= count;
        }, 10000);
        return actions;
    }

    bool waitForRequests(int count)
    {
        return QTest::qWaitFor([&] { return receiver.received().size() >= count; }, 10000);
    }
};

} // namespace

TEST_F(Callbacks, TheDecisionIsPostedSignedOnce)
{
    const QString id = submitWithCallback(QStringLiteral("cb-1"));
    server.decide(id, QStringLiteral("approve"));
    ASSERT_TRUE(waitForRequests(1));
    EXPECT_EQ(callbackEvents(QStringLiteral("cb-1"), 1), QStringList{QStringLiteral("callback_delivered")});

    const CallbackReceiver::Received &r = receiver.received().first();
    EXPECT_TRUE(hmac::verify(SecretA, r.body, r.header("X-Webhook-Signature"))) << "signed with the source's secret";
    // And signed over its time too (issue 14, defect 10): a replay with another timestamp would not verify.
    const QByteArray timestamp = r.header("X-Webhook-Timestamp");
    EXPECT_EQ(timestamp.toLongLong(), server.clock().nowMs() / 1000);
    EXPECT_EQ(r.header("X-Webhook-Signature-V2"), "t=" + timestamp + ",sha256=" + hmac::sign(SecretA, timestamp + "." + r.body));
    EXPECT_EQ(r.header("X-Webhook-Source"), QByteArray("crew-a"));
    EXPECT_FALSE(r.header("X-Countersign-Delivery").isEmpty());
    const QJsonObject d = QJsonDocument::fromJson(r.body).object();
    EXPECT_EQ(d.value(QLatin1String("decision")).toString(), QStringLiteral("approve"));
    EXPECT_EQ(d.value(QLatin1String("status")).toString(), QStringLiteral("approved"));
    EXPECT_EQ(d.value(QLatin1String("task_id")).toString(), QStringLiteral("cb-1"));
    EXPECT_EQ(d.value(QLatin1String("approval_id")).toString(), id);
    EXPECT_EQ(d.value(QLatin1String("decided_by")).toString(), QStringLiteral("mia"));
    EXPECT_EQ(d.value(QLatin1String("version")).toInt(), 1);
    EXPECT_EQ(d.value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Introducing WalterSignal"));

    // A wrongly scheduled retry would be due by now and sent before the dispatcher goes idle.
    ASSERT_TRUE(server.advanceUntilIdle(48 * 3600 * 1000LL));
    EXPECT_EQ(receiver.received().size(), 1) << "a delivered callback is never sent again";
}

TEST_F(Callbacks, FailedAttemptsAreRetriedWithBackoffAndTheSameDeliveryId)
{
    receiver.setStatuses({500, 503});
    const QString id = submitWithCallback(QStringLiteral("cb-2"));
    server.decide(id, QStringLiteral("reject"), QStringLiteral("Wrong audience"));
    ASSERT_TRUE(waitForRequests(1));
    ASSERT_EQ(callbackEvents(QStringLiteral("cb-2"), 1).size(), 1);

    // The first retry is 2 s (+-25%) later: not at 1.4 s, but by 2.6 s.
    ASSERT_TRUE(server.advanceUntilIdle(1400));  // an early retry would have been sent before idle
    EXPECT_EQ(receiver.received().size(), 1) << "retried before the backoff";
    server.clock().advance(1200);
    ASSERT_TRUE(waitForRequests(2));
    ASSERT_EQ(callbackEvents(QStringLiteral("cb-2"), 2).size(), 2);
    // The second retry doubles: up to 5 s later.
    server.clock().advance(5100);
    ASSERT_TRUE(waitForRequests(3));

    EXPECT_EQ(callbackEvents(QStringLiteral("cb-2"), 3),
              (QStringList{QStringLiteral("callback_failed"), QStringLiteral("callback_failed"), QStringLiteral("callback_delivered")}));
    const QByteArray deliveryId = receiver.received().first().header("X-Countersign-Delivery");
    for (const auto &r : receiver.received()) {
        EXPECT_EQ(r.header("X-Countersign-Delivery"), deliveryId);
        EXPECT_EQ(QJsonDocument::fromJson(r.body).object().value(QLatin1String("feedback")).toString(), QStringLiteral("Wrong audience"));
    }
}

TEST_F(Callbacks, APendingDeliverySurvivesARestart)
{
    receiver.setStatuses({500});
    const QString id = submitWithCallback(QStringLiteral("cb-3"));
    server.decide(id, QStringLiteral("revise"), QStringLiteral("Add pricing"));
    ASSERT_TRUE(waitForRequests(1));
    ASSERT_EQ(callbackEvents(QStringLiteral("cb-3"), 1), QStringList{QStringLiteral("callback_failed")});

    server.stop();
    server.start();
    server.clock().advance(3000);
    ASSERT_TRUE(waitForRequests(2));
    EXPECT_EQ(receiver.received().at(1).header("X-Countersign-Delivery"), receiver.received().at(0).header("X-Countersign-Delivery"));
    EXPECT_EQ(QJsonDocument::fromJson(receiver.received().at(1).body).object().value(QLatin1String("status")).toString(),
              QStringLiteral("revision_requested"));
    EXPECT_EQ(callbackEvents(QStringLiteral("cb-3"), 2).last(), QStringLiteral("callback_delivered"));
}

TEST_F(Callbacks, CancellingSendsNoCallback)
{
    submitWithCallback(QStringLiteral("cb-4"));
    ASSERT_EQ(agent.cancel(QStringLiteral("cb-4")).status, 200);
    // A callback queued by the cancel would be due by now and sent before the dispatcher goes idle.
    ASSERT_TRUE(server.advanceUntilIdle(10'000));
    EXPECT_TRUE(receiver.received().isEmpty());
}

TEST(CallbacksGiveUp, AfterTheGiveUpAgeTheDeliveryIsAbandonedAndRecorded)
{
    TestServer server([](server::Config &c) { c.callbacks.giveUpAfterS = 24 * 3600; });
    Agent agent(server);
    CallbackReceiver receiver;
    QList<int> failures;
    failures.fill(500, 100);
    receiver.setStatuses(failures);
    const QString id = agent.submitNew(emailSubmission(QStringLiteral("cb-5"), {{QStringLiteral("callback_url"), receiver.url()}}));
    server.decide(id, QStringLiteral("approve"));

    // Step the clock just past the longest possible backoff (1 h cap + 25% jitter) after each recorded
    // attempt, so exactly one attempt is due at a time, until the delivery is given up.
    QList<QJsonObject> events;
    auto callbackEvents = [&] {
        events.clear();
        for (const QJsonValue &e : agent.get(QStringLiteral("cb-5")).json().value(QLatin1String("history")).toArray()) {
            if (e.toObject().value(QLatin1String("action")).toString().startsWith(QLatin1String("callback_")))
                events.append(e.toObject());
        }
        return events.size();
    };
    for (int step = 1; step < 60; ++step) {
        ASSERT_TRUE(QTest::qWaitFor([&] { return callbackEvents() >= step; }, 10000)) << "attempt " << step << " never came";
        if (events.last().value(QLatin1String("action")).toString() == QLatin1String("callback_abandoned"))
            break;
        server.clock().advance(4501 * 1000LL);
    }
    ASSERT_EQ(events.last().value(QLatin1String("action")).toString(), QStringLiteral("callback_abandoned"));
    const QDateTime first = QDateTime::fromString(events.first().value(QLatin1String("at")).toString(), Qt::ISODate);
    const QDateTime last = QDateTime::fromString(events.last().value(QLatin1String("at")).toString(), Qt::ISODate);
    EXPECT_GE(first.secsTo(last), 24 * 3600) << "retried for at least 24 h";
    EXPECT_EQ(receiver.received().size(), events.size());
    for (const QJsonObject &e : events.mid(0, events.size() - 1))
        EXPECT_EQ(e.value(QLatin1String("action")).toString(), QStringLiteral("callback_failed"));

    const qsizetype attempts = receiver.received().size();
    ASSERT_TRUE(server.advanceUntilIdle(10 * 3600 * 1000LL));  // another attempt would have gone out before idle
    EXPECT_EQ(receiver.received().size(), attempts) << "an abandoned delivery is not tried again";
}
