#pragma once

#include "ApprovalFilterModel.h"
#include "ApprovalListModel.h"
#include "LocalStore.h"
#include "SyncEngine.h"

#include <QObject>
#include <QUrl>

#include <memory>

namespace countersign {
class Clock;
}

namespace countersign::client {

class Connection;

// Everything one signed-in approver works with, for one server and user: the local cache, the sync engine
// on the shared connection, and the models the UI shows. Made when the user signs in (the cache file is
// per server and user), dropped on sign-out. The desktop app and the CLI's watch mode both build on it.
class ClientSession final : public QObject
{
    Q_OBJECT
public:
    // Opens the cache at `cachePath`; check isOpen() and openError().
    ClientSession(Connection &connection, const Clock &clock, const QUrl &server, const QString &username,
                  const QString &cachePath, QObject *parent = nullptr);
    ~ClientSession() override;

    bool isOpen() const { return m_open; }
    QString openError() const { return m_openError; }
    QUrl server() const { return m_server; }
    QString username() const { return m_username; }

    Connection &connection() { return m_connection; }
    LocalStore &store() { return *m_store; }
    SyncEngine &sync() { return *m_sync; }
    ApprovalListModel &approvals() { return *m_list; }
    ApprovalFilterModel &queue() { return *m_filter; }

private:
    Connection &m_connection;
    QUrl m_server;
    QString m_username;
    bool m_open = false;
    QString m_openError;
    std::unique_ptr<LocalStore> m_store;
    std::unique_ptr<SyncEngine> m_sync;
    std::unique_ptr<ApprovalListModel> m_list;
    std::unique_ptr<ApprovalFilterModel> m_filter;
};

} // namespace countersign::client
