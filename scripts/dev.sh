#!/usr/bin/env bash
# Countersign's one entry point for developers and CI on Debian 12:
#   bash scripts/dev.sh demo   install what is missing, build, start the demo
#   bash scripts/dev.sh test   install what is missing, build, run every test
#   bash scripts/dev.sh build  install what is missing, build
#   bash scripts/dev.sh cluster  the demo on three nodes, PostgreSQL and haproxy (scripts/cluster.sh)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="${COUNTERSIGN_BUILD_DIR:-$ROOT/build}"

# Debian 12 packages for building, testing and running (docs/platform-notes.md).
PACKAGES=(
  cmake ninja-build g++ ccache pkg-config ca-certificates
  qt6-base-dev qt6-websockets-dev qt6-httpserver-dev qtkeychain-qt6-dev
  libqt6sql6-sqlite libqt6sql6-psql qt6-l10n-tools qt6-tools-dev qt6-tools-dev-tools qt6-svg-dev
  qt6-qpa-plugins qt6-translations-l10n libgl-dev libgtest-dev libcurl4-openssl-dev libsecret-1-0 python3
  libssl-dev openssl  # TLS: countersignd checks a certificate's key with libcrypto; openssl remakes tests/data/tls
  libqt6svg6  # the SVG icon engine and image plugins: the app's icon is an SVG (Debian 12 has no qt6-svg-plugins)
  libpq-dev  # libpq parses PostgreSQL connection strings for the store (server/store/PostgresConnection.cpp)
  postgresql-15  # the real PostgreSQL the store tests and the pg.* runs use (tests/support/postgres-fixture.sh)
  haproxy  # a real load balancer in front of several countersignd nodes on one PostgreSQL
  # The real-display tests (tests/display) and the screenshots: an X server, a window manager with a system
  # tray, a session bus, and the tools a test looks at the screen with.
  xvfb xauth jwm dbus dbus-daemon x11-utils xdotool imagemagick
)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

