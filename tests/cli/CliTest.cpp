// The `countersign` CLI as its users run it, against a real countersignd in-process: an agent's
// `submit --wait` exits with the decision's code (and keeps waiting through a lost connection), bad input
// exits 2 and sends nothing, approvers list, show and decide, and `watch` is driven in a pseudo-terminal:
// approve with Enter, reject with a reason, revise with feedback.
#include "CacheFileLock.h"
#include "PtyProcess.h"
#include "Scenario.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <variant>

namespace countersign::test {

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

// The CLI's environment: the server, source crew-a with its secret, the approver's password, no keychain, and
// a home of its own.
QProcessEnvironment cliEnvironment(const QString &server, const QTemporaryDir &home)
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("COUNTERSIGN_SERVER"), server);
    e.insert(QStringLiteral("COUNTERSIGN_SOURCE"), QStringLiteral("crew-a"));
    e.insert(QStringLiteral("COUNTERSIGN_SECRET"), QString::fromLatin1(SecretA));
    e.insert(QStringLiteral("COUNTERSIGN_NO_KEYCHAIN"), QStringLiteral("1"));
    e.insert(QStringLiteral("APPROVER_PASSWORD"), QStringLiteral("correct horse"));
    e.insert(QStringLiteral("HOME"), home.path());
    e.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    return e;
}

// Runs to the end while the in-process server keeps serving.
Result finish(QProcess &p, int timeoutMs = 30000)
{
    EXPECT_TRUE(QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs)) << "the CLI did not finish";
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

// The CLI in the Scenario, with a home of its own that holds an agent's output file.
class Cli : public ::testing::Test, protected Scenario
{
protected:
    QTemporaryDir home;

    void SetUp() override
    {
        QFile file(home.filePath(QStringLiteral("email.json")));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(R"({"subject": "Introducing WalterSignal", "body": "Dear {{first_name}}, ..."})");
    }

    QString outputFile() const { return home.filePath(QStringLiteral("email.json")); }

    QProcessEnvironment env() const
    {
        return cliEnvironment(serverUrl().toString(), home);
    }

    std::unique_ptr<QProcess> start(const QStringList &args)
    {
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(env());
        p->start(QStringLiteral(CLI_PATH), args);
        EXPECT_TRUE(p->waitForStarted(10000));
        return p;
    }

    Result run(const QStringList &args) { return finish(*start(args)); }

    QStringList asMia(QStringList args) const
    {
        return args << QStringLiteral("--user") << QStringLiteral("mia") << QStringLiteral("--password-env") << QStringLiteral("APPROVER_PASSWORD");
    }

    // submit --wait for `taskId`; once it is waiting, `decide` runs; returns how the CLI ended.
    Result submitAndWait(const QString &taskId, const std::function<void(const QString &id)> &decide, QStringList extra = {})
    {
        auto p = start(QStringList{QStringLiteral("submit"), QStringLiteral("--task-id"), taskId, QStringLiteral("--agent"),
                                   QStringLiteral("Marketing Copywriter"), QStringLiteral("--output"), outputFile(), QStringLiteral("--wait")}
                       + extra);
        decide(approvalOf(taskId));
        return finish(*p);
    }
};

TEST_F(Cli, SubmitWaitExitsWithTheDecisionsCodeAndPrintsItAsJson)
{
    const Result approved = submitAndWait(QStringLiteral("t-approve"), [&](const QString &id) {
        ASSERT_TRUE(std::holds_alternative<server::Applied>(server.decide(id, QStringLiteral("approve"))));
    });
    EXPECT_EQ(approved.exitCode, 0) << approved.err.toStdString();
    EXPECT_EQ(approved.json().value(QLatin1String("status")).toString(), QStringLiteral("approved")) << approved.out.toStdString();
    EXPECT_EQ(approved.json().value(QLatin1String("decision")).toObject().value(QLatin1String("decided_by")).toString(), QStringLiteral("mia"));

    const Result rejected = submitAndWait(QStringLiteral("t-reject"), [&](const QString &id) {
        server.decide(id, QStringLiteral("reject"), QStringLiteral("Off brand"));
    });
    EXPECT_EQ(rejected.exitCode, 10);
    EXPECT_EQ(rejected.json().value(QLatin1String("decision")).toObject().value(QLatin1String("feedback")).toString(), QStringLiteral("Off brand"));

    const Result revise = submitAndWait(QStringLiteral("t-revise"), [&](const QString &id) {
        server.decide(id, QStringLiteral("revise"), QStringLiteral("Shorter subject"));
    });
    EXPECT_EQ(revise.exitCode, 11);
    EXPECT_EQ(revise.json().value(QLatin1String("status")).toString(), QStringLiteral("revision_requested"));

    // Its own timeout of 60 s passes with nobody deciding: expired.
    const Result expired = submitAndWait(QStringLiteral("t-expire"), [&](const QString &) { server.clock().advance(61 * 1000); },
                                         {QStringLiteral("--timeout"), QStringLiteral("60")});
    EXPECT_EQ(expired.exitCode, 12) << expired.err.toStdString();
    EXPECT_EQ(expired.json().value(QLatin1String("status")).toString(), QStringLiteral("expired"));
}

