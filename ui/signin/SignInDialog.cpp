#include "SignInDialog.h"

#include "common/DialogTitle.h"
#include "common/Theme.h"

#include <QDialogButtonBox>
#include <QEvent>
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
    setWindowTitle(tr("Sign in"));
    setObjectName(QStringLiteral("signInDialog"));
    m_server->setObjectName(QStringLiteral("serverEdit"));
    m_username->setObjectName(QStringLiteral("usernameEdit"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_error->setObjectName(QStringLiteral("signInError"));
    m_server->setPlaceholderText(QStringLiteral("https://countersign.example.com"));
    m_password->setEchoMode(QLineEdit::Password);
    m_error->setWordWrap(true);
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
    fitDialogToTitle(*this);
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
    if (busy)
        showMessage(tr("Signing in…"), false);
}

void SignInDialog::showError(const QString &message)
{
    setBusy(false);
    showMessage(message, true);
    // Keep what was typed; only the password goes (it is never kept), and the focus waits there for it.
    m_password->clear();
    if (m_server->text().trimmed().isEmpty())
        m_server->setFocus();
    else if (m_username->text().trimmed().isEmpty())
        m_username->setFocus();
    else
        m_password->setFocus();
}

void SignInDialog::showNotice(const QString &message)
{
    setBusy(false);
    showMessage(message, false);
    if (!m_username->text().isEmpty())
        m_password->setFocus();
}

void SignInDialog::showMessage(const QString &message, bool isError)
{
    m_errorShown = isError;
    // The colour comes from the palette in use, so it stays readable under a dark theme.
    m_error->setPalette(QPalette());
    if (isError)
        theme::setForeground(*m_error, theme::errorText(palette()));
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void SignInDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if ((event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) && m_errorShown)
        theme::setForeground(*m_error, theme::errorText(palette()));
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
