#include "ConnectionIndicator.h"

#include "client/Connection.h"
#include "client/LocalStore.h"

namespace countersign::ui {

using client::Connection;

ConnectionIndicator::ConnectionIndicator(Connection &connection, client::LocalStore &store, QWidget *parent)
    : QLabel(parent)
    , m_connection(connection)
    , m_store(store)
{
    setObjectName(QStringLiteral("connectionStatus"));
    connect(&m_connection, &Connection::stateChanged, this, &ConnectionIndicator::refresh);
    connect(&m_store, &client::LocalStore::outboxChanged, this, &ConnectionIndicator::refresh);
    refresh();
}

void ConnectionIndicator::refresh()
{
    QString word;
    QString colour;
    switch (m_connection.state()) {
    case Connection::State::Online: word = tr("Online"); colour = QStringLiteral("#2e7d32"); break;
    case Connection::State::Syncing: word = tr("Syncing…"); colour = QStringLiteral("#1565c0"); break;
    case Connection::State::Authenticating:
    case Connection::State::Connecting: word = tr("Connecting…"); colour = QStringLiteral("#1565c0"); break;
    case Connection::State::Offline: word = tr("Offline"); colour = QStringLiteral("#b26a00"); break;
    case Connection::State::AuthFailed: word = tr("Signed out: sign in again"); colour = QStringLiteral("#c62828"); break;
    case Connection::State::SignedOut: word = tr("Signed out"); colour = QStringLiteral("#757575"); break;
    }
    const int queued = m_store.outboxSize();
    if (queued > 0)
        word += QStringLiteral(" — ") + tr("%n decision(s) queued", nullptr, queued);
    setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(colour, word.toHtmlEscaped()));
    setToolTip(m_connection.lastError());
}

} // namespace countersign::ui
