#pragma once

#include "ApprovalSummary.h"

#include <QAbstractListModel>
#include <QHash>
#include <QSet>

namespace countersign::client {

class LocalStore;

// Every approval in the local cache, as a list (QAbstractListModel with roles), updated row by row from the
// store's change signals. Holds summaries only (100,000 rows fit in a few tens of MB); the full approval is
// read from the store when one is opened.
class ApprovalListModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        TitleRole,
        AgentRole,
        RouteRole,
        StatusRole,
        PriorityRole,      // "low" .. "critical"
        PriorityRankRole,  // 0 .. 3, for sorting
        VersionRole,
        SeqRole,
        CreatedRole,       // QDateTime
        ExpiresRole,       // QDateTime, invalid without a deadline
        QueuedRole,        // a decision on it waits in the outbox
        SearchTextRole,
    };

    explicit ApprovalListModel(LocalStore &store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Reads everything from the store again.
    void reload();
    const ApprovalSummary &at(int row) const { return m_rows.at(row); }
    bool isQueued(int row) const { return m_queued.contains(m_rows.at(row).id); }
    int rowOf(const QString &id) const { return m_index.value(id, -1); }
    // How many approvals have `status`: kept as rows change, so asking costs nothing (the tray asks on every
    // push, and walking 100,000 rows each time would stall the UI).
    int countWithStatus(const QString &status) const { return m_statusCounts.value(status); }

private:
    void onChanged(const QList<ApprovalSummary> &changed);
    void onOutboxChanged();

    LocalStore &m_store;
    QList<ApprovalSummary> m_rows;
    QHash<QString, int> m_index;  // id -> row
    QSet<QString> m_queued;
    QHash<QString, int> m_statusCounts;
};

} // namespace countersign::client