TEST_F(Cli, WaitingSurvivesALostConnection)
{
    auto p = start({QStringLiteral("submit"), QStringLiteral("--task-id"), QStringLiteral("t-1"), QStringLiteral("--agent"),
                    QStringLiteral("Writer"), QStringLiteral("--output"), outputFile(), QStringLiteral("--wait")});
    const QString id = approvalOf(QStringLiteral("t-1"));
    proxy.setRefusing(true);  // the network goes away under the long poll
    QByteArray err;
    ASSERT_TRUE(QTest::qWaitFor([&] {
        err += p->readAllStandardError();
        return err.contains("lost the server");
    }, 15000)) << err.toStdString();
    server.decide(id, QStringLiteral("approve"));  // decided while the agent cannot hear it
    proxy.setRefusing(false);
    const Result r = finish(*p);
    EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_EQ(r.json().value(QLatin1String("status")).toString(), QStringLiteral("approved"));
}

TEST_F(Cli, BadInputExitsTwoWithOneClearLineAndSendsNothing)
{
    const Result noAgent = run({QStringLiteral("submit"), QStringLiteral("--task-id"), QStringLiteral("t-1"), QStringLiteral("--output"), outputFile()});
    EXPECT_EQ(noAgent.exitCode, 2);
    EXPECT_EQ(noAgent.err, QStringLiteral("countersign: --agent is required (the agent's name)\n"));

    QFile broken(home.filePath(QStringLiteral("broken.json")));
    ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
    broken.write("{\"subject\": ");
    broken.close();
    const Result badJson = run({QStringLiteral("submit"), QStringLiteral("--task-id"), QStringLiteral("t-1"), QStringLiteral("--agent"),
                                QStringLiteral("Writer"), QStringLiteral("--output"), broken.fileName()});
    EXPECT_EQ(badJson.exitCode, 2);
    EXPECT_TRUE(badJson.err.startsWith(QStringLiteral("countersign: --output: "))) << badJson.err.toStdString();
    EXPECT_TRUE(badJson.err.contains(QStringLiteral("is not valid JSON"))) << badJson.err.toStdString();
    EXPECT_EQ(badJson.err.count(u'\n'), 1);

    const Result badPriority = run({QStringLiteral("submit"), QStringLiteral("--task-id"), QStringLiteral("t-1"), QStringLiteral("--agent"),
                                    QStringLiteral("Writer"), QStringLiteral("--output"), outputFile(), QStringLiteral("--priority"), QStringLiteral("urgent")});
    EXPECT_EQ(badPriority.exitCode, 2);
    EXPECT_EQ(agent.get(QStringLiteral("t-1")).status, 404) << "nothing was stored";

    const Result unknown = run({QStringLiteral("frobnicate")});
    EXPECT_EQ(unknown.exitCode, 2);
    const Result help = run({QStringLiteral("submit"), QStringLiteral("--help")});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains(QStringLiteral("--wait"))) << help.out.toStdString();

    proxy.setRefusing(true);
    const Result unreachable = run({QStringLiteral("submit"), QStringLiteral("--agent"), QStringLiteral("Writer"), QStringLiteral("--output"), outputFile()});
    EXPECT_EQ(unreachable.exitCode, 3);
    EXPECT_TRUE(unreachable.err.startsWith(QStringLiteral("countersign: cannot reach the server"))) << unreachable.err.toStdString();
}

