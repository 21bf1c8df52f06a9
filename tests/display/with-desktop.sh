#!/usr/bin/env bash
# Runs a command on a desktop of its own: Xvfb on a free display, the JWM window manager with its system tray
# (jwmrc beside this file) and a private D-Bus session bus; all of it ends with the command. Used by the
# real-display tests (CTest) and scripts/screenshots.sh.
#   with-desktop.sh [--size 1280x800] [--dpi 96] COMMAND [ARGS...]
# Exits with the command's status (125 when the desktop could not be started).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SIZE=1280x800
DPI=96
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --dpi) DPI=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: with-desktop.sh [--size WxH] [--dpi N] COMMAND [ARGS...]" >&2; exit 2; }
for tool in Xvfb jwm dbus-run-session xprop; do
  command -v "$tool" >/dev/null || { echo "with-desktop.sh: $tool is missing (bash scripts/dev.sh build installs it)" >&2; exit 125; }
done

work=$(mktemp -d)
xvfb_pid="" jwm_pid=""
cleanup() {
  [ -n "$jwm_pid" ] && kill "$jwm_pid" 2>/dev/null && wait "$jwm_pid" 2>/dev/null
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Polls the check (the command after `what`) every 50 ms for at most 30 s (a loaded CI machine is slow to
# start a window manager; an idle one takes well under a second).
wait_for() {
  local what=$1; shift
  local deadline=$((SECONDS + 30))
  while [ $SECONDS -lt $deadline ]; do "$@" && return 0; sleep 0.05; done
  echo "with-desktop.sh: $what did not come up (DISPLAY=${DISPLAY:-}; jwm ${jwm_pid:+$(kill -0 "$jwm_pid" 2>/dev/null && echo running || echo exited)})" >&2
  for log in "$work"/*.log; do [ -s "$log" ] && sed "s|^|  $(basename "$log"): |" "$log" >&2; done
  exit 125
}

# -displayfd: the server picks a free display number and writes it once it accepts connections (no race
# with other tests or another Xvfb on the machine).
Xvfb -displayfd 3 -screen 0 "${SIZE}x24" -dpi "$DPI" -nolisten tcp 3>"$work/display" 2>"$work/xvfb.log" &
xvfb_pid=$!
wait_for "Xvfb" test -s "$work/display"
export DISPLAY=":$(tr -d '[:space:]' < "$work/display")"

jwm -f "$HERE/jwmrc" 2>"$work/jwm.log" &
jwm_pid=$!
# JWM announces itself on the root window once its panel and tray are up.
jwm_ready() {
  kill -0 "$jwm_pid" 2>/dev/null || { echo "with-desktop.sh: jwm exited" >&2; cat "$work/jwm.log" >&2; exit 125; }
  xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q "window id"
}
wait_for "jwm" jwm_ready

# No `exec`: the trap above must outlive the command to take the desktop down.
set +e
dbus-run-session -- "$@"
status=$?
set -e
exit $status
