#include "ConnectionIndicator.h"

#include "common/ElidedLabel.h"
#include "common/Theme.h"

#include "client/Connection.h"
#include "client/LocalStore.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace countersign::ui {

using client::Connection;

ConnectionIndicator::ConnectionIndicator(Connection &connection, client::LocalStore &store, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_store(store)
    , m_dot(new QLabel(QStringLiteral("●"), this))
    , m_text(new ElidedLabel(this))
    , m_reconnect(new QToolButton(this))
    , m_signIn(new QToolButton(this))
{
    setObjectName(QStringLiteral("connectionIndicator"));
    m_text->setObjectName(QStringLiteral("connectionStatus"));
    m_reconnect->setObjectName(QStringLiteral("reconnectNow"));
    m_signIn->setObjectName(QStringLiteral("signInNow"));
    m_reconnect->setText(tr("Reconnect now"));
    m_reconnect->setToolTip(tr("Try to reach the server now instead of waiting for the next attempt."));
    m_signIn->setText(tr("Sign in…"));
    for (QToolButton *b : {m_reconnect, m_signIn}) {
        b->setAutoRaise(true);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    }
    // The words give way first; the dot and the buttons keep their size.
    m_text->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_dot);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_reconnect);
    layout->addWidget(m_signIn);
    connect(m_reconnect, &QToolButton::clicked, &m_connection, &Connection::reconnectNow);
    connect(m_signIn, &QToolButton::clicked, this, &ConnectionIndicator::signInRequested);
    connect(&m_connection, &Connection::stateChanged, this, &ConnectionIndicator::refresh);
    connect(&m_connection, &Connection::errorOccurred, this, &ConnectionIndicator::refresh);
    connect(&m_store, &client::LocalStore::outboxChanged, this, &ConnectionIndicator::refresh);
    refresh();
}

QString ConnectionIndicator::text() const
{
    return m_text->text();
}

void ConnectionIndicator::refresh()
{
    QString word;
    QColor colour;
    const QPalette &p = palette();
    switch (m_connection.state()) {
    case Connection::State::Online: word = tr("Online"); colour = theme::successText(p); break;
    case Connection::State::Syncing: word = tr("Syncing…"); colour = theme::infoText(p); break;
    case Connection::State::Authenticating:
    case Connection::State::Connecting: word = tr("Connecting…"); colour = theme::infoText(p); break;
    case Connection::State::Offline:
        word = m_connection.isWaitingForServer() ? tr("Offline: sign in when the server is back")
               : m_connection.isServerUnavailable() ? tr("Offline: server unavailable")
                                                    : tr("Offline");
        colour = theme::warningText(p);
        break;
    case Connection::State::AuthFailed: word = tr("Signed out: sign in again"); colour = theme::errorText(p); break;
    case Connection::State::SignedOut: word = tr("Signed out"); colour = theme::mutedText(p); break;
    }
    const int queued = m_store.outboxSize();
    if (queued > 0)
        word += QStringLiteral(" — ") + tr("%n decision(s) queued", nullptr, queued);
    theme::setForeground(*m_dot, colour);
    m_text->setFullText(word, m_connection.lastError());
    m_dot->setToolTip(m_text->toolTip());
    m_reconnect->setVisible(m_connection.canReconnectNow());
    const Connection::State s = m_connection.state();
    m_signIn->setVisible(!m_connection.hasToken() && s != Connection::State::Authenticating && s != Connection::State::Connecting);
}

void ConnectionIndicator::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // Another theme: the dot's colour is chosen for the palette.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        refresh();
}

} // namespace countersign::ui
