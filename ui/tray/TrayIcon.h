#pragma once

#include <QObject>
#include <QString>

class QMenu;

namespace countersign::ui {

// What the app needs of a system tray icon. QSystemTrayIcon behind it in the app (SystemTrayIcon); a test
// double in the tests, since an offscreen platform has no tray.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    enum class Urgency { Normal, Critical };

    using QObject::QObject;
    ~TrayIcon() override = default;

    virtual bool isAvailable() const = 0;
    virtual void show() = 0;
    virtual void setPendingCount(int count) = 0;  // the badge and the tooltip
    virtual void setMenu(QMenu *menu) = 0;
    // A critical message stays until clicked (where the platform lets it).
    virtual void notify(const QString &title, const QString &text, Urgency urgency) = 0;

Q_SIGNALS:
    void notificationClicked();  // the last notification shown
    void activated();            // the icon itself was clicked
};

} // namespace countersign::ui
