// docs/protocol.md section 1, "Submit": every answer as written, and nothing stored on any error.
#include "TestServer.h"

#include "protocol/Hmac.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

class Intake : public ::testing::Test
{
protected:
    TestServer server;
    Agent agent{server};

    // The task was never stored: the agent's own read does not find it.
    void expectNotStored(const QString &taskId)
    {
        const HttpResponse r = agent.get(taskId);
        EXPECT_EQ(r.status, 404) << "task " << taskId.toStdString() << " was stored: " << r.body.toStdString();
    }
};

} // namespace

TEST_F(Intake, AcceptsASignedSubmissionAndStoresIt)
{
    const HttpResponse r = agent.submit(emailSubmission(QStringLiteral("email-1")));
    ASSERT_EQ(r.status, 202) << r.body.toStdString();
    const QJsonObject body = r.json();
    EXPECT_EQ(body.value(QLatin1String("status")).toString(), QStringLiteral("queued"));
    EXPECT_EQ(body.value(QLatin1String("task_id")).toString(), QStringLiteral("email-1"));
    EXPECT_FALSE(body.value(QLatin1String("approval_id")).toString().isEmpty());
    EXPECT_EQ(body.value(QLatin1String("route")).toString(), QStringLiteral("Manager"));
    EXPECT_TRUE(body.contains(QLatin1String("expires_at")));

    const HttpResponse read = agent.get(QStringLiteral("email-1"));
    ASSERT_EQ(read.status, 200);
    const QJsonObject a = read.json();
    EXPECT_EQ(a.value(QLatin1String("id")).toString(), body.value(QLatin1String("approval_id")).toString());
    EXPECT_EQ(a.value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    EXPECT_EQ(a.value(QLatin1String("source")).toString(), QStringLiteral("crew-a"));
    EXPECT_EQ(a.value(QLatin1String("version")).toInt(), 1);
    EXPECT_EQ(a.value(QLatin1String("output")).toObject(), emailSubmission(QString()).value(QLatin1String("output")).toObject());
    EXPECT_EQ(a.value(QLatin1String("context")).toObject().value(QLatin1String("campaign")).toString(), QStringLiteral("Q1 2025 Launch"));
    EXPECT_EQ(a.value(QLatin1String("priority")).toString(), QStringLiteral("normal"));
    EXPECT_GT(a.value(QLatin1String("seq")).toInteger(), 0);
    const QJsonArray history = a.value(QLatin1String("history")).toArray();
    ASSERT_EQ(history.size(), 2);
    EXPECT_EQ(history.at(0).toObject().value(QLatin1String("action")).toString(), QStringLiteral("created"));
    EXPECT_EQ(history.at(1).toObject().value(QLatin1String("action")).toString(), QStringLiteral("routed"));
}

TEST_F(Intake, OptionalFieldsAreKeptAndTimeoutSetsTheDeadline)
{
    QJsonObject s = emailSubmission(QStringLiteral("opt-1"));
    s.insert(QStringLiteral("title"), QStringLiteral("Launch email"));
    s.insert(QStringLiteral("type"), QStringLiteral("content"));
    s.insert(QStringLiteral("priority"), QStringLiteral("critical"));
    s.insert(QStringLiteral("timeout_s"), 3600);
    s.insert(QStringLiteral("criteria"), QJsonArray{QStringLiteral("Brand voice"), QStringLiteral("No false claims")});
    s.insert(QStringLiteral("allowed_decisions"), QJsonArray{QStringLiteral("approve"), QStringLiteral("reject")});
    s.insert(QStringLiteral("max_revisions"), 1);
    s.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("crew"), QStringLiteral("marketing")}});
    s.insert(QStringLiteral("crew_run_id"), QStringLiteral("run-77"));  // unknown: kept and shown
    const HttpResponse r = agent.submit(s);
    ASSERT_EQ(r.status, 202) << r.body.toStdString();
    const QDateTime expires = QDateTime::fromString(r.json().value(QLatin1String("expires_at")).toString(), Qt::ISODate);
    EXPECT_NEAR(double(server.clock().now().secsTo(expires)), 3600.0, 1.0);

    const QJsonObject a = agent.get(QStringLiteral("opt-1")).json();
    EXPECT_EQ(a.value(QLatin1String("title")).toString(), QStringLiteral("Launch email"));
    EXPECT_EQ(a.value(QLatin1String("type")).toString(), QStringLiteral("content"));
    EXPECT_EQ(a.value(QLatin1String("priority")).toString(), QStringLiteral("critical"));
    EXPECT_EQ(a.value(QLatin1String("criteria")).toArray().size(), 2);
    EXPECT_EQ(a.value(QLatin1String("allowed_decisions")).toArray(), (QJsonArray{QStringLiteral("approve"), QStringLiteral("reject")}));
    EXPECT_EQ(a.value(QLatin1String("max_revisions")).toInt(), 1);
    EXPECT_EQ(a.value(QLatin1String("metadata")).toObject().value(QLatin1String("crew")).toString(), QStringLiteral("marketing"));
    EXPECT_EQ(a.value(QLatin1String("extra")).toObject().value(QLatin1String("crew_run_id")).toString(), QStringLiteral("run-77"));
}

