#pragma once

#include <QLabel>

namespace countersign::ui {

// A one-line plain-text label that never asks for more room than it gets: it paints its text elided ("Offline:
// sign in when…") and shows the whole text as its tooltip when cut. text() stays the whole text. For status
// lines that must not widen a window.
class ElidedLabel final : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text, const QString &toolTip = {});
    bool isElided() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateToolTip();
    QString m_extraToolTip;
};

} // namespace countersign::ui
