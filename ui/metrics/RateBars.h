#pragma once

#include <QColor>
#include <QList>
#include <QPalette>

#include <functional>
#include <QWidget>

namespace countersign::ui {

// A small horizontal bar chart of shares (0..1) with their labels and percentages: how closed approvals
// ended. Painted with the widget's palette and font, so it follows the theme and the screen's scale.
class RateBars final : public QWidget
{
    Q_OBJECT
public:
    struct Bar
    {
        QString label;
        double share = 0;  // 0..1
        // The bar's colour for the palette in use (a theme:: function), so that a new theme repaints it right.
        std::function<QColor(const QPalette &)> color;
    };

    explicit RateBars(QWidget *parent = nullptr);
    void setBars(const QList<Bar> &bars);
    const QList<Bar> &bars() const { return m_bars; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<Bar> m_bars;
};

} // namespace countersign::ui
