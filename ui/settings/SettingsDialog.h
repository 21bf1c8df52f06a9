#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace countersign::ui {

class AppSettings;

// Server, notifications per priority, language and start-up, saved to AppSettings on OK.
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
    QCheckBox *m_minimized;
};

} // namespace countersign::ui