TEST_F(Intake, TheNulCharacterIsRefusedInABodyAndInAPathAndNothingIsStored)
{
    // PostgreSQL cannot keep U+0000 in text: both engines refuse it the same way rather than one storing what
    // the other turns into a 503 retried forever.
    QByteArray body = QJsonDocument(emailSubmission(QStringLiteral("nul-1"))).toJson(QJsonDocument::Compact);
    body.replace("Launch", "Lau\\u0000nch");
    ASSERT_TRUE(body.contains("\\u0000"));
    const HttpResponse refused = agent.submitRaw(body);
    EXPECT_EQ(refused.status, 400) << refused.body.toStdString();
    EXPECT_TRUE(refused.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QStringLiteral("NUL")));
    EXPECT_EQ(agent.get(QStringLiteral("nul-1")).status, 404) << "nothing was stored";
    // An escaped backslash followed by "u0000" is ordinary text.
    QByteArray text = QJsonDocument(emailSubmission(QStringLiteral("nul-2"))).toJson(QJsonDocument::Compact);
    text.replace("Launch", "C:\\\\u0000 path");
    EXPECT_EQ(agent.submitRaw(text).status, 202) << text.toStdString();
    // A NUL in the path (an agent reading a task id with a NUL in it) is refused before any route or signature check.
    EXPECT_EQ(agent.http().request("GET", server.url(QStringLiteral("/api/v1/approvals/a%00b"))).status, 400);
}

TEST_F(Intake, AByteIdenticalRetryAnswers200WithTheSameApproval)
{
    const QByteArray body = QJsonDocument(emailSubmission(QStringLiteral("retry-1"))).toJson(QJsonDocument::Compact);
    const HttpResponse first = agent.submitRaw(body);
    ASSERT_EQ(first.status, 202);
    const HttpResponse again = agent.submitRaw(body);
    ASSERT_EQ(again.status, 200) << again.body.toStdString();
    EXPECT_EQ(again.json().value(QLatin1String("id")).toString(), first.json().value(QLatin1String("approval_id")).toString());
    EXPECT_EQ(again.json().value(QLatin1String("status")).toString(), QStringLiteral("pending"));
}

TEST_F(Intake, TheSameTaskIdWithAnotherBodyIsAConflict)
{
    ASSERT_EQ(agent.submit(emailSubmission(QStringLiteral("dup-1"))).status, 202);
    QJsonObject changed = emailSubmission(QStringLiteral("dup-1"));
    changed.insert(QStringLiteral("agent"), QStringLiteral("Someone else"));
    const HttpResponse r = agent.submit(changed);
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.errorCode(), QStringLiteral("duplicate_task_id"));
    EXPECT_EQ(agent.get(QStringLiteral("dup-1")).json().value(QLatin1String("agent")).toString(), QStringLiteral("Marketing Copywriter"));
}

TEST_F(Intake, TaskIdsAreUniquePerSourceNotGlobally)
{
    Agent other(server, QStringLiteral("crew-b"), SecretB);
    ASSERT_EQ(agent.submit(emailSubmission(QStringLiteral("shared-1"))).status, 202);
    ASSERT_EQ(other.submit(emailSubmission(QStringLiteral("shared-1"))).status, 202);
    EXPECT_NE(agent.get(QStringLiteral("shared-1")).json().value(QLatin1String("id")),
              other.get(QStringLiteral("shared-1")).json().value(QLatin1String("id")));
}

