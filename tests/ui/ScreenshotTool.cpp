// countersign-ui-screenshots [--theme system|light|dark] DIR [SUFFIX]: the desktop app's screenshots for the
// README (scripts/screenshots.sh runs it on a desktop of its own: Xvfb, the jwm window manager with its tray;
// at 1280x800, at 1024x640, at scale 2, and dark). A real countersignd in-process with the seed's approvals and
// routing, the real DesktopApp signed in as a manager who holds every route, with the real tray icon where the
// desktop has a tray; it saves the sign-in dialog, the main window (queue and detail), the whole screen with
// the window and the tray, the edit view, the History tab after one decision and the Metrics tab as PNG files.
#include "TestServer.h"

#include "../../app/demo_agent/SeedApprovals.h"

#include "app/DesktopApp.h"
#include "decide/DecisionPanel.h"
#include "decide/OutputEditor.h"
#include "common/Theme.h"
#include "common/Translations.h"
#include "history/DecidedView.h"
#include "main/MainWindow.h"
#include "metrics/MetricsView.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"
#include "signin/SignInDialog.h"
#include "tray/SystemTrayIcon.h"

#include "client/ClientSession.h"
#include "client/Connection.h"
#include "client/CredentialStore.h"

#include <QApplication>
#include <QDir>
#include <QIcon>
#include <QScreen>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

