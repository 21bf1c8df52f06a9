#include "Terminal.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QTemporaryFile>

#include <cstdio>
#include <memory>
#include <termios.h>
#include <unistd.h>

namespace countersign::cli {

namespace terminal {

bool isInteractive()
{
    return ::isatty(STDIN_FILENO) == 1;
}

std::optional<QString> readPassword(const QString &prompt)
{
    std::fprintf(stderr, "%s", qUtf8Printable(prompt));
    std::fflush(stderr);
    termios before{};
    const bool tty = ::tcgetattr(STDIN_FILENO, &before) == 0;
    if (tty) {
        termios silent = before;
        silent.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    }
    QByteArray line;
    char c = 0;
    bool got = false;
    while (::read(STDIN_FILENO, &c, 1) == 1) {
        got = true;
        if (c == '\n' || c == '\r')
            break;
        line.append(c);
    }
    if (tty)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
    std::fprintf(stderr, "\n");
    if (!got)
        return std::nullopt;
    return QString::fromUtf8(line);
}

void edit(const QString &text, const QString &suffix, QObject *context, Edited done)
{
    auto file = std::make_shared<QTemporaryFile>(QDir::temp().filePath(QStringLiteral("countersign-XXXXXX") + suffix));
    if (!file->open())
        return done(std::nullopt, QStringLiteral("cannot create a temporary file: %1").arg(file->errorString()));
    file->write(text.toUtf8());
    file->flush();
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QString editor = env.value(QStringLiteral("VISUAL"), env.value(QStringLiteral("EDITOR")));
    if (editor.isEmpty())
        editor = QStringLiteral("vi");
    // As git does: the editor may carry arguments, so a shell runs it with the file as "$1".
    auto *process = new QProcess(context);
    process->setProcessChannelMode(QProcess::ForwardedChannels);
    process->setInputChannelMode(QProcess::ForwardedInputChannel);
    QObject::connect(process, &QProcess::finished, context, [process, file, editor, done](int code, QProcess::ExitStatus status) {
        process->deleteLater();
        if (status != QProcess::NormalExit || code != 0)
            return done(std::nullopt, QStringLiteral("the editor (%1) failed").arg(editor));
        QFile edited(file->fileName());
        if (!edited.open(QIODevice::ReadOnly))
            return done(std::nullopt, QStringLiteral("cannot read the edited file: %1").arg(edited.errorString()));
        done(QString::fromUtf8(edited.readAll()), {});
    });
    QObject::connect(process, &QProcess::errorOccurred, context, [process, editor, done](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        process->deleteLater();
        done(std::nullopt, QStringLiteral("cannot start the editor (%1)").arg(editor));
    });
    process->start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), editor + QStringLiteral(" \"$1\""), QStringLiteral("sh"), file->fileName()});
}

} // namespace terminal

LineReader::LineReader(QObject *parent)
    : QObject(parent)
    , m_notifier(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &LineReader::onReadable);
}

void LineReader::setEnabled(bool enabled)
{
    m_notifier->setEnabled(enabled);
}

void LineReader::onReadable()
{
    char chunk[4096];
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n <= 0) {
        m_notifier->setEnabled(false);
        if (!m_buffer.isEmpty())
            Q_EMIT lineRead(QString::fromUtf8(std::exchange(m_buffer, {})));
        Q_EMIT closed();
        return;
    }
    m_buffer.append(chunk, n);
    qsizetype end = 0;
    while ((end = m_buffer.indexOf('\n')) >= 0) {
        QByteArray line = m_buffer.left(end);
        m_buffer.remove(0, end + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        Q_EMIT lineRead(QString::fromUtf8(line));
    }
}

} // namespace countersign::cli
