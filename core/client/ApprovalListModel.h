#pragma once

#include "ApprovalSummary.h"

#include <QAbstractListModel>
#include <QHash>
#include <QSet>

#include <array>

namespace countersign::client {

class LocalStore;

// Every approval in the local cache, as a list (QAbstractListModel with roles), updated row by row from the
// store's change signals. Holds summaries only (100,000 rows fit in a few tens of MB); the full approval is
// read from the store when one is opened. The rows are read on the store's thread: the model starts empty
// and fills (a reset, then loaded()) when they arrive.
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

    // Reads everything from the store again (asynchronously; loaded() follows).
    void reload();
    bool isLoading() const { return m_loading > 0; }
    const ApprovalSummary &at(int row) const { return m_rows.at(row); }
    bool isQueued(int row) const { return m_queued.contains(m_rows.at(row).id); }
    int rowOf(const QString &id) const { return m_index.value(id, -1); }
    // The facets the queue is filtered by.
    enum class Facet { Status, Route, Agent, Priority };
    // How many approvals have each value of `facet` (values no approval has are absent): kept as rows change,
    // so asking costs nothing (the tray and the filter bar ask on every push, and walking 100,000 rows each
    // time would stall the UI).
    const QHash<QString, int> &counts(Facet facet) const { return m_counts[std::size_t(facet)]; }
    int countWithStatus(const QString &status) const { return counts(Facet::Status).value(status); }

Q_SIGNALS:
    // Some count of counts() changed (once per change from the store).
    void countsChanged();
    // The rows read by reload() are in (after the model's reset).
    void loaded();

private:
    void reset(const QList<ApprovalSummary> &rows);
    void onChanged(const QList<ApprovalSummary> &changed);
    void onOutboxChanged();
    // Adds `delta` to the counts of each of `s`'s facet values.
    void count(const ApprovalSummary &s, int delta);

    LocalStore &m_store;
    QList<ApprovalSummary> m_rows;
    QHash<QString, int> m_index;  // id -> row
    QSet<QString> m_queued;
    std::array<QHash<QString, int>, 4> m_counts;  // by Facet
    int m_loading = 0;                            // reads asked for and not arrived
};

} // namespace countersign::client
