#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

class QSettings;

namespace countersign::ui {

// The desktop app's preferences, typed, over a QSettings the caller owns (the app passes its own; a test
// passes one on a temp file). Not a singleton: whoever needs settings gets this object.
class AppSettings final : public QObject
{
    Q_OBJECT
public:
    explicit AppSettings(QSettings &settings, QObject *parent = nullptr);

    QUrl serverUrl() const;
    void setServerUrl(const QUrl &url);
    QString username() const;
    void setUsername(const QString &name);

    // Whether a new approval of this priority ("low" .. "critical") raises a desktop notification.
    bool notifiesFor(const QString &priority) const;
    void setNotifiesFor(const QString &priority, bool on);

    // A language code ("de", "en") or empty for the system's.
    QString language() const;
    void setLanguage(const QString &code);

    // The look: "system" (the default), "light" or "dark".
    QString theme() const;
    void setTheme(const QString &theme);

    bool startMinimized() const;
    void setStartMinimized(bool on);

Q_SIGNALS:
    void changed();

private:
    QSettings &m_settings;
};

} // namespace countersign::ui
