#include "OutputWindow.h"

#include "OutputView.h"

#include <QKeyEvent>
#include <QScreen>
#include <QVBoxLayout>

namespace countersign::ui {

OutputWindow::OutputWindow(QWidget *owner)
    : QWidget(owner, Qt::Window)
    , m_view(new OutputView(this, OutputView::PopOut::NotOffered))
{
    setObjectName(QStringLiteral("outputWindow"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view);
    // A reading size: most of the screen's height, a comfortable line length; never more than the screen.
    const QScreen *s = owner ? owner->screen() : screen();
    const QRect available = s ? s->availableGeometry() : QRect(0, 0, 1024, 640);
    resize(std::min(available.width() * 3 / 5, 1000), available.height() * 17 / 20);
    move(available.center() - QPoint(width() / 2, height() / 2));
}

void OutputWindow::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace countersign::ui
