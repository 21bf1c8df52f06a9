// countersignd as operators run it: --help, clear one-line errors with exit code 2, the "listening on" line,
// graceful shutdown on SIGTERM, secrets kept out of the log.
#include "CallbackReceiver.h"
#include "ChildServer.h"
#include "Http.h"

#include "protocol/Hmac.h"

#include <QJsonDocument>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <csignal>

using namespace countersign;
using namespace countersign::test;

namespace {

struct ProcessRun
{
    int exitCode;
    QString out;
    QString err;
};

ProcessRun runCountersignd(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(COUNTERSIGND_PATH), args);
    p.closeWriteChannel();
    EXPECT_TRUE(p.waitForFinished(15000));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

// A signed submission to a child server, as an agent sends it.
HttpResponse submitTo(Http &http, quint16 port, const QByteArray &body)
{
    return http.request("POST", QStringLiteral("http://127.0.0.1:%1/api/v1/approvals").arg(port), body,
                        {{"Content-Type", "application/json"}, {"X-Webhook-Source", "crew-a"},
                         {"X-Webhook-Signature", hmac::signatureHeader("s3cret-a", body)}});
}

// A signed long poll left running; the caller waits on the reply.
QNetworkReply *startLongPoll(Http &http, quint16 port, const QByteArray &pathWithQuery)
{
    const QByteArray ts = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    QNetworkRequest poll{QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(QString::fromLatin1(pathWithQuery)))};
    poll.setRawHeader("X-Webhook-Source", "crew-a");
    poll.setRawHeader("X-Webhook-Timestamp", ts);
    poll.setRawHeader("X-Webhook-Signature", hmac::signatureHeader("s3cret-a", hmac::bodylessSigningString("GET", pathWithQuery, ts)));
    return http.network().get(poll);
}

// A barrier: waits until the child server holds `count` long polls, as its /metrics says. A poll counted
// there has reached the server, passed its checks and is parked waiting for a decision.
bool waitForParkedPolls(Http &http, quint16 port, int count)
{
    const QByteArray line = "countersign_long_polls_waiting " + QByteArray::number(count) + '\n';
    return QTest::qWaitFor([&] {
        return http.request("GET", QStringLiteral("http://127.0.0.1:%1/metrics").arg(port)).body.contains(line);
    }, 10000);
}

QString writeConfig(const QTemporaryDir &dir, const QByteArray &json)
{
    const QString path = dir.filePath(QStringLiteral("c.json"));
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(json);
    return path;
}

} // namespace

TEST(CommandLine, HelpExplainsTheFlags)
{
    const ProcessRun r = runCountersignd({QStringLiteral("--help")});
    EXPECT_EQ(r.exitCode, 0);
    for (const char *flag : {"--config", "--listen", "--data-dir", "--log-format", "decide"})
        EXPECT_TRUE(r.out.contains(QLatin1String(flag))) << flag;
}

