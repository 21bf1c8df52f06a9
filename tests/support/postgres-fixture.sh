#!/bin/bash
# The PostgreSQL 15 cluster the tests run against: postgres-fixture.sh start DIR [INITDB_CACHE] | stop DIR
#
# start: stops and removes whatever an earlier (killed) run left in DIR, then makes a fresh cluster there and
#        starts it listening on a unix socket in DIR only (no TCP), user `countersign` with trust auth, fsync
#        off (tests need no durability across power loss). Fails loudly, with initdb's or the server's log.
#        With INITDB_CACHE the cluster is a copy of a pristine one kept there (made by initdb once, again when
#        initdb's version changes): initdb takes seconds on a busy machine, a copy a fraction of one.
# stop:  stops the cluster in DIR (if any) and removes DIR.
#
# CTest runs it as the setup and cleanup of the `postgres` fixture (tests/CMakeLists.txt); TestPostgres.cpp
# runs it for a test binary started by hand. initdb refuses to run as root: as root, the cluster's programs
# run as the `postgres` user, which then owns DIR.
set -euo pipefail

action=${1:-}
dir=${2:-}
cache=${3:-}
if [ -z "$action" ] || [ -z "$dir" ]; then
  echo "usage: $0 start DIR [INITDB_CACHE] | stop DIR" >&2
  exit 2
fi
case "$dir" in /*) ;; *) dir="$PWD/$dir" ;; esac
bin=${COUNTERSIGN_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
as_pg=()
[ "$(id -u)" -ne 0 ] || as_pg=(runuser -u postgres --)

# initdb into $1 (a new directory), as the cluster's user; its output goes to DIR/initdb.log.
run_initdb() {
  if ! "${as_pg[@]}" "$bin/initdb" -D "$1" -A trust -U countersign -E UTF8 --locale=C --no-sync \
      >"$dir/initdb.log" 2>&1; then
    echo "initdb failed in $1:" >&2
    cat "$dir/initdb.log" >&2
    exit 1
  fi
}

stop_cluster() {
  local pidfile="$dir/data/postmaster.pid" pid=""
  if [ -f "$pidfile" ]; then
    pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    # pg_ctl could not stop it (a damaged data dir): the server must not outlive its files.
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q postgres "/proc/$pid/comm" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
}

case "$action" in
stop)
  stop_cluster
  ;;
start)
  [ -x "$bin/initdb" ] || { echo "PostgreSQL 15 is not installed ($bin/initdb missing): bash scripts/dev.sh build installs it (postgresql-15)" >&2; exit 1; }
  stop_cluster
  # The server's socket path (DIR/.s.PGSQL.5432) must fit a sockaddr_un (107 bytes).
  if [ ${#dir} -gt 90 ]; then
    echo "socket directory path too long for a unix socket (${#dir} > 90 characters): $dir" >&2
    exit 1
  fi
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ ${#as_pg[@]} -eq 0 ] || chown postgres:postgres "$dir"
  if [ -z "$cache" ]; then
    run_initdb "$dir/data"
  else
    version=$("$bin/initdb" --version)
    if [ "$(cat "$cache/initdb-version" 2>/dev/null)" != "$version" ] || [ ! -f "$cache/data/PG_VERSION" ]; then
      rm -rf "$cache"
      mkdir -p "$cache"
      [ ${#as_pg[@]} -eq 0 ] || chown postgres:postgres "$cache"
      run_initdb "$cache/data"
      echo "$version" >"$cache/initdb-version"
    fi
    cp -a "$cache/data" "$dir/data"
  fi
  if ! "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k '$dir' -p 5432 -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
      start >"$dir/pg_ctl.log" 2>&1; then
    echo "PostgreSQL did not start in $dir:" >&2
    cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null || true
    exit 1
  fi
  echo "PostgreSQL 15 listening on $dir/.s.PGSQL.5432"
  ;;
*)
  echo "usage: $0 start DIR [INITDB_CACHE] | stop DIR" >&2
  exit 2
  ;;
esac
