#!/usr/bin/env bash
# Instructions per request of the server's hot routes (those of bench-server.sh), counted by
# valgrind's callgrind on SQLite: the same count for the same binary and the same requests,
# whatever else the machine is doing, where a load test on a shared two-core machine varies
# by a third from run to run. For before/after comparisons of one change.
#
# Usage: scripts/bench-server-instructions.sh [server binary ...]   (default: a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
  cargo build --release -p rehearsalhub-server --locked
  bins=(target/release/rehearsalhub-server)
fi
for bin in "${bins[@]}"; do
  work=$(mktemp -d)
  env -u DATABASE_URL valgrind --tool=callgrind --instr-atstart=no \
    --callgrind-out-file="$work/cg.%p.out" "$bin" --listen 127.0.0.1:0 --data-dir "$work/data" \
    --rate-limit-per-minute 0 >"$work/out" 2>"$work/err" &
  pid=$!
  echo "$pid" >"$work/pid"
  for _ in $(seq 1 600); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
  base=$(sed -n 's/^listening on //p' "$work/out")
  echo "== $bin"
  python3 scripts/bench/instructions.py "$base" "$work"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$work"
done
