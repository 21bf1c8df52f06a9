#include "ClientSession.h"

#include "Connection.h"

namespace countersign::client {

ClientSession::ClientSession(Connection &connection, const Clock &clock, const QUrl &server, const QString &username,
                             const QString &cachePath, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_server(server)
    , m_username(username)
    , m_store(std::make_unique<LocalStore>(cachePath))
{
    m_open = m_store->open(&m_openError);
    if (!m_open)
        return;
    m_sync = std::make_unique<SyncEngine>(connection, *m_store, clock);
    m_list = std::make_unique<ApprovalListModel>(*m_store);
    m_filter = std::make_unique<ApprovalFilterModel>(*m_list);
}

// The models go before the store whose signals feed them.
ClientSession::~ClientSession()
{
    m_filter.reset();
    m_list.reset();
    m_sync.reset();
}

} // namespace countersign::client
