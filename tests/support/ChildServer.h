#pragma once

#include <QProcess>
#include <QTemporaryDir>

namespace countersign::test {

// countersignd as a separate process (for kill -9 and signal tests), on port 0, with a config file in a
// temp dir. start() waits for the "listening on" line and reads the port from it.
class ChildServer
{
public:
    explicit ChildServer(const QByteArray &extraConfig = {});
    ~ChildServer();

    bool start(const QStringList &extraArgs = {});
    quint16 port() const { return m_port; }
    QProcess &process() { return m_process; }
    QString configPath() const { return m_dir.filePath(QStringLiteral("countersign.json")); }
    QString dataDir() const { return m_dir.filePath(QStringLiteral("data")); }
    QByteArray stderrText() const { return m_stderr; }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    QByteArray m_stderr;
    quint16 m_port = 0;
};

} // namespace countersign::test
