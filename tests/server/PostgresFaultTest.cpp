// PostgreSQL stopped under a running countersignd, and started again: /readyz says so, agents get 503 with
// Retry-After (never a 500, never a half-written approval), approvers are told "unavailable" instead of finding
// their decisions failing, and everything comes back by itself once the database does, with nothing acknowledged
// lost. The cluster is this test's own (the shared one of the `postgres` fixture must stay up for the others).
#include "TestServer.h"
#include "WsClient.h"

#include "admin/AuditVerify.h"

#include <QDir>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

// A PostgreSQL 15 of this test's own that it can stop and start (postgres-fixture.sh makes it).
class OwnPostgres
{
public:
    OwnPostgres()
        : m_dir(QDir::tempPath() + QStringLiteral("/cs-pgfault-") + QString::number(QCoreApplication::applicationPid()))
    {
        script(QStringLiteral("start"));
        QProcess createdb;
        createdb.start(bin(QStringLiteral("createdb")), {QStringLiteral("-h"), m_dir, QStringLiteral("-U"), QStringLiteral("countersign"),
                                                         QStringLiteral("faults")});
        createdb.waitForFinished(60000);
        m_ok = m_ok && createdb.exitCode() == 0;
    }
    ~OwnPostgres() { script(QStringLiteral("stop")); }

    bool ok() const { return m_ok; }
    QString url() const { return QStringLiteral("postgresql://countersign@/faults?host=%1").arg(m_dir); }
    bool stop() { return pgctl({QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("stop")}); }
    bool start()
    {
        return pgctl({QStringLiteral("-l"), m_dir + QStringLiteral("/server.log"), QStringLiteral("-o"),
                      QStringLiteral("-k '%1' -p 5432 -c listen_addresses='' -c fsync=off").arg(m_dir), QStringLiteral("start")});
    }

private:
    static QString bin(const QString &name) { return QStringLiteral("/usr/lib/postgresql/15/bin/") + name; }
    void script(const QString &action)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("bash"), {QStringLiteral(POSTGRES_FIXTURE_SCRIPT), action, m_dir});
        p.waitForFinished(120000);
        if (p.exitCode() != 0) {
            m_ok = false;
            ADD_FAILURE() << "postgres-fixture.sh " << action.toStdString() << ": " << p.readAll().toStdString();
        }
    }
    bool pgctl(QStringList args)
    {
        QProcess p;
        args = QStringList{QStringLiteral("-D"), m_dir + QStringLiteral("/data"), QStringLiteral("-w")} + args;
        if (geteuid() == 0)
            p.start(QStringLiteral("runuser"), QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), bin(QStringLiteral("pg_ctl"))} + args);
        else
            p.start(bin(QStringLiteral("pg_ctl")), args);
        return p.waitForFinished(60000) && p.exitCode() == 0;
    }

    QString m_dir;
    bool m_ok = true;
};

} // namespace

TEST(PostgresFaults, StoppedDatabaseIsA503WithRetryAfterAndEverythingComesBackByItself)
{
    OwnPostgres pg;
    ASSERT_TRUE(pg.ok());
    TestServer server([&](server::Config &c) {
        c.database.driver = QStringLiteral("postgres");
        c.database.url = pg.url();
        c.hub.sessionCheckMs = 200;
    });
    server.addUser(QStringLiteral("mia"), {QStringLiteral("Manager")});
    Agent agent(server);
    const QString before = agent.submitNew(emailSubmission(QStringLiteral("before-outage")));
    WsClient approver(server.server().port());
    ASSERT_TRUE(approver.waitConnected());
    approver.hello(server.login(QStringLiteral("mia")));
    ASSERT_FALSE(approver.next(QStringLiteral("welcome")).isEmpty());
    ASSERT_EQ(approver.syncItems().size(), 1);

    ASSERT_TRUE(pg.stop());
    // The approver is told, and the link closes: the app shows "server unavailable" and keeps decisions queued.
    const QJsonObject told = approver.next(QStringLiteral("error"), 10000);
    EXPECT_EQ(told.value(QLatin1String("code")).toString(), QStringLiteral("unavailable"));
    EXPECT_TRUE(approver.waitClosed(5000));
    EXPECT_EQ(approver.socket().closeReason(), QStringLiteral("unavailable"));

    Http http;
    EXPECT_EQ(http.request("GET", server.url(QStringLiteral("/readyz"))).status, 503);
    // Several submissions while the database is away: each one a 503 that says when to retry, none a 500.
    for (int i = 0; i < 5; ++i) {
        const HttpResponse r = agent.submit(emailSubmission(QStringLiteral("during-%1").arg(i)));
        EXPECT_EQ(r.status, 503) << r.body.toStdString();
        EXPECT_EQ(r.errorCode(), QStringLiteral("unavailable"));
        EXPECT_FALSE(r.header("Retry-After").isEmpty());
    }

    ASSERT_TRUE(pg.start());
    EXPECT_TRUE(QTest::qWaitFor([&] { return http.request("GET", server.url(QStringLiteral("/readyz"))).status == 200; }, 15000))
        << "the node reconnects by itself";
    // The agent retries: accepted now, and the approval from before the outage is still there.
    const HttpResponse retried = agent.submit(emailSubmission(QStringLiteral("during-0")));
    EXPECT_EQ(retried.status, 202) << retried.body.toStdString();
    EXPECT_EQ(agent.get(QStringLiteral("before-outage")).status, 200);
    EXPECT_EQ(agent.get(QStringLiteral("during-1")).status, 404) << "a refused submission left nothing behind";

    // The approver reconnects and gets both; the audit chain is whole.
    WsClient again(server.server().port());
    ASSERT_TRUE(again.waitConnected());
    again.hello(server.login(QStringLiteral("mia")));
    ASSERT_FALSE(again.next(QStringLiteral("welcome")).isEmpty());
    EXPECT_EQ(again.syncItems().size(), 2);
    const std::unique_ptr<server::Store> store = server.openStore();
    store->beginBatch();
    qint64 entries = 0;
    EXPECT_FALSE(server::findBrokenAuditEntry(*store, &entries).has_value());
    store->rollbackBatch();
    EXPECT_GT(entries, 0);
    Q_UNUSED(before);
}
