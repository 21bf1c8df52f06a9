#pragma once

#include <QLockFile>
#include <QString>

#include <memory>

namespace countersign::server {

// The server's data directory, made private and held by one server at a time.
// - Created 0700 (the database holds approvals and password hashes); the database files are made 0600 if an
//   older version left them readable by others. A directory that others may read is reported, not changed
//   (an operator may share it on purpose).
// - An exclusive lock (QLockFile "countersignd.lock") for as long as the server runs: a second server on the
//   same directory would deliver every email and callback twice. A lock left by a killed server is stale and
//   taken over (QLockFile checks that its process is gone). Admin commands (`countersignd user ...`) do not
//   take it: they run beside the server on purpose.
class DataDirectory
{
public:
    explicit DataDirectory(QString path);
    ~DataDirectory();

    // Creates the directory if needed and tightens the database files. False with `error` set when it cannot.
    bool prepare(QString *error, QString *warning = nullptr);
    // Takes the lock; false with `error` naming the holder (pid, host) when another server has it.
    bool lock(QString *error);

    // The mode bits for new files: the server's files are its own (0600 files, 0700 directories).
    static void restrictNewFiles();

private:
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace countersign::server
