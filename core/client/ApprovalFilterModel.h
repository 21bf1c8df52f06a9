#pragma once

#include <QSet>
#include <QSortFilterProxyModel>
#include <QStringList>

namespace countersign::client {

class ApprovalListModel;

// The queue as the user narrows it: by status, route, agent and priority, and by free text over title, agent
// and output (every word must appear). Sorts by age, priority or deadline. Reads the list model's rows
// directly, so filtering 100,000 approvals stays within a frame or two.
class ApprovalFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class SortKey { Age, Priority, Deadline };

    explicit ApprovalFilterModel(ApprovalListModel &source, QObject *parent = nullptr);

    void setStatuses(const QStringList &statuses);  // empty: any
    void setRoutes(const QStringList &routes);
    void setAgents(const QStringList &agents);
    void setPriorities(const QStringList &priorities);
    void setText(const QString &text);
    void setSortKey(SortKey key, Qt::SortOrder order = Qt::AscendingOrder);
    SortKey sortKey() const { return m_sortKey; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void refilter();

    ApprovalListModel &m_source;
    QSet<QString> m_statuses;
    QSet<QString> m_routes;
    QSet<QString> m_agents;
    QSet<QString> m_priorities;
    QStringList m_words;
    SortKey m_sortKey = SortKey::Age;
};

} // namespace countersign::client
