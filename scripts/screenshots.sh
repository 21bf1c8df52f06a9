#!/usr/bin/env bash
# Takes the desktop app's screenshots under Xvfb into docs/screenshots: the sign-in dialog, the main window
# (queue and detail), the edit view, History and Metrics, against a real countersignd holding the seed
# approvals; at 1280x800 and again on a high-DPI screen (scale 2, 2560x1600, files named *@2x.png).
#   bash scripts/screenshots.sh [OUTPUT_DIR]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="${COUNTERSIGN_BUILD_DIR:-$ROOT/build}"
OUT="${1:-$ROOT/docs/screenshots}"
for p in xvfb xauth; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || { [ "$(id -u)" -eq 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$p" >/dev/null; }
done
[ -x "$BUILD/tests/countersign-ui-screenshots" ] || bash "$ROOT/scripts/dev.sh" build
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24 -dpi 96" "$BUILD/tests/countersign-ui-screenshots" "$OUT"
QT_QPA_PLATFORM=xcb QT_SCALE_FACTOR=2 xvfb-run -a -s "-screen 0 2560x1600x24 -dpi 192" \
  "$BUILD/tests/countersign-ui-screenshots" "$OUT" "@2x"
