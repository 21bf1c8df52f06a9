#include "SqliteCheckpointer.h"

#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace countersign::server {

SqliteCheckpointer::SqliteCheckpointer(QString path, int intervalMs)
    : m_path(std::move(path))
    , m_intervalMs(intervalMs)
{
}

SqliteCheckpointer::~SqliteCheckpointer()
{
    stop();
}

void SqliteCheckpointer::start()
{
    m_stopping = false;
    m_thread = std::thread([this] { loop(); });
}

void SqliteCheckpointer::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void SqliteCheckpointer::loop()
{
    const QString name = QStringLiteral("countersign-checkpointer-%1").arg(reinterpret_cast<quintptr>(this));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=1000"));
        if (!db.open()) {
            qCWarning(lcStore) << "checkpointer cannot open the database:" << db.lastError().text();
        } else {
            std::unique_lock lock(m_mutex);
            while (!m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs), [this] { return m_stopping; })) {
                lock.unlock();
                QSqlQuery q(db);
                if (!q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")))
                    qCWarning(lcStore) << "checkpoint failed:" << q.lastError().text();
                lock.lock();
            }
            QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));  // leave a small WAL behind
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace countersign::server
