#include "ChildServer.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

namespace countersign::test {

ChildServer::ChildServer(const QByteArray &extraConfig)
{
    QFile f(configPath());
    f.open(QIODevice::WriteOnly);
    f.write(R"({"listen": "127.0.0.1:0", "data_dir": ")" + dataDir().toUtf8() + R"(",
 "sources": [{"id": "crew-a", "secret": "s3cret-a"}, {"id": "crew-b", "secret": "s3cret-b"}],
 "limits": {"rate_per_second": 0})" + extraConfig + "}");
    QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                     [this] { m_stderr += m_process.readAllStandardError(); });
}

ChildServer::~ChildServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool ChildServer::start(const QStringList &extraArgs)
{
    m_stderr.clear();
    m_port = 0;
    m_process.start(QStringLiteral(COUNTERSIGND_PATH), QStringList{QStringLiteral("--config"), configPath()} + extraArgs);
    static const QRegularExpression listening(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)"));
    (void)QTest::qWaitFor([this] {
        const auto m = listening.match(QString::fromUtf8(m_stderr));
        if (m.hasMatch())
            m_port = quint16(m.captured(1).toUInt());
        return m_port != 0 || m_process.state() == QProcess::NotRunning;
    }, 15000);
    return m_port != 0;
}

} // namespace countersign::test
