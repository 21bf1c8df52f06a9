#include "EditReviewDialog.h"

#include "diff/DiffView.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QVBoxLayout>

namespace countersign::ui {

EditReviewDialog::EditReviewDialog(const QJsonValue &before, const QJsonValue &after, QWidget *parent)
    : QDialog(parent)
    , m_diff(new DiffView(this))
{
    setWindowTitle(tr("Approve with your edits?"));
    m_diff->setObjectName(QStringLiteral("editDiff"));
    m_diff->setValues(before, after);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Approve with these edits"), QDialogButtonBox::AcceptRole);
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Back to editing"));
    auto *legend = new QLabel(tr("Struck-through text is the agent's, removed by you; highlighted text is yours."), this);
    legend->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(legend);
    layout->addWidget(m_diff, 1);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    fitToScreen();
}

void EditReviewDialog::fitToScreen()
{
    // Large enough to read a long document, never larger than the screen it opens on.
    const QScreen *s = parentWidget() ? parentWidget()->screen() : screen();
    const QRect available = s ? s->availableGeometry() : QRect(0, 0, 1024, 640);
    const QSize size(std::min(available.width() * 9 / 10, 1200), available.height() * 9 / 10);
    setMaximumSize(available.size());
    resize(size);
    move(available.center() - QPoint(size.width() / 2, size.height() / 2));
}

bool EditReviewDialog::review(QWidget *parent, const QJsonValue &before, const QJsonValue &after)
{
    EditReviewDialog dialog(before, after, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace countersign::ui
