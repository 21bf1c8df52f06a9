#pragma once

#include <QAction>
#include <QJsonObject>
#include <QMenu>
#include <QObject>

namespace countersign::client {
class ClientSession;
}

namespace countersign::ui {

class AppSettings;
class TrayIcon;

// The app in the tray: the pending count on the icon, one notification per new, revised, escalated or
// reminded approval routed to the user (as the server marks them), a click that opens the item, and the
// menu Open / Pause notifications / Quit. Where the platform has no tray it stays out of the way.
class TrayController final : public QObject
{
    Q_OBJECT
public:
    TrayController(TrayIcon &icon, AppSettings &settings, QObject *parent = nullptr);

    bool isAvailable() const;
    void setSession(client::ClientSession *session);  // nullptr when signed out
    bool isPaused() const { return m_pause.isChecked(); }
    void setPaused(bool paused) { m_pause.setChecked(paused); }
    int pendingCount() const { return m_pending; }
    // The menu and tooltip again, after the language changed.
    void retranslate();

Q_SIGNALS:
    void openRequested();                       // the icon or "Open"
    void approvalRequested(const QString &id);  // a notification was clicked
    void quitRequested();

private:
    void onPushed(const QJsonObject &pushed, const QString &notify);  // parsed here, where it arrives
    void recount();

    TrayIcon &m_icon;
    AppSettings &m_settings;
    client::ClientSession *m_session = nullptr;
    QMetaObject::Connection m_pushed;
    QMetaObject::Connection m_changed;
    QMenu m_menu;
    QAction m_open;
    QAction m_pause;
    QAction m_quit;
    QString m_lastNotified;
    int m_pending = 0;
};

} // namespace countersign::ui
