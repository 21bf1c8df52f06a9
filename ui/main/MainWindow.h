#pragma once

#include "client/CachedApproval.h"

#include <QMainWindow>
#include <QTimer>

class QAction;
class QLabel;
class QListView;
class QPushButton;
class QTabWidget;
class QSplitter;

namespace countersign {
class Clock;
}
namespace countersign::client {
class ClientSession;
struct ApprovalSummary;
} // namespace countersign::client

namespace countersign::ui {

class ApprovalDetailView;
class DecidedView;
class DecisionPanel;
class FilterBar;
class MetricsView;

// The approver's window. The Queue tab: the queue with its filters on the left, the selected approval and the
// decision on the right. The History tab: decided items with their audit trail. The Metrics tab: the server's
// summary. A conflict notice on top when a decision was not taken, the connection in the status bar.
// Everything is reachable from the keyboard (see the Approval and View menus). Closing it keeps the app in the tray
// when there is one.
//
// The selection is the reviewer's alone: the window never moves it to another item. The selected approval is
// pinned in the queue, so when it is decided elsewhere or moves to another route it stays on screen (read-only,
// with a notice of what happened) until the reviewer moves on; a new filter or search keeps it selected; nothing
// is selected for the reviewer when the window opens or an item arrives. Decision keys act on the selected item only.
//
// It fits a 1024x640 screen and never grows past the screen it is on: long content scrolls inside its views.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(client::ClientSession &session, const Clock &clock, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows and selects an approval (clearing filters that hide it); false when it is not in the cache.
    bool selectApproval(const QString &id);
    QString currentApprovalId() const;
    void setCloseToTray(bool on) { m_closeToTray = on; }

    FilterBar &filters() { return *m_filters; }
    QListView &queueView() { return *m_queue; }
    ApprovalDetailView &detail() { return *m_detail; }
    DecisionPanel &decisions() { return *m_panel; }
    QTabWidget &tabs() { return *m_tabs; }
    DecidedView &decided() { return *m_decided; }
    MetricsView &metrics() { return *m_metrics; }
    QAction *action(const QString &objectName) const;

Q_SIGNALS:
    void settingsRequested();
    void signOutRequested();
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void showCurrent();
    void showApproval(const client::CachedApproval &approval);
    // The decision panel acts only on the approval it shows, once it is the selected one and no decision is
    // being written to the cache.
    void updatePanelEnabled();
    void onApprovalsChanged(const QList<client::ApprovalSummary> &changed);
    void onDecision(const QString &decision, const QString &feedback, const QJsonValue &output, const QString &outcome);
    void showConflicts();
    void move(int delta);
    void onCurrentChanged();
    void fitToScreen();
    void fitDecisionPanel();

    client::ClientSession &m_session;
    const Clock &m_clock;
    FilterBar *m_filters;
    QListView *m_queue;
    ApprovalDetailView *m_detail;
    DecisionPanel *m_panel;
    QTabWidget *m_tabs;
    DecidedView *m_decided;
    MetricsView *m_metrics;
    QSplitter *m_right;  // the detail above the decision panel
    QWidget *m_conflictBar;
    QLabel *m_conflictText;
    QString m_conflictId;
    client::CachedApproval m_current;  // the selected approval, parsed once from the cache where it is read
    bool m_saving = false;  // a decision is being written to the cache (on its thread)
    QString m_selectedBeforeReset;  // the reviewer's item, put back after the queue is filtered anew

    QTimer m_tick;  // the countdowns
    bool m_closeToTray = false;
};

} // namespace countersign::ui