TEST(CommandLine, AMissingOrInvalidConfigIsOneClearLineAndExitCode2)
{
    QTemporaryDir dir;
    ProcessRun r = runCountersignd({});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains(QLatin1String("--config FILE is required"))) << r.err.toStdString();

    r = runCountersignd({QStringLiteral("--config"), dir.filePath(QStringLiteral("missing.json"))});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains(QLatin1String("cannot read config file"))) << r.err.toStdString();

    r = runCountersignd({QStringLiteral("--config"), writeConfig(dir, R"({"sources": [{"id": "a", "secret": 5}]})")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(r.err.trimmed(), QStringLiteral("countersignd: invalid configuration: sources[0].secret: must be a non-empty string"));
    EXPECT_EQ(r.err.trimmed().count(u'\n'), 0);

    r = runCountersignd({QStringLiteral("--config"), writeConfig(dir, "{}"), QStringLiteral("--log-format"), QStringLiteral("xml")});
    EXPECT_EQ(r.exitCode, 2);
    r = runCountersignd({QStringLiteral("--config"), writeConfig(dir, "{}"), QStringLiteral("--listen"), QStringLiteral("here")});
    EXPECT_EQ(r.exitCode, 2);
    r = runCountersignd({QStringLiteral("--bogus")});
    EXPECT_EQ(r.exitCode, 2);
}

TEST(CommandLine, FlagsOverrideTheFileAndSigtermShutsDownCleanly)
{
    ChildServer child;
    QTemporaryDir other;
    ASSERT_TRUE(child.start({QStringLiteral("--data-dir"), other.path(), QStringLiteral("--log-format"), QStringLiteral("json")}))
        << child.stderrText().toStdString();
    EXPECT_TRUE(QFile::exists(other.filePath(QStringLiteral("countersign.db"))));
    Http http;
    EXPECT_EQ(http.request("GET", QStringLiteral("http://127.0.0.1:%1/readyz").arg(child.port())).status, 200);

    ::kill(qint64(child.process().processId()), SIGTERM);
    ASSERT_TRUE(child.process().waitForFinished(10000));
    EXPECT_EQ(child.process().exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(child.process().exitCode(), 0);
    EXPECT_TRUE(child.stderrText().contains("\"category\":\"countersign.server\"")) << child.stderrText().toStdString();
}

TEST(CommandLine, SecretsNeverReachTheLog)
{
    ChildServer child;
    ASSERT_TRUE(child.start({QStringLiteral("--log-format"), QStringLiteral("json")}));
    Http http;
    const QByteArray body = R"({"task_id":"t","agent":"a","output":"x"})";
    const QString url = QStringLiteral("http://127.0.0.1:%1/api/v1/approvals").arg(child.port());
    http.request("POST", url, body, {{"Content-Type", "application/json"}, {"X-Webhook-Source", "crew-a"},
                                     {"X-Webhook-Signature", hmac::signatureHeader("wrong", body)}});
    submitTo(http, child.port(), body);
    ::kill(qint64(child.process().processId()), SIGTERM);
    ASSERT_TRUE(child.process().waitForFinished(10000));
    EXPECT_TRUE(child.stderrText().contains("refused signature")) << "the refusal is logged";
    EXPECT_FALSE(child.stderrText().contains("s3cret")) << child.stderrText().toStdString();
    EXPECT_FALSE(child.stderrText().contains(hmac::sign("s3cret-a", body)));
}

TEST(CommandLine, TheAdminDecideCommandReachesTheWaitingAgentAndItsCallback)
{
    ChildServer child;
    ASSERT_TRUE(child.start());
    CallbackReceiver receiver;
    Http http;
    const QByteArray body = R"({"task_id":"adm-1","agent":"a","output":"x","callback_url":")" + receiver.url().toUtf8() + R"("})";
    ASSERT_EQ(submitTo(http, child.port(), body).status, 202);

    // The agent waits in a long poll while an operator decides from another process.
    QNetworkReply *waiting = startLongPoll(http, child.port(), "/api/v1/approvals/adm-1?wait=60");
    ASSERT_TRUE(waitForParkedPolls(http, child.port(), 1));
    ASSERT_FALSE(waiting->isFinished());

    ProcessRun r = runCountersignd({QStringLiteral("decide"), QStringLiteral("adm-1"), QStringLiteral("--config"), child.configPath(),
                                    QStringLiteral("--source"), QStringLiteral("crew-a"), QStringLiteral("--reject"), QStringLiteral("Off brand")});
    EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QLatin1String("\"status\": \"rejected\""))) << r.out.toStdString();

    ASSERT_TRUE(QTest::qWaitFor([&] { return waiting->isFinished(); }, 5000)) << "the long poll was not released";
    EXPECT_EQ(QJsonDocument::fromJson(waiting->readAll()).object().value(QLatin1String("status")).toString(), QStringLiteral("rejected"));
    waiting->deleteLater();
    ASSERT_TRUE(QTest::qWaitFor([&] { return receiver.received().size() == 1; }, 5000)) << "no callback";
    EXPECT_EQ(QJsonDocument::fromJson(receiver.received().first().body).object().value(QLatin1String("feedback")).toString(), QStringLiteral("Off brand"));

    r = runCountersignd({QStringLiteral("decide"), QStringLiteral("adm-1"), QStringLiteral("--config"), child.configPath(),
                         QStringLiteral("--source"), QStringLiteral("crew-a"), QStringLiteral("--approve")});
    EXPECT_EQ(r.exitCode, 3);
    EXPECT_TRUE(r.err.contains(QLatin1String("conflict"))) << r.err.toStdString();
    r = runCountersignd({QStringLiteral("decide"), QStringLiteral("adm-1"), QStringLiteral("--config"), child.configPath(),
                         QStringLiteral("--source"), QStringLiteral("crew-a"), QStringLiteral("--reject"), QString()});
    EXPECT_EQ(r.exitCode, 3) << "reject needs a reason";
    r = runCountersignd({QStringLiteral("decide"), QStringLiteral("adm-1"), QStringLiteral("--config"), child.configPath()});
    EXPECT_EQ(r.exitCode, 2);
}

