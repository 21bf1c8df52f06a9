#include "ApprovalListModel.h"

#include "LocalStore.h"

#include <QDateTime>

namespace countersign::client {

ApprovalListModel::ApprovalListModel(LocalStore &store, QObject *parent)
    : QAbstractListModel(parent)
    , m_store(store)
{
    connect(&m_store, &LocalStore::approvalsChanged, this, &ApprovalListModel::onChanged);
    connect(&m_store, &LocalStore::outboxChanged, this, &ApprovalListModel::onOutboxChanged);
    connect(&m_store, &LocalStore::approvalsReset, this, &ApprovalListModel::reload);
    reload();
}

void ApprovalListModel::reload()
{
    // Read on the store's thread (100,000 rows take a while): the view shows what it has meanwhile.
    // Changes committed before the read are in it, so their signals are skipped until it arrives.
    ++m_loading;
    m_store.summaries(this, [this](const QList<ApprovalSummary> &rows) {
        --m_loading;
        reset(rows);
    });
}

void ApprovalListModel::reset(const QList<ApprovalSummary> &rows)
{
    beginResetModel();
    m_rows = rows;
    m_index.clear();
    m_index.reserve(m_rows.size());
    for (auto &counts : m_counts)
        counts.clear();
    for (int i = 0; i < m_rows.size(); ++i) {
        m_index.insert(m_rows.at(i).id, i);
        count(m_rows.at(i), +1);
    }
    m_queued = m_store.queuedApprovalIds();
    endResetModel();
    Q_EMIT countsChanged();
    if (m_loading == 0)
        Q_EMIT loaded();
}

void ApprovalListModel::count(const ApprovalSummary &s, int delta)
{
    const QString *values[] = {&s.status, &s.route, &s.agent, &s.priority};  // in Facet's order
    for (std::size_t facet = 0; facet < m_counts.size(); ++facet) {
        int &n = m_counts[facet][*values[facet]];
        n += delta;
        if (n <= 0)
            m_counts[facet].remove(*values[facet]);  // a route no approval has any more leaves the filter's choices
    }
}

int ApprovalListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ApprovalListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ApprovalSummary &s = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole: return s.title;
    case Qt::ToolTipRole: return QStringLiteral("%1 — %2").arg(s.agent, s.title);
    case IdRole: return s.id;
    case AgentRole: return s.agent;
    case RouteRole: return s.route;
    case StatusRole: return s.status;
    case PriorityRole: return s.priority;
    case PriorityRankRole: return s.priorityRank;
    case VersionRole: return s.version;
    case SeqRole: return s.seq;
    case CreatedRole: return QDateTime::fromMSecsSinceEpoch(s.createdMs, Qt::UTC);
    case ExpiresRole: return s.expiresMs ? QDateTime::fromMSecsSinceEpoch(s.expiresMs, Qt::UTC) : QDateTime();
    case QueuedRole: return m_queued.contains(s.id);
    case SearchTextRole: return QString::fromUtf8(s.searchText);
    default: return {};
    }
}

QHash<int, QByteArray> ApprovalListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "id"}, {TitleRole, "title"}, {AgentRole, "agent"}, {RouteRole, "route"},
                  {StatusRole, "status"}, {PriorityRole, "priority"}, {PriorityRankRole, "priorityRank"},
                  {VersionRole, "version"}, {SeqRole, "seq"}, {CreatedRole, "created"}, {ExpiresRole, "expires"},
                  {QueuedRole, "queued"}, {SearchTextRole, "searchText"}});
    return names;
}

void ApprovalListModel::onChanged(const QList<ApprovalSummary> &changed)
{
    if (m_loading > 0)
        return;  // the rows being read already have these changes
    QList<ApprovalSummary> added;
    bool counted = false;
    QHash<QString, qsizetype> addedAt;  // the same approval twice in one change: the later one wins
    for (const ApprovalSummary &s : changed) {
        const int row = m_index.value(s.id, -1);
        if (row < 0) {
            if (auto it = addedAt.constFind(s.id); it != addedAt.cend()) {
                added[*it] = s;
            } else {
                addedAt.insert(s.id, added.size());
                added.append(s);
            }
            continue;
        }
        const ApprovalSummary &was = m_rows.at(row);
        if (was.status != s.status || was.route != s.route || was.agent != s.agent || was.priority != s.priority) {
            count(was, -1);
            count(s, +1);
            counted = true;
        }
        m_rows[row] = s;
        Q_EMIT dataChanged(index(row), index(row));
    }
    if (added.isEmpty()) {
        if (counted)
            Q_EMIT countsChanged();
        return;
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (const ApprovalSummary &s : std::as_const(added)) {
        m_index.insert(s.id, int(m_rows.size()));
        count(s, +1);
        m_rows.append(s);
    }
    endInsertRows();
    Q_EMIT countsChanged();
}

void ApprovalListModel::onOutboxChanged()
{
    if (m_loading > 0)
        return;
    const QSet<QString> now = m_store.queuedApprovalIds();
    const QSet<QString> flipped = (now - m_queued) + (m_queued - now);
    m_queued = now;
    for (const QString &id : flipped) {
        const int row = m_index.value(id, -1);
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row), {QueuedRole});
    }
}

} // namespace countersign::client
