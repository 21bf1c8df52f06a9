#include "GripSplitter.h"

#include <QPainter>
#include <QSplitterHandle>

namespace countersign::ui {

namespace {

class GripHandle final : public QSplitterHandle
{
public:
    GripHandle(Qt::Orientation orientation, QSplitter *parent)
        : QSplitterHandle(orientation, parent)
    {
        setToolTip(GripSplitter::tr("Drag to resize"));
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        const QPalette &p = palette();
        const QRect r = rect();
        const bool horizontal = orientation() == Qt::Horizontal;  // side by side: a vertical band
        // A thin line along the band, and a grip of dots across its middle.
        painter.setPen(p.color(QPalette::Mid));
        if (horizontal)
            painter.drawLine(r.center().x(), r.top(), r.center().x(), r.bottom());
        else
            painter.drawLine(r.left(), r.center().y(), r.right(), r.center().y());
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(underMouse() ? p.color(QPalette::Highlight) : p.color(QPalette::Dark));
        const int dot = std::max(2, std::min(r.width(), r.height()) / 2);
        for (int i = -2; i <= 2; ++i) {
            const QPoint c = horizontal ? QPoint(r.center().x(), r.center().y() + i * dot * 2)
                                        : QPoint(r.center().x() + i * dot * 2, r.center().y());
            painter.drawEllipse(c, dot / 2 + 1, dot / 2 + 1);
        }
    }

    void enterEvent(QEnterEvent *event) override
    {
        QSplitterHandle::enterEvent(event);
        update();
    }

    void leaveEvent(QEvent *event) override
    {
        QSplitterHandle::leaveEvent(event);
        update();
    }
};

} // namespace

GripSplitter::GripSplitter(Qt::Orientation orientation, QWidget *parent)
    : QSplitter(orientation, parent)
{
    setHandleWidth(std::max(handleWidth(), 8));
    setChildrenCollapsible(false);
}

QSplitterHandle *GripSplitter::createHandle()
{
    return new GripHandle(orientation(), this);
}

} // namespace countersign::ui
