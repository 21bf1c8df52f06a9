#include "MainWindow.h"

#include "ConnectionIndicator.h"
#include "common/Labels.h"
#include "decide/DecisionPanel.h"
#include "detail/ApprovalDetailView.h"
#include "history/DecidedView.h"
#include "metrics/MetricsView.h"
#include "queue/ApprovalDelegate.h"
#include "queue/FilterBar.h"

#include "client/ClientSession.h"
#include "client/Connection.h"
#include "protocol/ApprovalJson.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace countersign::ui {

using client::ApprovalListModel;

namespace {
enum Tab { QueueTab, HistoryTab, MetricsTab };

// A tab's page in a scroll area: on a screen smaller than the page needs (a 1024x640 laptop at 200 %), the page
// scrolls rather than the window growing past the screen. At usual sizes no scroll bar shows.
QWidget *scrolling(QWidget *page, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setObjectName(page->objectName().isEmpty() ? QString() : page->objectName() + QStringLiteral("Scroll"));
    area->setWidget(page);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    return area;
}
} // namespace

MainWindow::MainWindow(client::ClientSession &session, const Clock &clock, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_clock(clock)
    , m_filters(new FilterBar(session.approvals(), session.queue(), this))
    , m_queue(new QListView(this))
    , m_detail(new ApprovalDetailView(clock, this))
    , m_panel(new DecisionPanel(this))
    , m_tabs(new QTabWidget(this))
    , m_decided(new DecidedView(session, clock, this))
    , m_metrics(new MetricsView(session.connection(), clock, this))
    , m_right(new QSplitter(Qt::Vertical, this))
    , m_conflictBar(new QWidget(this))
    , m_conflictText(new QLabel(this))
{
    // The platform adds the application's name ("… — Countersign").
    setWindowTitle(tr("%1 on %2").arg(session.username(), session.server().host()));
    setObjectName(QStringLiteral("mainWindow"));
    m_queue->setObjectName(QStringLiteral("queueView"));
    m_queue->setModel(&session.queue());
    m_queue->setItemDelegate(new ApprovalDelegate(clock, m_queue));
    m_queue->setUniformItemSizes(true);  // 100,000 rows: no per-row size queries
    m_queue->setSelectionMode(QAbstractItemView::SingleSelection);
    m_queue->setMinimumWidth(240);

    // The conflict notice: what the user decided and what won, until dismissed.
    // In the palette's own colours (tooltip roles: a light note in a light theme, readable in a dark one).
    m_conflictBar->setObjectName(QStringLiteral("conflictBar"));
    m_conflictBar->setAutoFillBackground(true);
    m_conflictBar->setBackgroundRole(QPalette::ToolTipBase);
    m_conflictBar->setForegroundRole(QPalette::ToolTipText);
    m_conflictText->setForegroundRole(QPalette::ToolTipText);
    m_conflictText->setObjectName(QStringLiteral("conflictText"));
    m_conflictText->setWordWrap(true);
    auto *dismiss = new QPushButton(tr("Dismiss"), m_conflictBar);
    dismiss->setObjectName(QStringLiteral("dismissConflict"));
    auto *conflictLayout = new QHBoxLayout(m_conflictBar);
    conflictLayout->addWidget(m_conflictText, 1);
    conflictLayout->addWidget(dismiss);
    connect(dismiss, &QPushButton::clicked, this, [this] {
        m_session.store().dismissConflict(m_conflictId);
    });

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    leftLayout->addWidget(m_filters);
    leftLayout->addWidget(m_queue, 1);
    // The detail takes the height; the decision panel only what it needs (more while the editor is open).
    // The detail above, the decision below: the panel takes what it needs, or three fifths while the editor is
    // open (the reviewer can move the handle).
    m_right->setObjectName(QStringLiteral("decisionSplitter"));
    m_right->addWidget(m_detail);
    m_right->addWidget(m_panel);
    m_right->setStretchFactor(0, 1);
    m_right->setStretchFactor(1, 0);
    m_right->setChildrenCollapsible(false);
    QWidget *right = m_right;
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("queuePage"));
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);
    split->setChildrenCollapsible(false);
    split->setHandleWidth(std::max(split->handleWidth(), 6));  // easy to find and to grab
    // Queue (decide), History (what was decided, with its audit trail), Metrics (how the team is doing).
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(scrolling(split, this), tr("&Queue"));
    m_tabs->addTab(scrolling(m_decided, this), tr("&History"));
    m_tabs->addTab(scrolling(m_metrics, this), tr("&Metrics"));
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->addWidget(m_conflictBar);
    centralLayout->addWidget(m_tabs, 1);
    setCentralWidget(central);
    statusBar()->addPermanentWidget(new ConnectionIndicator(session.connection(), session.store(), this));

    buildActions();
    // Decisions act on the queue's item: off while another tab is in front, so no keystroke decides unseen.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        for (const char *name : {"actionApprove", "actionEdit", "actionReject", "actionRevise", "actionNext", "actionPrevious"})
            action(QLatin1String(name))->setEnabled(tab == QueueTab);
    });
    connect(m_queue->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::onCurrentChanged);
    // A new filter or search rebuilds the queue: the reviewer's item (pinned, so always still there) stays selected.
    connect(&session.queue(), &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        m_selectedBeforeReset = currentApprovalId();
    });
    connect(&session.queue(), &QAbstractItemModel::modelReset, this, [this] {
        const QString id = std::exchange(m_selectedBeforeReset, {});
        const int sourceRow = id.isEmpty() ? -1 : m_session.approvals().rowOf(id);
        const QModelIndex index = sourceRow < 0 ? QModelIndex() : m_session.queue().mapFromSource(m_session.approvals().index(sourceRow, 0));
        if (index.isValid()) {
            const QSignalBlocker quiet(m_queue->selectionModel());  // the same item: no new detail, no lost edit
            m_queue->setCurrentIndex(index);
            m_queue->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
            m_queue->scrollTo(index);
            m_queue->viewport()->update();
        } else if (!id.isEmpty()) {
            showCurrent();  // it is gone (a signed-out cache): show nothing rather than something else
        }
    });
    connect(m_panel, &DecisionPanel::editingChanged, this, [this](bool editing) {
        // While editing, the editor takes the output pane's place and shares the height with the rest of the
        // detail; otherwise the panel takes only what it needs.
        m_detail->setOutputReplaced(editing);
        fitDecisionPanel();
    });
    connect(&session.store(), &client::LocalStore::approvalsChanged, this, &MainWindow::onApprovalsChanged);
    connect(&session.store(), &client::LocalStore::outboxChanged, this, [this] {
        // "queued" comes and goes with the outbox (the list model, connected first, already knows).
        if (m_queue->currentIndex().isValid())
            m_panel->setApproval(m_current, m_session.store().isQueued(m_current.id));
    });
    connect(&session.store(), &client::LocalStore::conflictsChanged, this, &MainWindow::showConflicts);
    connect(&session.sync(), &client::SyncEngine::cacheReplaced, this, [this] {
        statusBar()->showMessage(tr("The server now serves another database: the approvals shown before were "
                                    "replaced by its own."), 30000);
    });
    connect(&session.sync(), &client::SyncEngine::decisionRefused, this,
            [this](const QString &, const QString &, const QString &code, const QString &message) {
                statusBar()->showMessage(tr("A decision was not taken: %1").arg(Labels::refusal(code, message)), 10000);
            });
    connect(m_panel, &DecisionPanel::decisionMade, this, &MainWindow::onDecision);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        m_queue->viewport()->update();
        m_detail->refreshCountdown();
    });
    m_tick.start();
    showConflicts();
    fitToScreen();
}

