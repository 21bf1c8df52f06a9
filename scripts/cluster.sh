#!/usr/bin/env bash
# The demo on a real cluster, on loopback: a PostgreSQL 15 this script owns (initdb in a temp dir, unix
# socket only), three countersignd nodes on it, Debian's haproxy in front (HTTP, the WebSocket upgrade, health
# checks on /readyz), then the desktop approver and the demo agent through haproxy. Ctrl+C (or the script
# ending for any reason) stops all of it and removes the temp dir.
#   bash scripts/dev.sh cluster        installs what is missing, builds, then runs this script
# Environment:
#   COUNTERSIGN_CLUSTER_NODES=3        how many nodes
#   COUNTERSIGN_CLUSTER_PORT=8770      haproxy's port; node i listens on PORT+i, haproxy's stats on PORT+9
#   COUNTERSIGN_CLUSTER_DRIVER=sqlite  a debugging aid: each node on its own SQLite database instead (they then
#                                      share nothing: an approval is seen only on the node that took it)
# bench/cluster/run sources this file for the cluster_* functions and runs its own load instead of the demo.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=dev.sh
source "$ROOT/scripts/dev.sh"   # say, BUILD, wait_listening and the demo_* parts

PGBIN=/usr/lib/postgresql/15/bin
CLUSTER_DRIVER="${COUNTERSIGN_CLUSTER_DRIVER:-postgres}"
CLUSTER_PORT="${COUNTERSIGN_CLUSTER_PORT:-8770}"
CLUSTER_DIR=""
PG_DATA=""
PG_SOCK=""
PG_URL=""
HAPROXY_PID=""
NODE_PIDS=()

# initdb refuses to run as root: then PostgreSQL runs as the postgres user, in directories it owns.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# cluster_init: the temp dir every part lives in, and the trap that stops all of it.
cluster_init() {
  CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/countersign-cluster.XXXXXX")
  chmod 755 "$CLUSTER_DIR"   # the postgres user must reach its own subdirectories
  trap cluster_stop EXIT
  trap 'exit 130' INT TERM HUP
}

# cluster_postgres: initdb, start on a unix socket only, create the database; sets PG_URL.
cluster_postgres() {
  local sock="$CLUSTER_DIR/pg-socket"
  PG_SOCK=$sock
  PG_DATA="$CLUSTER_DIR/pg-data"
  mkdir -p "$PG_DATA" "$sock"
  chmod 700 "$PG_DATA"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_DATA" "$sock"
  say "Starting PostgreSQL 15 (data in $PG_DATA, socket in $sock)"
  as_postgres "$PGBIN/initdb" -D "$PG_DATA" -A trust -U countersign >/dev/null
  # In a session of its own: Ctrl+C in the terminal reaches the nodes, and PostgreSQL is stopped after them.
  as_postgres setsid "$PGBIN/pg_ctl" -D "$PG_DATA" -w -l "$sock/postgres.log" \
      -o "-k $sock -c listen_addresses='' -c max_connections=200" start >/dev/null
  cluster_createdb countersign
}

# cluster_createdb NAME: a new, empty database; PG_URL points at it from then on.
cluster_createdb() {
  as_postgres "$PGBIN/createdb" -h "$PG_SOCK" -U countersign "$1"
  PG_URL="postgresql://countersign@/$1?host=$PG_SOCK"
}

# cluster_database I: the "database" object of node I's configuration.
cluster_database() {
  if [ "$CLUSTER_DRIVER" = "sqlite" ]; then
    echo '{"driver": "sqlite"}'
  else
    echo "{\"driver\": \"postgres\", \"url\": \"$PG_URL\"}"
  fi
}

cluster_node_port() { echo $((CLUSTER_PORT + $1)); }
cluster_node_config() { echo "$CLUSTER_DIR/node$1/countersign.json"; }
cluster_node_log() { echo "$CLUSTER_DIR/node$1.log"; }

# cluster_start_node I: starts node I on its config (written by the caller), waits until it listens.
cluster_start_node() {
  "$BUILD/server/countersignd" --config "$(cluster_node_config "$1")" 2> "$(cluster_node_log "$1")" &
  NODE_PIDS[$1]=$!
  wait_listening "$(cluster_node_log "$1")"
}

