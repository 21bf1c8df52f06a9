#pragma once

#include <QImage>
#include <QList>
#include <QRect>
#include <QString>
#include <QStringList>

#include <optional>

namespace countersign::test::x11 {

// The X display of the test (with-desktop.sh) seen from outside, with the tools a user's session has:
// xdotool, xwininfo, xprop and ImageMagick's import. Each call is bounded by a timeout.

struct Window
{
    QString id;     // as xdotool prints it (decimal)
    QRect geometry; // on the screen
    bool viewable = false;
};

// A tool's standard output, or nothing when it failed or did not finish within `timeoutMs`.
std::optional<QByteArray> run(const QString &program, const QStringList &args, int timeoutMs = 5000);

// Every window of a process (by _NET_WM_PID), mapped or not.
QList<Window> windowsOf(qint64 pid);
// What is on the screen in `rect`, as a user sees it (read from the root window).
QImage grabScreen(const QRect &rect);
// xprop's text of one property of a window.
QString property(const QString &windowId, const QString &atom);
// Gives the window the focus through the window manager, then types `keys` (xdotool's names, e.g. ctrl+q).
bool typeInto(const QString &windowId, const QString &keys);
// The share of `image`'s pixels within `tolerance` (per channel) of `colour`.
double shareOf(const QImage &image, const QColor &colour, int tolerance = 24);

} // namespace countersign::test::x11
