#pragma once

#include <QDBusConnection>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QVariantMap>

namespace countersign::test {

// A desktop notification service the test owns: org.freedesktop.Notifications on the session bus (the private
// one with-desktop.sh starts), on a connection of its own, recording every Notify call. It can click a
// notification as a user would (the ActionInvoked signal).
class NotificationReceiver final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Received
    {
        uint id = 0;
        QString appName;
        QString appIcon;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int expireTimeout = 0;
        int urgency() const;          // the "urgency" hint, -1 when absent
        QSize imageSize() const;      // the "image-data" hint's size, empty when absent
    };

    NotificationReceiver();
    ~NotificationReceiver() override;

    // Takes the service name on the bus; false (with the reason in error()) when that failed.
    bool start();
    QString error() const { return m_error; }

    const QList<Received> &received() const { return m_received; }
    // What a click on the notification's body sends (the "default" action).
    void click(uint id);

public Q_SLOTS:
    // The methods of the Desktop Notifications spec 1.2, called over D-Bus.
    uint Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout);
    QStringList GetCapabilities();
    QString GetServerInformation(QString &vendor, QString &version, QString &specVersion);
    void CloseNotification(uint id);

private:
    QDBusConnection m_bus;
    QList<Received> m_received;
    QString m_error;
    uint m_nextId = 1;
};

} // namespace countersign::test
