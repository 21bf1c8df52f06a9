#include "ApprovalFilterModel.h"

#include "ApprovalListModel.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace countersign::client {

namespace {
QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.begin(), list.end());
}

// A few rows arriving at once are inserted one by one (a view keeps its selection and scroll position);
// more than this (a first sync) rebuild the whole order in one reset.
constexpr int MaxIncrementalInsert = 64;
} // namespace

ApprovalFilterModel::ApprovalFilterModel(ApprovalListModel &source, QObject *parent)
    : QAbstractProxyModel(parent)
    , m_source(source)
{
    QAbstractProxyModel::setSourceModel(&source);
    connect(&source, &QAbstractItemModel::rowsInserted, this, &ApprovalFilterModel::onSourceRowsInserted);
    connect(&source, &QAbstractItemModel::dataChanged, this, &ApprovalFilterModel::onSourceDataChanged);
    // The list model only appends and changes rows; anything else is taken as a new start.
    connect(&source, &QAbstractItemModel::modelReset, this, &ApprovalFilterModel::resort);
    connect(&source, &QAbstractItemModel::rowsRemoved, this, &ApprovalFilterModel::resort);
    connect(&source, &QAbstractItemModel::rowsMoved, this, &ApprovalFilterModel::resort);
    connect(&source, &QAbstractItemModel::layoutChanged, this, &ApprovalFilterModel::resort);
    resort();
}

void ApprovalFilterModel::setStatuses(const QStringList &statuses)
{
    m_statuses = toSet(statuses);
    refilter();
}

void ApprovalFilterModel::setRoutes(const QStringList &routes)
{
    m_routes = toSet(routes);
    refilter();
}

void ApprovalFilterModel::setAgents(const QStringList &agents)
{
    m_agents = toSet(agents);
    refilter();
}

void ApprovalFilterModel::setPriorities(const QStringList &priorities)
{
    m_priorities = toSet(priorities);
    refilter();
}

void ApprovalFilterModel::setText(const QString &text)
{
    QList<QByteArray> words;
    for (const QString &word : text.toLower().split(u' ', Qt::SkipEmptyParts))
        words.append(word.toUtf8());
    if (words == m_words)
        return;
    // Typing on narrows the search: when every old word is still inside a new one, only the rows shown now
    // can match, so only they are looked at.
    const bool narrowing = std::all_of(m_words.begin(), m_words.end(), [&](const QByteArray &old) {
        return std::any_of(words.begin(), words.end(), [&](const QByteArray &w) { return w.contains(old); });
    });
    m_words = words;
    refilter(narrowing);
}

void ApprovalFilterModel::setSortKey(SortKey key, Qt::SortOrder order)
{
    m_sortKey = key;
    m_order = order;
    resort();
}

void ApprovalFilterModel::sort(int, Qt::SortOrder order)
{
    m_order = order;
    resort();
}

bool ApprovalFilterModel::accepts(int sourceRow) const
{
    const ApprovalSummary &s = m_source.at(sourceRow);
    if (!m_statuses.isEmpty() && !m_statuses.contains(s.status))
        return false;
    if (!m_routes.isEmpty() && !m_routes.contains(s.route))
        return false;
    if (!m_agents.isEmpty() && !m_agents.contains(s.agent))
        return false;
    if (!m_priorities.isEmpty() && !m_priorities.contains(s.priority))
        return false;
    for (const QByteArray &word : m_words) {
        if (!memmem(s.searchText.constData(), std::size_t(s.searchText.size()), word.constData(), std::size_t(word.size())))
            return false;
    }
    return true;
}

void ApprovalFilterModel::setPinned(const QString &approvalId)
{
    if (approvalId == m_pinnedId && (approvalId.isEmpty() || m_pinnedRow >= 0))
        return;
    const int previous = m_pinnedRow;
    m_pinnedId = approvalId;
    m_pinnedRow = approvalId.isEmpty() ? -1 : m_source.rowOf(approvalId);
    // Row by row, never a reset: a reset would drop the view's current item.
    if (m_pinnedRow >= 0 && std::size_t(m_pinnedRow) < m_proxyOf.size() && m_proxyOf[std::size_t(m_pinnedRow)] < 0)
        showRow(m_pinnedRow);
    if (previous >= 0 && previous != m_pinnedRow && std::size_t(previous) < m_proxyOf.size()
        && m_proxyOf[std::size_t(previous)] >= 0 && !accepts(previous))
        hideRow(previous);
}

void ApprovalFilterModel::showRow(int row)
{
    const std::size_t at = sortedPosition(m_rows, row);
    beginInsertRows({}, int(at), int(at));
    m_rows.insert(m_rows.begin() + std::ptrdiff_t(at), row);
    reindex(at, m_rows.size());
    endInsertRows();
}

void ApprovalFilterModel::hideRow(int row)
{
    const int was = m_proxyOf[std::size_t(row)];
    beginRemoveRows({}, was, was);
    m_rows.erase(m_rows.begin() + was);
    m_proxyOf[std::size_t(row)] = -1;
    reindex(std::size_t(was), m_rows.size());
    endRemoveRows();
}

