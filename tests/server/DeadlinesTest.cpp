// Deadlines, driven by the manual clock: expiry rejects with reason "timeout" and calls the agent back; high
// priority climbs the escalation chain, then reaches the fallback approvers, then expires; the SLA reminder
// comes at the configured fraction; a deadline that passed while the server was down is handled once.
#include "CallbackReceiver.h"
#include "TestServer.h"
#include "WsClient.h"

#include "protocol/ApprovalJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

const QByteArray Policies = R"({
    "timeouts": {"reminder_fraction": 0.5},
    "escalation": {"chain": ["Manager", "Director", "Executive"], "fallback_approvers": ["backup"]}})";

class Deadlines : public ::testing::Test
{
protected:
    TestServer server{[](server::Config &c) { usePolicies(c, Policies); }};
    Agent agent{server};
    CallbackReceiver receiver;

    QString submit(const QString &taskId, const QString &priority, int timeoutS)
    {
        return agent.submitNew(emailSubmission(taskId, {{QStringLiteral("priority"), priority}, {QStringLiteral("timeout_s"), timeoutS},
                                                        {QStringLiteral("callback_url"), receiver.url()}}));
    }
    // Moves time and returns the approval once the server has had its look at the new time. The store runs
    // jobs in order, and the deadline job is posted when the clock jumps, before this read.
    QJsonObject after(qint64 seconds, const QString &taskId)
    {
        server.clock().advance(seconds * 1000);
        return agent.get(taskId).json();
    }
    static QStringList actions(const QJsonObject &approval, const QString &prefix = {})
    {
        QStringList list;
        for (const QJsonValue &e : approval.value(QLatin1String("history")).toArray()) {
            const QString action = e.toObject().value(QLatin1String("action")).toString();
            if (prefix.isEmpty() || action.startsWith(prefix))
                list.append(action);
        }
        return list;
    }
};

} // namespace

TEST_F(Deadlines, AnOverdueNormalApprovalExpiresAsARejectForTimeoutAndTheAgentIsCalledBack)
{
    submit(QStringLiteral("launch"), QStringLiteral("normal"), 600);
    EXPECT_EQ(after(599, QStringLiteral("launch")).value(QLatin1String("status")).toString(), QStringLiteral("pending"));

    const QJsonObject expired = after(1, QStringLiteral("launch"));
    EXPECT_EQ(expired.value(QLatin1String("status")).toString(), QStringLiteral("expired"));
    const QJsonObject decision = expired.value(QLatin1String("decision")).toObject();
    EXPECT_EQ(decision.value(QLatin1String("decision")).toString(), QStringLiteral("reject"));
    EXPECT_EQ(decision.value(QLatin1String("feedback")).toString(), QStringLiteral("timeout"));
    EXPECT_EQ(actions(expired, QStringLiteral("expired")).size(), 1);

    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 1; }, 10000));
    const QJsonObject body = QJsonDocument::fromJson(receiver.received().first().body).object();
    EXPECT_EQ(body.value(QLatin1String("status")).toString(), QStringLiteral("expired"));
    EXPECT_EQ(body.value(QLatin1String("feedback")).toString(), QStringLiteral("timeout"));
}

