#pragma once

#include "TrayIcon.h"

#include <QIcon>
#include <QSystemTrayIcon>

namespace countersign::ui {

class DesktopNotifications;

// The real tray: QSystemTrayIcon, with the pending count drawn on the icon. Notifications go through the
// desktop's notification service when there is one (`notifications`), else Qt's balloon.
class SystemTrayIcon final : public TrayIcon
{
    Q_OBJECT
public:
    explicit SystemTrayIcon(DesktopNotifications *notifications = nullptr, QObject *parent = nullptr);

    bool isAvailable() const override;
    void show() override;
    void setPendingCount(int count) override;
    void setMenu(QMenu *menu) override;
    void notify(const QString &title, const QString &text, Urgency urgency) override;

    QString toolTip() const { return m_icon.toolTip(); }

private:
    void showBalloon(const QString &title, const QString &text, Urgency urgency);

    DesktopNotifications *m_notifications;
    QIcon m_base;
    QSystemTrayIcon m_icon;
};

} // namespace countersign::ui
