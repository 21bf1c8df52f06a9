#pragma once

#include <QCommandLineParser>
#include <QJsonValue>
#include <QString>
#include <QUrl>

#include <optional>

namespace countersign::cli {

// The exit codes scripts rely on (docs/cli.md).
enum ExitCode : int {
    Ok = 0,                 // done; for submit --wait and wait: approved
    Usage = 2,              // a bad argument or a missing file: nothing was sent
    ServerError = 3,        // the server refused, or could not be reached
    Refused = 4,            // approver commands: a decision not taken (conflict, forbidden, not found)
    Rejected = 10,
    RevisionRequested = 11,
    Expired = 12,
    Cancelled = 13,
};

// The exit code for an approval's final status ("approved" -> 0, ...).
int exitCodeFor(const QString &status);

// One line on standard error, prefixed "countersign: ".
void complain(const QString &message);
// "cannot reach the server: ERROR", with a hint when the error is the server's certificate.
QString unreachable(const QString &error);
// Text to standard output (UTF-8, flushed).
void print(const QString &text);
void printJson(const QJsonValue &value);

// Reads JSON from FILE or "-" (standard input). Text that is not JSON is taken as a string when
// `textAllowed`. On failure, `error` says why in words.
std::optional<QJsonValue> readJsonFile(const QString &path, bool textAllowed, QString *error);

// The approver-side options every approver command shares: --server, --user, --password-env.
struct ApproverOptions
{
    QCommandLineOption server{QStringLiteral("server"),
                              QStringLiteral("countersignd's address (default $COUNTERSIGN_SERVER, else http://127.0.0.1:8765)."),
                              QStringLiteral("url")};
    QCommandLineOption user{QStringLiteral("user"), QStringLiteral("Your user name (default $COUNTERSIGN_USER, else $USER)."),
                            QStringLiteral("name")};
    QCommandLineOption passwordEnv{QStringLiteral("password-env"),
                                   QStringLiteral("Sign in with the password in this environment variable, when no sign-in is "
                                                  "saved (otherwise the password is asked for on the terminal)."),
                                   QStringLiteral("var")};
    void addTo(QCommandLineParser &parser) const { parser.addOptions({server, user, passwordEnv}); }
};

// --server, or $COUNTERSIGN_SERVER, or the default; nullopt (after complaining) when it is not an address.
std::optional<QUrl> serverUrl(const QCommandLineParser &parser, const QCommandLineOption &option);

// Parses a subcommand's arguments (args[0] is "countersign COMMAND"); prints --help and exits on request.
// False (after complaining) on an unknown option or a wrong number of positional arguments.
bool parse(QCommandLineParser &parser, const QStringList &args, int minPositional, int maxPositional);

} // namespace countersign::cli