TEST_F(Deadlines, HighPriorityClimbsTheChainThenGoesToTheFallbackApproversThenExpires)
{
    server.addUser(QStringLiteral("backup"), {});
    submit(QStringLiteral("price"), QStringLiteral("high"), 100);

    QJsonObject a = after(100, QStringLiteral("price"));
    EXPECT_EQ(a.value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    EXPECT_EQ(a.value(QLatin1String("route")).toString(), QStringLiteral("Director"));
    EXPECT_EQ(a.value(QLatin1String("escalation_level")).toInt(), 1);
    // The timer is re-armed from the escalation.
    EXPECT_EQ(json::parseTime(a.value(QLatin1String("expires_at")).toString()).toSecsSinceEpoch(),
              server.clock().now().addSecs(100).toSecsSinceEpoch());

    a = after(100, QStringLiteral("price"));
    EXPECT_EQ(a.value(QLatin1String("route")).toString(), QStringLiteral("Executive"));
    EXPECT_EQ(a.value(QLatin1String("escalation_level")).toInt(), 2);

    a = after(100, QStringLiteral("price"));
    EXPECT_EQ(a.value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    EXPECT_EQ(a.value(QLatin1String("assignees")).toArray(), QJsonArray{QStringLiteral("backup")});
    EXPECT_EQ(a.value(QLatin1String("escalation_level")).toInt(), 3);
    // The fallback approver, who holds no role, now sees it in the queue.
    Http http;
    const QByteArray token = server.login(QStringLiteral("backup"));
    const HttpResponse queue = http.request("GET", server.url(QStringLiteral("/api/v1/queue?status=pending")), {},
                                            {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(queue.json().value(QLatin1String("items")).toArray().size(), 1);

    a = after(100, QStringLiteral("price"));
    EXPECT_EQ(a.value(QLatin1String("status")).toString(), QStringLiteral("expired"));
    EXPECT_EQ(actions(a, QStringLiteral("escalated")).size(), 3);
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 1; }, 10000));
}

TEST_F(Deadlines, TheFallbackApproverMayDecideTheEscalatedApproval)
{
    server.addUser(QStringLiteral("backup"), {});
    server.addUser(QStringLiteral("mia"), {QStringLiteral("Legal")});
    ASSERT_EQ(agent.submit(emailSubmission(QStringLiteral("contract"), {{QStringLiteral("priority"), QStringLiteral("critical")},
                                                                        {QStringLiteral("timeout_s"), 60}})).status, 202);
    // Manager -> Director -> Executive -> backup.
    for (int i = 0; i < 3; ++i)
        after(60, QStringLiteral("contract"));
    const QJsonObject a = agent.get(QStringLiteral("contract")).json();
    ASSERT_EQ(a.value(QLatin1String("assignees")).toArray(), QJsonArray{QStringLiteral("backup")});

    Http http;
    const HttpResponse decided = http.request(
        "POST", server.url(QStringLiteral("/api/v1/approvals/%1/decision").arg(a.value(QLatin1String("id")).toString())),
        R"({"decision": "approve"})", {{"Authorization", "Bearer " + server.login(QStringLiteral("backup"))}, {"Content-Type", "application/json"}});
    ASSERT_EQ(decided.status, 200) << decided.body.constData();
    const QJsonObject decision = decided.json().value(QLatin1String("approval")).toObject().value(QLatin1String("decision")).toObject();
    EXPECT_EQ(decision.value(QLatin1String("decided_by")).toString(), QStringLiteral("backup"));
    EXPECT_EQ(decision.value(QLatin1String("role")).toString(), QStringLiteral("fallback"));
}

TEST_F(Deadlines, TheSlaReminderComesOnceAtTheConfiguredFractionAndTheDesktopIsToldToNotify)
{
    server.addUser(QStringLiteral("mia"), {QStringLiteral("Manager")});
    WsClient ws(server.server().port());
    ASSERT_TRUE(ws.waitConnected());
    ws.hello(server.login(QStringLiteral("mia")));
    ASSERT_FALSE(ws.next(QStringLiteral("welcome")).isEmpty());
    (void)ws.syncItems();

    submit(QStringLiteral("launch"), QStringLiteral("normal"), 600);
    const QJsonObject created = ws.next(QStringLiteral("approval"));
    EXPECT_EQ(created.value(QLatin1String("notify")).toString(), QStringLiteral("new"));

    EXPECT_TRUE(actions(after(299, QStringLiteral("launch")), QStringLiteral("sla_")).isEmpty());
    EXPECT_EQ(actions(after(1, QStringLiteral("launch")), QStringLiteral("sla_")), QStringList{QStringLiteral("sla_reminder")});
    const QJsonObject reminder = ws.next(QStringLiteral("approval"));
    EXPECT_EQ(reminder.value(QLatin1String("notify")).toString(), QStringLiteral("reminder"));

    EXPECT_EQ(actions(after(200, QStringLiteral("launch")), QStringLiteral("sla_")).size(), 1);
}

TEST_F(Deadlines, TimeoutDefaultsComeFromThePriorityThenTheRouteThenTheServer)
{
    server.stop();
    TestServer configured{[](server::Config &c) {
        usePolicies(c, R"({"timeouts": {"default_s": 86400, "per_priority": {"critical": 900}, "per_route": {"Manager": 7200}}})");
    }};
    Agent a{configured};
    for (const auto &[task, priority, expected] : {std::tuple{"crit", "critical", 900}, std::tuple{"norm", "normal", 7200}}) {
        QJsonObject s = emailSubmission(QString::fromLatin1(task));
        s.insert(QStringLiteral("priority"), QString::fromLatin1(priority));
        const HttpResponse r = a.submit(s);
        const QDateTime created = json::parseTime(a.get(QString::fromLatin1(task)).json().value(QLatin1String("created_at")).toString());
        EXPECT_EQ(json::parseTime(r.json().value(QLatin1String("expires_at")).toString()).toSecsSinceEpoch(),
                  created.addSecs(expected).toSecsSinceEpoch()) << task;
    }
}

TEST_F(Deadlines, ADeadlineThatPassedWhileTheServerWasDownIsHandledOnceAtStartUp)
{
    submit(QStringLiteral("overnight"), QStringLiteral("normal"), 60);
    server.stop();
    server.clock().advance(3600 * 1000);
    server.start();

    const QJsonObject a = agent.get(QStringLiteral("overnight")).json();
    EXPECT_EQ(a.value(QLatin1String("status")).toString(), QStringLiteral("expired"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 1; }, 10000));
    ASSERT_TRUE(QTest::qWaitFor([&] {
        return actions(agent.get(QStringLiteral("overnight")).json(), QStringLiteral("callback_delivered")).size() == 1;
    }, 10000));

    // Another restart finds nothing left to do.
    server.stop();
    server.clock().advance(3600 * 1000);
    server.start();
    const QJsonObject again = agent.get(QStringLiteral("overnight")).json();
    EXPECT_EQ(actions(again, QStringLiteral("expired")).size(), 1);
    EXPECT_EQ(actions(again, QStringLiteral("callback_")).size(), 1);
    EXPECT_EQ(receiver.received().size(), 1);
}