install_missing() {
  local missing=() p
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${#missing[@]} missing packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() {
  say "Building in $BUILD"
  export CCACHE_DIR="${CCACHE_DIR:-$ROOT/.cache/ccache}"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOUNTERSIGN_WERROR=ON >/dev/null
  cmake --build "$BUILD" --parallel "$(nproc)"
}

run_tests() {
  say "Running every test"
  ctest --test-dir "$BUILD" --output-on-failure --parallel "$(nproc)" --timeout 300
}

# The demo's parts, shared with scripts/cluster.sh (several nodes behind haproxy).
demo_secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# demo_config FILE LISTEN DATA_DIR DATABASE_JSON SECRET [EXTRA_KEYS]: one server's configuration.
demo_config() {
  cat > "$1" <<JSON
{
  "listen": "$2",
  "data_dir": "$3",
  "database": $4,${6:+
  $6}
  "sources": [{"id": "demo-crew", "secret": "$5"}],
  "limits": {"max_body_bytes": 1048576},
  "routing": {"default_route": "Manager", "rules": [
    {"name": "big budget", "if": {">": [{"var": "output.budget"}, 10000]}, "route": "CFO"},
    {"name": "high risk", "if": {"==": [{"var": "output.risk_level"}, "high"]}, "route": "Legal"}]},
  "timeouts": {"default_s": 86400, "per_priority": {"critical": 3600, "high": 14400}, "reminder_fraction": 0.5},
  "escalation": {"chain": ["Manager", "Director", "Executive"], "fallback_approvers": ["manager"]},
  "redaction": {"keys": ["api_key", "password", "ssn"]}
}
JSON
}

# A demo approver who holds every route, for the REST API and the WebSocket (and the desktop app later).
demo_user() {  # demo_user CONFIG
  echo "demo-password" | "$BUILD/server/countersignd" user add manager --role Manager --role Legal --role CFO \
      --display-name "Demo Manager" --config "$1" >/dev/null 2>&1 || true
}

# wait_listening LOG: until countersignd has said "listening on" (or fail with its log).
wait_listening() {
  for _ in $(seq 50); do grep -q "listening on" "$1" 2>/dev/null && return 0; sleep 0.1; done
  cat "$1"; return 1
}

# The desktop approver, signed in as the demo manager (the password goes through the environment, never argv).
# demo_desktop URL LOG: sets DESKTOP_PID when there is a display to start it on. DEMO_CLIENT_ENV (VAR=VALUE) is
# set for the desktop and the `watch` shown to the user.
DESKTOP_PID=""
DEMO_CLIENT_ENV=""
demo_desktop() {
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    say "Starting the desktop approver as \"manager\""
    env $DEMO_CLIENT_ENV COUNTERSIGN_DEMO_PASSWORD=demo-password "$BUILD/app/countersign-desktop" --server "$1" \
        --user manager --password-env COUNTERSIGN_DEMO_PASSWORD 2> "$2" &
    DESKTOP_PID=$!
  else
    say "No display: start the desktop approver on a machine with one:"
    echo "  ${DEMO_CLIENT_ENV:+$DEMO_CLIENT_ENV }COUNTERSIGN_DEMO_PASSWORD=demo-password $BUILD/app/countersign-desktop --server $1 --user manager --password-env COUNTERSIGN_DEMO_PASSWORD"
  fi
}

# demo_agent URL SECRET WHAT_RUNS: how to decide, then the demo agent in the foreground.
demo_agent() {
  cat <<TXT

  $3
  The demo agent now submits a launch email, a price change and a contract, and waits for your decisions.
  Decide in the desktop approver (user "manager", password "demo-password"): the tray shows the new items;
  approve, edit, reject or send back with feedback, and the agent prints what it receives below.
  Without a display, decide in another terminal, as in development (Enter approves, text sends it back):

    ${DEMO_CLIENT_ENV:+$DEMO_CLIENT_ENV }COUNTERSIGN_PASSWORD=demo-password $BUILD/app/countersign watch --server $1 --user manager --password-env COUNTERSIGN_PASSWORD

TXT
  COUNTERSIGN_SECRET="$2" "$BUILD/app/countersign-demo-agent" --server "$1" --source demo-crew
}

run_demo() {
  local dir="${COUNTERSIGN_DEMO_DIR:-${TMPDIR:-/tmp}/countersign-demo}"
  local port="${COUNTERSIGN_DEMO_PORT:-8765}"
  mkdir -p "$dir"
  local secret
  secret=$(demo_secret)
  demo_config "$dir/countersign.json" "127.0.0.1:$port" "$dir/data" '{"driver": "sqlite"}' "$secret"
  demo_user "$dir/countersign.json"
  say "Starting countersignd on 127.0.0.1:$port (data in $dir/data)"
  "$BUILD/server/countersignd" --config "$dir/countersign.json" 2> "$dir/countersignd.log" &
  DEMO_SERVER_PID=$!  # global: the EXIT trap runs after this function returned
  trap 'kill $DEMO_SERVER_PID 2>/dev/null; wait $DEMO_SERVER_PID 2>/dev/null || true' EXIT
  wait_listening "$dir/countersignd.log" || exit 1
  demo_desktop "http://127.0.0.1:$port" "$dir/desktop.log"
  [ -z "$DESKTOP_PID" ] || trap 'kill $DEMO_SERVER_PID $DESKTOP_PID 2>/dev/null; wait $DEMO_SERVER_PID 2>/dev/null || true' EXIT
  demo_agent "http://127.0.0.1:$port" "$secret" "countersignd is running; its log is $dir/countersignd.log."
}

# scripts/cluster.sh and bench/cluster/run source this file for the functions above.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case "${1:-}" in
  demo)  install_missing; build; run_demo ;;
  cluster) install_missing; build; exec bash "$ROOT/scripts/cluster.sh" ;;
  test)  install_missing; build; run_tests ;;
  build) install_missing; build ;;
  *) echo "usage: bash scripts/dev.sh demo|cluster|test|build" >&2; exit 2 ;;
esac
