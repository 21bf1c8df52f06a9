#pragma once

#include "TrayIcon.h"

#include <QIcon>
#include <QSystemTrayIcon>

namespace countersign::ui {

// The real tray: QSystemTrayIcon, with the pending count drawn on the icon.
class SystemTrayIcon final : public TrayIcon
{
    Q_OBJECT
public:
    explicit SystemTrayIcon(QObject *parent = nullptr);

    bool isAvailable() const override;
    void show() override;
    void setPendingCount(int count) override;
    void setMenu(QMenu *menu) override;
    void notify(const QString &title, const QString &text, Urgency urgency) override;

private:
    QSystemTrayIcon m_icon;
    QIcon m_base;
};

} // namespace countersign::ui
