#pragma once

#include <QAbstractProxyModel>
#include <QSet>
#include <QStringList>

#include <vector>

namespace countersign::client {

class ApprovalListModel;
struct ApprovalSummary;

// The queue as the user narrows it: by status, route, agent and priority, and by free text over title, agent
// and output (every word must appear). Sorts by age, priority or deadline.
//
// Built for 100,000 approvals: every source row is kept pre-sorted by the current sort key, so a filter change
// is one linear pass over that order (no sorting), and a live change moves, inserts or removes one row. A
// QSortFilterProxyModel re-sorts every visible row through a virtual lessThan on each filter change: ten times
// slower here.
class ApprovalFilterModel final : public QAbstractProxyModel
{
    Q_OBJECT
public:
    enum class SortKey { Age, Priority, Deadline, LastChange };

    explicit ApprovalFilterModel(ApprovalListModel &source, QObject *parent = nullptr);

    void setStatuses(const QStringList &statuses);  // empty: any
    void setRoutes(const QStringList &routes);
    void setAgents(const QStringList &agents);
    void setPriorities(const QStringList &priorities);
    void setText(const QString &text);
    // Age ascending: oldest first. Priority ascending: most urgent first. Deadline ascending: nearest first.
    // LastChange ascending: the least recently changed first (by the server's seq; descending for a history).
    void setSortKey(SortKey key, Qt::SortOrder order = Qt::AscendingOrder);
    SortKey sortKey() const { return m_sortKey; }
    Qt::SortOrder sortOrder() const { return m_order; }

    // Whether a source row passes the filters (for counts per filter in the UI).
    bool accepts(int sourceRow) const;

    // Keeps one approval in the view whatever the filters say: the one the reviewer has selected. When it is
    // decided elsewhere or moves to another route it no longer passes a "pending" filter, and without the pin
    // it would vanish under an open edit and a view would move its selection to a neighbour. It leaves (if
    // the filters reject it) only when another approval is pinned, i.e. when the reviewer moves on.
    // An empty id pins nothing.
    void setPinned(const QString &approvalId);
    QString pinned() const { return m_pinnedId; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

private:
    bool shows(int sourceRow) const { return sourceRow == m_pinnedRow || accepts(sourceRow); }
    void showRow(int sourceRow);  // inserts a source row the view does not show, at its sorted place
    void hideRow(int sourceRow);  // removes a shown source row
    bool lessThan(int leftSourceRow, int rightSourceRow) const;
    void resort();   // m_sorted anew, then refilter
    void refilter(bool narrowing = false); // m_rows anew from m_sorted (or from m_rows when narrowing), as a reset
    void reindex(std::size_t from, std::size_t to);
    void onSourceRowsInserted(const QModelIndex &parent, int first, int last);
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void updateRow(int sourceRow, const QList<int> &roles);
    std::size_t sortedPosition(const std::vector<int> &in, int sourceRow) const;

    ApprovalListModel &m_source;
    QSet<QString> m_statuses;
    QSet<QString> m_routes;
    QSet<QString> m_agents;
    QSet<QString> m_priorities;
    QList<QByteArray> m_words;  // lower-case UTF-8
    SortKey m_sortKey = SortKey::Age;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    QString m_pinnedId;
    int m_pinnedRow = -1;  // source row of m_pinnedId, -1 when none (or not in the list yet)

    std::vector<int> m_sorted;   // every source row, in sort order
    std::vector<int> m_rows;     // proxy row -> source row: the accepted rows of m_sorted, in that order
    std::vector<int> m_proxyOf;  // source row -> proxy row, -1 when filtered out
};

} // namespace countersign::client
