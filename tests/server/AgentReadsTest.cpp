// docs/protocol.md section 1, "Read", "Cancel" and "Revise": signed reads, long polls, cancelling, revision rounds.
#include "TestServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

class AgentReads : public ::testing::Test
{
protected:
    TestServer server;
    Agent agent{server};

    QString submit(const QString &taskId, QJsonObject extra = {})
    {
        return agent.submitNew(emailSubmission(taskId, extra));
    }
    QString status(const QString &taskId) { return agent.get(taskId).json().value(QLatin1String("status")).toString(); }
};

} // namespace

TEST_F(AgentReads, ReadingNeedsAFreshSignature)
{
    submit(QStringLiteral("read-1"));
    EXPECT_EQ(agent.get(QStringLiteral("read-1")).status, 200);
    EXPECT_EQ(agent.get(QStringLiteral("read-1"), -1, 299).status, 200);
    const HttpResponse stale = agent.get(QStringLiteral("read-1"), -1, -301);
    EXPECT_EQ(stale.status, 401);
    EXPECT_EQ(stale.errorCode(), QStringLiteral("invalid_signature"));
    EXPECT_EQ(agent.get(QStringLiteral("read-1"), -1, 301).status, 401);
    Agent impostor(server, QStringLiteral("crew-a"), SecretB);
    EXPECT_EQ(impostor.get(QStringLiteral("read-1")).status, 401);
}

TEST_F(AgentReads, AnotherSourcesTaskIsNotFound)
{
    submit(QStringLiteral("mine-1"));
    Agent other(server, QStringLiteral("crew-b"), SecretB);
    const HttpResponse r = other.get(QStringLiteral("mine-1"));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.errorCode(), QStringLiteral("not_found"));
    EXPECT_EQ(other.cancel(QStringLiteral("mine-1")).status, 404);
    EXPECT_EQ(status(QStringLiteral("mine-1")), QStringLiteral("pending"));
}

TEST_F(AgentReads, TaskIdsWithSlashesAndSpacesWork)
{
    submit(QStringLiteral("crew/run 7/task#1"));
    const HttpResponse r = agent.get(QStringLiteral("crew/run 7/task#1"));
    EXPECT_EQ(r.status, 200) << r.body.toStdString();
    EXPECT_EQ(r.json().value(QLatin1String("task_id")).toString(), QStringLiteral("crew/run 7/task#1"));
}

TEST_F(AgentReads, ALongPollIsReleasedByTheDecisionWithin100ms)
{
    const QString id = submit(QStringLiteral("poll-1"));
    QNetworkReply *reply = agent.startGet(QStringLiteral("poll-1"), 60);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    ASSERT_TRUE(QTest::qWaitFor([this] { return server.server().longPollsWaiting() == 1; }, 5000));
    EXPECT_FALSE(reply->isFinished());

    QElapsedTimer sinceDecision;
    sinceDecision.start();
    server.decide(id, QStringLiteral("approve"));
    ASSERT_TRUE(reply->isFinished() || finished.wait(5000));
    EXPECT_LT(sinceDecision.elapsed(), 100);
    const QJsonObject a = QJsonDocument::fromJson(reply->readAll()).object();
    EXPECT_EQ(a.value(QLatin1String("status")).toString(), QStringLiteral("approved"));
    EXPECT_EQ(a.value(QLatin1String("decision")).toObject().value(QLatin1String("decided_by")).toString(), QStringLiteral("mia"));
    reply->deleteLater();
}

