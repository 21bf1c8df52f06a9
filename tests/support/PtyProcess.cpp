#include "PtyProcess.h"

#include <QSocketNotifier>
#include <QTest>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace countersign::test {

PtyProcess::PtyProcess() = default;

PtyProcess::~PtyProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    if (m_master >= 0)
        ::close(m_master);
}

bool PtyProcess::start(const QString &program, const QStringList &args, const QProcessEnvironment &env)
{
    m_master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (m_master < 0 || ::grantpt(m_master) != 0 || ::unlockpt(m_master) != 0)
        return false;
    const QByteArray slaveName = ::ptsname(m_master);
    ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
    m_notifier = new QSocketNotifier(m_master, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &PtyProcess::readAvailable);
    const int master = m_master;
    // In the child, after QProcess set up its pipes: a new session whose controlling terminal is the pty.
    m_process.setChildProcessModifier([slaveName, master] {
        ::setsid();
        const int slave = ::open(slaveName.constData(), O_RDWR);
        if (slave < 0)
            ::_exit(127);
        ::ioctl(slave, TIOCSCTTY, 0);
        ::dup2(slave, STDIN_FILENO);
        ::dup2(slave, STDOUT_FILENO);
        ::dup2(slave, STDERR_FILENO);
        if (slave > STDERR_FILENO)
            ::close(slave);
        ::close(master);
    });
    m_process.setProcessEnvironment(env);
    m_process.start(program, args);
    return m_process.waitForStarted(10000);
}

void PtyProcess::type(const QByteArray &keys)
{
    (void)::write(m_master, keys.constData(), std::size_t(keys.size()));
}

void PtyProcess::readAvailable()
{
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(m_master, buffer, sizeof buffer);
        if (n <= 0) {
            if (n < 0 && errno != EAGAIN)  // EIO once the child closed its side
                m_notifier->setEnabled(false);
            return;
        }
        m_screen.append(buffer, n);
    }
}

bool PtyProcess::waitFor(const QByteArray &text, qsizetype from, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_screen.indexOf(text, from) >= 0; }, timeoutMs);
}

} // namespace countersign::test
