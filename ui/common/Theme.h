#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

class QStyle;
class QWidget;

namespace countersign::ui {

// Semantic colours derived from the palette in use, so that what we colour stays readable under a light or a
// dark palette (ours or the system's). Widgets call these where they paint or when the palette changes; no
// colour is written into a style sheet.
namespace theme {

bool isDark(const QPalette &palette);

// Text and marks on Window or Base: an error, a warning, a success, a piece of information, something muted.
QColor errorText(const QPalette &palette);
QColor warningText(const QPalette &palette);
QColor successText(const QPalette &palette);
QColor infoText(const QPalette &palette);
QColor mutedText(const QPalette &palette);

// Backgrounds of notices (the conflict banner, an error box) and their borders: a tint of the Window colour,
// with WindowText staying readable on them.
QColor warningBackground(const QPalette &palette);
QColor warningBorder(const QPalette &palette);
QColor errorBackground(const QPalette &palette);

// A diff's removed and added lines (backgrounds under Text).
QColor removedBackground(const QPalette &palette);
QColor addedBackground(const QPalette &palette);

// "#rrggbb", for a colour inside rich text (an HTML span).
QString css(const QColor &colour);

// Sets the foreground (WindowText and Text) of one widget, leaving its other roles to the application palette.
void setForeground(QWidget &widget, const QColor &colour);

} // namespace theme

// The application's look: "system" (the platform's style and palette), "light" or "dark" (Fusion with a light
// or a dark palette). Remembers the platform's look when made, applies a choice at once, and puts the
// platform's look back when destroyed.
class ThemeSwitcher
{
public:
    ThemeSwitcher();
    ~ThemeSwitcher();
    ThemeSwitcher(const ThemeSwitcher &) = delete;
    ThemeSwitcher &operator=(const ThemeSwitcher &) = delete;

    // "system", "light" or "dark" (anything else is "system").
    void apply(const QString &choice);
    QString current() const { return m_current; }

    static QPalette darkPalette();

private:
    QString m_systemStyle;
    QPalette m_systemPalette;
    QString m_current = QStringLiteral("system");
};

} // namespace countersign::ui
