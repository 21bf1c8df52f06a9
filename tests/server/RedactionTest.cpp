// Redaction: secrets in an approval's output and context never reach an approver's WebSocket frame or queue,
// an email, a Slack message, a log line or the audit log, while the agent's own read and the callback keep
// them. An edit that touches a masked part is refused; one that leaves the masks gets the originals back.
#include "CallbackReceiver.h"
#include "SmtpSink.h"
#include "TestServer.h"
#include "WsClient.h"

#include "intake/CrewAiWebhook.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

const QString ApiKey = QStringLiteral("zq-live-api-key-7781");
const QString Ssn = QStringLiteral("123-45-6789");
const QString Password = QStringLiteral("hunter2-horse-battery");
const QString ContextToken = QStringLiteral("ctx-session-token-4242");
const QStringList Secrets = {ApiKey, Ssn, Password, ContextToken};

// Every log line the process writes during a test.
QMutex logMutex;
QStringList logLines;
QtMessageHandler previousHandler = nullptr;
void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&logMutex);
        logLines.append(message);
    }
    if (previousHandler)
        previousHandler(type, context, message);
}

QString leakIn(const QString &text)
{
    for (const QString &s : Secrets) {
        if (text.contains(s))
            return s;
    }
    return {};
}

class Redaction : public ::testing::Test
{
protected:
    SmtpSink sink;
    CallbackReceiver slack;
    CallbackReceiver callback;
    std::unique_ptr<TestServer> server;
    std::unique_ptr<Agent> agent;

    void SetUp() override
    {
        logLines.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("countersign.*=true"));
        previousHandler = qInstallMessageHandler(captureLog);
        const QByteArray policies = QStringLiteral(R"({
            "redaction": {"keys": ["api_key"], "patterns": ["\\b\\d{3}-\\d{2}-\\d{4}\\b"]},
            "notifications": {"email": {"host": "127.0.0.1", "port": %1, "from": "countersign@example.test"},
                              "slack": {"default_webhook": "%2"},
                              "channels": {"critical": ["desktop", "email", "slack"]}}})").arg(sink.port()).arg(slack.url()).toUtf8();
        server = std::make_unique<TestServer>([&](server::Config &c) { usePolicies(c, policies); });
        server->addTeam();
        agent = std::make_unique<Agent>(*server);
    }
    void TearDown() override
    {
        server.reset();
        qInstallMessageHandler(previousHandler);
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false"));
    }

    QJsonObject secretSubmission(const QString &taskId)
    {
        return {
            {QStringLiteral("task_id"), taskId},
            {QStringLiteral("agent"), QStringLiteral("Billing Agent")},
            {QStringLiteral("title"), QStringLiteral("Connect the billing provider")},
            {QStringLiteral("priority"), QStringLiteral("critical")},
            {QStringLiteral("callback_url"), callback.url()},
            {QStringLiteral("output"), QJsonObject{
                {QStringLiteral("subject"), QStringLiteral("Your account")},
                {QStringLiteral("body"), QStringLiteral("We verified SSN %1 for you.").arg(Ssn)},
                {QStringLiteral("api_key"), ApiKey},
                {QStringLiteral("settings"), QJsonObject{{QStringLiteral("Password"), Password}, {QStringLiteral("region"), QStringLiteral("eu")}}}}},
            {QStringLiteral("context"), QJsonObject{{QStringLiteral("access_token"), ContextToken}, {QStringLiteral("customer"), QStringLiteral("ACME")}}},
        };
    }
    HttpResponse decideOverHttp(const QString &id, const QJsonObject &body)
    {
        Http http;
        return http.request("POST", server->url(QStringLiteral("/api/v1/approvals/%1/decision").arg(id)),
                            QJsonDocument(body).toJson(QJsonDocument::Compact),
                            {{"Authorization", "Bearer " + server->login(QStringLiteral("mia"))}, {"Content-Type", "application/json"}});
    }
};

} // namespace

