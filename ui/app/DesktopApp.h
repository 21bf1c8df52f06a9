#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>

namespace countersign {
class Clock;
}
namespace countersign::client {
class ClientSession;
class Connection;
class CredentialStore;
} // namespace countersign::client

namespace countersign::ui {

class AppSettings;
class MainWindow;
class SignInDialog;
class ThemeSwitcher;
class TrayController;
class TrayIcon;
class Translations;

// The desktop app put together: sign-in (or a resumed session from the keychain), the session's cache and
// sync, the main window, the tray. main() makes the platform parts (keychain, tray, settings, clock) and
// hands them in; the tests hand in doubles and drive this same object.
class DesktopApp final : public QObject
{
    Q_OBJECT
public:
    // `translations` is already applied for the settings' language; it is switched when the user picks another.
    // Where the cache of a server and user lives (LocalStore::defaultPath in the app, a temp dir in tests).
    using CachePath = std::function<QString(const QUrl &server, const QString &username)>;

    DesktopApp(client::Connection &connection, client::CredentialStore &credentials, AppSettings &settings,
               Translations &translations, TrayIcon &trayIcon, const Clock &clock, CachePath cachePath,
               QObject *parent = nullptr);
    ~DesktopApp() override;

    // Resumes the last session from the keychain. With no token but a cache of the last user, opens that cache
    // offline (read, decide into the outbox) and asks for the password once the server answers; otherwise asks
    // to sign in.
    void start();
    // Signs in without the dialog (the demo's --password-env).
    void signIn(const QUrl &server, const QString &username, const QString &password);

    SignInDialog *signInDialog() const { return m_signIn.get(); }
    MainWindow *mainWindow() const { return m_window.get(); }
    client::ClientSession *session() const { return m_session.get(); }
    TrayController &tray() { return *m_tray; }
    // Shows the settings (modal); a new language and theme apply at once.
    void openSettings();
    // Shows the sign-in dialog (e.g. from the status bar's "Sign in…"), keeping the open session if any.
    void showSignIn(const QString &error = {}) { promptSignIn(error, false); }

Q_SIGNALS:
    void quitRequested();

private:
    // `keepTyped`: after a refused sign-in, what the user typed stays (server, user name); otherwise the
    // fields start from the settings.
    void promptSignIn(const QString &message, bool keepTyped, bool isError = true);
    bool openSession(const QUrl &server, const QString &username);
    bool openOffline(const QUrl &server, const QString &username);
    void onStateChanged();
    void showWindow();
    void signOut();
    void applyLanguage();

    client::Connection &m_connection;
    client::CredentialStore &m_credentials;
    AppSettings &m_settings;
    Translations &m_translations;
    const Clock &m_clock;
    CachePath m_cachePath;
    std::unique_ptr<ThemeSwitcher> m_theme;
    std::unique_ptr<TrayController> m_tray;
    std::unique_ptr<SignInDialog> m_signIn;
    std::unique_ptr<client::ClientSession> m_session;
    std::unique_ptr<MainWindow> m_window;
    bool m_signingIn = false;
};

} // namespace countersign::ui
