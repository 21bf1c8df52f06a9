#include "TrayController.h"

#include "TrayIcon.h"
#include "common/Labels.h"
#include "settings/AppSettings.h"

#include "client/ClientSession.h"
#include "protocol/ApprovalJson.h"

namespace countersign::ui {

TrayController::TrayController(TrayIcon &icon, AppSettings &settings, QObject *parent)
    : QObject(parent)
    , m_icon(icon)
    , m_settings(settings)
{
    retranslate();
    m_pause.setCheckable(true);
    m_menu.addAction(&m_open);
    m_menu.addAction(&m_pause);
    m_menu.addSeparator();
    m_menu.addAction(&m_quit);
    connect(&m_open, &QAction::triggered, this, &TrayController::openRequested);
    connect(&m_quit, &QAction::triggered, this, &TrayController::quitRequested);
    connect(&m_icon, &TrayIcon::activated, this, &TrayController::openRequested);
    connect(&m_icon, &TrayIcon::notificationClicked, this, [this] {
        if (!m_lastNotified.isEmpty())
            Q_EMIT approvalRequested(m_lastNotified);
        else
            Q_EMIT openRequested();
    });
    if (m_icon.isAvailable()) {
        m_icon.setMenu(&m_menu);
        m_icon.setPendingCount(0);
        m_icon.show();
    }
}

void TrayController::retranslate()
{
    m_open.setText(tr("&Open Countersign"));
    m_pause.setText(tr("&Pause notifications"));
    m_quit.setText(tr("&Quit"));
    if (m_icon.isAvailable())
        m_icon.setPendingCount(m_pending);  // its tooltip, in the new language
}

bool TrayController::isAvailable() const
{
    return m_icon.isAvailable();
}

void TrayController::setSession(client::ClientSession *session)
{
    disconnect(m_pushed);
    disconnect(m_changed);
    m_session = session;
    if (m_session) {
        m_pushed = connect(&m_session->sync(), &client::SyncEngine::approvalPushed, this, &TrayController::onPushed);
        // The list model keeps the counts (and fills them after start, read on the cache's thread).
        m_changed = connect(&m_session->approvals(), &client::ApprovalListModel::countsChanged, this, &TrayController::recount);
    }
    recount();
}

void TrayController::recount()
{
    const int pending = m_session ? m_session->approvals().countWithStatus(QStringLiteral("pending")) : 0;
    m_pending = pending;
    if (m_icon.isAvailable())
        m_icon.setPendingCount(pending);
}

void TrayController::onPushed(const QJsonObject &pushed, const QString &notify)
{
    if (notify.isEmpty() || !m_icon.isAvailable() || isPaused())
        return;
    const Approval approval = json::approvalFromJson(pushed);
    const QString priority = toString(approval.priority);
    if (!m_settings.notifiesFor(priority))
        return;
    QString heading;
    if (notify == QLatin1String("reminder"))
        heading = tr("Reminder: %1").arg(approval.title);
    else if (notify == QLatin1String("escalated"))
        heading = tr("Escalated to you: %1").arg(approval.title);
    else if (notify == QLatin1String("revised"))
        heading = tr("Revised: %1").arg(approval.title);
    else
        heading = tr("New approval: %1").arg(approval.title);
    const QString text = tr("%1 · priority %2 · route %3").arg(approval.agent, Labels::priority(priority), approval.route);
    m_lastNotified = approval.id;
    m_icon.notify(heading, text, approval.priority == Priority::Critical ? TrayIcon::Urgency::Critical : TrayIcon::Urgency::Normal);
}

} // namespace countersign::ui
