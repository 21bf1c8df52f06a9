#!/usr/bin/env bash
# Takes the desktop app's screenshots into docs/screenshots, each run on a desktop of its own
# (tests/display/with-desktop.sh: Xvfb, the jwm window manager with its system tray, a session bus), against a
# real countersignd holding the seed approvals: the sign-in dialog, the main window (queue and detail), the
# whole screen with the tray icon (desktop*.png), the edit view, History and Metrics;
#   at 1280x800 (no suffix), at 1024x640 (-1024x640), on a high-DPI screen (scale 2, 2560x1600, @2x) and dark (-dark).
#   bash scripts/screenshots.sh [OUTPUT_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="${COUNTERSIGN_BUILD_DIR:-$ROOT/build}"
OUT="${1:-$ROOT/docs/screenshots}"
[ -x "$BUILD/tests/countersign-ui-screenshots" ] || bash "$ROOT/scripts/dev.sh" build  # installs Xvfb, jwm... too
TOOL="$BUILD/tests/countersign-ui-screenshots"
DESKTOP="$ROOT/tests/display/with-desktop.sh"
export QT_QPA_PLATFORM=xcb LANG=C.UTF-8 LANGUAGE=en

"$DESKTOP" --size 1280x800 --dpi 96 "$TOOL" "$OUT"
"$DESKTOP" --size 1024x640 --dpi 96 "$TOOL" "$OUT" "-1024x640"
QT_SCALE_FACTOR=2 "$DESKTOP" --size 2560x1600 --dpi 192 "$TOOL" "$OUT" "@2x"
# Dark: the app's own theme setting (Settings › Theme). Exit 3: this build has no theme setting yet.
"$DESKTOP" --size 1280x800 --dpi 96 "$TOOL" --theme dark "$OUT" "-dark" \
  || { [ $? -eq 3 ] && echo "dark screenshots skipped: this build has no theme setting"; }
