#pragma once

#include <QDialog>
#include <QJsonValue>

namespace countersign::ui {

class DiffView;

// Before an edited output is approved: the agent's output and the edit compared field by field and word by
// word (DiffView), in a dialog sized to the screen, to send or go back.
class EditReviewDialog final : public QDialog
{
    Q_OBJECT
public:
    EditReviewDialog(const QJsonValue &before, const QJsonValue &after, QWidget *parent = nullptr);
    // Shows the dialog modally; true when the user chose to send.
    static bool review(QWidget *parent, const QJsonValue &before, const QJsonValue &after);
    DiffView &diff() { return *m_diff; }

private:
    void fitToScreen();

    DiffView *m_diff;
};

} // namespace countersign::ui
