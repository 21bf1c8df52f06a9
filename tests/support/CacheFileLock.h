#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace countersign::test {

// Another process's connection to an SQLite file (the desktop's cache), holding its write lock between hold()
// and release(): what a second `countersign watch` of the same user does while it writes.
class CacheFileLock
{
public:
    explicit CacheFileLock(const QString &path)
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other-process"));
        m_db.setDatabaseName(path);
        m_db.open();
    }
    ~CacheFileLock()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("other-process"));
    }
    Q_DISABLE_COPY_MOVE(CacheFileLock)
    bool hold() { return QSqlQuery(m_db).exec(QStringLiteral("BEGIN IMMEDIATE")); }
    bool release() { return QSqlQuery(m_db).exec(QStringLiteral("COMMIT")); }

private:
    QSqlDatabase m_db;
};

} // namespace countersign::test
