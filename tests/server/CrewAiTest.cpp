// CrewAI AMP's human-in-the-loop webhooks (docs/integrations.md): a validly signed Flow request becomes an
// approval with its emit outcomes; a bad or stale signature is 401 and stores nothing; the decision reaches
// the Flow's callback_url (or a crew's /resume) exactly once, even when the first two attempts fail. The
// fake CrewAI endpoint is a CallbackReceiver on loopback; time moves by the manual clock.
#include "CallbackReceiver.h"
#include "TestServer.h"

#include "domain/Outcomes.h"
#include "intake/CrewAiWebhook.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

const QByteArray WebhookSecret = "whsec_0123456789abcdef";

class CrewAi : public ::testing::Test
{
protected:
    CallbackReceiver crewai;  // the fake CrewAI AMP
    TestServer server{[this](server::Config &c) {
        c.crewai.webhookSecret = WebhookSecret;
        c.crewai.crewBaseUrl = crewai.base();
        c.crewai.crewBearerToken = "crew-token";
    }};
    Http http;

    void SetUp() override { server.addTeam(); }

    QJsonObject flowRequest(const QString &id) const
    {
        return {{QStringLiteral("event_type"), QStringLiteral("new_request")},
                {QStringLiteral("id"), id},
                {QStringLiteral("status"), QStringLiteral("pending")},
                {QStringLiteral("flow_id"), QStringLiteral("flow-7")},
                {QStringLiteral("flow_class"), QStringLiteral("ContentApprovalFlow")},
                {QStringLiteral("method_name"), QStringLiteral("review_content")},
                {QStringLiteral("message"), QStringLiteral("Please review this content for brand compliance:")},
                {QStringLiteral("output"), QStringLiteral("{\"subject\": \"Q1 launch\", \"body\": \"Meet WalterSignal\"}")},
                {QStringLiteral("emit"), QJsonArray{QStringLiteral("approved"), QStringLiteral("rejected"), QStringLiteral("needs_revision")}},
                {QStringLiteral("state"), QJsonObject{{QStringLiteral("campaign"), QStringLiteral("Q1")}}},
                {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("team"), QStringLiteral("marketing")}}},
                {QStringLiteral("callback_url"), crewai.url()},
                {QStringLiteral("response_token"), QStringLiteral("rt-secret-1")}};
    }

    HttpResponse post(const QJsonObject &body, qint64 timestampOffsetS = 0, const QByteArray &secret = WebhookSecret,
                      Http::Headers extra = {})
    {
        const QByteArray bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
        const QByteArray ts = QByteArray::number(server.clock().nowMs() / 1000 + timestampOffsetS);
        Http::Headers headers{{"Content-Type", "application/json"}};
        if (!secret.isEmpty()) {
            headers.append({"X-CrewAI-Timestamp", ts});
            headers.append({"X-CrewAI-Signature", server::crewai::signatureFor(secret, ts, bytes)});
        }
        headers += extra;
        return http.request("POST", server.url(QStringLiteral("/api/v1/integrations/crewai")), bytes, headers);
    }

    // Every approval, as an admin sees them.
    QJsonArray approvals()
    {
        const HttpResponse r = http.request("GET", server.url(QStringLiteral("/api/v1/queue?status=pending,approved,rejected,revision_requested,expired")),
                                            {}, {{"Authorization", "Bearer " + server.login(QStringLiteral("ada"))}});
        return r.json().value(QLatin1String("items")).toArray();
    }

    // Waits until `n` answer attempts are recorded in the approval's history (so the next retry is scheduled
    // from the clock as it is now).
    bool waitForAttempts(int n)
    {
        return QTest::qWaitFor([&] {
            int attempts = 0;
            for (const QJsonValue &e : approvals().first().toObject().value(QLatin1String("history")).toArray())
                attempts += e.toObject().value(QLatin1String("action")).toString().startsWith(QLatin1String("callback_")) ? 1 : 0;
            return attempts >= n;
        }, 10000);
    }

    bool waitForAnswers(int n)
    {
        return QTest::qWaitFor([&] { return crewai.received().size() >= n; }, 10000);
    }
};

} // namespace

