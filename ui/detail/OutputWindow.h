#pragma once

#include <QWidget>

namespace countersign::ui {

class OutputView;

// The output in a window of its own, to read a long document at any size: the same views as the detail
// pane (OutputView without a further pop-out), kept current by the view that opened it. Escape closes it.
class OutputWindow final : public QWidget
{
    Q_OBJECT
public:
    explicit OutputWindow(QWidget *owner);
    OutputView &view() { return *m_view; }

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    OutputView *m_view;
};

} // namespace countersign::ui
