#pragma once

#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace countersign::server {

// Copies the WAL back into the database file from its own connection and thread (PRAGMA
// wal_checkpoint(PASSIVE), which never blocks the writer), so that checkpoint I/O and its fsync stay off
// the commit path that 202s wait for. The writer keeps a large auto-checkpoint only as a backstop.
class SqliteCheckpointer final
{
public:
    SqliteCheckpointer(QString path, int intervalMs);
    ~SqliteCheckpointer();
    Q_DISABLE_COPY_MOVE(SqliteCheckpointer)

    void start();
    void stop();

private:
    void loop();

    QString m_path;
    int m_intervalMs;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
};

} // namespace countersign::server
