#pragma once

#include "config/Config.h"
#include "store/Store.h"

#include <QCommandLineParser>

#include <memory>
#include <optional>

namespace countersign::server {

// What every admin command needs: the server's configuration (--config, --data-dir) and its database,
// opened (and migrated) directly. Prints a one-line error and returns nothing when it cannot.
struct AdminContext
{
    Config config;
    std::unique_ptr<Store> store;
};

void addAdminOptions(QCommandLineParser &parser);
std::optional<AdminContext> openAdmin(const QCommandLineParser &parser, const char *command);

// Parses an admin command line; handles --help. Returns an exit code when the command is over (help shown,
// or a usage error printed), nothing when it should go on.
std::optional<int> parseAdmin(QCommandLineParser &parser, const QStringList &args, const char *command);

// One line on stderr: "countersignd COMMAND: message". Returns `code`.
int adminFail(const char *command, int code, const QString &message);

} // namespace countersign::server
