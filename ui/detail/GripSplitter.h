#pragma once

#include <QSplitter>

namespace countersign::ui {

// A splitter whose handle can be seen: a band with a grip drawn in the palette's colours (the style's own
// handle is a line of background on many styles), the resize cursor, and a tooltip.
class GripSplitter final : public QSplitter
{
    Q_OBJECT
public:
    explicit GripSplitter(Qt::Orientation orientation, QWidget *parent = nullptr);

protected:
    QSplitterHandle *createHandle() override;
};

} // namespace countersign::ui
