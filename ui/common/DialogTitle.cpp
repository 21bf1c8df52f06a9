#include "DialogTitle.h"

#include <QGuiApplication>
#include <QWidget>

namespace countersign::ui {

void fitDialogToTitle(QWidget &dialog)
{
    QString title = dialog.windowTitle();
    const QString app = QGuiApplication::applicationDisplayName();
    if (!app.isEmpty() && !title.contains(app))
        title += QStringLiteral(" — ") + app;
    // Title bars often use a bold or larger font than the dialog; the frame's buttons need about 120 px.
    QFont font = dialog.font();
    font.setBold(true);
    const int needed = QFontMetrics(font).horizontalAdvance(title) * 6 / 5 + 120;
    dialog.setMinimumWidth(std::max({dialog.minimumWidth(), dialog.minimumSizeHint().width(), needed}));
}

} // namespace countersign::ui
