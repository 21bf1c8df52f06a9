#include "RateBars.h"

#include "common/Labels.h"

#include <QPainter>

#include <algorithm>

namespace countersign::ui {

RateBars::RateBars(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void RateBars::setBars(const QList<Bar> &bars)
{
    m_bars = bars;
    updateGeometry();
    update();
}

QSize RateBars::sizeHint() const
{
    const int line = fontMetrics().height() + 8;
    return {360, std::max<int>(1, int(m_bars.size())) * line};
}

QSize RateBars::minimumSizeHint() const
{
    return {200, sizeHint().height()};
}

void RateBars::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QFontMetrics fm = fontMetrics();
    const int line = fm.height() + 8;
    int labelWidth = 0;
    for (const Bar &b : std::as_const(m_bars))
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(b.label));
    const int valueWidth = fm.horizontalAdvance(Labels::percent(1.0));
    const int barLeft = labelWidth + 12;
    const int barWidth = std::max(10, width() - barLeft - valueWidth - 12);
    int y = 0;
    for (const Bar &b : std::as_const(m_bars)) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(0, y, labelWidth, line), Qt::AlignRight | Qt::AlignVCenter, b.label);
        const QRect track(barLeft, y + 4, barWidth, line - 8);
        p.fillRect(track, palette().color(QPalette::AlternateBase));
        const double share = std::clamp(b.share, 0.0, 1.0);
        p.fillRect(QRect(track.left(), track.top(), int(track.width() * share + 0.5), track.height()),
                   b.color ? b.color(palette()) : palette().color(QPalette::Highlight));
        p.drawText(QRect(track.right() + 8, y, valueWidth + 4, line), Qt::AlignLeft | Qt::AlignVCenter,
                   Labels::percent(share));
        y += line;
    }
}

} // namespace countersign::ui
