#include "SettingsDialog.h"

#include "AppSettings.h"
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
    , m_minimized(new QCheckBox(tr("Start minimized to the tray"), this))
{
    setWindowTitle(tr("Countersign settings"));
    m_server->setObjectName(QStringLiteral("settingsServer"));
    m_language->setObjectName(QStringLiteral("settingsLanguage"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(settings.language())));
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
    auto *note = new QLabel(tr("A new language or server takes effect at the next start."), this);
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
}

void SettingsDialog::save()
{
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    if (url.isValid() && !url.host().isEmpty())
        m_settings.setServerUrl(url);
    for (const auto &[priority, box] : m_notify)
        m_settings.setNotifiesFor(priority, box->isChecked());
    m_settings.setLanguage(m_language->currentData().toString());
    m_settings.setStartMinimized(m_minimized->isChecked());
}

} // namespace countersign::ui
