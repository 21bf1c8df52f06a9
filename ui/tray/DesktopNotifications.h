#pragma once

#include <QDBusConnection>
#include <QIcon>
#include <QObject>
#include <QSet>
#include <QString>

class QDBusServiceWatcher;

namespace countersign::ui {

// Notifications through the desktop's notification service: org.freedesktop.Notifications on the session bus,
// which GNOME, KDE, Xfce, dunst and others provide. On an XEmbed tray QSystemTrayIcon::showMessage draws Qt's
// own balloon instead, so SystemTrayIcon sends through this whenever the service is on the bus.
class DesktopNotifications final : public QObject
{
    Q_OBJECT
public:
    // `icon` is sent with every notification (as image data: the app's icon need not be installed).
    DesktopNotifications(const QDBusConnection &bus, const QIcon &icon, QObject *parent = nullptr);

    // A notification service is running on the bus, or can be started by it.
    bool isAvailable() const { return m_available; }
    // A critical one is marked so (urgency 2) and does not expire.
    void notify(const QString &title, const QString &text, bool critical);

Q_SIGNALS:
    // A notification was clicked: `latest` when it is the last one sent (the one the app still knows the item
    // of), false for an older one still on screen.
    void clicked(bool latest);
    // The service refused or vanished: the caller shows it another way.
    void undelivered(const QString &title, const QString &text, bool critical);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);

private:
    QDBusConnection m_bus;
    QIcon m_icon;
    QDBusServiceWatcher *m_watcher = nullptr;
    bool m_available = false;
    QSet<uint> m_shown;   // the service's ids of ours still on screen (it tells every client of every click)
    uint m_latestId = 0;  // the last one, once its reply came
    int m_inFlight = 0;   // calls not answered yet: the latest id is not known then
};

} // namespace countersign::ui