TEST_F(AgentReads, ALongPollReturnsTheUnchangedStateWhenTimeIsUp)
{
    submit(QStringLiteral("poll-2"));
    QNetworkReply *reply = agent.startGet(QStringLiteral("poll-2"), 30);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    ASSERT_TRUE(QTest::qWaitFor([this] { return server.server().longPollsWaiting() == 1; }, 5000));
    server.clock().advance(29'000);
    QCoreApplication::processEvents();
    EXPECT_FALSE(reply->isFinished()) << "released a second early";
    server.clock().advance(1'000);
    ASSERT_TRUE(reply->isFinished() || finished.wait(5000));
    EXPECT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    EXPECT_EQ(QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    reply->deleteLater();
}

TEST_F(AgentReads, ALongPollOnADecidedApprovalAnswersAtOnce)
{
    const QString id = submit(QStringLiteral("poll-3"));
    server.decide(id, QStringLiteral("reject"), QStringLiteral("Off brand"));
    const HttpResponse r = agent.get(QStringLiteral("poll-3"), 60);
    EXPECT_EQ(r.json().value(QLatin1String("status")).toString(), QStringLiteral("rejected"));
    EXPECT_EQ(agent.get(QStringLiteral("poll-3"), 121).status, 400) << "wait is at most 120 s";
}

TEST_F(AgentReads, CancellingAPendingApprovalAndNotADecidedOne)
{
    submit(QStringLiteral("cancel-1"));
    const HttpResponse r = agent.cancel(QStringLiteral("cancel-1"));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.json().value(QLatin1String("status")).toString(), QStringLiteral("cancelled"));
    EXPECT_EQ(status(QStringLiteral("cancel-1")), QStringLiteral("cancelled"));

    const QString id = submit(QStringLiteral("cancel-2"));
    server.decide(id, QStringLiteral("approve"));
    const HttpResponse late = agent.cancel(QStringLiteral("cancel-2"));
    EXPECT_EQ(late.status, 409);
    EXPECT_EQ(late.errorCode(), QStringLiteral("already_decided"));
    EXPECT_EQ(status(QStringLiteral("cancel-2")), QStringLiteral("approved"));
    EXPECT_EQ(agent.cancel(QStringLiteral("nope")).status, 404);

    // A cancelled approval can no longer be decided.
    const QString cancelledId = agent.get(QStringLiteral("cancel-1")).json().value(QLatin1String("id")).toString();
    const auto outcome = server.decide(cancelledId, QStringLiteral("approve"));
    ASSERT_TRUE(std::holds_alternative<server::ApiError>(outcome));
    EXPECT_EQ(std::get<server::ApiError>(outcome).code, QStringLiteral("conflict"));
}

TEST_F(AgentReads, ARevisionRoundBringsTheApprovalBackToPending)
{
    const QString id = submit(QStringLiteral("rev-1"), {{QStringLiteral("max_revisions"), 1}});
    const QJsonObject revised{{QStringLiteral("output"), QJsonObject{{QStringLiteral("subject"), QStringLiteral("Meet WalterSignal")}}},
                              {QStringLiteral("note"), QStringLiteral("Shorter subject")}};
    EXPECT_EQ(agent.revise(QStringLiteral("rev-1"), revised).errorCode(), QStringLiteral("not_awaiting_revision"));

    server.decide(id, QStringLiteral("revise"), QStringLiteral("Subject too long"));
    EXPECT_EQ(status(QStringLiteral("rev-1")), QStringLiteral("revision_requested"));
    const HttpResponse r = agent.revise(QStringLiteral("rev-1"), revised);
    ASSERT_EQ(r.status, 200) << r.body.toStdString();
    const QJsonObject a = r.json();
    EXPECT_EQ(a.value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    EXPECT_EQ(a.value(QLatin1String("version")).toInt(), 2);
    EXPECT_EQ(a.value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Meet WalterSignal"));
    const QJsonArray rounds = a.value(QLatin1String("revisions")).toArray();
    ASSERT_EQ(rounds.size(), 1);
    EXPECT_EQ(rounds.at(0).toObject().value(QLatin1String("feedback")).toString(), QStringLiteral("Subject too long"));
    EXPECT_EQ(rounds.at(0).toObject().value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(),
              QStringLiteral("Introducing WalterSignal"));

    // max_revisions 1 is used up: a second revise is refused, approving still works.
    const auto again = server.decide(id, QStringLiteral("revise"), QStringLiteral("Still long"));
    ASSERT_TRUE(std::holds_alternative<server::ApiError>(again));
    EXPECT_EQ(std::get<server::ApiError>(again).code, QStringLiteral("revision_limit"));
    EXPECT_TRUE(std::holds_alternative<server::Applied>(server.decide(id, QStringLiteral("approve"))));
}

TEST_F(AgentReads, ARevisionBodyIsValidated)
{
    const QString id = submit(QStringLiteral("rev-2"));
    server.decide(id, QStringLiteral("revise"), QStringLiteral("Try again"));
    const HttpResponse r = agent.revise(QStringLiteral("rev-2"), {{QStringLiteral("note"), QStringLiteral("no output")}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json().value(QLatin1String("error")).toObject().value(QLatin1String("field")).toString(), QStringLiteral("output"));
    EXPECT_EQ(status(QStringLiteral("rev-2")), QStringLiteral("revision_requested"));
}

TEST_F(AgentReads, DecisionsAreValidated)
{
    const QString id = submit(QStringLiteral("dec-1"), {{QStringLiteral("allowed_decisions"), QJsonArray{QStringLiteral("approve"), QStringLiteral("reject")}}});
    auto code = [](const server::Outcome &o) { return std::holds_alternative<server::ApiError>(o) ? std::get<server::ApiError>(o).code : QString(); };
    EXPECT_EQ(code(server.decide(id, QStringLiteral("reject"))), QStringLiteral("invalid")) << "reject needs feedback";
    EXPECT_EQ(code(server.decide(id, QStringLiteral("revise"), QStringLiteral("x"))), QStringLiteral("invalid")) << "not allowed here";
    EXPECT_EQ(code(server.decide(id, QStringLiteral("maybe"))), QStringLiteral("invalid"));
    EXPECT_EQ(status(QStringLiteral("dec-1")), QStringLiteral("pending"));
    EXPECT_TRUE(code(server.decide(id, QStringLiteral("approve"))).isEmpty());
    EXPECT_EQ(code(server.decide(id, QStringLiteral("approve"))), QStringLiteral("conflict")) << "decided twice";
}

TEST_F(AgentReads, ApproveWithEditsMakesTheEditedOutputFinalAndKeepsTheOriginal)
{
    const QString id = submit(QStringLiteral("edit-1"));
    const QJsonObject edited{{QStringLiteral("subject"), QStringLiteral("WalterSignal is here")},
                             {QStringLiteral("body"), QStringLiteral("Dear {{first_name}}, ...")}};
    ASSERT_TRUE(std::holds_alternative<server::Applied>(server.decide(id, QStringLiteral("approve_with_edits"), {}, edited)));
    const QJsonObject a = agent.get(QStringLiteral("edit-1")).json();
    const QJsonObject decision = a.value(QLatin1String("decision")).toObject();
    EXPECT_EQ(decision.value(QLatin1String("output")).toObject(), edited);
    EXPECT_TRUE(decision.value(QLatin1String("edited")).toBool());
    EXPECT_EQ(a.value(QLatin1String("output")).toObject().value(QLatin1String("subject")).toString(), QStringLiteral("Introducing WalterSignal"));
    const QJsonArray history = a.value(QLatin1String("history")).toArray();
    EXPECT_EQ(history.last().toObject().value(QLatin1String("details")).toObject().value(QLatin1String("original_output")).toObject()
                  .value(QLatin1String("subject")).toString(), QStringLiteral("Introducing WalterSignal"));
}
