#pragma once

#include <QByteArray>
#include <QObject>
#include <QProcess>

class QSocketNotifier;

namespace countersign::test {

// A program run in a pseudo-terminal, as a user at a terminal would run it: its standard input, output and
// error are the terminal (so isatty() is true and the line discipline echoes and handles Ctrl+D). The test
// types with write() and reads everything shown with screen().
class PtyProcess final : public QObject
{
    Q_OBJECT
public:
    PtyProcess();
    ~PtyProcess() override;

    bool start(const QString &program, const QStringList &args, const QProcessEnvironment &env);
    void type(const QByteArray &keys);
    QByteArray screen() const { return m_screen; }
    // Waits until `text` appears on the screen after byte `from` (see mark()).
    bool waitFor(const QByteArray &text, qsizetype from = 0, int timeoutMs = 10000);
    qsizetype mark() const { return m_screen.size(); }
    QProcess &process() { return m_process; }

private:
    void readAvailable();

    QProcess m_process;
    int m_master = -1;
    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_screen;
};

} // namespace countersign::test