TEST_F(Redaction, SecretsReachNoApproverNotificationLogOrAuditButTheAgentKeepsThem)
{
    WsClient ws(server->server().port());
    ASSERT_TRUE(ws.waitConnected());
    ws.hello(server->login(QStringLiteral("mia")));
    ASSERT_FALSE(ws.next(QStringLiteral("welcome")).isEmpty());
    (void)ws.syncItems();

    const HttpResponse submitted = agent->submit(secretSubmission(QStringLiteral("billing")));
    ASSERT_EQ(submitted.status, 202);
    const QString id = submitted.json().value(QLatin1String("approval_id")).toString();

    // The approver's push, and what it shows instead.
    const QJsonObject frame = ws.next(QStringLiteral("approval"));
    const QString frameText = QString::fromUtf8(QJsonDocument(frame).toJson());
    EXPECT_EQ(leakIn(frameText), QString());
    const QJsonObject shown = frame.value(QLatin1String("approval")).toObject().value(QLatin1String("output")).toObject();
    EXPECT_EQ(shown.value(QLatin1String("api_key")).toString(), QStringLiteral("[REDACTED]"));
    EXPECT_EQ(shown.value(QLatin1String("body")).toString(), QStringLiteral("We verified SSN [REDACTED] for you."));
    EXPECT_EQ(shown.value(QLatin1String("settings")).toObject().value(QLatin1String("region")).toString(), QStringLiteral("eu"));

    // A reconnect's sync and the REST queue are redacted too.
    WsClient again(server->server().port());
    ASSERT_TRUE(again.waitConnected());
    again.hello(server->login(QStringLiteral("mia")));
    ASSERT_FALSE(again.next(QStringLiteral("welcome")).isEmpty());
    for (const QJsonObject &item : again.syncItems())
        EXPECT_EQ(leakIn(QString::fromUtf8(QJsonDocument(item).toJson())), QString());
    Http http;
    const HttpResponse queue = http.request("GET", server->url(QStringLiteral("/api/v1/queue")), {},
                                            {{"Authorization", "Bearer " + server->login(QStringLiteral("mia"))}});
    ASSERT_EQ(queue.status, 200);
    EXPECT_EQ(leakIn(QString::fromUtf8(queue.body)), QString());

    // Email and Slack.
    ASSERT_TRUE(QTest::qWaitFor([&] { return sink.mails().size() == 1 && slack.received().size() == 1; }, 10000));
    EXPECT_EQ(leakIn(QString::fromUtf8(sink.mails().first().data)), QString());
    EXPECT_TRUE(sink.mails().first().text().contains(QStringLiteral("[REDACTED]")));
    EXPECT_EQ(leakIn(QString::fromUtf8(slack.received().first().body)), QString());

    // Approve with an edit of the subject, leaving the masks as shown: the originals come back.
    QJsonObject edited = shown;
    edited.insert(QStringLiteral("subject"), QStringLiteral("Your account is ready"));
    const HttpResponse decided = decideOverHttp(id, {{QStringLiteral("decision"), QStringLiteral("approve_with_edits")},
                                                     {QStringLiteral("output"), edited}});
    ASSERT_EQ(decided.status, 200) << decided.body.constData();
    EXPECT_EQ(leakIn(QString::fromUtf8(decided.body)), QString());

    // The agent's own read and the callback carry the original values with the approver's edit.
    const QJsonObject mine = agent->get(QStringLiteral("billing")).json();
    EXPECT_EQ(mine.value(QLatin1String("output")).toObject().value(QLatin1String("api_key")).toString(), ApiKey);
    EXPECT_EQ(mine.value(QLatin1String("context")).toObject().value(QLatin1String("access_token")).toString(), ContextToken);
    const QJsonObject finalOutput = mine.value(QLatin1String("decision")).toObject().value(QLatin1String("output")).toObject();
    EXPECT_EQ(finalOutput.value(QLatin1String("subject")).toString(), QStringLiteral("Your account is ready"));
    EXPECT_EQ(finalOutput.value(QLatin1String("api_key")).toString(), ApiKey);
    EXPECT_EQ(finalOutput.value(QLatin1String("settings")).toObject().value(QLatin1String("Password")).toString(), Password);
    EXPECT_TRUE(finalOutput.value(QLatin1String("body")).toString().contains(Ssn));
    ASSERT_TRUE(QTest::qWaitFor([&] { return callback.received().size() == 1; }, 10000));
    const QJsonObject called = QJsonDocument::fromJson(callback.received().first().body).object();
    EXPECT_EQ(called.value(QLatin1String("output")).toObject().value(QLatin1String("api_key")).toString(), ApiKey);

    // The audit log, read as the auditor.
    const HttpResponse audit = http.request("GET", server->url(QStringLiteral("/api/v1/audit")), {},
                                            {{"Authorization", "Bearer " + server->login(QStringLiteral("aud"))}});
    ASSERT_EQ(audit.status, 200);
    EXPECT_TRUE(audit.body.contains("original_output"));  // the edit is audited, redacted
    EXPECT_EQ(leakIn(QString::fromUtf8(audit.body)), QString());

    // Every log line the server wrote meanwhile.
    ASSERT_TRUE(QTest::qWaitFor([&] { return agent->get(QStringLiteral("billing")).body.contains("callback_delivered"); }, 10000));
    QMutexLocker lock(&logMutex);
    EXPECT_FALSE(logLines.isEmpty());
    for (const QString &line : std::as_const(logLines))
        EXPECT_EQ(leakIn(line), QString()) << line.toStdString();
}

