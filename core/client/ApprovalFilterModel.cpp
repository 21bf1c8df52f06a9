#include "ApprovalFilterModel.h"

#include "ApprovalListModel.h"

namespace countersign::client {

namespace {
QSet<QString> toSet(const QStringList &list)
{
    return QSet<QString>(list.begin(), list.end());
}
} // namespace

ApprovalFilterModel::ApprovalFilterModel(ApprovalListModel &source, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_source(source)
{
    setSourceModel(&source);
    setDynamicSortFilter(true);
    sort(0, Qt::AscendingOrder);
}

void ApprovalFilterModel::refilter()
{
    // Qt 6.4 has no begin/endFilterChange; invalidateFilter() re-runs filterAcceptsRow for every row.
    invalidateFilter();
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
    const QStringList words = text.toLower().split(u' ', Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    refilter();
}

void ApprovalFilterModel::setSortKey(SortKey key, Qt::SortOrder order)
{
    m_sortKey = key;
    invalidate();
    sort(0, order);
}

bool ApprovalFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
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
    for (const QString &word : m_words) {
        if (!s.searchText.contains(word))
            return false;
    }
    return true;
}

bool ApprovalFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const ApprovalSummary &a = m_source.at(left.row());
    const ApprovalSummary &b = m_source.at(right.row());
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
    case SortKey::Age:
        break;
    }
    if (a.createdMs != b.createdMs)
        return a.createdMs < b.createdMs;
    return a.id < b.id;
}

} // namespace countersign::client
