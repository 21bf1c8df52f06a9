#pragma once

#include <QDialog>
#include <QUrl>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace countersign::ui {

// Server, user name and password. Checks what it can before asking the server (a URL with http or https and
// a host, no empty field) and shows the server's answer in words: a wrong password, an unreachable server, an
// untrusted certificate. The password is handed on once and never kept. After a refusal what was typed stays
// (server, user name): only the password is cleared, and it gets the focus.
class SignInDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(QWidget *parent = nullptr);

    void setServer(const QUrl &url);
    void setUsername(const QString &name);
    void setBusy(bool busy);
    void showError(const QString &message);
    // A neutral word above the buttons ("The server is reachable again: sign in to send…").
    void showNotice(const QString &message);
    QString error() const;

    QLineEdit &serverEdit() { return *m_server; }
    QLineEdit &usernameEdit() { return *m_username; }
    QLineEdit &passwordEdit() { return *m_password; }

Q_SIGNALS:
    void signInRequested(const QUrl &server, const QString &username, const QString &password);

protected:
    void changeEvent(QEvent *event) override;

private:
    void submit();
    void showMessage(const QString &message, bool isError);

    QLineEdit *m_server;
    QLineEdit *m_username;
    QLineEdit *m_password;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    bool m_errorShown = false;
};

} // namespace countersign::ui