TEST_F(Intake, BadMissingOrForeignSignaturesAre401AndStoreNothing)
{
    const QByteArray body = QJsonDocument(emailSubmission(QStringLiteral("sig-1"))).toJson(QJsonDocument::Compact);
    const struct {
        const char *why;
        Http::Headers headers;
    } cases[] = {
        {"wrong signature", {{"X-Webhook-Signature", "sha256=" + QByteArray(64, 'a')}}},
        {"missing signature", {{"X-Webhook-Signature", QByteArray()}}},
        {"signed with another source's secret", {{"X-Webhook-Signature", hmac::signatureHeader(SecretB, body)}}},
        {"unknown source", {{"X-Webhook-Source", "crew-z"}}},
        {"no source with two configured", {{"X-Webhook-Source", QByteArray()}}},
    };
    for (const auto &c : cases) {
        const HttpResponse r = agent.submitRaw(body, c.headers);
        EXPECT_EQ(r.status, 401) << c.why;
        EXPECT_EQ(r.errorCode(), QStringLiteral("invalid_signature")) << c.why;
    }
    expectNotStored(QStringLiteral("sig-1"));
}

TEST(IntakeSingleSource, AcceptsBareHexAndNoSourceHeader)
{
    TestServer server([](server::Config &c) { c.sources.removeLast(); });
    Agent agent(server);
    const QByteArray body = QJsonDocument(emailSubmission(QStringLiteral("bare-1"))).toJson(QJsonDocument::Compact);
    const HttpResponse r = agent.submitRaw(body, {{"X-Webhook-Source", QByteArray()}, {"X-Webhook-Signature", hmac::sign(SecretA, body)}});
    EXPECT_EQ(r.status, 202) << r.body.toStdString();
}

TEST_F(Intake, InvalidJsonAndMissingOrIllTypedFieldsAre400NamingTheField)
{
    EXPECT_EQ(agent.submitRaw("{not json").errorCode(), QStringLiteral("invalid_json"));
    EXPECT_EQ(agent.submitRaw("[1,2]").status, 400);

    const struct {
        QString remove;
        QString key;
        QJsonValue value;
        QString field;
    } cases[] = {
        {QStringLiteral("task_id"), {}, {}, QStringLiteral("task_id")},
        {QStringLiteral("agent"), {}, {}, QStringLiteral("agent")},
        {QStringLiteral("output"), {}, {}, QStringLiteral("output")},
        {{}, QStringLiteral("task_id"), 12, QStringLiteral("task_id")},
        {{}, QStringLiteral("task_id"), QString(201, u'x'), QStringLiteral("task_id")},
        {{}, QStringLiteral("agent"), QJsonArray{}, QStringLiteral("agent")},
        {{}, QStringLiteral("output"), 42, QStringLiteral("output")},
        {{}, QStringLiteral("context"), QStringLiteral("text"), QStringLiteral("context")},
        {{}, QStringLiteral("priority"), QStringLiteral("urgent"), QStringLiteral("priority")},
        {{}, QStringLiteral("timeout_s"), 0, QStringLiteral("timeout_s")},
        {{}, QStringLiteral("timeout_s"), 1.5, QStringLiteral("timeout_s")},
        {{}, QStringLiteral("callback_url"), QStringLiteral("ftp://example.invalid/x"), QStringLiteral("callback_url")},
        {{}, QStringLiteral("criteria"), QJsonArray{QStringLiteral("ok"), 3}, QStringLiteral("criteria[1]")},
        {{}, QStringLiteral("allowed_decisions"), QJsonArray{QStringLiteral("approve"), QStringLiteral("maybe")}, QStringLiteral("allowed_decisions[1]")},
        {{}, QStringLiteral("max_revisions"), -1, QStringLiteral("max_revisions")},
        {{}, QStringLiteral("metadata"), QJsonArray{}, QStringLiteral("metadata")},
    };
    for (const auto &c : cases) {
        QJsonObject s = emailSubmission(QStringLiteral("bad-1"));
        if (!c.remove.isEmpty())
            s.remove(c.remove);
        else
            s.insert(c.key, c.value);
        const HttpResponse r = agent.submit(s);
        EXPECT_EQ(r.status, 400) << c.field.toStdString();
        EXPECT_EQ(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("field")).toString(), c.field);
        EXPECT_FALSE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().isEmpty());
    }
    expectNotStored(QStringLiteral("bad-1"));
}