TEST_F(CrewAi, ASignedFlowRequestBecomesAnApprovalWithItsOutcomes)
{
    const HttpResponse r = post(flowRequest(QStringLiteral("req-1")));
    ASSERT_EQ(r.status, 202) << r.body.toStdString();
    EXPECT_EQ(r.json().value(QLatin1String("route")).toString(), QStringLiteral("Manager"));

    const QJsonArray all = approvals();
    ASSERT_EQ(all.size(), 1);
    const QJsonObject a = all.first().toObject();
    EXPECT_EQ(a.value(QLatin1String("source")).toString(), QStringLiteral("crewai"));
    EXPECT_EQ(a.value(QLatin1String("agent")).toString(), QStringLiteral("ContentApprovalFlow.review_content"));
    EXPECT_EQ(a.value(QLatin1String("title")).toString(), QStringLiteral("Please review this content for brand compliance:"));
    EXPECT_EQ(a.value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Q1 launch"))
        << "JSON text is shown as the object it is";
    EXPECT_EQ(a.value(QLatin1String("context")).toObject().value(QLatin1String("state")).toObject().value(QLatin1String("campaign")).toString(),
              QStringLiteral("Q1"));
    EXPECT_EQ(a.value(QLatin1String("metadata")).toObject().value(QLatin1String("crewai_outcomes")).toArray().size(), 3)
        << "the emit outcomes are offered";
    const QByteArray shown = QJsonDocument(a).toJson();
    EXPECT_FALSE(shown.contains("rt-secret-1")) << "approvers never see the response token";
    EXPECT_FALSE(shown.contains("integration"));

    // The same webhook again (a retry by hand): the same approval, not a second one.
    EXPECT_EQ(post(flowRequest(QStringLiteral("req-1"))).status, 200);
    EXPECT_EQ(approvals().size(), 1);
}

TEST_F(CrewAi, ABadOrStaleSignatureIs401AndStoresNothing)
{
    const HttpResponse wrongSecret = post(flowRequest(QStringLiteral("req-1")), 0, "whsec_not-the-secret");
    EXPECT_EQ(wrongSecret.status, 401);
    EXPECT_EQ(wrongSecret.errorCode(), QStringLiteral("invalid_signature"));

    const HttpResponse stale = post(flowRequest(QStringLiteral("req-2")), -301);
    EXPECT_EQ(stale.status, 401);
    EXPECT_TRUE(stale.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QStringLiteral("5 minutes")));

    const HttpResponse unsigned_ = post(flowRequest(QStringLiteral("req-3")), 0, QByteArray());
    EXPECT_EQ(unsigned_.status, 401);

    // Signed, then changed on the way: the signature no longer matches.
    const QByteArray bytes = QJsonDocument(flowRequest(QStringLiteral("req-4"))).toJson(QJsonDocument::Compact);
    const QByteArray ts = QByteArray::number(server.clock().nowMs() / 1000);
    QByteArray tampered = bytes;
    tampered.replace("Q1 launch", "Q2 launch");
    const HttpResponse r = http.request("POST", server.url(QStringLiteral("/api/v1/integrations/crewai")), tampered,
                                        {{"Content-Type", "application/json"}, {"X-CrewAI-Timestamp", ts},
                                         {"X-CrewAI-Signature", server::crewai::signatureFor(WebhookSecret, ts, bytes)}});
    EXPECT_EQ(r.status, 401);

    EXPECT_TRUE(approvals().isEmpty()) << "nothing stored";
    EXPECT_TRUE(crewai.received().isEmpty());
}

TEST_F(CrewAi, TheDecisionReachesTheFlowsCallbackExactlyOnceEvenWhenItFailsTwiceFirst)
{
    crewai.setStatuses({500, 503});
    ASSERT_EQ(post(flowRequest(QStringLiteral("req-1"))).status, 202);
    const QString id = approvals().first().toObject().value(QLatin1String("id")).toString();
    ASSERT_TRUE(std::holds_alternative<server::Applied>(server.decide(id, QStringLiteral("revise"), QStringLiteral("Mention the free trial"))));

    ASSERT_TRUE(waitForAnswers(1));
    ASSERT_TRUE(waitForAttempts(1));
    server.clock().advance(3000);  // the first retry: 2 s +-25%
    ASSERT_TRUE(waitForAnswers(2));
    ASSERT_TRUE(waitForAttempts(2));
    server.clock().advance(6000);  // the second: 4 s +-25%
    ASSERT_TRUE(waitForAnswers(3));
    ASSERT_TRUE(waitForAttempts(3));
    // Nothing further is due: a fourth request would be a duplicate, sent before the dispatcher goes idle.
    ASSERT_TRUE(server.advanceUntilIdle(3600 * 1000));
    ASSERT_EQ(crewai.received().size(), 3) << "delivered on the third attempt, then never again";

    const CallbackReceiver::Received &last = crewai.received().last();
    const QJsonObject body = QJsonDocument::fromJson(last.body).object();
    EXPECT_EQ(body.value(QLatin1String("feedback")).toString(), QStringLiteral("needs_revision: Mention the free trial"));
    EXPECT_EQ(body.value(QLatin1String("outcome")).toString(), QStringLiteral("needs_revision"));
    EXPECT_EQ(body.value(QLatin1String("source")).toString(), QStringLiteral("countersign"));
    EXPECT_EQ(body.value(QLatin1String("response_token")).toString(), QStringLiteral("rt-secret-1"));
    EXPECT_EQ(last.header("Authorization"), QByteArray("Bearer rt-secret-1"));
    EXPECT_EQ(crewai.received().first().header("X-Countersign-Delivery"), last.header("X-Countersign-Delivery"))
        << "one delivery, retried";
}

