// countersign-desktop: the approver's app. The composition root: it makes the platform parts (settings,
// keychain, tray, clock, translations) and hands them to DesktopApp.
#include "net/TrustedCa.h"
#include "app/DesktopApp.h"
#include "common/Translations.h"
#include "settings/AppSettings.h"
#include "tray/DesktopNotifications.h"
#include "tray/SystemTrayIcon.h"

#include "client/Connection.h"
#include "client/KeychainCredentialStore.h"
#include "client/LocalStore.h"
#include "time/Clock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDBusConnection>
#include <QIcon>
#include <QSettings>

#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Countersign"));
    QApplication::setApplicationName(QStringLiteral("countersign-desktop"));
    QApplication::setApplicationDisplayName(QStringLiteral("Countersign"));
    QApplication::setApplicationVersion(QStringLiteral(COUNTERSIGN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.countersign.Desktop"));
    const QIcon icon(QStringLiteral(":/icons/countersign.svg"));  // from countersign_ui's resources
    QApplication::setWindowIcon(icon);
    QApplication::setQuitOnLastWindowClosed(false);  // the tray keeps it running

    QSettings qsettings;
    countersign::ui::AppSettings settings(qsettings);

    // The language of the settings, or the system's (before --help, so that speaks it too).
    countersign::ui::Translations translations;
    translations.apply(settings.language());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Countersign: approve, edit or reject what AI agents produce."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(QStringLiteral("server"), QApplication::translate("main", "Server address, e.g. http://127.0.0.1:8765."),
                                          QStringLiteral("url"));
    const QCommandLineOption userOption(QStringLiteral("user"), QApplication::translate("main", "User name to sign in with."), QStringLiteral("name"));
    const QCommandLineOption passwordEnvOption(QStringLiteral("password-env"),
                                               QApplication::translate("main", "Sign in at once with the password in this environment variable (for demos and kiosks; never pass a password as an argument)."),
                                               QStringLiteral("var"));
    const QCommandLineOption minimizedOption(QStringLiteral("minimized"), QApplication::translate("main", "Start in the tray."));
    parser.addOptions({serverOption, userOption, passwordEnvOption, minimizedOption});
    parser.process(app);

    // A private CA (or a self-signed countersignd) to trust for https:// and wss://.
    if (QString caError; !countersign::trustCaFileFromEnvironment(&caError)) {
        std::fprintf(stderr, "countersign-desktop: COUNTERSIGN_CA_FILE: %s\n", qPrintable(caError));
        return 2;
    }
    if (parser.isSet(serverOption)) {
        const QUrl url = QUrl::fromUserInput(parser.value(serverOption));
        if (!url.isValid() || url.host().isEmpty()) {
            std::fprintf(stderr, "countersign-desktop: --server: not a server address: %s\n", qPrintable(parser.value(serverOption)));
            return 2;
        }
        settings.setServerUrl(url);
    }
    if (parser.isSet(userOption))
        settings.setUsername(parser.value(userOption));
    if (parser.isSet(minimizedOption))
        settings.setStartMinimized(true);

    countersign::SystemClock clock;
    countersign::client::Connection connection;
    countersign::client::KeychainCredentialStore credentials;
    countersign::ui::DesktopNotifications notifications(QDBusConnection::sessionBus(), icon);
    countersign::ui::SystemTrayIcon tray(&notifications);
    countersign::ui::DesktopApp desktop(connection, credentials, settings, translations, tray, clock,
                                        &countersign::client::LocalStore::defaultPath);
    // exit(), not quit(): Qt 6's quit() first asks every window to close, and the main window only hides
    // into the tray on close, which cancels the quit. Queued decisions stay in the cache for the next start.
    QObject::connect(&desktop, &countersign::ui::DesktopApp::quitRequested, &app, [] { QCoreApplication::exit(0); });

    if (parser.isSet(passwordEnvOption)) {
        const QByteArray password = qgetenv(parser.value(passwordEnvOption).toLocal8Bit().constData());
        if (password.isEmpty() || settings.username().isEmpty()) {
            std::fprintf(stderr, "countersign-desktop: --password-env needs --user and a non-empty variable %s\n",
                         qPrintable(parser.value(passwordEnvOption)));
            return 2;
        }
        desktop.signIn(settings.serverUrl(), settings.username(), QString::fromUtf8(password));
    } else {
        desktop.start();
    }
    return QApplication::exec();
}