TEST(CommandLine, SigtermAnswersWaitingAgentsBeforeExiting)
{
    ChildServer child;
    ASSERT_TRUE(child.start());
    Http http;
    const QByteArray body = R"({"task_id":"term-1","agent":"a","output":"x"})";
    ASSERT_EQ(submitTo(http, child.port(), body).status, 202);
    QNetworkReply *waiting = startLongPoll(http, child.port(), "/api/v1/approvals/term-1?wait=120");
    ASSERT_TRUE(waitForParkedPolls(http, child.port(), 1));  // the poll reaches the server and waits
    ASSERT_FALSE(waiting->isFinished());

    ::kill(qint64(child.process().processId()), SIGTERM);
    ASSERT_TRUE(QTest::qWaitFor([&] { return waiting->isFinished(); }, 5000)) << "the waiting agent got no answer";
    EXPECT_EQ(waiting->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    EXPECT_EQ(QJsonDocument::fromJson(waiting->readAll()).object().value(QLatin1String("status")).toString(), QStringLiteral("pending"));
    waiting->deleteLater();
    ASSERT_TRUE(QTest::qWaitFor([&] { return child.process().state() == QProcess::NotRunning; }, 10000));
    EXPECT_EQ(child.process().exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(child.process().exitCode(), 0);
}

// One server per data directory (issue 14, defect 11): a second one exits 2 naming the first; after the first
// is killed (-9), its stale lock does not stop the next start. The data directory and the database are
// private to the server's user (defect 12).
TEST(CommandLine, ASecondServerOnTheSameDataDirectoryIsRefusedAndTheFilesArePrivate)
{
    ChildServer first;
    ASSERT_TRUE(first.start()) << first.stderrText().toStdString();
    const QFileInfo dir(first.dataDir());
    EXPECT_EQ(dir.permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther),
              QFile::Permissions()) << "the data directory is 0700";
    for (const char *name : {"countersign.db", "countersign.db-wal"}) {
        const QFileInfo db(QDir(first.dataDir()).filePath(QLatin1String(name)));
        ASSERT_TRUE(db.exists()) << name;
        EXPECT_EQ(db.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther), QFile::Permissions())
            << name << " is 0600";
    }

    const ProcessRun second = runCountersignd({QStringLiteral("--config"), first.configPath(), QStringLiteral("--listen"),
                                               QStringLiteral("127.0.0.1:0")});
    EXPECT_EQ(second.exitCode, 2);
    EXPECT_TRUE(second.err.contains(QStringLiteral("another countersignd (pid %1").arg(first.process().processId())))
        << second.err.toStdString();
    EXPECT_FALSE(second.err.contains(QStringLiteral("listening on")));

    ::kill(qint64(first.process().processId()), SIGKILL);
    ASSERT_TRUE(first.process().waitForFinished(10000));
    QProcess third;
    third.start(QStringLiteral(COUNTERSIGND_PATH), {QStringLiteral("--config"), first.configPath(), QStringLiteral("--listen"),
                                                    QStringLiteral("127.0.0.1:0")});
    QByteArray thirdErr;
    ASSERT_TRUE(QTest::qWaitFor([&] {
        thirdErr += third.readAllStandardError();
        return third.state() == QProcess::NotRunning || thirdErr.contains("listening on");
    }, 10000));
    EXPECT_EQ(third.state(), QProcess::Running) << "a lock left by a killed server is taken over: " << thirdErr.toStdString();
    third.terminate();
    third.waitForFinished(10000);
}

// The server raises its soft descriptor limit to the hard one at start (issue 14, defect 6, first part).
TEST(CommandLine, TheDescriptorLimitIsRaisedToTheHardLimit)
{
    QTemporaryDir dir;
    QFile config(dir.filePath(QStringLiteral("c.json")));
    ASSERT_TRUE(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral(R"({"listen": "127.0.0.1:0", "data_dir": "%1"})").arg(dir.filePath(QStringLiteral("data"))).toUtf8());
    config.close();
    QProcess server;
    server.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), QStringLiteral("ulimit -S -n 256 && exec \"$0\" --config \"$1\""),
                                             QStringLiteral(COUNTERSIGND_PATH), config.fileName()});
    QByteArray err;
    ASSERT_TRUE(QTest::qWaitFor([&] {
        err += server.readAllStandardError();
        return err.contains("listening on") || server.state() == QProcess::NotRunning;
    }, 10000)) << err.toStdString();
    QFile limits(QStringLiteral("/proc/%1/limits").arg(server.processId()));
    ASSERT_TRUE(limits.open(QIODevice::ReadOnly));
    QString soft, hard;
    for (const QByteArray &line : limits.readAll().split('\n')) {
        if (line.startsWith("Max open files")) {
            const QStringList f = QString::fromLatin1(line.mid(26)).split(u' ', Qt::SkipEmptyParts);
            soft = f.value(0);
            hard = f.value(1);
        }
    }
    server.terminate();
    server.waitForFinished(10000);
    ASSERT_FALSE(hard.isEmpty());
    EXPECT_NE(soft, QStringLiteral("256")) << "started at 256";
    EXPECT_EQ(soft, hard);
}
