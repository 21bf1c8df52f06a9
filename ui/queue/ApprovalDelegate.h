#pragma once

#include <QStyledItemDelegate>

namespace countersign {
class Clock;
}

namespace countersign::ui {

// One approval in the queue on two lines: the title and the time left on the first; the agent, the route,
// the priority (critical and high in colour) and "queued" when a decision waits in the outbox on the second.
class ApprovalDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit ApprovalDelegate(const Clock &clock, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // The second line's text (for tests and accessibility).
    static QString detailLine(const QModelIndex &index, qint64 nowMs);

private:
    const Clock &m_clock;
};

} // namespace countersign::ui
