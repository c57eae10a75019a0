#!/usr/bin/env bash
# A private PostgreSQL for the test suite: loopback only (127.0.0.1), port $LOKET_PG_PORT
# (default 54329), data in .tmp/pg inside the repository, trust authentication (it is reachable
# from this machine only). Separate from any Debian-managed cluster.
#
#   scripts/postgres.sh start    initialise on first use, start, wait until it accepts connections
#   scripts/postgres.sh stop     fast shutdown; fine when it is not running
#   scripts/postgres.sh status   exit 0 when running
#   scripts/postgres.sh url      print the admin URL (postgres://postgres@127.0.0.1:54329/postgres)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${LOKET_PG_PORT:-54329}
base=$root/.tmp/pg

usage() {
  echo "usage: $0 start|stop|status|url" >&2
  exit 2
}

[[ $# -eq 1 ]] || usage
[[ $port =~ ^[0-9]+$ ]] || { echo "postgres.sh: LOKET_PG_PORT must be a number, not '$port'" >&2; exit 2; }

if [[ $1 == url ]]; then
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  exit 0
fi

# The highest installed server version.
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [[ -z $bindir || ! -x $bindir/pg_ctl ]]; then
  echo "postgres.sh: no PostgreSQL server under /usr/lib/postgresql/*/bin (run scripts/ensure-system-deps.sh)" >&2
  exit 1
fi

# PostgreSQL refuses to run as root: as root, run it as the `postgres` OS user.
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  id -u postgres >/dev/null 2>&1 || { echo "postgres.sh: running as root but there is no 'postgres' user" >&2; exit 1; }
  as_pg=(runuser -u postgres --)
fi
run_pg() { (cd / && "${as_pg[@]}" "$@"); }

# The repository may sit where the postgres user cannot reach it (e.g. under /root). Then keep
# the data in a private directory under /var/tmp and point .tmp/pg at it with a symlink.
resolve_base() {
  mkdir -p "$root/.tmp"
  if [[ ${#as_pg[@]} -gt 0 ]] && ! run_pg test -x "$root/.tmp"; then
    local alt
    alt=/var/tmp/loket-pg-$(printf '%s' "$root" | cksum | cut -d' ' -f1)
    mkdir -p "$alt"
    if [[ ! -L $base ]]; then
      rm -rf "$base"
      ln -s "$alt" "$base"
    fi
    base=$alt
  elif [[ -L $base ]]; then
    base=$(readlink -f "$base")
  fi
  mkdir -p "$base"
  if [[ ${#as_pg[@]} -gt 0 ]]; then
    chown postgres: "$base"
  fi
  chmod 700 "$base"
  data=$base/data
  log=$base/postgres.log
}

is_running() {
  [[ -f $data/PG_VERSION ]] && run_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

init_cluster() {
  local version
  version=$(basename "$(dirname "$bindir")")
  if [[ -f $data/PG_VERSION && $(cat "$data/PG_VERSION") == "$version" ]]; then
    return 0
  fi
  # Missing, half-made or from another major version: it only ever holds test data, start afresh.
  rm -rf "$data"
  local out
  if ! out=$(run_pg "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 2>&1); then
    echo "postgres.sh: initdb failed:" >&2
    echo "$out" >&2
    exit 1
  fi
  run_pg tee -a "$data/postgresql.conf" >/dev/null <<CONF

# scripts/postgres.sh: a private test server, loopback only, no Unix socket.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 300
CONF
}

case $1 in
  start)
    resolve_base
    if is_running; then
      echo "postgres.sh: already running on 127.0.0.1:$port ($data)"
      exit 0
    fi
    init_cluster
    # The port is set on the command line so LOKET_PG_PORT can change between runs.
    if ! run_pg "$bindir/pg_ctl" -D "$data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null; then
      echo "postgres.sh: PostgreSQL did not start; last lines of $log:" >&2
      tail -n 20 "$log" >&2 || true
      exit 1
    fi
    echo "postgres.sh: PostgreSQL $(basename "$(dirname "$bindir")") running on 127.0.0.1:$port ($data)"
    ;;
  stop)
    resolve_base
    if is_running; then
      run_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
      echo "postgres.sh: stopped"
    else
      echo "postgres.sh: not running"
    fi
    ;;
  status)
    resolve_base
    if is_running; then
      echo "postgres.sh: running on 127.0.0.1:$port ($data)"
    else
      echo "postgres.sh: not running"
      exit 3
    fi
    ;;
  *)
    usage
    ;;
esac
