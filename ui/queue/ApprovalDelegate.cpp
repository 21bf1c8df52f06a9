#include "ApprovalDelegate.h"

#include "common/Labels.h"
#include "common/Theme.h"

#include "client/ApprovalListModel.h"
#include "time/Clock.h"

#include <QApplication>
#include <QDateTime>
#include <QPainter>

namespace countersign::ui {

using client::ApprovalListModel;

ApprovalDelegate::ApprovalDelegate(const Clock &clock, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_clock(clock)
{
}

QString ApprovalDelegate::detailLine(const QModelIndex &index, qint64 nowMs)
{
    QStringList parts{index.data(ApprovalListModel::AgentRole).toString(),
                      index.data(ApprovalListModel::RouteRole).toString(),
                      Labels::priority(index.data(ApprovalListModel::PriorityRole).toString())};
    const QString status = index.data(ApprovalListModel::StatusRole).toString();
    if (index.data(ApprovalListModel::QueuedRole).toBool())
        parts << tr("queued");
    else if (status != QLatin1String("pending"))
        parts << Labels::status(status);
    const QDateTime expires = index.data(ApprovalListModel::ExpiresRole).toDateTime();
    if (expires.isValid() && status == QLatin1String("pending"))
        parts << Labels::countdown(expires.toMSecsSinceEpoch(), nowMs);
    return parts.join(QStringLiteral(" · "));
}

QSize ApprovalDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int line = option.fontMetrics.height();
    return {200, line * 2 + 14};
}

void ApprovalDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const QString priority = index.data(ApprovalListModel::PriorityRole).toString();
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor accent = text;
    if (!selected && priority == QLatin1String("critical"))
        accent = theme::errorText(opt.palette);
    else if (!selected && priority == QLatin1String("high"))
        accent = theme::warningText(opt.palette);

    const QRect r = opt.rect.adjusted(10, 6, -8, -6);
    const int line = opt.fontMetrics.height();
    painter->save();
    // A bar in the priority's colour on the left edge.
    if (priority == QLatin1String("critical") || priority == QLatin1String("high"))
        painter->fillRect(QRect(opt.rect.left(), opt.rect.top() + 4, 4, opt.rect.height() - 8), accent);
    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(text);
    const QString title = QFontMetrics(bold).elidedText(index.data(ApprovalListModel::TitleRole).toString(),
                                                         Qt::ElideRight, r.width());
    painter->drawText(QRect(r.left(), r.top(), r.width(), line), Qt::AlignLeft | Qt::AlignVCenter, title);
    painter->setFont(opt.font);
    painter->setPen(index.data(ApprovalListModel::QueuedRole).toBool() && !selected ? theme::infoText(opt.palette) : accent);
    const QString detail = opt.fontMetrics.elidedText(detailLine(index, m_clock.nowMs()), Qt::ElideRight, r.width());
    painter->drawText(QRect(r.left(), r.top() + line + 2, r.width(), line), Qt::AlignLeft | Qt::AlignVCenter, detail);
    painter->restore();
}

} // namespace countersign::ui
