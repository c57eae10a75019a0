#!/usr/bin/env bash
# Installs the system packages the checks need on Debian 12 (bookworm), only when missing:
#   - Debian's Chromium at /usr/bin/chromium (the browser tests drive it through playwright-core)
#   - PostgreSQL server binaries under /usr/lib/postgresql/<version>/bin (scripts/postgres.sh)
# Idempotent and silent when everything is there. Uses sudo only when not root.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

packages=()
need_postgres=0

if [[ ! -x /usr/bin/chromium ]]; then
  packages+=(chromium fonts-dejavu-core)
fi

shopt -s nullglob
pg_bins=(/usr/lib/postgresql/*/bin/postgres)
shopt -u nullglob
if [[ ${#pg_bins[@]} -eq 0 ]]; then
  packages+=(postgresql)
  need_postgres=1
fi

if [[ ${#packages[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  # Ask for a password only when someone can type it.
  if [[ -t 0 ]]; then as_root=(sudo env DEBIAN_FRONTEND=noninteractive); else as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive); fi
else
  echo "ensure-system-deps: need root (or sudo) to install: ${packages[*]}" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: apt-get not found; install these yourself: ${packages[*]}" >&2
  exit 1
fi

log=$(mktemp "${TMPDIR:-/tmp}/ensure-system-deps.XXXXXX")
trap 'rm -f "$log"' EXIT

run_logged() {
  if ! "$@" >>"$log" 2>&1; then
    echo "ensure-system-deps: failed: $*" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

echo "ensure-system-deps: installing ${packages[*]} ..."
apt_opts=(-q -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
run_logged "${as_root[@]}" apt-get "${apt_opts[@]}" update
run_logged "${as_root[@]}" apt-get "${apt_opts[@]}" install -y --no-install-recommends "${packages[@]}"

if [[ $need_postgres -eq 1 ]]; then
  # The package may have created and started its own cluster ("15 main"); we run a private
  # instance (scripts/postgres.sh), so stop the Debian-managed one. Failures do not matter.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    while read -r version cluster _; do
      [[ -n ${version:-} && -n ${cluster:-} ]] || continue
      "${as_root[@]}" pg_ctlcluster "$version" "$cluster" stop >/dev/null 2>&1 || true
    done < <(pg_lsclusters --no-header 2>/dev/null || true)
  fi
  "${as_root[@]}" service postgresql stop >/dev/null 2>&1 || true
fi

# Verify what we came for.
[[ -x /usr/bin/chromium ]] || { echo "ensure-system-deps: /usr/bin/chromium still missing" >&2; exit 1; }
compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || { echo "ensure-system-deps: PostgreSQL binaries still missing" >&2; exit 1; }
echo "ensure-system-deps: done"
