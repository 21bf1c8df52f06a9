// The operator's commands: managing approvers, and checking and exporting the audit log.
#include "ChildServer.h"
#include "Http.h"

#include "protocol/Hmac.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <gtest/gtest.h>

using namespace countersign;
using namespace countersign::test;

namespace {

struct Result
{
    int exitCode;
    QString out;
    QString err;
};

Result admin(const ChildServer &child, QStringList args, const QByteArray &stdinText = {})
{
    QProcess p;
    args << QStringLiteral("--config") << child.configPath();
    p.start(QStringLiteral(COUNTERSIGND_PATH), args);
    p.write(stdinText);
    p.closeWriteChannel();
    EXPECT_TRUE(p.waitForFinished(30000));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

int login(quint16 port, const QString &user, const QString &password, QByteArray *token = nullptr)
{
    Http http;
    const HttpResponse r = http.request("POST", QStringLiteral("http://127.0.0.1:%1/api/v1/auth/login").arg(port),
                                        QJsonDocument(QJsonObject{{QStringLiteral("username"), user}, {QStringLiteral("password"), password}}).toJson(),
                                        {{"Content-Type", "application/json"}});
    if (token)
        *token = r.json().value(QLatin1String("token")).toString().toLatin1();
    return r.status;
}

} // namespace

TEST(AdminCommands, UsersAreAddedListedRetitledAndDisabled)
{
    ChildServer child(R"(, "auth": {"pbkdf2_iterations": 1000})");
    // The first user is usually added before the server ever ran: the data directory does not exist yet.
    Result r = admin(child, {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("first"), QStringLiteral("--role"),
                             QStringLiteral("admin")}, "first-pass\n");
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    ASSERT_TRUE(child.start());
    r = admin(child, {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("carla"), QStringLiteral("--role"), QStringLiteral("CFO"),
                             QStringLiteral("--email"), QStringLiteral("carla@example.test")}, "s3cure-pass\n");
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_EQ(admin(child, {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("carla"), QStringLiteral("--role"), QStringLiteral("CFO")},
                    "s3cure-pass\n").exitCode, 3) << "exists already";
    EXPECT_EQ(admin(child, {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("bob"), QStringLiteral("--role"), QStringLiteral("Legal")},
                    "short\n").exitCode, 2) << "passwords have 8 characters at least";
    EXPECT_EQ(admin(child, {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("bob")}, "long enough\n").exitCode, 2) << "a role is required";

    QByteArray token;
    EXPECT_EQ(login(child.port(), QStringLiteral("carla"), QStringLiteral("s3cure-pass"), &token), 200);
    r = admin(child, {QStringLiteral("user"), QStringLiteral("set-roles"), QStringLiteral("carla"), QStringLiteral("--role"), QStringLiteral("CFO"),
                      QStringLiteral("--role"), QStringLiteral("auditor")});
    EXPECT_EQ(r.exitCode, 0);
    r = admin(child, {QStringLiteral("user"), QStringLiteral("list")});
    EXPECT_TRUE(r.out.contains(QLatin1String("carla"))) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains(QLatin1String("CFO,auditor"))) << r.out.toStdString();
    EXPECT_FALSE(r.out.contains(QLatin1String("s3cure"))) << "no password in any output";

    EXPECT_EQ(admin(child, {QStringLiteral("user"), QStringLiteral("disable"), QStringLiteral("carla")}).exitCode, 0);
    EXPECT_EQ(login(child.port(), QStringLiteral("carla"), QStringLiteral("s3cure-pass")), 401);
    Http http;
    EXPECT_EQ(http.request("GET", QStringLiteral("http://127.0.0.1:%1/api/v1/queue").arg(child.port()), {},
                           {{"Authorization", "Bearer " + token}}).status, 401) << "disabling signs the user out";
    EXPECT_EQ(admin(child, {QStringLiteral("user"), QStringLiteral("disable"), QStringLiteral("nobody")}).exitCode, 3);
}

TEST(AdminCommands, AuditVerifyFindsATamperedRowAndExportWritesEveryEntry)
{
    ChildServer child;
    ASSERT_TRUE(child.start());
    Http http;
    for (int i = 0; i < 3; ++i) {
        const QByteArray body = QStringLiteral(R"({"task_id":"audit-%1","agent":"a","output":"x"})").arg(i).toUtf8();
        ASSERT_EQ(http.request("POST", QStringLiteral("http://127.0.0.1:%1/api/v1/approvals").arg(child.port()), body,
                               {{"Content-Type", "application/json"}, {"X-Webhook-Source", "crew-a"},
                                {"X-Webhook-Signature", hmac::signatureHeader("s3cret-a", body)}}).status, 202);
    }
    Result r = admin(child, {QStringLiteral("audit"), QStringLiteral("verify")});
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString() << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QLatin1String("intact: 6 entries"))) << r.out.toStdString();

    r = admin(child, {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("jsonl")});
    EXPECT_EQ(r.out.trimmed().split(u'\n').size(), 6);
    EXPECT_EQ(QJsonDocument::fromJson(r.out.split(u'\n').first().toUtf8()).object().value(QLatin1String("action")).toString(), QStringLiteral("created"));
    r = admin(child, {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("csv")});
    EXPECT_EQ(r.out.trimmed().split(u'\n').size(), 7) << "a header and six rows";
    EXPECT_EQ(admin(child, {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--format"), QStringLiteral("xml")}).exitCode, 2);

    {  // Someone edits one row in the database file.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        db.setDatabaseName(child.dataDir() + QStringLiteral("/countersign.db"));
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        EXPECT_FALSE(q.exec(QStringLiteral("UPDATE events SET actor = 'someone-else' WHERE seq = 3"))) << "append-only";
        EXPECT_FALSE(q.exec(QStringLiteral("DELETE FROM events WHERE seq = 3"))) << "append-only";
        ASSERT_TRUE(q.exec(QStringLiteral("DROP TRIGGER events_no_update")));  // a determined tamperer
        ASSERT_TRUE(q.exec(QStringLiteral("UPDATE events SET actor = 'someone-else' WHERE seq = 3")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
    r = admin(child, {QStringLiteral("audit"), QStringLiteral("verify")});
    EXPECT_EQ(r.exitCode, 4);
    EXPECT_TRUE(r.out.contains(QLatin1String("BROKEN at entry seq 3"))) << r.out.toStdString();
}
