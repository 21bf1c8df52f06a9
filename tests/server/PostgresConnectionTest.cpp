// The PostgreSQL connection string an operator writes in database.url: every form libpq takes reaches the
// driver intact, and its secrets never reach a message or a log line.
#include "store/PostgresConnection.h"

#include <QSqlDatabase>

#include <gtest/gtest.h>

using namespace countersign::server;

namespace {

struct Configured
{
    QString error;
    QString options;
    QString database;
    QString user;
};

Configured configureWith(const QString &url)
{
    Configured c;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("conn-test"));
        c.error = postgres::configure(db, url);
        c.options = db.connectOptions();
        c.database = db.databaseName();
        c.user = db.userName();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("conn-test"));
    return c;
}

} // namespace

TEST(PostgresConnection, AUrlWithSeveralHostsKeepsThemAllForLibpqToFailOverBetween)
{
    const Configured c = configureWith(QStringLiteral("postgresql://app@db1:5432,db2:5433/countersign?sslmode=require"));
    ASSERT_TRUE(c.error.isEmpty()) << c.error.toStdString();
    EXPECT_EQ(c.database, QStringLiteral("countersign"));
    EXPECT_EQ(c.user, QStringLiteral("app"));
    EXPECT_TRUE(c.options.contains(QStringLiteral("host='db1,db2'"))) << c.options.toStdString();
    EXPECT_TRUE(c.options.contains(QStringLiteral("port='5432,5433'"))) << c.options.toStdString();
    EXPECT_TRUE(c.options.contains(QStringLiteral("sslmode='require'"))) << c.options.toStdString();
    EXPECT_TRUE(c.options.contains(QStringLiteral("connect_timeout=5"))) << "an unreachable host must not hang a node";
}

TEST(PostgresConnection, KeyValueFormWorksAndAGivenTimeoutIsKept)
{
    const Configured c = configureWith(QStringLiteral("host=/run/postgresql dbname=cs user=countersign connect_timeout=2"));
    ASSERT_TRUE(c.error.isEmpty()) << c.error.toStdString();
    EXPECT_EQ(c.database, QStringLiteral("cs"));
    EXPECT_TRUE(c.options.contains(QStringLiteral("connect_timeout='2'"))) << c.options.toStdString();
    EXPECT_FALSE(c.options.contains(QStringLiteral("connect_timeout=5")));
}

TEST(PostgresConnection, ASemicolonTheDriverWouldMangleIsRefusedByName)
{
    const Configured c = configureWith(QStringLiteral("host=/tmp dbname=cs application_name='a;b'"));
    EXPECT_TRUE(c.error.contains(QStringLiteral("application_name"))) << c.error.toStdString();
}

TEST(PostgresConnection, AStringThatDoesNotParseIsRefusedWithoutRepeatingThePassword)
{
    const Configured c = configureWith(QStringLiteral("postgresql://app:50%off@db/x"));
    EXPECT_FALSE(c.error.isEmpty());
    EXPECT_FALSE(c.error.contains(QStringLiteral("50%off"))) << c.error.toStdString();
    const QString shown = postgres::masked(QStringLiteral("postgresql://app:s3cret@db/x?sslpassword=k3y"));
    EXPECT_FALSE(shown.contains(QStringLiteral("s3cret"))) << shown.toStdString();
    EXPECT_FALSE(shown.contains(QStringLiteral("k3y"))) << shown.toStdString();
    EXPECT_TRUE(shown.contains(QStringLiteral("dbname='x'")));
}
