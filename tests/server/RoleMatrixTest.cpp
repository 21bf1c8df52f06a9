// Who sees and who may decide, for an approval routed to each role: Manager, Legal and CFO users, an admin
// and an auditor. (Routing rules come later; each case runs a server whose default route is that role.)
#include "TestServer.h"
#include "WsClient.h"

#include <QJsonArray>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

class RoleMatrix : public ::testing::TestWithParam<const char *>
{
};

TEST_P(RoleMatrix, OnlyTheRoutedRoleAndAdminsDecideAndEveryRefusalIsAudited)
{
    const QString route = QString::fromLatin1(GetParam());
    TestServer server([&route](server::Config &c) { c.routing.defaultRoute = route; });
    Agent agent(server);
    const QStringList users{QStringLiteral("manager"), QStringLiteral("legal"), QStringLiteral("cfo"), QStringLiteral("admin"), QStringLiteral("auditor")};
    const QStringList roles{QStringLiteral("Manager"), QStringLiteral("Legal"), QStringLiteral("CFO"), QStringLiteral("admin"), QStringLiteral("auditor")};
    std::map<QString, std::unique_ptr<WsClient>> clients;
    for (qsizetype i = 0; i < users.size(); ++i) {
        server.addUser(users.at(i), {roles.at(i)});
        auto ws = std::make_unique<WsClient>(server.server().port());
        ASSERT_TRUE(ws->waitConnected());
        ws->hello(server.login(users.at(i)));
        ws->syncItems();
        clients[users.at(i)] = std::move(ws);
    }

    const QString id = agent.submit(emailSubmission(QStringLiteral("matrix"))).json().value(QLatin1String("approval_id")).toString();
    for (qsizetype i = 0; i < users.size(); ++i) {
        const bool mayDecide = roles.at(i) == route || roles.at(i) == QLatin1String("admin");
        const bool maySee = mayDecide || roles.at(i) == QLatin1String("auditor");
        const QJsonObject pushed = clients[users.at(i)]->next(QStringLiteral("approval"), maySee ? 5000 : 300);
        EXPECT_EQ(!pushed.isEmpty(), maySee) << users.at(i).toStdString() << " push, route " << route.toStdString();
        if (mayDecide)
            continue;
        clients[users.at(i)]->send({{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request_id"), users.at(i)},
                                    {QStringLiteral("approval_id"), id}, {QStringLiteral("decision"), QStringLiteral("approve")}});
        EXPECT_EQ(clients[users.at(i)]->next(QStringLiteral("error")).value(QLatin1String("code")).toString(), QStringLiteral("forbidden"))
            << users.at(i).toStdString();
    }
    QStringList refused;
    for (const QJsonValue &e : agent.get(QStringLiteral("matrix")).json().value(QLatin1String("history")).toArray()) {
        if (e.toObject().value(QLatin1String("action")).toString() == QLatin1String("forbidden_attempt"))
            refused.append(e.toObject().value(QLatin1String("actor")).toString());
    }
    EXPECT_EQ(refused.size(), 3) << "three roles may not decide, each attempt is audited";
    EXPECT_EQ(agent.get(QStringLiteral("matrix")).json().value(QLatin1String("status")).toString(), QStringLiteral("pending"));

    // The routed role decides.
    const QString decider = users.at(roles.indexOf(route));
    clients[decider]->send({{QStringLiteral("type"), QStringLiteral("decide")}, {QStringLiteral("request_id"), QStringLiteral("ok")},
                            {QStringLiteral("approval_id"), id}, {QStringLiteral("decision"), QStringLiteral("approve")}});
    EXPECT_EQ(clients[decider]->next(QStringLiteral("ack")).value(QLatin1String("approval")).toObject()
                  .value(QLatin1String("decision")).toObject().value(QLatin1String("role")).toString(), route);
}

INSTANTIATE_TEST_SUITE_P(Routes, RoleMatrix, ::testing::Values("Manager", "Legal", "CFO"));
