#include "AdminContext.h"

#include "Server.h"

#include <QDir>
#include <QStandardPaths>

#include <cstdio>

namespace countersign::server {

int adminFail(const char *command, int code, const QString &message)
{
    std::fprintf(stderr, "countersignd %s: %s\n", command, qUtf8Printable(message));
    return code;
}

std::optional<int> parseAdmin(QCommandLineParser &p, const QStringList &args, const char *command)
{
    if (!p.parse(args))
        return adminFail(command, 2, p.errorText());
    if (p.isSet(QStringLiteral("help"))) {
        std::fputs(qUtf8Printable(p.helpText()), stdout);
        return 0;
    }
    return std::nullopt;
}

void addAdminOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("config"), QStringLiteral("The server's configuration file."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("data-dir"), QStringLiteral("Overrides the file's data_dir."), QStringLiteral("DIR")});
}

std::optional<AdminContext> openAdmin(const QCommandLineParser &p, const char *command)
{
    if (!p.isSet(QStringLiteral("config"))) {
        adminFail(command, 2, QStringLiteral("--config FILE is required"));
        return std::nullopt;
    }
    ConfigError error;
    std::optional<Config> config = loadConfigFile(p.value(QStringLiteral("config")), &error);
    if (!config) {
        adminFail(command, 2, QStringLiteral("invalid configuration: %1").arg(error.toString()));
        return std::nullopt;
    }
    if (p.isSet(QStringLiteral("data-dir")))
        config->dataDir = p.value(QStringLiteral("data-dir"));
    if (config->dataDir.isEmpty())
        config->dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(config->dataDir)) {
        adminFail(command, 1, QStringLiteral("cannot create the data directory \"%1\"").arg(config->dataDir));
        return std::nullopt;
    }
    AdminContext ctx{*config, makeStore(*config, false)};
    try {
        ctx.store->open();
    } catch (const StoreError &e) {
        adminFail(command, 1, QString::fromStdString(e.what()));
        return std::nullopt;
    }
    return ctx;
}

} // namespace countersign::server