TEST_F(Cli, ApproversListShowAndDecide)
{
    const QString id = submit(QStringLiteral("t-1"), {{QStringLiteral("title"), QStringLiteral("Launch email")}});

    const Result queue = run(asMia({QStringLiteral("queue")}));
    EXPECT_EQ(queue.exitCode, 0) << queue.err.toStdString();
    EXPECT_TRUE(queue.out.contains(id) && queue.out.contains(QStringLiteral("Launch email"))) << queue.out.toStdString();
    const Result carls = run({QStringLiteral("queue"), QStringLiteral("--user"), QStringLiteral("carl"), QStringLiteral("--password-env"),
                              QStringLiteral("APPROVER_PASSWORD")});
    EXPECT_EQ(carls.out, QStringLiteral("Nothing in your queue.\n")) << "a Manager's approval is not the CFO's";

    const Result show = run(asMia({QStringLiteral("show"), id}));
    EXPECT_EQ(show.exitCode, 0);
    EXPECT_TRUE(show.out.contains(QStringLiteral("subject: Introducing WalterSignal"))) << show.out.toStdString();

    const Result noReason = run(asMia({QStringLiteral("decide"), id, QStringLiteral("--reject"), QStringLiteral(" ")}));
    EXPECT_EQ(noReason.exitCode, 2);
    const Result notHis = run({QStringLiteral("decide"), id, QStringLiteral("--approve"), QStringLiteral("--user"), QStringLiteral("carl"),
                               QStringLiteral("--password-env"), QStringLiteral("APPROVER_PASSWORD")});
    EXPECT_EQ(notHis.exitCode, 4) << notHis.err.toStdString();
    const Result wrongPassword = run({QStringLiteral("queue"), QStringLiteral("--user"), QStringLiteral("mia"), QStringLiteral("--password-env"),
                                      QStringLiteral("HOME")});
    EXPECT_EQ(wrongPassword.exitCode, 3);
    EXPECT_EQ(wrongPassword.err, QStringLiteral("countersign: signing in as mia: Wrong user name or password.\n"));

    const Result approve = run(asMia({QStringLiteral("decide"), id, QStringLiteral("--approve")}));
    EXPECT_EQ(approve.exitCode, 0) << approve.err.toStdString();
    EXPECT_EQ(task(QStringLiteral("t-1")).value(QLatin1String("status")).toString(), QStringLiteral("approved"));
    const Result again = run(asMia({QStringLiteral("decide"), id, QStringLiteral("--reject"), QStringLiteral("Too late")}));
    EXPECT_EQ(again.exitCode, 4);
    EXPECT_TRUE(again.err.contains(QStringLiteral("already"))) << again.err.toStdString();
}

