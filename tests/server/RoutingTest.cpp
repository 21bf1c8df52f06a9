// Routing rules (JSON Logic in the config): the seed's examples reach the right role, the `routed` event
// says which rule matched, a revision is routed again, and a broken rule stops the server at start-up.
#include "TestServer.h"

#include "config/Config.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

QJsonObject withOutput(const QString &taskId, const QJsonObject &output)
{
    return emailSubmission(taskId, {{QStringLiteral("output"), output}});
}

// The details of the last `routed` event in an approval's history.
QJsonObject lastRouted(const QJsonObject &approval)
{
    QJsonObject found;
    for (const QJsonValue &e : approval.value(QLatin1String("history")).toArray()) {
        if (e.toObject().value(QLatin1String("action")).toString() == QLatin1String("routed"))
            found = e.toObject().value(QLatin1String("details")).toObject();
    }
    return found;
}

class Routing : public ::testing::Test
{
protected:
    TestServer server{[](server::Config &c) { usePolicies(c, SeedRouting); }};
    Agent agent{server};
};

} // namespace

TEST_F(Routing, TheSeedsExamplesReachTheirRolesAndTheRoutedEventNamesTheRule)
{
    struct Case { const char *task; QJsonObject output; const char *route; QJsonValue rule; };
    const QList<Case> cases = {
        {"budget", QJsonObject{{QStringLiteral("item"), QStringLiteral("ads")}, {QStringLiteral("budget"), 12000}}, "CFO", QStringLiteral("big budget")},
        {"contract", QJsonObject{{QStringLiteral("clause"), QStringLiteral("indemnity")}, {QStringLiteral("risk_level"), QStringLiteral("high")}}, "Legal", QStringLiteral("high risk")},
        {"small", QJsonObject{{QStringLiteral("item"), QStringLiteral("ads")}, {QStringLiteral("budget"), 9000}}, "Manager", QJsonValue::Null},
    };
    for (const Case &c : cases) {
        const HttpResponse r = agent.submit(withOutput(QString::fromLatin1(c.task), c.output));
        ASSERT_EQ(r.status, 202) << c.task;
        EXPECT_EQ(r.json().value(QLatin1String("route")).toString(), QString::fromLatin1(c.route)) << c.task;
        const QJsonObject approval = agent.get(QString::fromLatin1(c.task)).json();
        EXPECT_EQ(lastRouted(approval).value(QLatin1String("route")).toString(), QString::fromLatin1(c.route));
        EXPECT_EQ(lastRouted(approval).value(QLatin1String("rule")), c.rule) << c.task;
    }
}

TEST_F(Routing, TheFirstMatchingRuleWins)
{
    const HttpResponse r = agent.submit(withOutput(QStringLiteral("both"), {{QStringLiteral("budget"), 50000}, {QStringLiteral("risk_level"), QStringLiteral("high")}}));
    EXPECT_EQ(r.json().value(QLatin1String("route")).toString(), QStringLiteral("CFO"));
}

TEST_F(Routing, ARevisionThatRaisesTheBudgetIsRoutedToTheCfo)
{
    const HttpResponse r = agent.submit(withOutput(QStringLiteral("grow"), {{QStringLiteral("budget"), 5000}}));
    ASSERT_EQ(r.json().value(QLatin1String("route")).toString(), QStringLiteral("Manager"));
    const QString id = r.json().value(QLatin1String("approval_id")).toString();
    ASSERT_TRUE(std::holds_alternative<server::Applied>(server.decide(id, QStringLiteral("revise"), QStringLiteral("think bigger"))));

    const HttpResponse revised = agent.revise(QStringLiteral("grow"), {{QStringLiteral("output"), QJsonObject{{QStringLiteral("budget"), 25000}}}});
    ASSERT_EQ(revised.status, 200);
    EXPECT_EQ(revised.json().value(QLatin1String("route")).toString(), QStringLiteral("CFO"));
    EXPECT_EQ(lastRouted(revised.json()).value(QLatin1String("rule")).toString(), QStringLiteral("big budget"));
}

TEST(RoutingConfig, ARuleThatIsNotJsonLogicIsRefusedWithItsName)
{
    server::ConfigError error;
    const auto config = server::parseConfig(R"({"routing": {"rules": [
        {"name": "big budget", "if": {">": [{"var": "output.budget"}, 10000]}, "route": "CFO"},
        {"name": "risky deals", "if": {"is_risky": [{"var": "output"}]}, "route": "Legal"}]}})", &error);
    EXPECT_FALSE(config.has_value());
    EXPECT_EQ(error.key, QStringLiteral("routing.rules[1].if"));
    EXPECT_TRUE(error.message.contains(QStringLiteral("\"risky deals\""))) << error.message.toStdString();
    EXPECT_TRUE(error.message.contains(QStringLiteral("is_risky"))) << error.message.toStdString();
}

TEST(RoutingConfig, CountersigndRefusesToStartWithABrokenRule)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("countersign.json"));
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(R"({"data_dir": ")" + dir.path().toUtf8() + R"(", "listen": "127.0.0.1:0",
        "sources": [{"id": "crew-a", "secret": "s3cret-a"}],
        "routing": {"rules": [{"name": "legal review", "if": {"equals": [{"var": "type"}, "legal"]}, "route": "Legal"}]}})");
    f.close();
    QProcess p;
    p.start(QStringLiteral(COUNTERSIGND_PATH), {QStringLiteral("--config"), path});
    ASSERT_TRUE(p.waitForFinished(15000));
    EXPECT_EQ(p.exitCode(), 2);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    EXPECT_TRUE(err.contains(QStringLiteral("routing.rules[0].if"))) << err.toStdString();
    EXPECT_TRUE(err.contains(QStringLiteral("legal review"))) << err.toStdString();
}
