#pragma once

class QWidget;

namespace countersign::ui {

// Makes a dialog at least as wide as its title needs in the window manager's title bar (the title, the
// application's name that Qt appends, and room for the frame's buttons), so the title is never cut off.
// Call after setWindowTitle().
void fitDialogToTitle(QWidget &dialog);

} // namespace countersign::ui
