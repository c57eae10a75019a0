#!/usr/bin/env bash
# The whole check pipeline (`npm run ci`, `.ci/run`). Runs every step even after a failure, so
# one run reports everything, and ends with scripts/summary.mjs, whose last line is exactly
# `N passed, N failed`. Exit status: 0 when everything passed, 1 otherwise.
#
#   system packages   scripts/ensure-system-deps.sh (Chromium, PostgreSQL; only when missing)
#   typecheck, lint, imports, format     one test each
#   tests (sqlite)    vitest on SQLite                    -> .tmp/reports/sqlite.json
#   tests (postgres)  vitest on a private PostgreSQL      -> .tmp/reports/postgres.json
#   e2e (chromium)    browser tests (vitest.e2e.config.ts) -> .tmp/reports/e2e.json
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

reports=.tmp/reports
steps_file=$reports/steps.jsonl
rm -rf "$reports"
mkdir -p "$reports"
: >"$steps_file"

export CI=${CI:-1}
# Plain text in logs: vitest colours its output whenever CI is set, even into a pipe.
if [[ ! -t 1 && -z ${FORCE_COLOR:-} ]]; then
  export NO_COLOR=1
fi

step_no=0
step_total=10
pg_started=0

stop_postgres() {
  if [[ $pg_started -eq 1 ]]; then
    bash scripts/postgres.sh stop >/dev/null 2>&1 || true
    pg_started=0
  fi
}
# Stops PostgreSQL however this script ends (failure, Ctrl-C); silent, so the summary stays last.
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

header() {
  step_no=$((step_no + 1))
  echo ""
  echo "=== [$step_no/$step_total] $1"
}

# record NAME KIND EXIT_CODE SECONDS [REPORT] [NOTE]
record() {
  local json
  json=$(printf '{"name":"%s","kind":"%s","exitCode":%d,"seconds":%d' "$1" "$2" "$3" "$4")
  [[ -n ${5:-} ]] && json+=$(printf ',"report":"%s"' "$5")
  [[ -n ${6:-} ]] && json+=$(printf ',"note":"%s"' "$6")
  echo "$json}" >>"$steps_file"
}

result_line() {
  if [[ $1 -eq 0 ]]; then echo "--- ok (${2}s)"; else echo "--- FAILED with exit code $1 (${2}s)"; fi
}

# run_step NAME KIND COMMAND...
run_step() {
  local name=$1 kind=$2
  shift 2
  header "$name: $*"
  local start=$SECONDS
  "$@"
  local rc=$?
  local took=$((SECONDS - start))
  result_line "$rc" "$took"
  record "$name" "$kind" "$rc" "$took"
}

# run_vitest NAME REPORT_FILE [ENV=VALUE...] -- VITEST_ARGS...
run_vitest() {
  local name=$1 report=$2
  shift 2
  local envs=()
  while [[ $# -gt 0 && $1 != -- ]]; do
    envs+=("$1")
    shift
  done
  shift
  header "$name: ${envs[*]} vitest run $*"
  local start=$SECONDS
  env "${envs[@]}" npx --no-install vitest run "$@" --reporter=default --reporter=json --outputFile.json="$report"
  local rc=$?
  local took=$((SECONDS - start))
  result_line "$rc" "$took"
  record "$name" vitest "$rc" "$took" "$report"
}

run_step 'system packages' setup bash scripts/ensure-system-deps.sh
run_step typecheck check npm run --silent typecheck
run_step lint check npm run --silent lint
run_step imports check npm run --silent check:imports
run_step format check npm run --silent format:check

# PostgreSQL first: the SQLite pass then also runs the tests that compare both databases.
header 'start PostgreSQL: scripts/postgres.sh start'
pg_start=$SECONDS
if bash scripts/postgres.sh start; then
  pg_started=1
  result_line 0 $((SECONDS - pg_start))
  pg_url=$(bash scripts/postgres.sh url)
  run_vitest 'tests (sqlite)' "$reports/sqlite.json" LOKET_TEST_DB=sqlite "LOKET_TEST_PG_URL=$pg_url" --
  run_vitest 'tests (postgres)' "$reports/postgres.json" LOKET_TEST_DB=postgres "LOKET_TEST_PG_URL=$pg_url" --
else
  echo "--- FAILED: PostgreSQL did not start; the PostgreSQL tests are not run"
  step_no=$((step_no + 1))
  record 'tests (postgres)' vitest 1 0 '' 'PostgreSQL did not start'
  run_vitest 'tests (sqlite)' "$reports/sqlite.json" LOKET_TEST_DB=sqlite --
fi

run_vitest 'e2e (chromium)' "$reports/e2e.json" LOKET_TEST_DB=sqlite -- -c vitest.e2e.config.ts

header 'stop PostgreSQL'
stop_postgres
echo "--- done"

node scripts/summary.mjs "$steps_file"
