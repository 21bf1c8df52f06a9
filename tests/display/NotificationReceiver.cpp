#include "NotificationReceiver.h"

#include <QDBusArgument>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QSize>

namespace countersign::test {

namespace {
const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
} // namespace

int NotificationReceiver::Received::urgency() const
{
    const QVariant v = hints.value(QStringLiteral("urgency"));
    return v.isValid() ? v.toInt() : -1;
}

QSize NotificationReceiver::Received::imageSize() const
{
    const QVariant v = hints.value(QStringLiteral("image-data"));
    if (!v.canConvert<QDBusArgument>())
        return {};
    // (iiibiiay): width, height, row stride, has alpha, bits per sample, channels, data.
    const QDBusArgument arg = v.value<QDBusArgument>();
    int width = 0, height = 0, stride = 0, bits = 0, channels = 0;
    bool alpha = false;
    QByteArray data;
    arg.beginStructure();
    arg >> width >> height >> stride >> alpha >> bits >> channels >> data;
    arg.endStructure();
    if (data.size() < qsizetype(stride) * height)
        return {};
    return {width, height};
}

NotificationReceiver::NotificationReceiver()
    : m_bus(QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("notification-receiver")))
{
}

NotificationReceiver::~NotificationReceiver()
{
    if (m_bus.isConnected()) {
        m_bus.unregisterObject(Path);
        m_bus.unregisterService(Service);
    }
    QDBusConnection::disconnectFromBus(QStringLiteral("notification-receiver"));
}

bool NotificationReceiver::start()
{
    if (!m_bus.isConnected()) {
        m_error = QStringLiteral("no session bus: %1").arg(m_bus.lastError().message());
        return false;
    }
    if (!m_bus.registerObject(Path, this, QDBusConnection::ExportAllSlots)) {
        m_error = QStringLiteral("cannot register %1").arg(Path);
        return false;
    }
    if (!m_bus.registerService(Service)) {
        m_error = QStringLiteral("cannot own %1: %2").arg(Service, m_bus.lastError().message());
        return false;
    }
    return true;
}

uint NotificationReceiver::Notify(const QString &appName, uint replacesId, const QString &appIcon, const QString &summary,
                                  const QString &body, const QStringList &actions, const QVariantMap &hints, int expireTimeout)
{
    Received r;
    r.id = replacesId != 0 ? replacesId : m_nextId++;
    r.appName = appName;
    r.appIcon = appIcon;
    r.summary = summary;
    r.body = body;
    r.actions = actions;
    r.hints = hints;
    r.expireTimeout = expireTimeout;
    m_received.append(r);
    return r.id;
}

QStringList NotificationReceiver::GetCapabilities()
{
    return {QStringLiteral("actions"), QStringLiteral("body"), QStringLiteral("body-markup")};
}

QString NotificationReceiver::GetServerInformation(QString &vendor, QString &version, QString &specVersion)
{
    vendor = QStringLiteral("Countersign tests");
    version = QStringLiteral("1");
    specVersion = QStringLiteral("1.2");
    return QStringLiteral("notification-receiver");
}

void NotificationReceiver::CloseNotification(uint id)
{
    QDBusMessage closed = QDBusMessage::createSignal(Path, Service, QStringLiteral("NotificationClosed"));
    closed << id << uint(3);  // closed by a call to CloseNotification
    m_bus.send(closed);
}

void NotificationReceiver::click(uint id)
{
    QDBusMessage invoked = QDBusMessage::createSignal(Path, Service, QStringLiteral("ActionInvoked"));
    invoked << id << QStringLiteral("default");
    m_bus.send(invoked);
}

} // namespace countersign::test
