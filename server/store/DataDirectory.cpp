#include "DataDirectory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace countersign::server {

DataDirectory::DataDirectory(QString path)
    : m_path(std::move(path))
{
}

DataDirectory::~DataDirectory() = default;

void DataDirectory::restrictNewFiles()
{
    ::umask(S_IRWXG | S_IRWXO);
}

bool DataDirectory::prepare(QString *error, QString *warning)
{
    const QDir dir(m_path);
    if (!dir.exists()) {
        if (!QDir().mkpath(m_path)) {
            *error = QStringLiteral("cannot create the data directory \"%1\"").arg(m_path);
            return false;
        }
        QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    } else if (warning && (QFileInfo(m_path).permissions() & (QFile::ReadOther | QFile::ExeOther))) {
        *warning = QStringLiteral("the data directory \"%1\" can be read by other users; `chmod 700` it unless that is meant").arg(m_path);
    }
    for (const char *name : {"countersign.db", "countersign.db-wal", "countersign.db-shm"}) {
        const QString file = dir.filePath(QLatin1String(name));
        if (QFileInfo::exists(file) && !QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner)) {
            *error = QStringLiteral("cannot make %1 private to this user").arg(file);
            return false;
        }
    }
    return true;
}

bool DataDirectory::lock(QString *error)
{
    m_lock = std::make_unique<QLockFile>(QDir(m_path).filePath(QStringLiteral("countersignd.lock")));
    m_lock->setStaleLockTime(0);  // stale only when its process is gone, never by age
    if (m_lock->tryLock(0))
        return true;
    qint64 pid = 0;
    QString host, app;
    if (m_lock->error() == QLockFile::LockFailedError && m_lock->getLockInfo(&pid, &host, &app)) {
        *error = QStringLiteral("another countersignd (pid %1 on %2) is using the data directory \"%3\"; stop it "
                                "or give this one its own --data-dir").arg(pid).arg(host, m_path);
    } else {
        *error = QStringLiteral("cannot lock the data directory \"%1\" (%2)")
                     .arg(m_path, QDir(m_path).filePath(QStringLiteral("countersignd.lock")));
    }
    m_lock.reset();
    return false;
}

} // namespace countersign::server