TEST_F(Redaction, AnEditThatTouchesAMaskedPartIsRefusedAndChangesNothing)
{
    const HttpResponse submitted = agent->submit(secretSubmission(QStringLiteral("billing")));
    const QString id = submitted.json().value(QLatin1String("approval_id")).toString();
    struct Case { const char *what; std::function<void(QJsonObject &)> edit; QString field; };
    const QList<Case> cases = {
        {"a masked key", [](QJsonObject &o) { o.insert(QStringLiteral("api_key"), QStringLiteral("guessed")); }, QStringLiteral("output.api_key")},
        {"a removed masked key", [](QJsonObject &o) { o.remove(QStringLiteral("api_key")); }, QStringLiteral("output.api_key")},
        {"text around a masked pattern", [](QJsonObject &o) { o.insert(QStringLiteral("body"), QStringLiteral("We verified SSN [REDACTED] twice.")); }, QStringLiteral("output.body")},
        {"a nested masked key", [](QJsonObject &o) {
             QJsonObject s = o.value(QLatin1String("settings")).toObject();
             s.insert(QStringLiteral("Password"), QStringLiteral("new"));
             o.insert(QStringLiteral("settings"), s);
         }, QStringLiteral("output.settings.Password")},
    };
    for (const Case &c : cases) {
        // Start from what the approver is shown (redacted), as the desktop does.
        QJsonObject redacted{{QStringLiteral("subject"), QStringLiteral("Your account")},
                             {QStringLiteral("body"), QStringLiteral("We verified SSN [REDACTED] for you.")},
                             {QStringLiteral("api_key"), QStringLiteral("[REDACTED]")},
                             {QStringLiteral("settings"), QJsonObject{{QStringLiteral("Password"), QStringLiteral("[REDACTED]")}, {QStringLiteral("region"), QStringLiteral("eu")}}}};
        c.edit(redacted);
        const HttpResponse r = decideOverHttp(id, {{QStringLiteral("decision"), QStringLiteral("approve_with_edits")},
                                                   {QStringLiteral("output"), redacted}});
        EXPECT_EQ(r.status, 400) << c.what;
        EXPECT_EQ(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("field")).toString(), c.field) << c.what;
        EXPECT_TRUE(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QStringLiteral("redacted"))) << c.what;
    }
    const QJsonObject after = agent->get(QStringLiteral("billing")).json();
    EXPECT_EQ(after.value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    EXPECT_EQ(after.value(QLatin1String("output")).toObject(), secretSubmission(QStringLiteral("billing")).value(QLatin1String("output")).toObject());
}

// Issue 14, defect 3: the queue's search looks only at what the approver is shown. Guessing a masked value (or
// a substring of it) finds nothing; unmasked text still finds the approval.
TEST_F(Redaction, SearchFindsOnlyWhatTheApproverIsShown)
{
    ASSERT_EQ(agent->submit(secretSubmission(QStringLiteral("billing"))).status, 202);
    Http http;
    const QByteArray bearer = "Bearer " + server->login(QStringLiteral("mia"));
    auto found = [&](const QString &text) {
        const QString url = server->url(QStringLiteral("/api/v1/queue?q=") + QString::fromLatin1(QUrl::toPercentEncoding(text)));
        const HttpResponse r = http.request("GET", url, {}, {{"Authorization", bearer}});
        EXPECT_EQ(r.status, 200) << r.body.constData();
        return r.json().value(QLatin1String("items")).toArray().size();
    };
    EXPECT_EQ(found(QStringLiteral("billing provider")), 1);   // the title
    EXPECT_EQ(found(QStringLiteral("acme")), 1);               // unmasked context, any case
    EXPECT_EQ(found(QStringLiteral("[redacted]")), 1);         // what the approver sees instead
    EXPECT_EQ(found(ApiKey), 0);
    EXPECT_EQ(found(QStringLiteral("live-api")), 0);           // a guessed part of a masked key
    EXPECT_EQ(found(QStringLiteral("45-67")), 0);              // a guessed part of a masked pattern
    EXPECT_EQ(found(Password.left(7)), 0);
    EXPECT_EQ(found(ContextToken), 0);
    EXPECT_EQ(found(callback.url()), 0);                       // the agent's callback URL is not shown either
}