TEST_F(Cli, WatchInATerminalApprovesWithEnterRejectsWithAReasonAndRevisesWithFeedback)
{
    for (const char *t : {"t-1", "t-2", "t-3"}) {
        submit(QString::fromLatin1(t), {{QStringLiteral("title"), QStringLiteral("Email %1").arg(QString::fromLatin1(t))}});
        server.clock().advance(1000);  // oldest first: t-1, t-2, t-3
    }
    PtyProcess watch;
    ASSERT_TRUE(watch.start(QStringLiteral(CLI_PATH), asMia({QStringLiteral("watch")}), env()));
    const QByteArray prompt = "Feedback (Enter to approve, /reject REASON, /edit to open $EDITOR): ";

    ASSERT_TRUE(watch.waitFor(prompt)) << watch.screen().toStdString();
    EXPECT_TRUE(watch.screen().contains("== Email t-1 ==")) << watch.screen().toStdString();
    EXPECT_TRUE(watch.screen().contains("subject: Introducing WalterSignal"));
    EXPECT_TRUE(watch.screen().contains("[ ] Matches the brand voice"));
    qsizetype mark = watch.mark();
    watch.type("\r");  // Enter: approve
    ASSERT_TRUE(watch.waitFor("Approved.", mark));
    ASSERT_TRUE(watch.waitFor(prompt, mark)) << watch.screen().toStdString();
    EXPECT_TRUE(watch.screen().indexOf("== Email t-2 ==", mark) >= 0);

    mark = watch.mark();
    watch.type("/reject\r");
    ASSERT_TRUE(watch.waitFor("A reason is required: /reject REASON", mark));
    mark = watch.mark();
    watch.type("/reject Claims we cannot back up\r");
    ASSERT_TRUE(watch.waitFor("Rejected.", mark));
    ASSERT_TRUE(watch.waitFor("== Email t-3 ==", mark));

    mark = watch.mark();
    watch.type("Shorter subject, please\r");
    ASSERT_TRUE(watch.waitFor("Sent back for revision.", mark));
    ASSERT_TRUE(watch.waitFor("Waiting for approvals", mark));

    // The agent's revision arrives while watching: shown at once, with the round's feedback.
    mark = watch.mark();
    ASSERT_TRUE(waitForStatus(QStringLiteral("t-3"), QStringLiteral("revision_requested")));
    ASSERT_EQ(agent.revise(QStringLiteral("t-3"), {{QStringLiteral("output"), QJsonObject{{QStringLiteral("subject"), QStringLiteral("WalterSignal")}}},
                                                  {QStringLiteral("note"), QStringLiteral("Shorter")}}).status, 200);
    ASSERT_TRUE(watch.waitFor("version 2", mark)) << watch.screen().mid(mark).toStdString();
    EXPECT_TRUE(watch.screen().indexOf("feedback \"Shorter subject, please\"", mark) >= 0);

    watch.type("\x04");  // Ctrl+D: stop watching
    ASSERT_TRUE(QTest::qWaitFor([&] { return watch.process().state() == QProcess::NotRunning; }, 15000));
    EXPECT_EQ(watch.process().exitCode(), 0);

    EXPECT_EQ(task(QStringLiteral("t-1")).value(QLatin1String("status")).toString(), QStringLiteral("approved"));
    const QJsonObject t2 = task(QStringLiteral("t-2"));
    EXPECT_EQ(t2.value(QLatin1String("status")).toString(), QStringLiteral("rejected"));
    EXPECT_EQ(t2.value(QLatin1String("decision")).toObject().value(QLatin1String("feedback")).toString(), QStringLiteral("Claims we cannot back up"));
    EXPECT_EQ(task(QStringLiteral("t-3")).value(QLatin1String("revisions")).toArray().first().toObject().value(QLatin1String("feedback")).toString(),
              QStringLiteral("Shorter subject, please"));
}

TEST_F(Cli, CtrlDRightAfterADecisionSendsItBeforeWatchEnds)
{
    submit(QStringLiteral("t-1"), {{QStringLiteral("title"), QStringLiteral("Email t-1")}});
    PtyProcess watch;
    ASSERT_TRUE(watch.start(QStringLiteral(CLI_PATH), asMia({QStringLiteral("watch")}), env()));
    ASSERT_TRUE(watch.waitFor("Feedback (Enter to approve")) << watch.screen().toStdString();
    QDirIterator caches(home.path(), {QStringLiteral("cache-*.db")}, QDir::Files, QDirIterator::Subdirectories);
    ASSERT_TRUE(caches.hasNext()) << "watch keeps its cache under XDG_DATA_HOME";
    // Another process writes the cache file: the decision waits to be stored while Ctrl+D arrives.
    CacheFileLock other(caches.next());
    ASSERT_TRUE(other.hold());
    const qsizetype mark = watch.mark();
    watch.type("\r\x04");  // Enter (approve), then Ctrl+D at once
    ASSERT_TRUE(other.release());
    ASSERT_TRUE(QTest::qWaitFor([&] { return watch.process().state() == QProcess::NotRunning; }, 15000));
    EXPECT_EQ(watch.process().exitCode(), 0);
    EXPECT_TRUE(watch.screen().indexOf("Approved.", mark) >= 0) << watch.screen().mid(mark).toStdString();
    EXPECT_EQ(task(QStringLiteral("t-1")).value(QLatin1String("status")).toString(), QStringLiteral("approved"))
        << "the decision was sent before watch ended";
}

} // namespace countersign::test

