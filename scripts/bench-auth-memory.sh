#!/usr/bin/env bash
# Memory of rehearsalhub-server (release build, SQLite, rate limits off) under password
# hashing: resident memory (VmRSS, and the peak VmHWM) at start, after 100 sign-ups sent
# 16 at a time, and after 1,000 sign-ins sent 16 at a time. Each Argon2id hash needs a
# 19 MiB work area; the server runs one hash per core on reused work areas, so memory
# must stay flat however many requests come.
#
# Usage: scripts/bench-auth-memory.sh [path/to/rehearsalhub-server]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release -p rehearsalhub-server --locked
  bin=target/release/rehearsalhub-server
fi
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
RUST_LOG=warn "$bin" --listen 127.0.0.1:0 --data-dir "$work" --rate-limit-per-minute 0 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
base="$(sed -n 's/^listening on //p' "$work/out")/api/v1"

mem() { # label
  awk -v label="$1" '/^VmRSS:/ {rss=$2} /^VmHWM:/ {hwm=$2}
    END {printf "%-36s resident %7.1f MB   peak %7.1f MB\n", label, rss/1024, hwm/1024}' "/proc/$pid/status"
}

mem "started"
start=$(date +%s.%N)
seq 1 100 | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST "$base/auth/register" \
  -H 'Content-Type: application/json' \
  -d '{"username": "bench_user_{}", "password": "correct horse battery"}' >"$work/codes"
end=$(date +%s.%N)
[ "$(grep -c '^201$' "$work/codes")" -eq 100 ] || { echo "sign-ups failed: $(sort "$work/codes" | uniq -c)"; exit 1; }
mem "after 100 sign-ups (16 at once)"
awk -v a="$start" -v b="$end" 'BEGIN {printf "%-36s %.1f s\n", "  took", b - a}'
start=$(date +%s.%N)
seq 1 1000 | xargs -P 16 -I{} sh -c 'n=$(( ({} % 100) + 1 )); curl -s -o /dev/null -w "%{http_code}\n" -X POST "$0/auth/login" \
  -H "Content-Type: application/json" \
  -d "{\"username\": \"bench_user_$n\", \"password\": \"correct horse battery\"}"' "$base" >"$work/codes"
end=$(date +%s.%N)
[ "$(grep -c '^200$' "$work/codes")" -eq 1000 ] || { echo "sign-ins failed: $(sort "$work/codes" | uniq -c)"; exit 1; }
mem "after 1,000 sign-ins (16 at once)"
awk -v a="$start" -v b="$end" 'BEGIN {printf "%-36s %.1f s\n", "  took", b - a}'
sleep 2
mem "2 s later"
