#include "FilterBar.h"

#include "common/Labels.h"

#include "client/ApprovalFilterModel.h"
#include "client/ApprovalListModel.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLineEdit>
#include <QSet>
#include <QStyle>
#include <QStyleOptionComboBox>


namespace countersign::ui {

namespace {
const QStringList Statuses = {QStringLiteral("pending"), QStringLiteral("revision_requested"), QStringLiteral("approved"),
                              QStringLiteral("rejected"), QStringLiteral("expired"), QStringLiteral("cancelled")};
const QStringList Priorities = {QStringLiteral("critical"), QStringLiteral("high"), QStringLiteral("normal"), QStringLiteral("low")};

QStringList chosen(const QComboBox &box)
{
    const QString value = box.currentData().toString();
    return value.isEmpty() ? QStringList() : QStringList{value};
}

// A choice is never cut ("All priorities (10"): the box is at least as wide as its current text needs,
// frame and arrow included. Only the current text counts, so the bar stays narrow enough for a small window.
void fitToCurrentText(QComboBox &box)
{
    QStyleOptionComboBox option;
    option.initFrom(&box);
    option.currentText = box.currentText();
    const QSize text(box.fontMetrics().horizontalAdvance(box.currentText()) + 4, box.fontMetrics().height());
    box.setMinimumWidth(box.style()->sizeFromContents(QStyle::CT_ComboBox, &option, text, &box).width());
}
} // namespace

FilterBar::FilterBar(client::ApprovalListModel &list, client::ApprovalFilterModel &filter, QWidget *parent)
    : QWidget(parent)
    , m_list(list)
    , m_filter(filter)
    , m_search(new QLineEdit(this))
    , m_status(new QComboBox(this))
    , m_route(new QComboBox(this))
    , m_agent(new QComboBox(this))
    , m_priority(new QComboBox(this))
    , m_sort(new QComboBox(this))
{
    m_search->setObjectName(QStringLiteral("searchBox"));
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_route->setObjectName(QStringLiteral("routeFilter"));
    m_agent->setObjectName(QStringLiteral("agentFilter"));
    m_priority->setObjectName(QStringLiteral("priorityFilter"));
    m_sort->setObjectName(QStringLiteral("sortOrder"));
    m_search->setPlaceholderText(tr("Search title, agent and output (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_sort->addItem(tr("Oldest first"), int(client::ApprovalFilterModel::SortKey::Age));
    m_sort->addItem(tr("Most urgent first"), int(client::ApprovalFilterModel::SortKey::Priority));
    m_sort->addItem(tr("Nearest deadline first"), int(client::ApprovalFilterModel::SortKey::Deadline));
    // Two choices a row, each as wide as its text needs and sharing what is left.
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_search, 0, 0, 1, 2);
    grid->addWidget(m_status, 1, 0);
    grid->addWidget(m_priority, 1, 1);
    grid->addWidget(m_route, 2, 0);
    grid->addWidget(m_agent, 2, 1);
    grid->addWidget(m_sort, 3, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    for (QComboBox *box : {m_status, m_route, m_agent, m_priority, m_sort}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        connect(box, &QComboBox::currentIndexChanged, box, [box] { fitToCurrentText(*box); });
    }
    fitToCurrentText(*m_sort);

    m_recount.setSingleShot(true);
    m_recount.setInterval(0);
    connect(&m_recount, &QTimer::timeout, this, &FilterBar::recount);
    // The model keeps the counts; a burst of pushes is shown once, at the end of the event-loop turn.
    connect(&m_list, &client::ApprovalListModel::countsChanged, &m_recount, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) { m_filter.setText(text); });
    for (QComboBox *box : {m_status, m_route, m_agent, m_priority})
        connect(box, &QComboBox::currentIndexChanged, this, &FilterBar::apply);
    connect(m_sort, &QComboBox::currentIndexChanged, this, [this] {
        m_filter.setSortKey(client::ApprovalFilterModel::SortKey(m_sort->currentData().toInt()));
    });
    recount();
    // The queue opens on what waits for a decision.
    m_status->setCurrentIndex(std::max(0, m_status->findData(QStringLiteral("pending"))));
    apply();
}

void FilterBar::sync(QComboBox &box, const QString &allText, QList<std::pair<QString, QString>> items,
                     const QHash<QString, int> &counts, int total)
{
    // The reviewer's choice stays offered, with its count (0 once no approval has it, e.g. after the last one
    // on that route was escalated), so that the box always shows what the queue is filtered by.
    const QString current = box.currentData().toString();
    if (!current.isEmpty() && std::none_of(items.cbegin(), items.cend(), [&](const auto &i) { return i.first == current; }))
        items.insert(std::lower_bound(items.begin(), items.end(), std::pair(current, current)), {current, current});
    QSet<QString> wanted;
    for (const auto &item : std::as_const(items))
        wanted.insert(item.first);
    const auto shown = [](const QString &label, int n) { return QStringLiteral("%1 (%2)").arg(label).arg(n); };

    // Updated in place, not refilled: an open list stays open and where it was, and the current item (tracked by
    // QComboBox as the rows around it move) never changes, so the filter is not touched.
    const QSignalBlocker block(&box);
    if (box.count() == 0)
        box.addItem(shown(allText, total), QString());
    else if (box.itemText(0) != shown(allText, total))
        box.setItemText(0, shown(allText, total));
    int row = 1;
    for (const auto &[value, label] : std::as_const(items)) {
        while (row < box.count() && !wanted.contains(box.itemData(row).toString()))
            box.removeItem(row);
        const QString text = shown(label, counts.value(value));
        if (row < box.count() && box.itemData(row).toString() == value) {
            if (box.itemText(row) != text)
                box.setItemText(row, text);
        } else {
            box.insertItem(row, text, value);
        }
        ++row;
    }
    while (box.count() > row)
        box.removeItem(row);
    fitToCurrentText(box);
}

void FilterBar::recount()
{
    m_recount.stop();
    using Facet = client::ApprovalListModel::Facet;
    const int total = m_list.rowCount();
    QList<std::pair<QString, QString>> statusItems;
    for (const QString &s : Statuses)
        statusItems.append({s, Labels::status(s)});
    QList<std::pair<QString, QString>> priorityItems;
    for (const QString &p : Priorities)
        priorityItems.append({p, Labels::priority(p)});
    auto sortedKeys = [](const QHash<QString, int> &counts) {
        QList<std::pair<QString, QString>> items;
        for (auto it = counts.begin(); it != counts.end(); ++it) {
            if (!it.key().isEmpty())  // an empty value would read as "All"
                items.append({it.key(), it.key()});
        }
        std::sort(items.begin(), items.end());
        return items;
    };
    sync(*m_status, tr("All statuses"), statusItems, m_list.counts(Facet::Status), total);
    sync(*m_priority, tr("All priorities"), priorityItems, m_list.counts(Facet::Priority), total);
    sync(*m_route, tr("All routes"), sortedKeys(m_list.counts(Facet::Route)), m_list.counts(Facet::Route), total);
    sync(*m_agent, tr("All agents"), sortedKeys(m_list.counts(Facet::Agent)), m_list.counts(Facet::Agent), total);
}

FilterBar::State FilterBar::state() const
{
    return {m_search->text(),
            m_status->currentData().toString(),
            m_route->currentData().toString(),
            m_agent->currentData().toString(),
            m_priority->currentData().toString(),
            m_sort->currentData().toInt()};
}

void FilterBar::setState(const State &state)
{
    recount();
    m_search->setText(state.text);
    const std::pair<QComboBox *, QString> choices[] = {
        {m_status, state.status}, {m_route, state.route}, {m_agent, state.agent}, {m_priority, state.priority}};
    for (const auto &[box, value] : choices)
        box->setCurrentIndex(std::max(0, box->findData(value)));
    m_sort->setCurrentIndex(std::max(0, m_sort->findData(state.sort)));
    // The sort key is set even when the index did not move (a new bar starts on the first order, while the
    // session's model may still be sorted by another).
    m_filter.setSortKey(client::ApprovalFilterModel::SortKey(m_sort->currentData().toInt()));
    apply();
}

void FilterBar::apply()
{
    m_filter.setStatuses(chosen(*m_status));
    m_filter.setRoutes(chosen(*m_route));
    m_filter.setAgents(chosen(*m_agent));
    m_filter.setPriorities(chosen(*m_priority));
}

} // namespace countersign::ui
