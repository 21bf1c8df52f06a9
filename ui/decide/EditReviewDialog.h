#pragma once

#include <QDialog>
#include <QJsonValue>

namespace countersign::ui {

// Before an edited output is approved: the diff between the agent's output and the edit, to send or go back.
class EditReviewDialog final : public QDialog
{
    Q_OBJECT
public:
    EditReviewDialog(const QJsonValue &before, const QJsonValue &after, QWidget *parent = nullptr);
    // Shows the dialog modally; true when the user chose to send.
    static bool review(QWidget *parent, const QJsonValue &before, const QJsonValue &after);
};

} // namespace countersign::ui
