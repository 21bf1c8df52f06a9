// Moving up from one node to several: `countersignd migrate --to URL` copies a single node's SQLite database
// into an empty PostgreSQL database, and a node on PostgreSQL then serves the same approvals, decisions, users
// and audit log (its hash chain intact).
#include "TestPostgres.h"
#include "TestServer.h"

#include "admin/AuditVerify.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

struct Command
{
    int exitCode = -1;
    QString out;
    QString err;
};

Command migrate(const QString &configPath, const QString &url)
{
    QProcess p;
    p.start(QStringLiteral(COUNTERSIGND_PATH), {QStringLiteral("migrate"), QStringLiteral("--to"), url, QStringLiteral("--config"), configPath});
    EXPECT_TRUE(p.waitForFinished(60000));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

qint64 auditEntries(const TestServer &node)
{
    const std::unique_ptr<server::Store> store = node.openStore();
    store->beginBatch();
    qint64 entries = -1;
    const std::optional<QString> broken = server::findBrokenAuditEntry(*store, &entries);
    store->rollbackBatch();
    EXPECT_FALSE(broken.has_value()) << broken.value_or(QString()).toStdString();
    return entries;
}

} // namespace

TEST(Migrate, ASingleNodesDatabaseMovesToPostgresWithItsAuditChainAndServesFromThere)
{
    QString taskDecided, configPath;
    qint64 sqliteEntries = 0;
    std::unique_ptr<TestServer> single = std::make_unique<TestServer>([](server::Config &c) {
        c.database.driver = QStringLiteral("sqlite");  // the single node, whatever this run's servers use
        c.database.url.clear();
    });
    single->addUser(QStringLiteral("mia"), {QStringLiteral("Manager")});
    {
        Agent agent(*single);
        for (int i = 0; i < 5; ++i)
            agent.submitNew(emailSubmission(QStringLiteral("mail-%1").arg(i)));
        const QString id = agent.submitNew(emailSubmission(QStringLiteral("decided")));
        ASSERT_TRUE(std::holds_alternative<server::Applied>(single->decide(id, QStringLiteral("reject"), QStringLiteral("wrong price"))));
        taskDecided = QStringLiteral("decided");
    }
    sqliteEntries = auditEntries(*single);
    const QString databaseId = single->openStore()->databaseId();
    ASSERT_FALSE(databaseId.isEmpty());
    ASSERT_GT(sqliteEntries, 6);
    configPath = single->dataDir() + QStringLiteral("/countersign.json");
    {
        QFile f(configPath);
        ASSERT_TRUE(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("data_dir"), single->dataDir()},
                                          {QStringLiteral("sources"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("crew-a")},
                                                                                             {QStringLiteral("secret"), QStringLiteral("s3cret-a")}}}}})
                    .toJson());
    }
    single->stop();

    const QString url = freshPostgresDatabase();
    const Command copied = migrate(configPath, url);
    ASSERT_EQ(copied.exitCode, 0) << copied.err.toStdString();
    EXPECT_TRUE(copied.out.contains(QStringLiteral("6 approvals"))) << copied.out.toStdString();
    EXPECT_TRUE(copied.out.contains(QStringLiteral("audit chain intact (%1 entries)").arg(sqliteEntries))) << copied.out.toStdString();
    EXPECT_TRUE(copied.err.contains(QStringLiteral("copying events: %1 of %1").arg(sqliteEntries))) << "a progress line";

    // Never into a database that already holds something: nothing is changed, exit 2.
    const Command again = migrate(configPath, url);
    EXPECT_EQ(again.exitCode, 2);
    EXPECT_TRUE(again.err.contains(QStringLiteral("not empty"))) << again.err.toStdString();

    TestServer node([&](server::Config &c) {
        c.database.driver = QStringLiteral("postgres");
        c.database.url = url;
    });
    EXPECT_EQ(auditEntries(node), sqliteEntries);
    EXPECT_EQ(node.openStore()->databaseId(), databaseId) << "the same database to its clients: their caches stay valid";
    Agent agent(node);
    const HttpResponse decided = agent.get(taskDecided);
    ASSERT_EQ(decided.status, 200);
    EXPECT_EQ(decided.json().value(QLatin1String("status")).toString(), QStringLiteral("rejected"));
    EXPECT_EQ(decided.json().value(QLatin1String("decision")).toObject().value(QLatin1String("feedback")).toString(), QStringLiteral("wrong price"));
    EXPECT_FALSE(node.login(QStringLiteral("mia")).isEmpty()) << "users and their passwords came along";
    // A retried submission is still recognised as the one already stored (body hashes came byte for byte).
    EXPECT_EQ(agent.submit(emailSubmission(QStringLiteral("mail-0"))).status, 200);
}
