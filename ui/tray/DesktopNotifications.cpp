#include "DesktopNotifications.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QImage>

namespace {

const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");

// The "image-data" hint of the Desktop Notifications spec: a raw RGBA image, (iiibiiay).
struct NotificationImage
{
    int width = 0;
    int height = 0;
    int rowStride = 0;
    bool hasAlpha = true;
    int bitsPerSample = 8;
    int channels = 4;
    QByteArray data;
};

} // namespace

Q_DECLARE_METATYPE(NotificationImage)

namespace {

QDBusArgument &operator<<(QDBusArgument &arg, const NotificationImage &image)
{
    arg.beginStructure();
    arg << image.width << image.height << image.rowStride << image.hasAlpha << image.bitsPerSample << image.channels
        << image.data;
    arg.endStructure();
    return arg;
}

const QDBusArgument &operator>>(const QDBusArgument &arg, NotificationImage &image)
{
    arg.beginStructure();
    arg >> image.width >> image.height >> image.rowStride >> image.hasAlpha >> image.bitsPerSample >> image.channels
        >> image.data;
    arg.endStructure();
    return arg;
}

NotificationImage imageOf(const QIcon &icon)
{
    const QImage image = icon.pixmap(64, 64).toImage().convertToFormat(QImage::Format_RGBA8888);
    NotificationImage out;
    out.width = image.width();
    out.height = image.height();
    out.rowStride = int(image.bytesPerLine());
    out.data = QByteArray(reinterpret_cast<const char *>(image.constBits()), qsizetype(image.sizeInBytes()));
    return out;
}

} // namespace

namespace countersign::ui {

DesktopNotifications::DesktopNotifications(const QDBusConnection &bus, const QIcon &icon, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_icon(icon)
{
    qDBusRegisterMetaType<NotificationImage>();
    if (!m_bus.isConnected() || !m_bus.interface())
        return;  // no session bus (a bare X session, a test without one): the tray's balloon it is
    QDBusConnectionInterface &busDaemon = *m_bus.interface();
    m_available = busDaemon.isServiceRegistered(Service).value();
    if (!m_available) {
        // A daemon the bus starts on the first call (dunst, notification-daemon) counts too.
        const QDBusReply<QStringList> activatable = busDaemon.call(QStringLiteral("ListActivatableNames"));
        m_available = activatable.isValid() && activatable.value().contains(Service);
    }
    // A daemon can come and go with the session (a restarted dunst): follow it.
    m_watcher = new QDBusServiceWatcher(Service, m_bus, QDBusServiceWatcher::WatchForRegistration | QDBusServiceWatcher::WatchForUnregistration, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceRegistered, this, [this] { m_available = true; });
    connect(m_watcher, &QDBusServiceWatcher::serviceUnregistered, this, [this] {
        const QDBusReply<QStringList> activatable = m_bus.interface()->call(QStringLiteral("ListActivatableNames"));
        m_available = activatable.isValid() && activatable.value().contains(Service);
    });
    m_bus.connect(QString(), Path, Interface, QStringLiteral("ActionInvoked"), this, SLOT(onActionInvoked(uint,QString)));
    m_bus.connect(QString(), Path, Interface, QStringLiteral("NotificationClosed"), this, SLOT(onClosed(uint,uint)));
}

void DesktopNotifications::notify(const QString &title, const QString &text, bool critical)
{
    QDBusMessage call = QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("Notify"));
    const QVariantMap hints{
        {QStringLiteral("urgency"), QVariant::fromValue(uchar(critical ? 2 : 1))},
        {QStringLiteral("desktop-entry"), QStringLiteral("io.countersign.Desktop")},
        {QStringLiteral("image-data"), QVariant::fromValue(imageOf(m_icon))},
    };
    // "default" is the click on the notification itself.
    const QStringList actions{QStringLiteral("default"), tr("Open")};
    call << QStringLiteral("Countersign") << uint(0) << QStringLiteral("io.countersign.Desktop") << title
         << text.toHtmlEscaped() << actions << hints << int(critical ? 0 : -1);  // 0: until dealt with
    ++m_inFlight;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this, watcher, title, text, critical] {
        watcher->deleteLater();
        --m_inFlight;
        const QDBusPendingReply<uint> reply = *watcher;
        if (reply.isError()) {
            Q_EMIT undelivered(title, text, critical);
            return;
        }
        m_latestId = reply.value();
        m_shown.insert(m_latestId);
    });
}

void DesktopNotifications::onActionInvoked(uint id, const QString &action)
{
    Q_UNUSED(action)  // "default" or "Open": both open the item
    if (!m_shown.contains(id))
        return;  // another program's
    Q_EMIT clicked(id == m_latestId && m_inFlight == 0);
}

void DesktopNotifications::onClosed(uint id, uint reason)
{
    Q_UNUSED(reason)
    m_shown.remove(id);
}

} // namespace countersign::ui
