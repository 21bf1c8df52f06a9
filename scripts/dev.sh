#!/usr/bin/env bash
# Countersign's one entry point for developers and CI on Debian 12:
#   bash scripts/dev.sh demo   install what is missing, build, start the demo
#   bash scripts/dev.sh test   install what is missing, build, run every test
#   bash scripts/dev.sh build  install what is missing, build
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

run_demo() {
  local dir="${COUNTERSIGN_DEMO_DIR:-${TMPDIR:-/tmp}/countersign-demo}"
  local port="${COUNTERSIGN_DEMO_PORT:-8765}"
  mkdir -p "$dir"
  local secret
  secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  cat > "$dir/countersign.json" <<JSON
{
  "listen": "127.0.0.1:$port",
  "data_dir": "$dir/data",
  "database": {"driver": "sqlite"},
  "sources": [{"id": "demo-crew", "secret": "$secret"}],
  "limits": {"max_body_bytes": 1048576},
  "routing": {"default_route": "Manager", "rules": [
    {"name": "big budget", "if": {">": [{"var": "output.budget"}, 10000]}, "route": "CFO"},
    {"name": "high risk", "if": {"==": [{"var": "output.risk_level"}, "high"]}, "route": "Legal"}]},
  "timeouts": {"default_s": 86400, "per_priority": {"critical": 3600, "high": 14400}, "reminder_fraction": 0.5},
  "escalation": {"chain": ["Manager", "Director", "Executive"], "fallback_approvers": ["manager"]},
  "redaction": {"keys": ["api_key", "password", "ssn"]}
}
JSON
  # A demo approver who holds every route, for the REST API and the WebSocket (and the desktop app later).
  echo "demo-password" | "$BUILD/server/countersignd" user add manager --role Manager --role Legal --role CFO \
      --display-name "Demo Manager" --config "$dir/countersign.json" >/dev/null 2>&1 || true
  say "Starting countersignd on 127.0.0.1:$port (data in $dir/data)"
  "$BUILD/server/countersignd" --config "$dir/countersign.json" 2> "$dir/countersignd.log" &
  local server_pid=$!
  trap 'kill $server_pid 2>/dev/null; wait $server_pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do grep -q "listening on" "$dir/countersignd.log" 2>/dev/null && break; sleep 0.1; done
  grep -q "listening on" "$dir/countersignd.log" || { cat "$dir/countersignd.log"; exit 1; }

  # The desktop approver, signed in as the demo manager (the password goes through the environment, never argv).
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    say "Starting the desktop approver as \"manager\""
    COUNTERSIGN_DEMO_PASSWORD=demo-password "$BUILD/app/countersign-desktop" --server "http://127.0.0.1:$port" \
        --user manager --password-env COUNTERSIGN_DEMO_PASSWORD 2> "$dir/desktop.log" &
    local desktop_pid=$!
    trap 'kill $server_pid $desktop_pid 2>/dev/null; wait $server_pid 2>/dev/null || true' EXIT
  else
    say "No display: start the desktop approver on a machine with one:"
    echo "  COUNTERSIGN_DEMO_PASSWORD=demo-password $BUILD/app/countersign-desktop --server http://127.0.0.1:$port --user manager --password-env COUNTERSIGN_DEMO_PASSWORD"
  fi

  cat <<TXT

  countersignd is running; its log is $dir/countersignd.log.
  The demo agent now submits a launch email, a price change and a contract, and waits for your decisions.
  Decide in the desktop approver (user "manager", password "demo-password"): the tray shows the new items;
  approve, edit, reject or send back with feedback, and the agent prints what it receives below.
  Without a display, decide in another terminal, as in development (Enter approves, text sends it back):

    COUNTERSIGN_PASSWORD=demo-password $BUILD/app/countersign watch --server http://127.0.0.1:$port --user manager --password-env COUNTERSIGN_PASSWORD

TXT
  COUNTERSIGN_SECRET="$secret" "$BUILD/app/countersign-demo-agent" --server "http://127.0.0.1:$port" --source demo-crew
}

case "${1:-}" in
  demo)  install_missing; build; run_demo ;;
  test)  install_missing; build; run_tests ;;
  build) install_missing; build ;;
  *) echo "usage: bash scripts/dev.sh demo|test|build" >&2; exit 2 ;;
esac
