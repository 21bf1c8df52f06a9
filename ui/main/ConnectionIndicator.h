#pragma once

#include <QWidget>

class QLabel;
class QToolButton;

namespace countersign::client {
class Connection;
class LocalStore;
} // namespace countersign::client

namespace countersign::ui {

class ElidedLabel;

// The status bar's word on the link: a coloured dot and "Online", "Syncing…", "Offline — 2 decisions
// queued", "Signed out", with the last error as a tooltip. While offline it offers "Reconnect now"; while
// there is no session on the server (a cache opened offline, a session that ended) it offers "Sign in…".
// The words are elided rather than widening the window; the whole text is in the tooltip.
class ConnectionIndicator final : public QWidget
{
    Q_OBJECT
public:
    ConnectionIndicator(client::Connection &connection, client::LocalStore &store, QWidget *parent = nullptr);
    void refresh();

    // The whole status text ("Offline — 1 decision queued").
    QString text() const;

Q_SIGNALS:
    // "Sign in…" was clicked: the app shows its sign-in dialog.
    void signInRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    client::Connection &m_connection;
    client::LocalStore &m_store;
    QLabel *m_dot;
    ElidedLabel *m_text;
    QToolButton *m_reconnect;
    QToolButton *m_signIn;
};

} // namespace countersign::ui