namespace countersign::test {

// A countersignd serving TLS with a certificate of a private CA (tests/data/tls): the CLI says how to trust it,
// and with COUNTERSIGN_CA_FILE submits and signs in over https://.
TEST(CliTls, WithTheCaFileTheCliWorksOverHttpsWithoutItSaysHowToTrustIt)
{
    TestServer server([](server::Config &c) {
        c.tls.certFile = QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/server-a.pem");
        c.tls.keyFile = QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/server-a.key");
    });
    server.addTeam();
    QTemporaryDir home;
    QFile output(home.filePath(QStringLiteral("out.json")));
    ASSERT_TRUE(output.open(QIODevice::WriteOnly));
    output.write(R"({"subject": "hello"})");
    output.close();
    const auto run = [&](const QStringList &args, const QString &caFile) {
        QProcessEnvironment e = cliEnvironment(QStringLiteral("https://127.0.0.1:%1").arg(server.server().port()), home);
        if (!caFile.isEmpty())
            e.insert(QStringLiteral("COUNTERSIGN_CA_FILE"), caFile);
        QProcess p;
        p.setProcessEnvironment(e);
        p.start(QStringLiteral(CLI_PATH), args);
        return finish(p);
    };
    const QStringList submit{QStringLiteral("submit"), QStringLiteral("--task-id"), QStringLiteral("tls-cli"), QStringLiteral("--agent"),
                             QStringLiteral("Writer"), QStringLiteral("--output"), output.fileName()};
    const QString ca = QStringLiteral(COUNTERSIGN_TEST_DATA "/tls/ca.pem");

    const Result untrusted = run(submit, {});
    EXPECT_EQ(untrusted.exitCode, 3);
    EXPECT_TRUE(untrusted.err.contains(QStringLiteral("set COUNTERSIGN_CA_FILE"))) << untrusted.err.toStdString();

    const Result submitted = run(submit, ca);
    EXPECT_EQ(submitted.exitCode, 0) << submitted.err.toStdString();
    EXPECT_EQ(submitted.json().value(QLatin1String("task_id")).toString(), QStringLiteral("tls-cli")) << submitted.out.toStdString();

    const Result queue = run({QStringLiteral("queue"), QStringLiteral("--user"), QStringLiteral("mia"), QStringLiteral("--password-env"),
                              QStringLiteral("APPROVER_PASSWORD")}, ca);
    EXPECT_EQ(queue.exitCode, 0) << queue.err.toStdString();
    EXPECT_TRUE(queue.out.contains(QStringLiteral("Writer"))) << queue.out.toStdString();
}

} // namespace countersign::test

namespace countersign::test {

// An agent's script need not loop on "not now": the CLI sends the same submission again after the server's
// Retry-After, and it is stored once.
TEST(CliRetry, ASubmissionRefusedForNowIsSentAgainAfterRetryAfterAndStoredOnce)
{
    TestServer server([](server::Config &c) {
        c.sources.first().ratePerSecond = 1;
        c.sources.first().burst = 1;
    });
    Agent agent(server);
    ASSERT_EQ(agent.submit(emailSubmission(QStringLiteral("first"))).status, 202);  // the source's one token
    QTemporaryDir home;
    QFile output(home.filePath(QStringLiteral("out.json")));
    ASSERT_TRUE(output.open(QIODevice::WriteOnly));
    output.write(R"({"subject": "hello"})");
    output.close();

    QProcess cli;
    cli.setProcessEnvironment(cliEnvironment(QStringLiteral("http://127.0.0.1:%1").arg(server.server().port()), home));
    cli.start(QStringLiteral(CLI_PATH), {QStringLiteral("submit"), QStringLiteral("--task-id"), QStringLiteral("second"),
                                         QStringLiteral("--agent"), QStringLiteral("Writer"), QStringLiteral("--output"), output.fileName()});
    QByteArray err;
    ASSERT_TRUE(QTest::qWaitFor([&] { err += cli.readAllStandardError(); return err.contains("sending it again in 1 s"); }, 15000))
        << err.toStdString();
    server.clock().advance(1000);  // the server's bucket refills; the CLI's own second passes meanwhile
    const Result r = finish(cli);
    EXPECT_EQ(r.exitCode, 0) << err.toStdString() << r.err.toStdString();
    EXPECT_EQ(r.json().value(QLatin1String("status")).toString(), QStringLiteral("queued"));
    server.clock().advance(1000);  // the agent's own read needs a token too
    EXPECT_EQ(agent.get(QStringLiteral("second")).status, 200);
}

} // namespace countersign::test
