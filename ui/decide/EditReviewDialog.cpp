#include "EditReviewDialog.h"

#include "detail/LineDiff.h"
#include "detail/OutputView.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace countersign::ui {

EditReviewDialog::EditReviewDialog(const QJsonValue &before, const QJsonValue &after, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Approve with your edits?"));
    auto *diff = new QTextBrowser(this);
    diff->setObjectName(QStringLiteral("editDiff"));
    diff->setHtml(diffHtml(lineDiff(OutputView::rawText(before), OutputView::rawText(after))));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Approve with these edits"), QDialogButtonBox::AcceptRole);
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Back to editing"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Lines marked − are the agent's; lines marked + are yours."), this));
    layout->addWidget(diff);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(720, 480);
}

bool EditReviewDialog::review(QWidget *parent, const QJsonValue &before, const QJsonValue &after)
{
    EditReviewDialog dialog(before, after, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace countersign::ui
