// docs/protocol.md section 2 over REST: sign-in, the queue by role, decisions (authorized, idempotent, exactly
// once under a race), and the audit log.
#include "CallbackReceiver.h"
#include "TestServer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

class Approvers : public ::testing::Test
{
protected:
    TestServer server;
    Agent agent{server};
    Http http;

    void SetUp() override { server.addTeam(); }

    HttpResponse as(const QByteArray &token, const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return http.request(method, server.url(path), body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(),
                            {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    }
    QString submit(const QString &taskId, const QString &callbackUrl = {})
    {
        return agent.submitNew(emailSubmission(taskId, callbackUrl.isEmpty() ? QJsonObject() : QJsonObject{{QStringLiteral("callback_url"), callbackUrl}}));
    }
    QStringList queueIds(const QByteArray &token)
    {
        QStringList ids;
        for (const QJsonValue &a : as(token, "GET", QStringLiteral("/api/v1/queue?status=pending")).json().value(QLatin1String("items")).toArray())
            ids.append(a.toObject().value(QLatin1String("id")).toString());
        return ids;
    }
    QStringList auditActions(const QString &approvalId)
    {
        QStringList actions;
        for (const QJsonValue &e : as(server.login(QStringLiteral("ada")), "GET", QStringLiteral("/api/v1/audit")).json().value(QLatin1String("items")).toArray()) {
            if (e.toObject().value(QLatin1String("approval_id")).toString() == approvalId)
                actions.append(e.toObject().value(QLatin1String("action")).toString());
        }
        return actions;
    }
};

} // namespace

TEST_F(Approvers, SignInGivesATokenAndTheUser)
{
    const HttpResponse r = http.request("POST", server.url(QStringLiteral("/api/v1/auth/login")),
                                        R"({"username":"mia","password":"correct horse"})", {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.json().value(QLatin1String("token")).toString().size(), 64) << "256 random bits, hex";
    EXPECT_FALSE(r.json().value(QLatin1String("expires_at")).toString().isEmpty());
    const QJsonObject user = r.json().value(QLatin1String("user")).toObject();
    EXPECT_EQ(user.value(QLatin1String("username")).toString(), QStringLiteral("mia"));
    EXPECT_EQ(user.value(QLatin1String("roles")).toArray(), QJsonArray{QStringLiteral("Manager")});
}

TEST_F(Approvers, AWrongPasswordAndAnUnknownUserGetTheSameAnswer)
{
    const HttpResponse wrong = http.request("POST", server.url(QStringLiteral("/api/v1/auth/login")),
                                            R"({"username":"mia","password":"nope nope"})", {{"Content-Type", "application/json"}});
    const HttpResponse unknown = http.request("POST", server.url(QStringLiteral("/api/v1/auth/login")),
                                              R"({"username":"nobody","password":"nope nope"})", {{"Content-Type", "application/json"}});
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.errorCode(), QStringLiteral("invalid_credentials"));
    EXPECT_EQ(unknown.status, wrong.status);
    EXPECT_EQ(unknown.body, wrong.body);
    EXPECT_EQ(http.request("POST", server.url(QStringLiteral("/api/v1/auth/login")), R"({"username":"mia"})",
                           {{"Content-Type", "application/json"}}).status, 400);
}

TEST_F(Approvers, SignInAttemptsAreRateLimitedPerUser)
{
    int limited = 0;
    for (int i = 0; i < 12; ++i) {
        const HttpResponse r = http.request("POST", server.url(QStringLiteral("/api/v1/auth/login")),
                                            R"({"username":"max","password":"guess guess"})", {{"Content-Type", "application/json"}});
        if (r.status == 429) {
            ++limited;
            EXPECT_FALSE(r.header("Retry-After").isEmpty());
        }
    }
    EXPECT_EQ(limited, 2) << "10 a minute per user";
    EXPECT_FALSE(server.login(QStringLiteral("mia")).isEmpty()) << "another user is not affected";
}

TEST_F(Approvers, LogoutRevokesTheToken)
{
    const QByteArray token = server.login(QStringLiteral("mia"));
    EXPECT_EQ(as(token, "GET", QStringLiteral("/api/v1/queue")).status, 200);
    EXPECT_EQ(as(token, "POST", QStringLiteral("/api/v1/auth/logout")).status, 200);
    const HttpResponse after = as(token, "GET", QStringLiteral("/api/v1/queue"));
    EXPECT_EQ(after.status, 401);
    EXPECT_EQ(after.errorCode(), QStringLiteral("unauthorized"));
    EXPECT_EQ(as("0123", "GET", QStringLiteral("/api/v1/queue")).status, 401);
}

TEST_F(Approvers, TheQueueShowsWhatIsRoutedToTheCallersRoles)
{
    const QString id = submit(QStringLiteral("q-1"));  // routed to Manager (the default route)
    EXPECT_EQ(queueIds(server.login(QStringLiteral("mia"))), QStringList{id});
    EXPECT_TRUE(queueIds(server.login(QStringLiteral("carl"))).isEmpty()) << "CFO does not see Manager's approvals";
    EXPECT_EQ(queueIds(server.login(QStringLiteral("ada"))), QStringList{id}) << "admin sees all";
    EXPECT_EQ(queueIds(server.login(QStringLiteral("aud"))), QStringList{id}) << "auditor reads all";
}

TEST_F(Approvers, TheQueueFiltersAndPages)
{
    for (int i = 0; i < 5; ++i)
        submit(QStringLiteral("page-%1").arg(i));
    const QByteArray token = server.login(QStringLiteral("mia"));
    const QJsonObject first = as(token, "GET", QStringLiteral("/api/v1/queue?limit=3")).json();
    ASSERT_EQ(first.value(QLatin1String("items")).toArray().size(), 3);
    const QString next = first.value(QLatin1String("next")).toString();
    ASSERT_FALSE(next.isEmpty());
    const QJsonObject second = as(token, "GET", QStringLiteral("/api/v1/queue?limit=3&after=") + next).json();
    EXPECT_EQ(second.value(QLatin1String("items")).toArray().size(), 2);
    EXPECT_TRUE(second.value(QLatin1String("next")).isNull());
    const QJsonArray found = as(token, "GET", QStringLiteral("/api/v1/queue?q=page-3")).json().value(QLatin1String("items")).toArray();
    ASSERT_EQ(found.size(), 1);
    EXPECT_EQ(found.at(0).toObject().value(QLatin1String("task_id")).toString(), QStringLiteral("page-3"));
    EXPECT_EQ(as(token, "GET", QStringLiteral("/api/v1/queue?status=done")).status, 400);
    EXPECT_TRUE(as(token, "GET", QStringLiteral("/api/v1/queue?status=approved")).json().value(QLatin1String("items")).toArray().isEmpty());
}

TEST_F(Approvers, ADecisionReachesTheAgent)
{
    CallbackReceiver receiver;
    const QString id = submit(QStringLiteral("d-1"), receiver.url());
    const HttpResponse r = as(server.login(QStringLiteral("mia")), "POST", QStringLiteral("/api/v1/approvals/%1/decision").arg(id),
                              {{QStringLiteral("decision"), QStringLiteral("approve")}, {QStringLiteral("version"), 1},
                               {QStringLiteral("request_id"), QStringLiteral("r-1")}});
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject decision = r.json().value(QLatin1String("approval")).toObject().value(QLatin1String("decision")).toObject();
    EXPECT_EQ(decision.value(QLatin1String("decided_by")).toString(), QStringLiteral("mia"));
    EXPECT_EQ(decision.value(QLatin1String("role")).toString(), QStringLiteral("Manager"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 1; }, 5000));
    EXPECT_EQ(agent.get(QStringLiteral("d-1")).json().value(QLatin1String("status")).toString(), QStringLiteral("approved"));
}

