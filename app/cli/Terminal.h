#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QSocketNotifier;

namespace countersign::cli {

// The terminal, for the interactive parts: whether there is one, a password read without echo, lines read
// as they come while the event loop runs (approvals keep arriving meanwhile), and $EDITOR.
namespace terminal {

bool isInteractive();  // standard input is a terminal
// Asks on the terminal without echoing what is typed; nullopt at end of input.
std::optional<QString> readPassword(const QString &prompt);
// Writes `text` to a temporary file, runs $VISUAL or $EDITOR (else vi) on it as a shell would, with the
// terminal, and calls `done` with what the file holds afterwards, or with nullopt and why the editor failed.
// The event loop keeps running meanwhile (the connection stays alive however long the edit takes).
using Edited = std::function<void(std::optional<QString> text, const QString &error)>;
void edit(const QString &text, const QString &suffix, QObject *context, Edited done);

} // namespace terminal

// Reads standard input line by line inside the event loop.
class LineReader final : public QObject
{
    Q_OBJECT
public:
    explicit LineReader(QObject *parent = nullptr);
    void setEnabled(bool enabled);

Q_SIGNALS:
    void lineRead(const QString &line);  // without the line end
    void closed();                       // end of input (Ctrl+D, or the pipe closed)

private:
    void onReadable();

    QSocketNotifier *m_notifier;
    QByteArray m_buffer;
};

} // namespace countersign::cli
