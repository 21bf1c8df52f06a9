#include "SystemTrayIcon.h"

#include "DesktopNotifications.h"

#include <QPainter>
#include <QPixmap>

namespace countersign::ui {

SystemTrayIcon::SystemTrayIcon(DesktopNotifications *notifications, QObject *parent)
    : TrayIcon(parent)
    , m_notifications(notifications)
    , m_base(QStringLiteral(":/icons/countersign.svg"))
{
    if (m_notifications) {
        // The last notification is the one whose item the app knows; an older one only opens the window.
        connect(m_notifications, &DesktopNotifications::clicked, this, [this](bool latest) {
            if (latest)
                Q_EMIT notificationClicked();
            else
                Q_EMIT activated();
        });
        connect(m_notifications, &DesktopNotifications::undelivered, this, [this](const QString &title, const QString &text, bool critical) {
            showBalloon(title, text, critical ? Urgency::Critical : Urgency::Normal);
        });
    }
    m_icon.setIcon(m_base);
    connect(&m_icon, &QSystemTrayIcon::messageClicked, this, &TrayIcon::notificationClicked);
    connect(&m_icon, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT activated();
    });
}

bool SystemTrayIcon::isAvailable() const
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void SystemTrayIcon::show()
{
    m_icon.show();
}

void SystemTrayIcon::setPendingCount(int count)
{
    m_icon.setToolTip(count == 0 ? tr("Countersign: nothing to approve")
                                 : tr("Countersign: %n approval(s) waiting", nullptr, count));
    if (count == 0) {
        m_icon.setIcon(m_base);
        return;
    }
    // The count on a red badge in the icon's lower right corner.
    QPixmap pixmap = m_base.pixmap(64, 64);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF badge(24, 24, 40, 40);
    p.setBrush(QColor(0xc6, 0x28, 0x28));
    p.setPen(Qt::NoPen);
    p.drawEllipse(badge);
    QFont f = p.font();
    f.setBold(true);
    f.setPixelSize(count > 99 ? 16 : 24);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(badge, Qt::AlignCenter, count > 99 ? QStringLiteral("99+") : QString::number(count));
    p.end();
    m_icon.setIcon(QIcon(pixmap));
}

void SystemTrayIcon::setMenu(QMenu *menu)
{
    m_icon.setContextMenu(menu);
}

void SystemTrayIcon::notify(const QString &title, const QString &text, Urgency urgency)
{
    if (m_notifications && m_notifications->isAvailable())
        m_notifications->notify(title, text, urgency == Urgency::Critical);
    else
        showBalloon(title, text, urgency);
}

void SystemTrayIcon::showBalloon(const QString &title, const QString &text, Urgency urgency)
{
    // 0 ms asks the notification server to keep a critical message until it is dealt with.
    m_icon.showMessage(title, text, urgency == Urgency::Critical ? QSystemTrayIcon::Critical : QSystemTrayIcon::Information,
                       urgency == Urgency::Critical ? 0 : 10000);
}

} // namespace countersign::ui