TEST_F(Approvers, TwoApproversAtTheSameMomentDecideOnce)
{
    CallbackReceiver receiver;
    const QString id = submit(QStringLiteral("race-1"), receiver.url());
    const QByteArray mia = server.login(QStringLiteral("mia"));
    const QByteArray max = server.login(QStringLiteral("max"));
    auto send = [&](const QByteArray &token, const QString &decision, const QString &feedback) {
        QNetworkRequest req{QUrl(server.url(QStringLiteral("/api/v1/approvals/%1/decision").arg(id)))};
        req.setRawHeader("Authorization", "Bearer " + token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return http.network().post(req, QJsonDocument(QJsonObject{{QStringLiteral("decision"), decision}, {QStringLiteral("feedback"), feedback},
                                                                  {QStringLiteral("version"), 1}}).toJson());
    };
    QNetworkReply *a = send(mia, QStringLiteral("approve"), {});
    QNetworkReply *b = send(max, QStringLiteral("reject"), QStringLiteral("Off brand"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return a->isFinished() && b->isFinished(); }, 5000));
    const int sa = a->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const int sb = b->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    EXPECT_EQ(QList<int>({sa, sb}).count(200), 1);
    EXPECT_EQ(QList<int>({sa, sb}).count(409), 1);
    const QJsonObject loser = QJsonDocument::fromJson((sa == 409 ? a : b)->readAll()).object();
    EXPECT_EQ(loser.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("conflict"));
    const QString winner = sa == 200 ? QStringLiteral("mia") : QStringLiteral("max");
    EXPECT_EQ(loser.value(QLatin1String("approval")).toObject().value(QLatin1String("decision")).toObject()
                  .value(QLatin1String("decided_by")).toString(), winner) << "the conflict carries the winner's decision";
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 1; }, 5000));
    // The attempt is recorded before the clock moves, so that a retry wrongly scheduled from it would be due.
    ASSERT_TRUE(QTest::qWaitFor([&] { return agent.get(QStringLiteral("race-1")).body.contains("\"callback_delivered\""); }, 5000));
    // A second callback would be due by now: sent before the dispatcher goes idle, if at all.
    ASSERT_TRUE(server.advanceUntilIdle(3600 * 1000));
    EXPECT_EQ(receiver.received().size(), 1) << "the agent hears exactly one decision";
    a->deleteLater();
    b->deleteLater();
}

