// Notifications: email through an SMTP sink and Slack through a webhook receiver, both on loopback; which
// channels fire follows the priority; a refusing sink is retried while the approval carries on unaffected.
#include "CallbackReceiver.h"
#include "SmtpSink.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

class Notifications : public ::testing::Test
{
protected:
    SmtpSink sink;
    CallbackReceiver slack;
    std::unique_ptr<TestServer> server;
    std::unique_ptr<Agent> agent;

    void SetUp() override
    {
        const QByteArray policies = QStringLiteral(R"({"notifications": {
            "email": {"host": "127.0.0.1", "port": %1, "from": "countersign@example.test", "tls": "auto"},
            "slack": {"webhooks": {"Manager": "%2"}},
            "channels": {"critical": ["desktop", "email", "slack"], "high": ["desktop", "email"], "normal": ["desktop"]},
            "max_attempts": 5, "initial_backoff_s": 10}})").arg(sink.port()).arg(slack.url()).toUtf8();
        server = std::make_unique<TestServer>([&](server::Config &c) { usePolicies(c, policies); });
        server->addUser(QStringLiteral("mia"), {QStringLiteral("Manager")});
        server->addUser(QStringLiteral("carl"), {QStringLiteral("CFO")});
        agent = std::make_unique<Agent>(*server);
    }

    QString submit(const QString &taskId, const QString &priority)
    {
        return agent->submitNew(emailSubmission(taskId, {{QStringLiteral("title"), QStringLiteral("Launch email for %1").arg(taskId)},
                                                         {QStringLiteral("priority"), priority}}));
    }

    QStringList actions(const QString &taskId, const QString &prefix)
    {
        QStringList list;
        for (const QJsonValue &e : agent->get(taskId).json().value(QLatin1String("history")).toArray()) {
            const QString action = e.toObject().value(QLatin1String("action")).toString();
            if (action.startsWith(prefix))
                list.append(action);
        }
        return list;
    }
    bool waitForActions(const QString &taskId, const QString &prefix, int count)
    {
        return QTest::qWaitFor([&] { return actions(taskId, prefix).size() >= count; }, 10000);
    }
};

} // namespace

TEST_F(Notifications, ACriticalApprovalIsMailedToTheRoutesApproversAndPostedToSlack)
{
    const QString id = submit(QStringLiteral("launch"), QStringLiteral("critical"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return sink.mails().size() == 1 && slack.received().size() == 1; }, 10000));

    const SmtpSink::Mail &mail = sink.mails().first();
    EXPECT_EQ(mail.recipients, QList<QByteArray>{"<mia@example.test>"});  // the Manager, not the CFO
    EXPECT_EQ(mail.from, QByteArray("<countersign@example.test>"));
    EXPECT_TRUE(mail.startTlsAsked) << "STARTTLS must be tried when the server offers it";
    EXPECT_TRUE(mail.header("Subject").contains("Launch email for launch"));
    EXPECT_TRUE(mail.header("Subject").contains("critical"));
    EXPECT_TRUE(mail.text().contains(QStringLiteral("countersign://approval/") + id));
    EXPECT_TRUE(mail.text().contains(QStringLiteral("Marketing Copywriter")));
    EXPECT_TRUE(mail.text().contains(QStringLiteral("Introducing WalterSignal")));  // the output, for a first look

    const QJsonObject message = QJsonDocument::fromJson(slack.received().first().body).object();
    const QString text = message.value(QLatin1String("text")).toString();
    EXPECT_TRUE(text.contains(QStringLiteral("Launch email for launch"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("Marketing Copywriter")));
    EXPECT_TRUE(text.contains(QStringLiteral("critical")));
    EXPECT_TRUE(text.contains(QStringLiteral("countersign://approval/") + id));
    EXPECT_FALSE(message.value(QLatin1String("blocks")).toArray().isEmpty());

    ASSERT_TRUE(waitForActions(QStringLiteral("launch"), QStringLiteral("notified"), 2));
}

TEST_F(Notifications, ChannelsFollowThePriority)
{
    submit(QStringLiteral("routine"), QStringLiteral("normal"));
    submit(QStringLiteral("pricing"), QStringLiteral("high"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return sink.mails().size() == 1; }, 10000));
    EXPECT_TRUE(sink.mails().first().header("Subject").contains("pricing"));
    ASSERT_TRUE(waitForActions(QStringLiteral("pricing"), QStringLiteral("notified"), 1));
    EXPECT_TRUE(actions(QStringLiteral("routine"), QStringLiteral("notif")).isEmpty());
    EXPECT_TRUE(slack.received().isEmpty());  // Slack is for critical ones only
}

TEST_F(Notifications, ARefusingSinkIsRetriedAndTheApprovalIsUnaffected)
{
    sink.setScript({SmtpSink::Session::RefuseGreeting, SmtpSink::Session::RejectMail});
    slack.setStatuses({500});
    const QString id = submit(QStringLiteral("launch"), QStringLiteral("critical"));

    // First attempts fail: recorded, nothing else changes.
    ASSERT_TRUE(waitForActions(QStringLiteral("launch"), QStringLiteral("notification_failed"), 2));
    EXPECT_EQ(agent->get(QStringLiteral("launch")).json().value(QLatin1String("status")).toString(), QStringLiteral("pending"));

    // Backoff: 10 s +-25%, then 20 s +-25%.
    server->clock().advance(13 * 1000);
    ASSERT_TRUE(QTest::qWaitFor([&] { return slack.received().size() == 2; }, 10000));
    ASSERT_TRUE(waitForActions(QStringLiteral("launch"), QStringLiteral("notification_failed"), 3));  // the mail again
    server->clock().advance(26 * 1000);
    ASSERT_TRUE(QTest::qWaitFor([&] { return sink.mails().size() == 1; }, 10000));
    EXPECT_EQ(sink.sessions(), 3);
    ASSERT_TRUE(waitForActions(QStringLiteral("launch"), QStringLiteral("notified"), 2));

    // The approval was decidable all along.
    EXPECT_TRUE(std::holds_alternative<server::Applied>(server->decide(id, QStringLiteral("approve"))));
}

TEST_F(Notifications, ARouteWithoutAnAddressIsRecordedAsSkipped)
{
    const QJsonObject s = emailSubmission(QStringLiteral("legal"), {{QStringLiteral("priority"), QStringLiteral("high")}});
    server->stop();
    TestServer routed{[&](server::Config &c) {
        usePolicies(c, QStringLiteral(R"({"routing": {"default_route": "Legal"},
            "notifications": {"email": {"host": "127.0.0.1", "port": %1, "from": "countersign@example.test"}}})").arg(sink.port()).toUtf8());
    }};
    Agent a{routed};
    ASSERT_EQ(a.submit(s).status, 202);
    QStringList found;
    for (const QJsonValue &e : a.get(QStringLiteral("legal")).json().value(QLatin1String("history")).toArray())
        found.append(e.toObject().value(QLatin1String("action")).toString());
    EXPECT_TRUE(found.contains(QStringLiteral("notification_skipped"))) << found.join(u' ').toStdString();
}
