#!/usr/bin/env bash
# Live events at scale (issue 11): 2,000 open event streams (20 per account, 100 accounts in
# one band) on one rehearsalhub-server
# (release build, SQLite, or PostgreSQL with `postgres`), one change fanned out to all of
# them, five times: delivery p50/p99/max, and the server's resident memory per idle stream.
#
# Usage: scripts/bench-events.sh [sqlite|postgres] [streams]   (default: sqlite 2000);
# RH_SERVER_BIN=path measures that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${RH_SERVER_BIN:-target/release/rehearsalhub-server}
[ -n "${RH_SERVER_BIN:-}" ] || cargo build --release -p rehearsalhub-server --locked
target=${1:-sqlite}
streams=${2:-2000}
work=$(mktemp -d)
pid=""
dropdb=""
# The server stops first, then its database goes: a bench leaves nothing behind.
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; [ -n "$dropdb" ] && psql "$pg" -qc "DROP DATABASE IF EXISTS $dropdb" >/dev/null 2>&1; rm -rf "$work"' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
args=(--listen 127.0.0.1:0 --data-dir "$work" --rate-limit-per-minute 0)
if [ "$target" = postgres ]; then
  pg=${DATABASE_URL:-$(scripts/postgres-up.sh | tail -n 1)}
  name="rh_bench_events_$(date +%s)"
  psql "$pg" -qc "CREATE DATABASE $name" >/dev/null
  dropdb=$name
  args+=(--database-url "${pg%/*}/$name")
fi
RUST_LOG=warn "$bin" "${args[@]}" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/out")
echo "rehearsalhub-server on $target, $(nproc) cores"
python3 scripts/bench/events.py "$base" "$pid" "$streams" "$(( (streams + 19) / 20 ))" 5