namespace {

class NoTray final : public countersign::ui::TrayIcon
{
public:
    bool isAvailable() const override { return false; }
    void show() override {}
    void setPendingCount(int) override {}
    void setMenu(QMenu *) override {}
    void notify(const QString &, const QString &, Urgency) override {}
};

bool save(QWidget &w, const QString &path)
{
    QTest::qWait(300);  // let the window system paint once
    const bool ok = w.grab().save(path);
    std::printf("%s %s\n", ok ? "saved" : "FAILED", qPrintable(path));
    return ok;
}

// The whole screen as the window system shows it: window frame, jwm's panel and the tray icon.
bool saveScreen(const QString &path)
{
    QTest::qWait(300);
    QScreen *screen = QGuiApplication::primaryScreen();
    const bool ok = screen && screen->grabWindow(0).save(path);
    std::printf("%s %s\n", ok ? "saved" : "FAILED", qPrintable(path));
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Countersign"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/countersign.svg")));  // as main() does
    QStringList args = QApplication::arguments().mid(1);
    QString theme;
    if (args.size() >= 2 && args.first() == QLatin1String("--theme")) {
        theme = args.at(1);
        args = args.mid(2);
    }
    if (args.isEmpty()) {
        std::fprintf(stderr, "usage: countersign-ui-screenshots [--theme system|light|dark] OUTPUT_DIR [SUFFIX]\n");
        return 2;
    }
    const QDir out(args.at(0));
    const QString suffix = args.value(1);
    auto file = [&out, &suffix](const char *name) { return out.filePath(QLatin1String(name) + suffix + QStringLiteral(".png")); };
    QDir().mkpath(out.path());
    using namespace countersign;

    test::TestServer server([](server::Config &c) { test::usePolicies(c, test::SeedRouting); });
    server.addUser(QStringLiteral("manager"), {QStringLiteral("Manager"), QStringLiteral("Legal"), QStringLiteral("CFO")});
    test::Agent agent(server);
    for (QJsonObject s : demo::seedApprovals(QStringLiteral("demo")))
        agent.submit(s);

    QTemporaryDir dir;
    QSettings qsettings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ui::AppSettings settings(qsettings);
    // The look the app would apply from Settings › Appearance (system, light or dark).
    ui::ThemeSwitcher look;
    if (!theme.isEmpty())
        look.apply(theme);
    settings.setServerUrl(QUrl(server.url(QString())));
    settings.setUsername(QStringLiteral("manager"));
    client::MemoryCredentialStore credentials;
    // The real tray icon where the desktop has a tray (jwm's under scripts/screenshots.sh), none elsewhere.
    NoTray noTray;
    ui::SystemTrayIcon systemTray;
    ui::TrayIcon &tray = systemTray.isAvailable() ? static_cast<ui::TrayIcon &>(systemTray) : noTray;    ui::Translations translations;
    translations.apply(QStringLiteral("en"));
    client::Connection connection;
    ui::DesktopApp desktop(connection, credentials, settings, translations, tray, server.clock(),
                           [&](const QUrl &, const QString &user) { return dir.filePath(user + QStringLiteral(".db")); });

    desktop.start();  // no token kept: it asks to sign in (the keychain answers in a later event-loop turn)
    if (!QTest::qWaitFor([&] { return desktop.signInDialog() != nullptr; }, 5000))
        return 1;
    ui::SignInDialog *signIn = desktop.signInDialog();
    // A wrong password first: what was typed stays, only the password is cleared.
    signIn->passwordEdit().setText(QStringLiteral("wrong"));
    QTest::keyClick(&signIn->passwordEdit(), Qt::Key_Return);
    if (!QTest::qWaitFor([&] { return signIn->error().startsWith(QStringLiteral("Wrong")); }, 10000))
        return 1;
    bool ok = save(*signIn, file("sign-in-wrong-password"));
    signIn->passwordEdit().setText(QStringLiteral("correct horse"));
    ok = save(*signIn, file("sign-in")) && ok;

    desktop.signIn(settings.serverUrl(), QStringLiteral("manager"), QStringLiteral("correct horse"));
    if (!QTest::qWaitFor([&] { return desktop.mainWindow() && desktop.mainWindow()->queueView().model()->rowCount() == 3; }, 10000)) {
        std::fprintf(stderr, "the queue did not fill: %s\n", qPrintable(connection.lastError()));
        return 1;
    }
    signIn->hide();
    ui::MainWindow &window = *desktop.mainWindow();
    // As large as the screen leaves room for (jwm's panel below), as a user would maximise it.
    window.showMaximized();
    (void)QTest::qWaitFor([&] { return window.isMaximized(); }, 3000);
    QAbstractItemModel *queue = window.queueView().model();
    for (int row = 0; row < queue->rowCount(); ++row) {
        if (queue->index(row, 0).data().toString().startsWith(QStringLiteral("Launch email")))
            window.queueView().setCurrentIndex(queue->index(row, 0));
    }
    ok = save(window, file("main-window")) && ok;
    ok = saveScreen(file("desktop")) && ok;

    window.decisions().editOrSendEdits();
    if (auto *subject = qobject_cast<QLineEdit *>(window.decisions().editor().fieldEditor(QStringLiteral("subject"))))
        subject->setText(QStringLiteral("Meet WalterSignal: every signal, nothing missed"));
    ok = save(window, file("edit-view")) && ok;
    window.decisions().cancelEdit();

    // Seven minutes later the launch email is approved: it moves to History, and the Metrics tab counts it.
    server.clock().advance(7 * 60 * 1000);
    window.decisions().approve();
    if (!QTest::qWaitFor([&] { return window.decided().list().model()->rowCount() == 1; }, 10000)) {
        std::fprintf(stderr, "the decision did not reach History\n");
        return 1;
    }
    server.clock().advance(1000);  // the metrics window [from, now) then holds the decision
    window.tabs().setCurrentIndex(1);  // History
    window.decided().list().setCurrentIndex(window.decided().list().model()->index(0, 0));
    ok = save(window, file("history")) && ok;
    QSignalSpy loaded(&window.metrics(), &ui::MetricsView::loaded);
    window.tabs().setCurrentIndex(2);  // Metrics
    if (!loaded.wait(10000) || !loaded.last().at(0).toBool()) {
        std::fprintf(stderr, "the metrics did not load: %s\n", qPrintable(window.metrics().statusText()));
        return 1;
    }
    ok = save(window, file("metrics")) && ok;

    ui::SettingsDialog settingsDialog(settings, &window);
    settingsDialog.show();
    ok = save(settingsDialog, file("settings")) && ok;
    settingsDialog.hide();

    if (!theme.isEmpty())
        return ok ? 0 : 1;
    // Dark, as chosen in Settings (Fusion with a dark palette), on the queue.
    look.apply(QStringLiteral("dark"));
    window.tabs().setCurrentIndex(0);
    ok = save(window, file("main-window-dark")) && ok;
    settingsDialog.show();
    ok = save(settingsDialog, file("settings-dark")) && ok;
    return ok ? 0 : 1;
}