TEST_F(CrewAi, ACrewsHumanInputRequestIsAnsweredThroughResume)
{
    const QJsonObject request{{QStringLiteral("execution_id"), QStringLiteral("exec-42")},
                              {QStringLiteral("task_id"), QStringLiteral("research_task")},
                              {QStringLiteral("agent"), QStringLiteral("Researcher")},
                              {QStringLiteral("description"), QStringLiteral("Research the market for WalterSignal")},
                              {QStringLiteral("output"), QStringLiteral("Three competitors, all pricier.")}};
    ASSERT_EQ(post(request).status, 202);
    const QJsonObject a = approvals().first().toObject();
    EXPECT_EQ(a.value(QLatin1String("agent")).toString(), QStringLiteral("Researcher"));
    EXPECT_EQ(a.value(QLatin1String("output")).toString(), QStringLiteral("Three competitors, all pricier."));

    server.decide(a.value(QLatin1String("id")).toString(), QStringLiteral("approve"));
    ASSERT_TRUE(waitForAnswers(1));
    const CallbackReceiver::Received &resume = crewai.received().first();
    EXPECT_EQ(resume.path, QStringLiteral("/resume"));
    EXPECT_EQ(resume.header("Authorization"), QByteArray("Bearer crew-token"));
    const QJsonObject body = QJsonDocument::fromJson(resume.body).object();
    EXPECT_EQ(body.value(QLatin1String("execution_id")).toString(), QStringLiteral("exec-42"));
    EXPECT_EQ(body.value(QLatin1String("task_id")).toString(), QStringLiteral("research_task"));
    EXPECT_TRUE(body.value(QLatin1String("is_approve")).toBool());
    EXPECT_FALSE(body.value(QLatin1String("human_feedback")).toString().isEmpty());
}

TEST_F(CrewAi, TheOutcomeTheApproverChoseIsWhatTheFlowHears)
{
    QJsonObject request = flowRequest(QStringLiteral("req-1"));
    request.insert(QStringLiteral("emit"), QJsonArray{QStringLiteral("publish"), QStringLiteral("hold_for_legal")});
    ASSERT_EQ(post(request).status, 202);
    const QJsonObject a = approvals().first().toObject();
    const QByteArray token = server.login(QStringLiteral("mia"));
    auto decide = [&](const QString &outcome) {
        const QJsonObject body{{QStringLiteral("version"), 1}, {QStringLiteral("decision"), QStringLiteral("approve")},
                               {QStringLiteral("outcome"), outcome}};
        return http.request("POST", server.url(QStringLiteral("/api/v1/approvals/%1/decision").arg(a.value(QLatin1String("id")).toString())),
                            QJsonDocument(body).toJson(), {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    };
    const HttpResponse notOffered = decide(QStringLiteral("ship_it"));
    EXPECT_EQ(notOffered.status, 400);
    EXPECT_EQ(notOffered.json().value(QLatin1String("error")).toObject().value(QLatin1String("field")).toString(), QStringLiteral("outcome"));
    EXPECT_EQ(approvals().first().toObject().value(QLatin1String("status")).toString(), QStringLiteral("pending")) << "nothing changed";

    const HttpResponse chosen = decide(QStringLiteral("hold_for_legal"));
    ASSERT_EQ(chosen.status, 200) << chosen.body.toStdString();
    EXPECT_EQ(chosen.json().value(QLatin1String("approval")).toObject().value(QLatin1String("decision")).toObject()
                  .value(QLatin1String("outcome")).toString(), QStringLiteral("hold_for_legal"));
    ASSERT_TRUE(waitForAnswers(1));
    const QJsonObject body = QJsonDocument::fromJson(crewai.received().first().body).object();
    EXPECT_EQ(body.value(QLatin1String("outcome")).toString(), QStringLiteral("hold_for_legal"));
    EXPECT_EQ(body.value(QLatin1String("feedback")).toString(), QStringLiteral("hold_for_legal"));
}

TEST_F(CrewAi, OutcomesFollowTheDecision)
{
    const QStringList emit{QStringLiteral("approved"), QStringLiteral("rejected"), QStringLiteral("needs_revision")};
    EXPECT_EQ(outcomes::outcomeFor(QStringLiteral("approve"), emit), QStringLiteral("approved"));
    EXPECT_EQ(outcomes::outcomeFor(QStringLiteral("approve_with_edits"), emit), QStringLiteral("approved"));
    EXPECT_EQ(outcomes::outcomeFor(QStringLiteral("reject"), emit), QStringLiteral("rejected"));
    EXPECT_EQ(outcomes::outcomeFor(QStringLiteral("revise"), emit), QStringLiteral("needs_revision"));
    EXPECT_EQ(outcomes::outcomeFor(QStringLiteral("revise"), {QStringLiteral("publish"), QStringLiteral("drop")}), QString());
}
