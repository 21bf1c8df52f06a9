#pragma once

#include <QLabel>

namespace countersign::client {
class Connection;
class LocalStore;
} // namespace countersign::client

namespace countersign::ui {

// The status bar's word on the link: a coloured dot and "Online", "Syncing…", "Offline — 2 decisions
// queued", "Signed out", with the last error as a tooltip.
class ConnectionIndicator final : public QLabel
{
    Q_OBJECT
public:
    ConnectionIndicator(client::Connection &connection, client::LocalStore &store, QWidget *parent = nullptr);
    void refresh();

private:
    client::Connection &m_connection;
    client::LocalStore &m_store;
};

} // namespace countersign::ui
