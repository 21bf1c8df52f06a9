// countersign: the command line for agents and approvers. Agents submit and wait from a shell; developers
// decide in the terminal. Each command is in its own file; this one only dispatches.
#include "net/TrustedCa.h"
#include "AgentCommands.h"
#include "ApproverCommands.h"
#include "CliSupport.h"
#include "WatchCommand.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <map>

namespace {

const char *Usage = R"(Usage: countersign COMMAND [options]

Human-in-the-loop approval for AI agents, from the shell.

Agent side (signed with the source's secret):
  submit    Submit work for approval; with --wait, wait for the decision and exit with its code
  revise    Send a new version after a revision request
  wait      Wait for the decision on a submitted task

Approver side (signed in as a user; the sign-in is kept in the keychain):
  watch     Decide approvals in the terminal as they arrive (the development pattern)
  queue     List the approvals in your queue
  show      Show one approval
  decide    Approve, reject or send back one approval
  logout    Sign out and forget the kept sign-in

Run "countersign COMMAND --help" for a command's options.
Exit codes: 0 ok/approved, 2 usage error, 3 server refused or unreachable, 4 decision not taken,
10 rejected, 11 revision requested, 12 expired, 13 cancelled.
Environment: COUNTERSIGN_SERVER, COUNTERSIGN_SOURCE, COUNTERSIGN_SECRET, COUNTERSIGN_USER,
COUNTERSIGN_CA_FILE (a PEM file of CA certificates to trust for https:// servers).
)";

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Countersign"));
    QCoreApplication::setApplicationName(QStringLiteral("countersign"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COUNTERSIGN_VERSION));
    // The terminal is the user's: the client library's progress logs stay out of it (QT_LOGGING_RULES can
    // bring them back, e.g. "countersign.*.debug=true").
    QLoggingCategory::setFilterRules(QStringLiteral("countersign.*.debug=false\ncountersign.*.info=false"));

    using Command = int (*)(const QStringList &);
    const std::map<QString, Command> commands{
        {QStringLiteral("submit"), &countersign::cli::runSubmit}, {QStringLiteral("revise"), &countersign::cli::runRevise},
        {QStringLiteral("wait"), &countersign::cli::runWait},     {QStringLiteral("watch"), &countersign::cli::runWatch},
        {QStringLiteral("queue"), &countersign::cli::runQueue},   {QStringLiteral("show"), &countersign::cli::runShow},
        {QStringLiteral("decide"), &countersign::cli::runDecide}, {QStringLiteral("logout"), &countersign::cli::runLogout},
    };
    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args.at(1) == QLatin1String("--help") || args.at(1) == QLatin1String("-h")
        || args.at(1) == QLatin1String("help")) {
        std::fputs(Usage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? countersign::cli::Usage : countersign::cli::Ok;
    }
    if (args.at(1) == QLatin1String("--version")) {
        std::printf("countersign %s\n", COUNTERSIGN_VERSION);
        return 0;
    }
    const auto command = commands.find(args.at(1));
    if (command == commands.end()) {
        countersign::cli::complain(QStringLiteral("unknown command \"%1\" (see countersign --help)").arg(args.at(1)));
        return countersign::cli::Usage;
    }
    // A private CA (or a self-signed countersignd) to trust for https:// and wss://.
    if (QString caError; !countersign::trustCaFileFromEnvironment(&caError)) {
        countersign::cli::complain(QStringLiteral("COUNTERSIGN_CA_FILE: %1").arg(caError));
        return countersign::cli::Usage;
    }
    // The command's own parser sees "countersign COMMAND" as the program name.
    args[0] = args.at(0) + QLatin1Char(' ') + args.takeAt(1);
    return command->second(args);
}
