#include "SignInDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace countersign::ui {

SignInDialog::SignInDialog(QWidget *parent)
    : QDialog(parent)
    , m_server(new QLineEdit(this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Sign in to Countersign"));
    setObjectName(QStringLiteral("signInDialog"));
    m_server->setObjectName(QStringLiteral("serverEdit"));
    m_username->setObjectName(QStringLiteral("usernameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_error->setObjectName(QStringLiteral("signInError"));
    m_server->setPlaceholderText(QStringLiteral("https://countersign.example.com"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color:#c62828"));
    m_error->hide();
    QPushButton *signIn = m_buttons->addButton(tr("Sign in"), QDialogButtonBox::AcceptRole);
    signIn->setObjectName(QStringLiteral("signInButton"));
    signIn->setDefault(true);

    auto *intro = new QLabel(tr("Sign in with the account your Countersign administrator gave you."), this);
    intro->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_server);
    form->addRow(tr("&User name:"), m_username);
    form->addRow(tr("&Password:"), m_password);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SignInDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    setMinimumWidth(420);
}

void SignInDialog::setServer(const QUrl &url)
{
    m_server->setText(url.toString());
}

void SignInDialog::setUsername(const QString &name)
{
    m_username->setText(name);
    if (!name.isEmpty())
        m_password->setFocus();
}

void SignInDialog::setBusy(bool busy)
{
    for (QWidget *w : {static_cast<QWidget *>(m_server), static_cast<QWidget *>(m_username), static_cast<QWidget *>(m_password)})
        w->setEnabled(!busy);
    m_buttons->setEnabled(!busy);
    if (busy) {
        m_error->setStyleSheet(QString());
        m_error->setText(tr("Signing in…"));
        m_error->show();
    }
}

void SignInDialog::showError(const QString &message)
{
    setBusy(false);
    m_error->setStyleSheet(QStringLiteral("color:#c62828"));
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QString SignInDialog::error() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

void SignInDialog::submit()
{
    const QUrl url = QUrl::fromUserInput(m_server->text().trimmed());
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return showError(tr("Enter the server's address, e.g. https://countersign.example.com or http://127.0.0.1:8765."));
    if (m_username->text().trimmed().isEmpty())
        return showError(tr("Enter your user name."));
    if (m_password->text().isEmpty())
        return showError(tr("Enter your password."));
    setBusy(true);
    const QString password = m_password->text();
    m_password->clear();
    Q_EMIT signInRequested(url, m_username->text().trimmed(), password);
}

} // namespace countersign::ui
