#include "DesktopApp.h"

#include "main/MainWindow.h"
#include "settings/AppSettings.h"
#include "settings/SettingsDialog.h"
#include "common/Theme.h"
#include "common/Translations.h"
#include "main/ConnectionIndicator.h"
#include "queue/FilterBar.h"
#include "decide/DecisionPanel.h"
#include "signin/SignInDialog.h"
#include "tray/TrayController.h"

#include "client/ClientSession.h"
#include "client/Connection.h"
#include "client/CredentialStore.h"

#include <QFileInfo>
#include <QMessageBox>
#include <QTabWidget>
#include <QStatusBar>

namespace countersign::ui {

using client::Connection;

DesktopApp::DesktopApp(Connection &connection, client::CredentialStore &credentials, AppSettings &settings,
                       Translations &translations, TrayIcon &trayIcon, const Clock &clock, CachePath cachePath,
                       QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_credentials(credentials)
    , m_settings(settings)
    , m_translations(translations)
    , m_clock(clock)
    , m_cachePath(std::move(cachePath))
    , m_theme(std::make_unique<ThemeSwitcher>())
    , m_tray(std::make_unique<TrayController>(trayIcon, settings))
{
    m_theme->apply(m_settings.theme());
    connect(&m_connection, &Connection::stateChanged, this, &DesktopApp::onStateChanged);
    connect(&m_connection, &Connection::serverReachable, this, [this] {
        // A cache opened offline: the server is back, so the password can go through now.
        promptSignIn(tr("The server is reachable again: sign in to send your queued decisions and receive new approvals."),
                     false, false);
    });
    connect(&m_connection, &Connection::tokenIssued, this, [this](const QByteArray &token) {
        m_credentials.save(client::CredentialStore::keyFor(m_connection.serverUrl().toString(), m_connection.username()), token);
    });
    connect(&m_credentials, &client::CredentialStore::saved, this, [this](const QString &, bool persistent) {
        if (!persistent && m_window)
            m_window->statusBar()->showMessage(tr("No keychain is available: you will be asked to sign in again at the next start."), 15000);
    });
    connect(m_tray.get(), &TrayController::openRequested, this, &DesktopApp::showWindow);
    connect(m_tray.get(), &TrayController::approvalRequested, this, [this](const QString &id) {
        showWindow();
        if (m_window)
            m_window->selectApproval(id);
    });
    connect(m_tray.get(), &TrayController::quitRequested, this, &DesktopApp::quitRequested);
}

DesktopApp::~DesktopApp()
{
    m_tray->setSession(nullptr);
    m_window.reset();
    m_session.reset();
}

void DesktopApp::start()
{
    const QUrl server = m_settings.serverUrl();
    const QString user = m_settings.username();
    if (user.isEmpty())
        return showSignIn();
    m_credentials.load(client::CredentialStore::keyFor(server.toString(), user), [this, server, user](std::optional<QByteArray> token) {
        if (!token) {
            if (openOffline(server, user))
                return;
            return showSignIn();
        }
        if (!openSession(server, user))
            return;
        m_connection.resume(server, user, *token);
        if (!m_settings.startMinimized() || !m_tray->isAvailable())
            showWindow();
    });
}

bool DesktopApp::openOffline(const QUrl &server, const QString &username)
{
    // No token (no keychain, or it was removed): the last user's cache is still theirs to read and to decide
    // into the outbox. The password is asked for when the server answers; it is never stored.
    if (!QFileInfo::exists(m_cachePath(server, username)) || !openSession(server, username))
        return false;
    m_connection.waitForServer(server, username);
    if (!m_settings.startMinimized() || !m_tray->isAvailable())
        showWindow();
    return true;
}

void DesktopApp::promptSignIn(const QString &message, bool keepTyped, bool isError)
{
    if (!m_signIn) {
        m_signIn = std::make_unique<SignInDialog>();
        connect(m_signIn.get(), &SignInDialog::signInRequested, this, &DesktopApp::signIn);
        connect(m_signIn.get(), &QDialog::rejected, this, [this] {
            if (!m_session)
                return Q_EMIT quitRequested();
            // "Not now" with the cache open: keep working offline, and keep watching for the server when it
            // was out of reach (a refused password leaves it to the status bar's "Sign in…").
            if (!m_connection.hasToken() && m_connection.state() == Connection::State::SignedOut && !m_connection.lastError().isEmpty())
                m_connection.waitForServer(m_session->server(), m_session->username());
        });
        keepTyped = false;
    }
    if (!keepTyped && !m_signIn->isVisible()) {
        m_signIn->setServer(m_session ? m_session->server() : m_settings.serverUrl());
        m_signIn->setUsername(m_session ? m_session->username() : m_settings.username());
    }
    if (isError)
        m_signIn->showError(message);
    else
        m_signIn->showNotice(message);
    m_signIn->show();
    m_signIn->raise();
    m_signIn->activateWindow();
}

bool DesktopApp::openSession(const QUrl &server, const QString &username)
{
    // The same account's session stays (a sign-in after working offline keeps the window and the outbox).
    if (m_session && m_session->server() == server && m_session->username() == username)
        return true;
    m_tray->setSession(nullptr);
    m_window.reset();
    m_session = std::make_unique<client::ClientSession>(m_connection, m_clock, server, username, m_cachePath(server, username));
    if (!m_session->isOpen()) {
        const QString error = m_session->openError();
        m_session.reset();
        showSignIn(error);
        return false;
    }
    m_tray->setSession(m_session.get());
    return true;
}

void DesktopApp::signIn(const QUrl &server, const QString &username, const QString &password)
{
    if (!openSession(server, username))
        return;
    m_signingIn = true;
    m_connection.signIn(server, username, password);
}

void DesktopApp::onStateChanged()
{
    const Connection::State state = m_connection.state();
    if (m_signingIn && (state == Connection::State::Syncing || state == Connection::State::Online)) {
        m_signingIn = false;
        m_settings.setServerUrl(m_connection.serverUrl());
        m_settings.setUsername(m_connection.username());
        if (m_signIn)
            m_signIn->hide();
        showWindow();
        return;
    }
    if (state == Connection::State::AuthFailed || (m_signingIn && state == Connection::State::SignedOut)) {
        // A refused password, an unreachable server, a bad certificate, or a token the server no longer takes.
        const bool wasSigningIn = std::exchange(m_signingIn, false);
        if (state == Connection::State::AuthFailed && !wasSigningIn)
            m_credentials.remove(client::CredentialStore::keyFor(m_connection.serverUrl().toString(), m_connection.username()));
        promptSignIn(m_connection.lastError(), wasSigningIn);
    }
}

void DesktopApp::showWindow()
{
    if (!m_session)
        return showSignIn();
    if (!m_window) {
        m_window = std::make_unique<MainWindow>(*m_session, m_clock);
        m_window->setCloseToTray(m_tray->isAvailable());
        if (!m_tray->isAvailable())
            m_window->statusBar()->showMessage(tr("This desktop has no system tray: Countersign runs as a normal window, "
                                                  "and closing it quits."), 15000);
        connect(m_window.get(), &MainWindow::quitRequested, this, &DesktopApp::quitRequested);
        connect(m_window.get(), &MainWindow::signOutRequested, this, &DesktopApp::signOut);
        connect(m_window.get(), &MainWindow::settingsRequested, this, &DesktopApp::openSettings);
        if (auto *indicator = m_window->findChild<ConnectionIndicator *>())
            connect(indicator, &ConnectionIndicator::signInRequested, this, [this] { showSignIn(); });
    }
    m_window->show();
    m_window->raise();
    m_window->activateWindow();
}

void DesktopApp::signOut()
{
    m_credentials.remove(client::CredentialStore::keyFor(m_connection.serverUrl().toString(), m_connection.username()));
    m_connection.signOut();
    m_tray->setSession(nullptr);
    if (m_window)
        m_window->hide();
    m_window.release()->deleteLater();  // we may be inside one of its slots
    m_session.release()->deleteLater();
    showSignIn();
}

void DesktopApp::openSettings()
{
    SettingsDialog dialog(m_settings, m_window.get());
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_theme->apply(m_settings.theme());
    if (m_settings.language() != m_translations.current())
        applyLanguage();
}

void DesktopApp::applyLanguage()
{
    // Our windows set their texts when they are made: the new language shows in a new main window, on the
    // same session (same cache, same connection, same selection and tab). An edit in progress is never
    // thrown away for it: then the language waits for the next start.
    if (m_window && m_window->decisions().isEditing()) {
        m_window->statusBar()->showMessage(tr("The new language applies at the next start (an edit is open)."), 15000);
        return;
    }
    m_translations.apply(m_settings.language());
    m_tray->retranslate();
    if (!m_window)
        return;
    const QString selected = m_window->currentApprovalId();
    const FilterBar::State filters = m_window->filters().state();
    const int tab = m_window->tabs().currentIndex();
    const QRect geometry = m_window->geometry();
    const bool visible = m_window->isVisible();
    m_window.release()->deleteLater();  // we are inside one of its slots
    if (!visible)
        return;
    showWindow();
    m_window->setGeometry(geometry);
    m_window->filters().setState(filters);
    if (!selected.isEmpty())
        m_window->selectApproval(selected);
    m_window->tabs().setCurrentIndex(tab);
}

} // namespace countersign::ui
