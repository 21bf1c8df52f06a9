// countersignd: the approval backend. A thin main: parse the command line, load the config, run a Server.

#include "Server.h"
#include "store/DataDirectory.h"
#include "admin/AdminCommands.h"
#include "SignalWatcher.h"
#include "logging/LogFormat.h"
#include "time/Clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStandardPaths>
#include <QTextStream>

#include <sys/resource.h>

#include <cstdio>

using namespace countersign;
using namespace countersign::server;

namespace {

constexpr int ExitUsage = 2;

int usageError(const QString &message)
{
    std::fprintf(stderr, "countersignd: %s\n", qUtf8Printable(message));
    return ExitUsage;
}

void addServeOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("config"), QStringLiteral("The JSON configuration file (see docs/configuration.md)."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("listen"), QStringLiteral("Address to listen on, overrides the file's \"listen\" (default 127.0.0.1:8765; port 0 picks a free one)."), QStringLiteral("HOST:PORT")});
    p.addOption({QStringLiteral("data-dir"), QStringLiteral("Where the database lives, overrides the file's \"data_dir\"."), QStringLiteral("DIR")});
    p.addOption({QStringLiteral("log-format"), QStringLiteral("Log lines as \"text\" (default) or \"json\"."), QStringLiteral("FORMAT")});
}

// Loads the file and applies the flags over it. Returns nothing (after printing why) when it cannot.
std::optional<Config> loadConfig(const QCommandLineParser &p)
{
    if (!p.isSet(QStringLiteral("config"))) {
        usageError(QStringLiteral("--config FILE is required (see countersignd --help and docs/configuration.md)"));
        return std::nullopt;
    }
    ConfigError error;
    std::optional<Config> config = loadConfigFile(p.value(QStringLiteral("config")), &error);
    if (!config) {
        usageError(QStringLiteral("invalid configuration: %1").arg(error.toString()));
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("listen")) && !parseListen(p.value(QStringLiteral("listen")), &config->listenHost, &config->listenPort)) {
        usageError(QStringLiteral("--listen must be HOST:PORT, e.g. 127.0.0.1:8765"));
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("data-dir")))
        config->dataDir = p.value(QStringLiteral("data-dir"));
    if (config->dataDir.isEmpty())
        config->dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (p.isSet(QStringLiteral("log-format")))
        config->logFormat = p.value(QStringLiteral("log-format"));
    if (config->logFormat != QLatin1String("text") && config->logFormat != QLatin1String("json")) {
        usageError(QStringLiteral("--log-format must be \"text\" or \"json\""));
        return std::nullopt;
    }
    return config;
}

// Each connection is a descriptor: the soft limit (often 1,024) goes up to the hard one, which the operator
// sets (systemd's LimitNOFILE). The server's own caps on connections stay below it.
void raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max)
        return;
    const rlim_t was = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
        qInfo("file descriptor limit raised from %llu to %llu", static_cast<unsigned long long>(was),
              static_cast<unsigned long long>(limit.rlim_max));
}

int serve(QCoreApplication &app, const QCommandLineParser &p)
{
    raiseDescriptorLimit();
    std::optional<Config> config = loadConfig(p);
    if (!config)
        return ExitUsage;
    installLogFormat(config->logFormat == QLatin1String("json") ? LogFormat::Json : LogFormat::Text);
    if (config->sources.isEmpty())
        qWarning("no webhook sources are configured: every agent request will be refused");

    // One server per data directory, and its files private to the server's user.
    DataDirectory dataDir(config->dataDir);
    QString error;
    QString warning;
    if (!dataDir.prepare(&error, &warning)) {
        std::fprintf(stderr, "countersignd: %s\n", qUtf8Printable(error));
        return 1;
    }
    if (!warning.isEmpty())
        qWarning("%s", qUtf8Printable(warning));
    if (!dataDir.lock(&error)) {
        std::fprintf(stderr, "countersignd: %s\n", qUtf8Printable(error));
        return ExitUsage;
    }

    SystemClock clock;
    Server server(*config, clock);
    if (!server.start(&error)) {
        std::fprintf(stderr, "countersignd: %s\n", qUtf8Printable(error));
        return 1;
    }
    // Scripts and tests wait for exactly this line.
    std::fprintf(stderr, "listening on %s\n", qUtf8Printable(server.address()));
    std::fflush(stderr);

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &app, [&server, &app](int) {
        server.shutdown([&app] { app.quit(); });
    });
    QObject::connect(&watcher, &SignalWatcher::reloadRequested, &server, [&server, &config] {
        if (config->tls.enabled())
            server.reloadTls();
        else
            qInfo("SIGHUP: nothing to reload (no \"tls\" in the configuration)");
    });
    const int rc = app.exec();
    QCoreApplication::processEvents();  // flush answers written by the last completions
    return rc;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    DataDirectory::restrictNewFiles();  // the database, its WAL and the lock: 0600, directories 0700
    QCoreApplication::setApplicationName(QStringLiteral("countersignd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(COUNTERSIGN_VERSION));

    const QStringList args = QCoreApplication::arguments();
    if (args.size() > 1 && args.at(1) == QLatin1String("decide"))
        return runDecideCommand(args);
    if (args.size() > 1 && args.at(1) == QLatin1String("user"))
        return runUserCommand(args);
    if (args.size() > 1 && args.at(1) == QLatin1String("audit"))
        return runAuditCommand(args);
    if (args.size() > 1 && args.at(1) == QLatin1String("migrate"))
        return runMigrateCommand(args);

    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "countersignd: human-in-the-loop approval for AI agents.\n\n"
        "Receives agents' work as HMAC-signed webhooks, keeps it durably, and delivers the human decision\n"
        "back (signed callback with retries, or long poll). Protocol: docs/protocol.md.\n\n"
        "Commands:\n"
        "  countersignd --config FILE [options]    run the server (prints \"listening on HOST:PORT\")\n"
        "  countersignd user add|list|disable|enable|set-roles ...   manage approvers (see user --help)\n"
        "  countersignd audit verify|export ...    check or export the hash-chained audit log\n"
        "  countersignd decide TASK_ID ...         admin override: decide an approval (see decide --help)\n"
        "  countersignd migrate --to URL ...       move a single node's SQLite database to PostgreSQL (see migrate --help)\n\n"
        "Exit codes: 0 clean shutdown, 1 could not start, 2 bad command line or configuration, or another\n"
        "countersignd already uses the data directory."));
    p.addHelpOption();
    p.addVersionOption();
    addServeOptions(p);
    if (!p.parse(args))
        return usageError(p.errorText() + QStringLiteral(" (see countersignd --help)"));
    if (p.isSet(QStringLiteral("help"))) {
        std::fputs(qUtf8Printable(p.helpText()), stdout);
        return 0;
    }
    if (p.isSet(QStringLiteral("version"))) {
        p.showVersion();
        return 0;
    }
    if (!p.positionalArguments().isEmpty() && p.positionalArguments().first() != QLatin1String("serve"))
        return usageError(QStringLiteral("unknown command \"%1\" (see countersignd --help)").arg(p.positionalArguments().first()));
    return serve(app, p);
}