TEST_F(Approvers, TheSameRequestIdDecidesOnceAndAnswersTheSame)
{
    const QString id = submit(QStringLiteral("idem-1"));
    const QByteArray token = server.login(QStringLiteral("mia"));
    const QJsonObject body{{QStringLiteral("decision"), QStringLiteral("revise")}, {QStringLiteral("feedback"), QStringLiteral("Shorter")},
                           {QStringLiteral("request_id"), QStringLiteral("8b8c1d5e-retry")}};
    const HttpResponse first = as(token, "POST", QStringLiteral("/api/v1/approvals/%1/decision").arg(id), body);
    const HttpResponse again = as(token, "POST", QStringLiteral("/api/v1/approvals/%1/decision").arg(id), body);
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.body, first.body);
    EXPECT_EQ(auditActions(id).count(QStringLiteral("decided")), 1);
}

TEST_F(Approvers, RefusedAttemptsAreForbiddenAndAudited)
{
    const QString id = submit(QStringLiteral("forb-1"));
    for (const QString &who : {QStringLiteral("carl"), QStringLiteral("aud")}) {
        const HttpResponse r = as(server.login(who), "POST", QStringLiteral("/api/v1/approvals/%1/decision").arg(id),
                                  {{QStringLiteral("decision"), QStringLiteral("approve")}});
        EXPECT_EQ(r.status, 403) << who.toStdString();
        EXPECT_EQ(r.errorCode(), QStringLiteral("forbidden"));
    }
    EXPECT_EQ(auditActions(id).count(QStringLiteral("forbidden_attempt")), 2);
    EXPECT_EQ(agent.get(QStringLiteral("forb-1")).json().value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    // An admin may decide anything; the decision is recorded under the admin role.
    const HttpResponse admin = as(server.login(QStringLiteral("ada")), "POST", QStringLiteral("/api/v1/approvals/%1/decision").arg(id),
                                  {{QStringLiteral("decision"), QStringLiteral("approve")}});
    EXPECT_EQ(admin.status, 200);
    EXPECT_EQ(admin.json().value(QLatin1String("approval")).toObject().value(QLatin1String("decision")).toObject()
                  .value(QLatin1String("role")).toString(), QStringLiteral("admin"));
}

TEST_F(Approvers, TheAuditLogIsForAdminsAndAuditorsAndChained)
{
    submit(QStringLiteral("aud-1"));
    EXPECT_EQ(as(server.login(QStringLiteral("mia")), "GET", QStringLiteral("/api/v1/audit")).status, 403);
    const QJsonArray items = as(server.login(QStringLiteral("aud")), "GET", QStringLiteral("/api/v1/audit")).json().value(QLatin1String("items")).toArray();
    ASSERT_GE(items.size(), 2);
    for (qsizetype i = 1; i < items.size(); ++i)
        EXPECT_EQ(items.at(i).toObject().value(QLatin1String("prev_hash")), items.at(i - 1).toObject().value(QLatin1String("hash")));
    const qint64 firstSeq = items.at(0).toObject().value(QLatin1String("seq")).toInteger();
    const QJsonArray after = as(server.login(QStringLiteral("aud")), "GET", QStringLiteral("/api/v1/audit?after=%1").arg(firstSeq))
                                 .json().value(QLatin1String("items")).toArray();
    EXPECT_EQ(after.size(), items.size() - 1);
}