// The CrewAI integration's response_token is stored with the approval but never shown to approvers: a search
// for it (as an admin, who sees every route) finds nothing, while the approval itself is found.
TEST(RedactionCrewAi, SearchDoesNotFindTheIntegrationsResponseToken)
{
    const QByteArray secret = "whsec_0123456789abcdef";
    CallbackReceiver crewai;
    TestServer server([&](server::Config &c) { c.crewai.webhookSecret = secret; });
    server.addTeam();
    const QJsonObject request{{QStringLiteral("event_type"), QStringLiteral("new_request")},
                              {QStringLiteral("id"), QStringLiteral("hitl-1")},
                              {QStringLiteral("status"), QStringLiteral("pending")},
                              {QStringLiteral("flow_id"), QStringLiteral("flow-7")},
                              {QStringLiteral("method_name"), QStringLiteral("review_content")},
                              {QStringLiteral("message"), QStringLiteral("Please review the launch mail")},
                              {QStringLiteral("output"), QStringLiteral("Meet WalterSignal")},
                              {QStringLiteral("callback_url"), crewai.url()},
                              {QStringLiteral("response_token"), QStringLiteral("rt-hidden-token-8080")}};
    const QByteArray bytes = QJsonDocument(request).toJson(QJsonDocument::Compact);
    const QByteArray ts = QByteArray::number(server.clock().nowMs() / 1000);
    Http http;
    const HttpResponse posted = http.request("POST", server.url(QStringLiteral("/api/v1/integrations/crewai")), bytes,
                                             {{"Content-Type", "application/json"}, {"X-CrewAI-Timestamp", ts},
                                              {"X-CrewAI-Signature", server::crewai::signatureFor(secret, ts, bytes)}});
    ASSERT_LT(posted.status, 300) << posted.body.constData();
    const QByteArray bearer = "Bearer " + server.login(QStringLiteral("ada"));
    auto found = [&](const QString &text) {
        const HttpResponse r = http.request("GET", server.url(QStringLiteral("/api/v1/queue?q=") + text), {}, {{"Authorization", bearer}});
        EXPECT_EQ(r.status, 200) << r.body.constData();
        return r.json().value(QLatin1String("items")).toArray().size();
    };
    EXPECT_EQ(found(QStringLiteral("WalterSignal")), 1);
    EXPECT_EQ(found(QStringLiteral("rt-hidden-token")), 0);
    EXPECT_EQ(found(QStringLiteral("response_token")), 0);
}

// Issue 14, defect 4: an agent's unknown top-level fields are kept, and redacted like the output.
TEST_F(Redaction, UnknownTopLevelFieldsAreRedactedForApprovers)
{
    WsClient ws(server->server().port());
    ASSERT_TRUE(ws.waitConnected());
    ws.hello(server->login(QStringLiteral("mia")));
    ASSERT_FALSE(ws.next(QStringLiteral("welcome")).isEmpty());
    (void)ws.syncItems();

    QJsonObject submission = secretSubmission(QStringLiteral("billing"));
    submission.insert(QStringLiteral("secret"), Password);
    submission.insert(QStringLiteral("notes"), QJsonObject{{QStringLiteral("api_key"), ApiKey},
                                                           {QStringLiteral("text"), QStringLiteral("SSN %1").arg(Ssn)}});
    submission.insert(QStringLiteral("metadata"), QJsonObject{{QStringLiteral("access_token"), ContextToken}});
    const HttpResponse submitted = agent->submit(submission);
    ASSERT_EQ(submitted.status, 202) << submitted.body.constData();
    const QString id = submitted.json().value(QLatin1String("approval_id")).toString();

    const QJsonObject frame = ws.next(QStringLiteral("approval"));
    EXPECT_EQ(leakIn(QString::fromUtf8(QJsonDocument(frame).toJson())), QString());
    const QJsonObject extra = frame.value(QLatin1String("approval")).toObject().value(QLatin1String("extra")).toObject();
    EXPECT_EQ(extra.value(QLatin1String("secret")).toString(), QStringLiteral("[REDACTED]"));  // kept, masked
    EXPECT_EQ(extra.value(QLatin1String("notes")).toObject().value(QLatin1String("text")).toString(), QStringLiteral("SSN [REDACTED]"));

    Http http;
    const QByteArray bearer = "Bearer " + server->login(QStringLiteral("mia"));
    const HttpResponse queue = http.request("GET", server->url(QStringLiteral("/api/v1/queue")), {}, {{"Authorization", bearer}});
    ASSERT_EQ(queue.status, 200);
    EXPECT_EQ(leakIn(QString::fromUtf8(queue.body)), QString());
    const HttpResponse one = http.request("GET", server->url(QStringLiteral("/api/v1/queue/%1").arg(id)), {}, {{"Authorization", bearer}});
    EXPECT_EQ(leakIn(QString::fromUtf8(one.body)), QString());

    // The agent's own read keeps its fields as sent.
    const QJsonObject mine = agent->get(QStringLiteral("billing")).json();
    EXPECT_EQ(mine.value(QLatin1String("extra")).toObject().value(QLatin1String("secret")).toString(), Password);
}

