#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace countersign::ui {

class AppSettings;

// Server, notifications per priority, language, theme and start-up, saved to AppSettings on OK (the app then
// applies a new language and theme at once).
class SettingsDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(AppSettings &settings, QWidget *parent = nullptr);
    void save();

private:
    AppSettings &m_settings;
    QLineEdit *m_server;
    QList<std::pair<QString, QCheckBox *>> m_notify;
    QComboBox *m_language;
    QComboBox *m_theme;
    QCheckBox *m_minimized;
};

} // namespace countersign::ui
