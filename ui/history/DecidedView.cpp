#include "DecidedView.h"

#include "common/Labels.h"
#include "detail/ApprovalDetailView.h"
#include "queue/ApprovalDelegate.h"

#include "client/ApprovalFilterModel.h"
#include "client/CachedApproval.h"
#include "client/ClientSession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSplitter>
#include <QVBoxLayout>

namespace countersign::ui {

using client::ApprovalListModel;

namespace {

// The statuses an approval ends a round in. `revision_requested` goes back to pending once the agent revises;
// its earlier rounds stay in that approval's history.
const QStringList &decidedStatuses()
{
    static const QStringList statuses{QStringLiteral("approved"), QStringLiteral("rejected"),
                                      QStringLiteral("revision_requested"), QStringLiteral("expired"),
                                      QStringLiteral("cancelled")};
    return statuses;
}

} // namespace

DecidedView::DecidedView(client::ClientSession &session, const Clock &clock, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(std::make_unique<client::ApprovalFilterModel>(session.approvals()))
    , m_search(new QLineEdit(this))
    , m_outcome(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_list(new QListView(this))
    , m_detail(new ApprovalDetailView(clock, this))
{
    setObjectName(QStringLiteral("decidedView"));
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Search decided items (title, agent, output)"));
    m_search->setClearButtonEnabled(true);
    m_outcome->setObjectName(QStringLiteral("historyOutcome"));
    m_outcome->addItem(tr("Every outcome"), decidedStatuses());
    for (const QString &status : decidedStatuses())
        m_outcome->addItem(Labels::status(status), QStringList{status});
    m_count->setObjectName(QStringLiteral("historyCount"));

    // The last decided first: what a reviewer looks for. (The server's seq orders every change.)
    m_model->setSortKey(client::ApprovalFilterModel::SortKey::LastChange, Qt::DescendingOrder);
    m_model->setStatuses(decidedStatuses());
    m_list->setObjectName(QStringLiteral("historyList"));
    m_list->setModel(m_model.get());
    m_list->setItemDelegate(new ApprovalDelegate(clock, m_list));
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setMinimumWidth(320);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(m_outcome);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    leftLayout->addLayout(bar);
    leftLayout->addWidget(m_count);
    leftLayout->addWidget(m_list, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 5);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_search, &QLineEdit::textChanged, m_model.get(), &client::ApprovalFilterModel::setText);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &DecidedView::applyOutcome);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, &DecidedView::showCurrent);
    connect(m_model.get(), &QAbstractItemModel::modelReset, this, &DecidedView::updateCount);
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, this, &DecidedView::updateCount);
    connect(m_model.get(), &QAbstractItemModel::rowsRemoved, this, &DecidedView::updateCount);
    // A decided item can change again (a late callback event, an agent's revision): keep the detail current.
    connect(&session.store(), &client::LocalStore::approvalsChanged, this, [this](const QList<client::ApprovalSummary> &changed) {
        const QString id = currentApprovalId();
        for (const client::ApprovalSummary &s : changed) {
            if (s.id == id)
                return showCurrent();
        }
    });
    updateCount();
    showCurrent();
}

DecidedView::~DecidedView()
{
    // The view goes first: it must not reach into the model while both are torn down.
    m_list->setModel(nullptr);
}

QString DecidedView::currentApprovalId() const
{
    return m_list->currentIndex().data(ApprovalListModel::IdRole).toString();
}

void DecidedView::applyOutcome()
{
    m_model->setStatuses(m_outcome->currentData().toStringList());
}

void DecidedView::showCurrent()
{
    const QString id = currentApprovalId();
    if (id.isEmpty())
        return m_detail->setApproval({});
    // Read on the store's thread; shown only if it is still the current item when it arrives.
    m_session.store().approval(id, this, [this, id](const std::optional<QJsonObject> &approval) {
        if (currentApprovalId() == id)
            m_detail->setApproval(approval ? client::CachedApproval::fromJson(*approval) : client::CachedApproval());
    });
}

void DecidedView::updateCount()
{
    const int n = m_model->rowCount();
    m_count->setText(tr("%n decided item(s)", nullptr, n));
}

} // namespace countersign::ui
