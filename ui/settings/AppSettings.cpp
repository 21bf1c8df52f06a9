#include "AppSettings.h"

#include <QSettings>

namespace countersign::ui {

namespace {
const QString ServerKey = QStringLiteral("connection/server");
const QString UserKey = QStringLiteral("connection/username");
const QString LanguageKey = QStringLiteral("ui/language");
const QString ThemeKey = QStringLiteral("ui/theme");
const QString MinimizedKey = QStringLiteral("ui/start_minimized");
QString notifyKey(const QString &priority) { return QStringLiteral("notifications/") + priority; }
} // namespace

AppSettings::AppSettings(QSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
}

QUrl AppSettings::serverUrl() const
{
    return QUrl(m_settings.value(ServerKey, QStringLiteral("http://127.0.0.1:8765")).toString());
}

void AppSettings::setServerUrl(const QUrl &url)
{
    m_settings.setValue(ServerKey, url.toString());
    Q_EMIT changed();
}

QString AppSettings::username() const
{
    return m_settings.value(UserKey).toString();
}

void AppSettings::setUsername(const QString &name)
{
    m_settings.setValue(UserKey, name);
    Q_EMIT changed();
}

bool AppSettings::notifiesFor(const QString &priority) const
{
    // Everything but low priority notifies by default.
    return m_settings.value(notifyKey(priority), priority != QLatin1String("low")).toBool();
}

void AppSettings::setNotifiesFor(const QString &priority, bool on)
{
    m_settings.setValue(notifyKey(priority), on);
    Q_EMIT changed();
}

QString AppSettings::language() const
{
    return m_settings.value(LanguageKey).toString();
}

void AppSettings::setLanguage(const QString &code)
{
    m_settings.setValue(LanguageKey, code);
    Q_EMIT changed();
}

QString AppSettings::theme() const
{
    const QString t = m_settings.value(ThemeKey).toString();
    return t == QLatin1String("light") || t == QLatin1String("dark") ? t : QStringLiteral("system");
}

void AppSettings::setTheme(const QString &theme)
{
    m_settings.setValue(ThemeKey, theme);
    Q_EMIT changed();
}

bool AppSettings::startMinimized() const
{
    return m_settings.value(MinimizedKey, false).toBool();
}

void AppSettings::setStartMinimized(bool on)
{
    m_settings.setValue(MinimizedKey, on);
    Q_EMIT changed();
}

} // namespace countersign::ui