TEST_F(Intake, ABodyOverTheLimitIs413)
{
    QJsonObject s = emailSubmission(QStringLiteral("big-1"));
    s.insert(QStringLiteral("output"), QString(1024 * 1024, u'x'));
    const HttpResponse r = agent.submit(s);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.errorCode(), QStringLiteral("body_too_large"));
    expectNotStored(QStringLiteral("big-1"));
}

TEST_F(Intake, ABodyThatIsNotJsonIs415)
{
    const QByteArray body = QJsonDocument(emailSubmission(QStringLiteral("form-1"))).toJson(QJsonDocument::Compact);
    const HttpResponse r = agent.submitRaw(body, {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(r.status, 415);
    EXPECT_EQ(r.errorCode(), QStringLiteral("unsupported_media_type"));
    expectNotStored(QStringLiteral("form-1"));
    EXPECT_EQ(agent.submitRaw(body, {{"Content-Type", "application/json; charset=utf-8"}}).status, 202);
}

TEST(IntakeRateLimit, OverTheSourcesRateIs429WithRetryAfter)
{
    TestServer server([](server::Config &c) {
        c.sources.first().ratePerSecond = 1;
        c.sources.first().burst = 2;
    });
    Agent agent(server);
    Agent other(server, QStringLiteral("crew-b"), SecretB);
    EXPECT_EQ(agent.submit(emailSubmission(QStringLiteral("r1"))).status, 202);
    EXPECT_EQ(agent.submit(emailSubmission(QStringLiteral("r2"))).status, 202);
    const HttpResponse limited = agent.submit(emailSubmission(QStringLiteral("r3")));
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.errorCode(), QStringLiteral("rate_limited"));
    EXPECT_EQ(limited.header("Retry-After"), QByteArray("1"));
    EXPECT_EQ(other.submit(emailSubmission(QStringLiteral("r3"))).status, 202) << "one source's limit is not another's";
    server.clock().advance(1000);
    EXPECT_EQ(agent.submit(emailSubmission(QStringLiteral("r3"))).status, 202) << "a token comes back after a second";
}

TEST_F(Intake, UnknownPathsAndMethodsAnswerInTheErrorShape)
{
    const HttpResponse missing = agent.http().request("GET", server.url(QStringLiteral("/api/v1/nothing")));
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.errorCode(), QStringLiteral("not_found"));
    const HttpResponse method = agent.http().request("PUT", server.url(QStringLiteral("/api/v1/approvals")));
    EXPECT_EQ(method.status, 405);
    EXPECT_EQ(method.errorCode(), QStringLiteral("method_not_allowed"));
}

TEST_F(Intake, HealthAndReadiness)
{
    EXPECT_EQ(agent.http().request("GET", server.url(QStringLiteral("/healthz"))).status, 200);
    const HttpResponse ready = agent.http().request("GET", server.url(QStringLiteral("/readyz")));
    EXPECT_EQ(ready.status, 200);
    EXPECT_EQ(ready.json().value(QLatin1String("status")).toString(), QStringLiteral("ready"));
}

// JSON nested deeper than the documented limit is a 400 naming it, and nothing is stored (issue 14, defect 16);
// up to the limit is accepted. Brackets inside strings do not count.
TEST_F(Intake, JsonNestedDeeperThanTheLimitIsRefusedNamingIt)
{
    auto nested = [](int depth) {
        QByteArray v = "\"x\"";
        for (int i = 0; i < depth; ++i)
            v = "{\"a\":" + v + "}";
        return v;
    };
    // The body itself is one level: output at 63 more is 64 in all.
    const QByteArray fine = R"({"task_id":"deep-ok","agent":"A","output":)" + nested(63) + R"(,"title":"[[[[{{{{"})";
    EXPECT_EQ(agent.submitRaw(fine).status, 202) << "64 levels are allowed";
    const QByteArray deep = R"({"task_id":"deep-1","agent":"A","output":)" + nested(1000) + "}";
    const HttpResponse r = agent.submitRaw(deep);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("invalid_json"));
    EXPECT_TRUE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QStringLiteral("64")))
        << r.body.toStdString();
    expectNotStored(QStringLiteral("deep-1"));
}
