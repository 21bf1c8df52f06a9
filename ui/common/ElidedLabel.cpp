#include "ElidedLabel.h"

#include <QPainter>
#include <QStyle>

namespace countersign::ui {

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text, const QString &toolTip)
{
    m_extraToolTip = toolTip;
    setText(text);
    updateGeometry();
    updateToolTip();
}

bool ElidedLabel::isElided() const
{
    return fontMetrics().horizontalAdvance(text()) > contentsRect().width();
}

QSize ElidedLabel::sizeHint() const
{
    // The whole text, but never more than about 40 characters' room: the rest is elided.
    const QFontMetrics fm = fontMetrics();
    const int width = std::min(fm.horizontalAdvance(text()), fm.averageCharWidth() * 40);
    const QMargins m = contentsMargins();
    return {width + m.left() + m.right() + 2, fm.height() + m.top() + m.bottom()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const QMargins m = contentsMargins();
    return {std::min(fm.horizontalAdvance(text()), fm.averageCharWidth() * 8) + m.left() + m.right() + 2, fm.height() + m.top() + m.bottom()};
}

void ElidedLabel::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRect r = contentsRect();
    const QString shown = fontMetrics().elidedText(text(), Qt::ElideRight, r.width());
    style()->drawItemText(&painter, r, int(alignment()) | Qt::TextSingleLine, palette(), isEnabled(), shown, foregroundRole());
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateToolTip();
}

void ElidedLabel::updateToolTip()
{
    QStringList parts;
    if (isElided())
        parts << text();
    if (!m_extraToolTip.isEmpty())
        parts << m_extraToolTip;
    setToolTip(parts.join(QLatin1Char('\n')));
}

} // namespace countersign::ui