# cluster_haproxy N: haproxy on CLUSTER_PORT in front of nodes 1..N; waits until it answers /readyz.
cluster_haproxy() {
  local servers="" i cfg="$CLUSTER_DIR/haproxy.cfg"
  for i in $(seq "$1"); do
    servers+="    server node$i 127.0.0.1:$(cluster_node_port "$i") check"$'\n'
  done
  sed -e "s|@PORT@|$CLUSTER_PORT|" -e "s|@STATS_PORT@|$((CLUSTER_PORT + 9))|" \
      -e "s|@ERRORFILE@|$ROOT/scripts/cluster/503.http|" "$ROOT/scripts/cluster/haproxy.cfg" \
    | awk -v servers="${servers%$'\n'}" '$0 == "@SERVERS@" { print servers; next } { print }' > "$cfg"
  haproxy -c -q -f "$cfg"
  haproxy -db -f "$cfg" > "$CLUSTER_DIR/haproxy.log" 2>&1 &
  HAPROXY_PID=$!
  for _ in $(seq 100); do
    kill -0 "$HAPROXY_PID" 2>/dev/null || break
    curl -sf -o /dev/null "http://127.0.0.1:$CLUSTER_PORT/readyz" && return 0
    sleep 0.1
  done
  cat "$CLUSTER_DIR/haproxy.log"; return 1
}

# cluster_stop_nodes: the desktop, the nodes and haproxy, by process id (SIGTERM: nodes finish what they hold).
cluster_stop_nodes() {
  local pid
  for pid in ${DESKTOP_PID:-} "${NODE_PIDS[@]}" $HAPROXY_PID; do kill "$pid" 2>/dev/null || true; done
  for pid in ${DESKTOP_PID:-} "${NODE_PIDS[@]}" $HAPROXY_PID; do wait "$pid" 2>/dev/null || true; done
  DESKTOP_PID="" NODE_PIDS=() HAPROXY_PID=""
}

# cluster_stop: everything this script started, then the temp dir.
cluster_stop() {
  trap '' INT TERM HUP   # a second Ctrl+C must not cut the clean-up short
  say "Stopping the cluster"
  cluster_stop_nodes
  [ -z "$PG_DATA" ] || as_postgres "$PGBIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null 2>&1 || true
  [ -z "$CLUSTER_DIR" ] || rm -rf "$CLUSTER_DIR"
}

run_cluster() {
  local nodes="${COUNTERSIGN_CLUSTER_NODES:-3}" secret i
  secret=$(demo_secret)
  cluster_init
  [ "$CLUSTER_DRIVER" = "sqlite" ] || cluster_postgres
  for i in $(seq "$nodes"); do
    mkdir -p "$CLUSTER_DIR/node$i"
    demo_config "$(cluster_node_config "$i")" "127.0.0.1:$(cluster_node_port "$i")" "$CLUSTER_DIR/node$i/data" \
        "$(cluster_database "$i")" "$secret" '"trusted_proxies": ["127.0.0.1"],'
    # One database, one user; on SQLite each node has its own.
    [ "$i" -gt 1 ] && [ "$CLUSTER_DRIVER" != "sqlite" ] || demo_user "$(cluster_node_config "$i")"
  done
  say "Starting $nodes countersignd nodes ($CLUSTER_DRIVER)"
  for i in $(seq "$nodes"); do cluster_start_node "$i"; done
  say "Starting haproxy on 127.0.0.1:$CLUSTER_PORT"
  cluster_haproxy "$nodes"

  local url="http://127.0.0.1:$CLUSTER_PORT"
  # The database is new on every run while the address stays the same: a client's cache from an earlier run
  # would take the new server's seq for its own and show stale approvals, so the clients get a cache of this run.
  DEMO_CLIENT_ENV="XDG_DATA_HOME=$CLUSTER_DIR/client-data"
  demo_desktop "$url" "$CLUSTER_DIR/desktop.log"
  echo
  echo "  The cluster, all on loopback (logs in $CLUSTER_DIR):"
  for i in $(seq "$nodes"); do
    printf '    node%d  127.0.0.1:%d  pid %-7s log %s\n' "$i" "$(cluster_node_port "$i")" "${NODE_PIDS[$i]}" "$(cluster_node_log "$i")"
  done
  echo "    haproxy $url  (stats: http://127.0.0.1:$((CLUSTER_PORT + 9))/)  log $CLUSTER_DIR/haproxy.log"
  [ "$CLUSTER_DRIVER" = "sqlite" ] || echo "    PostgreSQL $PG_URL  log $CLUSTER_DIR/pg-socket/postgres.log"
  echo "  Fail-over: kill one node with kill -9 PID (e.g. kill -9 ${NODE_PIDS[1]}); haproxy's health check takes it"
  echo "  out within 2 s, and the desktop approver reconnects through haproxy to another node."
  demo_agent "$url" "$secret" "The cluster is running behind haproxy at $url; Ctrl+C stops all of it."
}

[ "${BASH_SOURCE[0]}" != "$0" ] || run_cluster