bool ApprovalFilterModel::lessThan(int left, int right) const
{
    const ApprovalSummary &a = m_source.at(m_order == Qt::AscendingOrder ? left : right);
    const ApprovalSummary &b = m_source.at(m_order == Qt::AscendingOrder ? right : left);
    switch (m_sortKey) {
    case SortKey::Priority:
        // Most urgent first in ascending order; the oldest first among equals.
        if (a.priorityRank != b.priorityRank)
            return a.priorityRank > b.priorityRank;
        break;
    case SortKey::Deadline: {
        // The nearest deadline first; approvals without one last.
        const qint64 da = a.expiresMs ? a.expiresMs : std::numeric_limits<qint64>::max();
        const qint64 db = b.expiresMs ? b.expiresMs : std::numeric_limits<qint64>::max();
        if (da != db)
            return da < db;
        break;
    }
    case SortKey::LastChange:
        if (a.seq != b.seq)
            return a.seq < b.seq;
        break;
    case SortKey::Age:
        break;
    }
    if (a.createdMs != b.createdMs)
        return a.createdMs < b.createdMs;
    return a.id < b.id;
}

void ApprovalFilterModel::resort()
{
    m_pinnedRow = m_pinnedId.isEmpty() ? -1 : m_source.rowOf(m_pinnedId);  // the source may have been rebuilt
    const int n = m_source.rowCount();
    m_sorted.resize(std::size_t(n));
    for (int i = 0; i < n; ++i)
        m_sorted[std::size_t(i)] = i;
    std::sort(m_sorted.begin(), m_sorted.end(), [this](int a, int b) { return lessThan(a, b); });
    refilter();
}

void ApprovalFilterModel::refilter(bool narrowing)
{
    beginResetModel();
    const std::vector<int> candidates = narrowing ? std::move(m_rows) : m_sorted;
    m_rows.clear();
    m_proxyOf.assign(m_sorted.size(), -1);
    for (const int row : candidates) {
        if (shows(row)) {
            m_proxyOf[std::size_t(row)] = int(m_rows.size());
            m_rows.push_back(row);
        }
    }
    endResetModel();
}

void ApprovalFilterModel::reindex(std::size_t from, std::size_t to)
{
    for (std::size_t i = from; i < to && i < m_rows.size(); ++i)
        m_proxyOf[std::size_t(m_rows[i])] = int(i);
}

std::size_t ApprovalFilterModel::sortedPosition(const std::vector<int> &in, int sourceRow) const
{
    return std::size_t(std::lower_bound(in.begin(), in.end(), sourceRow, [this](int a, int b) { return lessThan(a, b); })
                       - in.begin());
}

void ApprovalFilterModel::onSourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (first != int(m_sorted.size()) || last - first + 1 > MaxIncrementalInsert)
        return resort();
    m_proxyOf.resize(std::size_t(last) + 1, -1);
    for (int row = first; row <= last; ++row) {
        m_sorted.insert(m_sorted.begin() + std::ptrdiff_t(sortedPosition(m_sorted, row)), row);
        if (m_pinnedRow < 0 && !m_pinnedId.isEmpty() && m_source.at(row).id == m_pinnedId)
            m_pinnedRow = row;  // pinned before it arrived (a notification clicked during the sync)
        if (shows(row))
            showRow(row);
    }
}

void ApprovalFilterModel::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                              const QList<int> &roles)
{
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        updateRow(row, roles);
}

void ApprovalFilterModel::updateRow(int row, const QList<int> &roles)
{
    if (row < 0 || std::size_t(row) >= m_proxyOf.size())
        return;
    // Its sort key may have changed (a new deadline after an escalation): its place in the full order first.
    const auto inSorted = std::find(m_sorted.begin(), m_sorted.end(), row);
    if (inSorted != m_sorted.end())
        m_sorted.erase(inSorted);
    m_sorted.insert(m_sorted.begin() + std::ptrdiff_t(sortedPosition(m_sorted, row)), row);

    const int was = m_proxyOf[std::size_t(row)];
    const bool now = shows(row);
    if (was < 0 && !now)
        return;
    if (was >= 0 && !now)
        return hideRow(row);
    if (was < 0)
        return showRow(row);
    // Still shown: moved when its neighbours no longer bracket it, then changed in place.
    const std::size_t p = std::size_t(was);
    const bool inOrder = (p == 0 || lessThan(m_rows[p - 1], row)) && (p + 1 == m_rows.size() || lessThan(row, m_rows[p + 1]));
    if (!inOrder) {
        std::vector<int> without = m_rows;
        without.erase(without.begin() + std::ptrdiff_t(p));
        const std::size_t to = sortedPosition(without, row);
        if (to != p) {
            beginMoveRows({}, was, was, {}, int(to > p ? to + 1 : to));
            m_rows = std::move(without);
            m_rows.insert(m_rows.begin() + std::ptrdiff_t(to), row);
            reindex(std::min(p, to), std::max(p, to) + 1);
            endMoveRows();
        }
    }
    const QModelIndex at = index(m_proxyOf[std::size_t(row)], 0);
    Q_EMIT dataChanged(at, at, roles);
}

QModelIndex ApprovalFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column != 0 || std::size_t(row) >= m_rows.size())
        return {};
    return createIndex(row, column);
}

QModelIndex ApprovalFilterModel::parent(const QModelIndex &) const
{
    return {};
}

int ApprovalFilterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApprovalFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 1;
}

bool ApprovalFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty();
}

QModelIndex ApprovalFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.model() != this || std::size_t(proxyIndex.row()) >= m_rows.size())
        return {};
    return m_source.index(m_rows[std::size_t(proxyIndex.row())], 0);
}

QModelIndex ApprovalFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || std::size_t(sourceIndex.row()) >= m_proxyOf.size())
        return {};
    const int row = m_proxyOf[std::size_t(sourceIndex.row())];
    return row < 0 ? QModelIndex() : createIndex(row, 0);
}

} // namespace countersign::client