// Issue 14, defect 9: a failed callback's event names its URL without the credentials and query values, for
// approvers and auditors; the callback itself still goes to the real URL.
TEST_F(Redaction, FailedCallbackEventsMaskTheUrlsCredentialsAndQuery)
{
    const QString user = QStringLiteral("cb-user-3141");
    const QString pass = QStringLiteral("cb-pass-9911");
    const QString token = QStringLiteral("cb-query-token-5150");
    callback.setStatuses({500, 500, 500, 500, 500});
    QUrl url(callback.url());
    url.setUserName(user);
    url.setPassword(pass);
    url.setQuery(QStringLiteral("token=%1&tenant=acme").arg(token));
    QJsonObject submission = secretSubmission(QStringLiteral("billing"));
    submission.insert(QStringLiteral("callback_url"), url.toString());
    const HttpResponse submitted = agent->submit(submission);
    ASSERT_EQ(submitted.status, 202) << submitted.body.constData();
    const QString id = submitted.json().value(QLatin1String("approval_id")).toString();
    ASSERT_EQ(decideOverHttp(id, {{QStringLiteral("decision"), QStringLiteral("reject")},
                                  {QStringLiteral("feedback"), QStringLiteral("no")}}).status, 200);

    // The callback went to the real URL, with its query.
    ASSERT_TRUE(QTest::qWaitFor([&] { return !callback.received().isEmpty(); }, 10000));
    Http http;
    const QByteArray approver = "Bearer " + server->login(QStringLiteral("mia"));
    HttpResponse shown;
    ASSERT_TRUE(QTest::qWaitFor([&] {
        shown = http.request("GET", server->url(QStringLiteral("/api/v1/queue/%1").arg(id)), {}, {{"Authorization", approver}});
        return shown.body.contains("callback_failed");
    }, 10000));
    const HttpResponse audit = http.request("GET", server->url(QStringLiteral("/api/v1/audit")), {},
                                            {{"Authorization", "Bearer " + server->login(QStringLiteral("aud"))}});
    ASSERT_EQ(audit.status, 200);
    ASSERT_TRUE(audit.body.contains("callback_failed"));
    for (const QByteArray &body : {shown.body, audit.body}) {
        const QString text = QString::fromUtf8(body);
        for (const QString &s : {user, pass, token})
            EXPECT_FALSE(text.contains(s)) << s.toStdString() << " in " << body.constData();
        EXPECT_TRUE(text.contains(QStringLiteral("127.0.0.1"))) << "the event still names the host";
    }
    QJsonObject failed;
    for (const QJsonValue &e : shown.json().value(QLatin1String("history")).toArray()) {
        if (e.toObject().value(QLatin1String("action")).toString() == QLatin1String("callback_failed"))
            failed = e.toObject().value(QLatin1String("details")).toObject();
    }
    EXPECT_EQ(failed.value(QLatin1String("url")).toString(),
              QStringLiteral("http://[REDACTED]@127.0.0.1:%1/callback?token=[REDACTED]&tenant=[REDACTED]").arg(QUrl(callback.url()).port()));
}
