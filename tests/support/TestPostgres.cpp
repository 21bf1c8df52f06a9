#include "TestPostgres.h"

#if __has_include("store/PostgresStore.h")
#include "store/PostgresStore.h"
#define COUNTERSIGN_TEST_HAS_POSTGRES_STORE 1
#else
#include "store/Store.h"
#endif

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <QUrlQuery>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace countersign::test {

namespace {

const QString User = QStringLiteral("countersign");

void runFixtureScript(const QString &action, const QString &dir)
{
    QProcess script;
    script.setProcessChannelMode(QProcess::MergedChannels);
    script.start(QStringLiteral("bash"), {QStringLiteral(POSTGRES_FIXTURE_SCRIPT), action, dir});
    const bool finished = script.waitForFinished(120000);
    const QString output = QString::fromLocal8Bit(script.readAll());
    if (!finished || script.exitStatus() != QProcess::NormalExit || script.exitCode() != 0)
        throw std::runtime_error(QStringLiteral("postgres-fixture.sh %1 %2 failed:\n%3").arg(action, dir, output).toStdString());
}

// A cluster this process started because no fixture named one; stopped (and its directory removed) at exit.
class OwnCluster
{
public:
    OwnCluster()
    {
        QTemporaryDir base(QDir::tempPath() + QStringLiteral("/countersign-pg-XXXXXX"));
        base.setAutoRemove(false);  // the script owns it from here: it hands it to the postgres user
        if (!base.isValid())
            throw std::runtime_error("no temporary directory for a PostgreSQL cluster");
        m_dir = base.path();
        try {
            runFixtureScript(QStringLiteral("start"), m_dir);
        } catch (...) {
            stop();
            throw;
        }
    }
    ~OwnCluster() { stop(); }
    Q_DISABLE_COPY_MOVE(OwnCluster)

    QString dir() const { return m_dir; }

private:
    void stop()
    {
        // Runs during static destruction, after QCoreApplication is gone: no QProcess here.
        const QByteArray command = "bash '" + QByteArray(POSTGRES_FIXTURE_SCRIPT) + "' stop '" + m_dir.toLocal8Bit()
            + "' >/dev/null 2>&1";
        (void)std::system(command.constData());
    }

    QString m_dir;
};

QString ownClusterDir()
{
    // Started once per process, on first use; a failure to start is reported to every test that asks.
    static std::mutex mutex;
    static std::unique_ptr<OwnCluster> cluster;
    static std::string failure;
    std::lock_guard lock(mutex);
    if (!cluster && failure.empty()) {
        try {
            cluster = std::make_unique<OwnCluster>();
        } catch (const std::exception &e) {
            failure = e.what();
        }
    }
    if (!cluster)
        throw std::runtime_error(failure);
    return cluster->dir();
}

} // namespace

bool serversUsePostgres()
{
    return qEnvironmentVariable(DatabaseVariable) == QLatin1String("postgres");
}

QString postgresSocketDir()
{
    const QString fromFixture = qEnvironmentVariable(PostgresSocketVariable);
    return fromFixture.isEmpty() ? ownClusterDir() : fromFixture;
}

QSqlDatabase connectPostgres(const QString &connectionName, const QString &url)
{
    const QUrl parsed(url);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(QUrlQuery(parsed).queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded));
    db.setUserName(parsed.userName());
    db.setDatabaseName(parsed.path().mid(1));
    if (!db.open()) {
        const QString why = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connectionName);
        throw std::runtime_error(QStringLiteral("cannot connect to %1: %2").arg(url, why).toStdString());
    }
    return db;
}

QString freshPostgresDatabase()
{
    static std::atomic<int> counter{0};
    const QString socketDir = postgresSocketDir();
    // Unique across the processes of one ctest run (pids are reused, hence the random part too).
    const QString name = QStringLiteral("t_%1_%2_%3")
                             .arg(QCoreApplication::applicationPid())
                             .arg(++counter)
                             .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
    const QString url = QStringLiteral("postgresql://%1@/%2?host=%3").arg(User, name, socketDir);
    const QString connection = QStringLiteral("countersign-test-createdb-") + name;
    {
        QSqlDatabase admin = connectPostgres(connection, QStringLiteral("postgresql://%1@/postgres?host=%2").arg(User, socketDir));
        QSqlQuery create(admin);
        const bool created = create.exec(QStringLiteral("CREATE DATABASE ") + name);
        const QString why = create.lastError().text();
        create = QSqlQuery();
        admin.close();
        admin = QSqlDatabase();
        QSqlDatabase::removeDatabase(connection);
        if (!created)
            throw std::runtime_error(QStringLiteral("CREATE DATABASE %1 failed: %2").arg(name, why).toStdString());
    }
    return url;
}

std::unique_ptr<server::Store> makePostgresStore(const QString &url)
{
#ifdef COUNTERSIGN_TEST_HAS_POSTGRES_STORE
    return std::make_unique<server::PostgresStore>(server::PostgresStore::Options{url, QString()});
#else
    Q_UNUSED(url);
    return nullptr;
#endif
}

} // namespace countersign::test