void MainWindow::fitDecisionPanel()
{
    const QList<int> sizes = m_right->sizes();
    const int total = sizes.value(0) + sizes.value(1);
    if (total <= 0)
        return;
    const int panel = m_panel->isEditing() ? total * 3 / 5 : m_panel->sizeHint().height();
    m_right->setSizes({total - panel, panel});
}

void MainWindow::fitToScreen()
{
    // 1280x800 where there is room with its frame around it; on a smaller screen (a 1024x640 laptop, a high-DPI
    // scale) maximised, so that the window manager fits the frame and its panels in, and never more.
    constexpr QSize Preferred(1280, 800);
    constexpr QSize FrameAllowance(16, 64);  // title bar and borders, known only once the window is shown
    const QRect available = screen() ? screen()->availableGeometry() : QRect(QPoint(0, 0), Preferred);
    resize(std::min(Preferred.width(), available.width()), std::min(Preferred.height(), available.height()));
    if (available.width() < Preferred.width() + FrameAllowance.width()
        || available.height() < Preferred.height() + FrameAllowance.height())
        setWindowState(windowState() | Qt::WindowMaximized);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    auto add = [this](QMenu *menu, const QString &name, const QString &text, const QList<QKeySequence> &keys, auto slot) {
        auto *a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        connect(a, &QAction::triggered, this, slot);
        menu->addAction(a);
        addAction(a);
        return a;
    };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    add(file, QStringLiteral("actionSettings"), tr("&Settings…"), {QKeySequence::Preferences}, [this] { Q_EMIT settingsRequested(); });
    QAction *reconnect = add(file, QStringLiteral("actionReconnect"), tr("&Reconnect now"), {QKeySequence::Refresh},
                             [this] { m_session.connection().reconnectNow(); });
    auto offerReconnect = [this, reconnect] { reconnect->setEnabled(m_session.connection().canReconnectNow()); };
    connect(&m_session.connection(), &client::Connection::stateChanged, reconnect, offerReconnect);
    offerReconnect();
    add(file, QStringLiteral("actionSignOut"), tr("Sign &out"), {}, [this] { Q_EMIT signOutRequested(); });
    file->addSeparator();
    add(file, QStringLiteral("actionQuit"), tr("&Quit"), {QKeySequence(tr("Ctrl+Q"))}, [this] { Q_EMIT quitRequested(); });

    QMenu *approval = menuBar()->addMenu(tr("&Approval"));
    add(approval, QStringLiteral("actionApprove"), tr("&Approve"), {QKeySequence(tr("Ctrl+Return")), QKeySequence(tr("Ctrl+Enter"))},
        [this] { m_panel->approve(); });
    add(approval, QStringLiteral("actionEdit"), tr("&Edit then approve"), {QKeySequence(tr("Ctrl+E"))},
        [this] { m_panel->editOrSendEdits(); });
    add(approval, QStringLiteral("actionReject"), tr("Re&ject…"), {QKeySequence(tr("Ctrl+Shift+J"))}, [this] { m_panel->reject(); });
    add(approval, QStringLiteral("actionRevise"), tr("Request &revision"), {QKeySequence(tr("Ctrl+R"))},
        [this] { m_panel->requestRevision(); });
    approval->addSeparator();
    add(approval, QStringLiteral("actionNext"), tr("&Next in queue"), {QKeySequence(tr("Ctrl+J")), QKeySequence(tr("Alt+Down"))},
        [this] { move(1); });
    add(approval, QStringLiteral("actionPrevious"), tr("&Previous in queue"), {QKeySequence(tr("Ctrl+K")), QKeySequence(tr("Alt+Up"))},
        [this] { move(-1); });
    add(approval, QStringLiteral("actionSearch"), tr("&Search"), {QKeySequence::Find}, [this] {
        QLineEdit &search = m_tabs->currentIndex() == HistoryTab ? m_decided->search() : m_filters->search();
        search.setFocus();
        search.selectAll();
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    add(view, QStringLiteral("actionShowQueue"), tr("&Queue"), {QKeySequence(tr("Ctrl+1"))}, [this] { m_tabs->setCurrentIndex(QueueTab); });
    add(view, QStringLiteral("actionShowHistory"), tr("&History"), {QKeySequence(tr("Ctrl+2"))},
        [this] { m_tabs->setCurrentIndex(HistoryTab); });
    add(view, QStringLiteral("actionShowMetrics"), tr("&Metrics"), {QKeySequence(tr("Ctrl+3"))},
        [this] { m_tabs->setCurrentIndex(MetricsTab); });
}

QAction *MainWindow::action(const QString &objectName) const
{
    return findChild<QAction *>(objectName);
}

void MainWindow::move(int delta)
{
    const int rows = m_session.queue().rowCount();
    if (rows == 0)
        return;
    // With nothing selected, the next item is the first one.
    const int current = m_queue->currentIndex().row();
    const int row = current < 0 ? (delta > 0 ? 0 : rows - 1) : std::clamp(current + delta, 0, rows - 1);
    m_queue->setCurrentIndex(m_session.queue().index(row, 0));
}

QString MainWindow::currentApprovalId() const
{
    return m_queue->currentIndex().data(ApprovalListModel::IdRole).toString();
}

void MainWindow::onCurrentChanged()
{
    // The reviewer moved: the item they left may now leave the queue, the new one stays while selected.
    m_session.queue().setPinned(currentApprovalId());
    showCurrent();
}

void MainWindow::showCurrent()
{
    const QString id = currentApprovalId();
    if (id.isEmpty())
        return showApproval({});
    // Until the selected approval is read, the panel still holds the one shown before: no decision may go to it.
    updatePanelEnabled();
    // Read on the store's thread; by the time it arrives the reviewer may have moved on: then it is not shown.
    m_session.store().approval(id, this, [this, id](const std::optional<QJsonObject> &approval) {
        if (currentApprovalId() == id)
            showApproval(approval ? client::CachedApproval::fromJson(*approval) : client::CachedApproval());
    });
}

void MainWindow::showApproval(const client::CachedApproval &approval)
{
    m_current = approval;
    m_detail->setApproval(m_current);
    m_panel->setApproval(m_current, m_queue->currentIndex().data(ApprovalListModel::QueuedRole).toBool());
    updatePanelEnabled();
    fitDecisionPanel();  // its notice or outcome buttons may need another height
}

void MainWindow::updatePanelEnabled()
{
    m_panel->setEnabled(!m_saving && m_current.id == currentApprovalId());
}

void MainWindow::onApprovalsChanged(const QList<client::ApprovalSummary> &changed)
{
    const QString id = currentApprovalId();
    for (const client::ApprovalSummary &s : changed) {
        if (s.id == id)
            return showCurrent();
    }
}

void MainWindow::onDecision(const QString &decision, const QString &feedback, const QJsonValue &output, const QString &outcome)
{
    if (m_current.isNull() || m_current.id != currentApprovalId() || m_saving) {
        // The selection moved on and its approval is still being read: deciding now would decide the wrong one.
        statusBar()->showMessage(tr("The selection changed before the decision; nothing was decided."), 6000);
        return;
    }
    const QString id = m_current.id;
    const bool online = m_session.connection().state() == client::Connection::State::Online;
    // Until the cache has it (it is written on the cache's thread): no second decision on the same item.
    m_saving = true;
    updatePanelEnabled();
    m_session.sync().decide(id, m_current.version, decision, feedback, output, outcome,
                            [this, self = QPointer<MainWindow>(this), id, decision, online](bool stored) {
        if (!self)
            return;
        m_saving = false;
        updatePanelEnabled();
        const bool shown = m_current.id == id;
        if (!stored) {
            // Not in the outbox means not sent, ever: the reviewer must know, and keeps what they wrote.
            if (shown) {
                m_panel->decisionNotSaved(tr("Your decision was not saved: the copy of the queue on this computer could not be "
                                             "written (is the disk full?). Nothing was sent and the approval still waits for you. "
                                             "Try again."));
            }
            statusBar()->showMessage(tr("%1: NOT saved, nothing was sent").arg(Labels::decision(decision)), 15000);
            return;
        }
        if (shown)
            m_panel->decisionSaved();
        statusBar()->showMessage(online ? tr("%1: sent").arg(Labels::decision(decision))
                                        : tr("%1: queued; it is sent when the connection is back").arg(Labels::decision(decision)),
                                 6000);
    });
}

void MainWindow::showConflicts()
{
    const QList<client::ConflictRecord> conflicts = m_session.store().conflicts();
    m_conflictBar->setVisible(!conflicts.isEmpty());
    if (conflicts.isEmpty())
        return m_conflictText->clear();
    const client::ConflictRecord &c = conflicts.last();
    m_conflictId = c.requestId;
    // The server's copy as it stood when the decision was refused (empty when the answer carried none).
    const Approval winner = json::approvalFromJson(c.winner);
    const QString &title = c.title;
    QString text = tr("Your decision “%1” on “%2” was not taken: %3.").arg(Labels::decision(c.mine.decision), title, Labels::refusal(c.code, c.message));
    if (const std::optional<Decision> &won = winner.decision) {
        text += QLatin1Char(' ') + tr("It stands as “%1” by %2.").arg(Labels::decision(won->decision), won->decidedBy);
    } else if (!c.winner.isEmpty()) {
        text += QLatin1Char(' ') + tr("It is now “%1”.").arg(Labels::status(toString(winner.status)));
    }
    if (conflicts.size() > 1)
        text += QLatin1Char(' ') + tr("(%n more not taken)", nullptr, int(conflicts.size() - 1));
    m_conflictText->setText(text);
}

bool MainWindow::selectApproval(const QString &id)
{
    const int sourceRow = m_session.approvals().rowOf(id);
    if (sourceRow < 0)
        return false;
    QModelIndex index = m_session.queue().mapFromSource(m_session.approvals().index(sourceRow, 0));
    if (!index.isValid()) {
        // Hidden by a filter: show everything rather than nothing.
        m_filters->search().clear();
        for (QComboBox *box : {&m_filters->status(), &m_filters->route(), &m_filters->agent(), &m_filters->priority()})
            box->setCurrentIndex(0);
        index = m_session.queue().mapFromSource(m_session.approvals().index(sourceRow, 0));
    }
    m_tabs->setCurrentIndex(QueueTab);
    m_queue->setCurrentIndex(index);
    m_queue->scrollTo(index);
    return index.isValid();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_closeToTray) {
        hide();
        event->ignore();
        return;
    }
    // No tray to come back from: closing the window is quitting (decisions still queued stay in the cache).
    QMainWindow::closeEvent(event);
    Q_EMIT quitRequested();
}

} // namespace countersign::ui
