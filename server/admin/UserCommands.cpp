#include "AdminCommands.h"
#include "AdminContext.h"

#include "auth/Passwords.h"

#include <QDateTime>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace countersign::server {

namespace {

constexpr const char *Cmd = "user";

// One line from stdin; without echo when stdin is a terminal.
QByteArray readPassword()
{
    const bool tty = ::isatty(STDIN_FILENO);
    termios saved{};
    if (tty) {
        std::fprintf(stderr, "Password: ");
        std::fflush(stderr);
        tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fprintf(stderr, "\n");
    }
    return line.toUtf8();
}

bool validName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._@-]{1,64}$"));
    return re.match(name).hasMatch();
}

} // namespace

int runUserCommand(const QStringList &args)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Manage approvers:\n"
        "  countersignd user add NAME --role ROLE [--role ROLE...] [--email E] [--display-name D] --config FILE\n"
        "      reads the password from standard input (one line; not echoed on a terminal)\n"
        "  countersignd user list --config FILE\n"
        "  countersignd user disable NAME --config FILE      (also signs the user out everywhere)\n"
        "  countersignd user enable NAME --config FILE\n"
        "  countersignd user set-roles NAME --role ROLE [--role ROLE...] --config FILE\n"
        "Roles: Manager, Legal, CFO, ... (any route name), admin (sees and decides all), auditor (reads all).\n"
        "Exit codes: 0 done, 2 usage or configuration error, 3 refused (no such user, already exists)."));
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("user"), QStringLiteral("The command."));
    p.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add, list, disable, enable or set-roles."));
    addAdminOptions(p);
    p.addOption({QStringLiteral("role"), QStringLiteral("A role (repeat for several)."), QStringLiteral("ROLE")});
    p.addOption({QStringLiteral("email"), QStringLiteral("E-mail address for notifications."), QStringLiteral("E")});
    p.addOption({QStringLiteral("display-name"), QStringLiteral("Name shown in the apps."), QStringLiteral("D")});
    if (const auto done = parseAdmin(p, args, Cmd))
        return *done;
    const QStringList pos = p.positionalArguments();
    const QString action = pos.value(1);
    const QString name = pos.value(2);
    if (action != QLatin1String("list") && pos.size() != 3)
        return adminFail(Cmd, 2, QStringLiteral("usage: countersignd user add|disable|enable|set-roles NAME ... (see --help)"));
    if (action == QLatin1String("list") && pos.size() != 2)
        return adminFail(Cmd, 2, QStringLiteral("usage: countersignd user list --config FILE"));
    const QStringList roles = p.values(QStringLiteral("role"));
    if ((action == QLatin1String("add") || action == QLatin1String("set-roles")) && roles.isEmpty())
        return adminFail(Cmd, 2, QStringLiteral("give at least one --role"));
    for (const QString &r : roles) {
        if (!validName(r))
            return adminFail(Cmd, 2, QStringLiteral("\"%1\" is not a valid role name").arg(r));
    }
    if (!name.isEmpty() && !validName(name))
        return adminFail(Cmd, 2, QStringLiteral("user names are 1-64 letters, digits, and . _ @ -"));

    auto ctx = openAdmin(p, Cmd);
    if (!ctx)
        return 2;
    Store &store = *ctx->store;
    try {
        if (action == QLatin1String("list")) {
            std::printf("%-20s %-28s %-30s %s\n", "USER", "ROLES", "EMAIL", "STATE");
            for (const User &u : store.users())
                std::printf("%-20s %-28s %-30s %s\n", qUtf8Printable(u.username), qUtf8Printable(u.roles.join(u',')),
                            qUtf8Printable(u.email), u.disabled ? "disabled" : "active");
            return 0;
        }
        store.beginBatch();
        std::optional<User> existing = store.findUser(name);
        if (action == QLatin1String("add")) {
            if (existing) {
                store.rollbackBatch();
                return adminFail(Cmd, 3, QStringLiteral("user \"%1\" exists; use set-roles").arg(name));
            }
            store.rollbackBatch();  // do not hold the write lock while waiting for a password
            const QByteArray password = readPassword();
            if (password.size() < 8)
                return adminFail(Cmd, 2, QStringLiteral("the password must have at least 8 characters"));
            User u;
            u.username = name;
            u.displayName = p.isSet(QStringLiteral("display-name")) ? p.value(QStringLiteral("display-name")) : name;
            u.email = p.value(QStringLiteral("email"));
            u.roles = roles;
            u.salt = passwords::newSalt();
            u.iterations = ctx->config.auth.pbkdf2Iterations;
            u.passwordHash = passwords::hash(password, u.salt, u.iterations);
            u.createdAt = QDateTime::currentDateTimeUtc();
            store.beginBatch();
            if (store.findUser(name)) {
                store.rollbackBatch();
                return adminFail(Cmd, 3, QStringLiteral("user \"%1\" exists; use set-roles").arg(name));
            }
            store.saveUser(u);
            store.commitBatch();
            std::printf("added %s (%s)\n", qUtf8Printable(name), qUtf8Printable(roles.join(u',')));
            return 0;
        }
        if (!existing) {
            store.rollbackBatch();
            return adminFail(Cmd, 3, QStringLiteral("no user \"%1\"").arg(name));
        }
        if (action == QLatin1String("disable") || action == QLatin1String("enable")) {
            existing->disabled = action == QLatin1String("disable");
            store.saveUser(*existing);
            if (existing->disabled)
                store.revokeTokensOf(name);
        } else if (action == QLatin1String("set-roles")) {
            existing->roles = roles;
            store.saveUser(*existing);
        } else {
            store.rollbackBatch();
            return adminFail(Cmd, 2, QStringLiteral("unknown action \"%1\" (see countersignd user --help)").arg(action));
        }
        store.commitBatch();
        std::printf("%s: %s\n", qUtf8Printable(name), qUtf8Printable(action));
        return 0;
    } catch (const StoreError &e) {
        store.rollbackBatch();
        return adminFail(Cmd, 1, QString::fromStdString(e.what()));
    }
}

} // namespace countersign::server
