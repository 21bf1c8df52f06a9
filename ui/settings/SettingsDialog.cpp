#include "SettingsDialog.h"

#include "AppSettings.h"
#include "common/DialogTitle.h"
#include "common/Labels.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace countersign::ui {

SettingsDialog::SettingsDialog(AppSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_server(new QLineEdit(settings.serverUrl().toString(), this))
    , m_language(new QComboBox(this))
    , m_theme(new QComboBox(this))
    , m_minimized(new QCheckBox(tr("Start minimized to the tray"), this))
{
    setWindowTitle(tr("Settings"));
    m_server->setObjectName(QStringLiteral("settingsServer"));
    m_language->setObjectName(QStringLiteral("settingsLanguage"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language())));
    m_theme->setObjectName(QStringLiteral("settingsTheme"));
    m_theme->addItem(tr("Same as the system"), QStringLiteral("system"));
    m_theme->addItem(tr("Light"), QStringLiteral("light"));
    m_theme->addItem(tr("Dark"), QStringLiteral("dark"));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(settings.theme())));
    m_minimized->setChecked(settings.startMinimized());

    auto *notifications = new QGroupBox(tr("Notify me of new approvals with priority"), this);
    auto *notifyLayout = new QVBoxLayout(notifications);
    for (const QString &p : {QStringLiteral("critical"), QStringLiteral("high"), QStringLiteral("normal"), QStringLiteral("low")}) {
        auto *box = new QCheckBox(Labels::priority(p), notifications);
        box->setObjectName(QStringLiteral("notify_") + p);
        box->setChecked(settings.notifiesFor(p));
        notifyLayout->addWidget(box);
        m_notify.append({p, box});
    }
    auto *form = new QFormLayout;
    form->addRow(tr("Server:"), m_server);
    form->addRow(tr("Language:"), m_language);
    form->addRow(tr("Appearance:"), m_theme);
    auto *note = new QLabel(tr("Language and appearance change at once; a new server is used at the next sign-in."), this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(notifications);
    layout->addWidget(m_minimized);
    layout->addWidget(note);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    fitDialogToTitle(*this);
}

void SettingsDialog::save()
{
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    if (url.isValid() && !url.host().isEmpty())
        m_settings.setServerUrl(url);
    for (const auto &[priority, box] : m_notify)
        m_settings.setNotifiesFor(priority, box->isChecked());
    m_settings.setLanguage(m_language->currentData().toString());
    m_settings.setTheme(m_theme->currentData().toString());
    m_settings.setStartMinimized(m_minimized->isChecked());
}

} // namespace countersign::ui
