#!/usr/bin/env bash
# Load test of rehearsalhub-server (release build) with wrk on this machine, on SQLite and
# on PostgreSQL: GET /invites/{token}/info, GET /bands/{id}/members and GET
# /versions/{id}/comments (1,000 comments and 3,000 replies; gzip and plain) (10 s each, 2 wrk
# threads, 16 connections; the server gets 8 database connections), POST /invites/{token}/accept with fresh tokens, and the
# throughput of streaming a 150 MB recording over loopback. Rate limits are turned off with
# --rate-limit-per-minute 0, and the request log is at warn (RUST_LOG=warn) so it is the
# API being measured, not the terminal. Prints one line per figure.
#
# Usage: scripts/bench-server.sh [sqlite|postgres ...]   (default: both; PostgreSQL comes
# from DATABASE_URL or scripts/postgres-up.sh); RH_SERVER_BIN=path measures that binary.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
command -v wrk >/dev/null || { $SUDO apt-get update -qq; $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
command -v curl >/dev/null || $SUDO apt-get install -y -qq --no-install-recommends curl >/dev/null
# RH_SERVER_BIN measures another build (an older one, for before/after figures).
bin=${RH_SERVER_BIN:-target/release/rehearsalhub-server}
[ -n "${RH_SERVER_BIN:-}" ] || cargo build --release -p rehearsalhub-server --locked
work=$(mktemp -d)
pids=()
dbs=()
# The servers stop first, then their databases go: a bench leaves nothing behind.
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
      for d in "${dbs[@]}"; do psql "$pg" -qc "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1 || true; done
      rm -rf "$work"' EXIT

# A 150 MB WAV (about 15 minutes of 44.1 kHz stereo), written once.
python3 - "$work/long.wav" <<'PY'
import struct, sys, math
rate, ch, seconds = 44100, 2, 850
frames = rate * seconds
with open(sys.argv[1], "wb") as f:
    data = frames * ch * 2
    f.write(b"RIFF" + struct.pack("<I", 36 + data) + b"WAVEfmt " +
            struct.pack("<IHHIIHH", 16, 1, ch, rate, rate * ch * 2, ch * 2, 16) +
            b"data" + struct.pack("<I", data))
    second = b"".join(struct.pack("<hh", int(8000 * math.sin(i * 0.06)), int(8000 * math.sin(i * 0.05)))
                      for i in range(rate))
    for _ in range(seconds):
        f.write(second)
PY

conns=${RH_BENCH_CONNECTIONS:-16}

run_one() {
  local db=$1 url=$2
  local dir="$work/$db"
  mkdir -p "$dir"
  local args=(--listen 127.0.0.1:0 --data-dir "$dir" --rate-limit-per-minute 0 --db-max-connections "${RH_BENCH_DB_CONNECTIONS:-8}")
  [ -n "$url" ] && args+=(--database-url "$url")
  # The SQLite run must not inherit a DATABASE_URL (the server reads it from the environment).
  env -u DATABASE_URL RUST_LOG=warn "$bin" "${args[@]}" >"$dir/out" 2>"$dir/err" &
  pids+=($!)
  for _ in $(seq 1 100); do grep -q "listening on" "$dir/out" 2>/dev/null && break; sleep 0.1; done
  local base
  base=$(sed -n 's/^listening on //p' "$dir/out")
  eval "$(python3 scripts/bench/setup.py "$base" "$dir/pairs" 30000 "$work/long.wav")"
  figure() { # name, wrk output
    local rps p99
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$2")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$2")
    printf '%-9s %-34s %10s req/s   p99 %s\n' "$db" "$1" "$rps" "$p99"
  }
  local out
  out=$(wrk -t2 -c"$conns" -d10s --latency "$base/api/v1/invites/$INFO_TOKEN/info")
  figure "GET /invites/{token}/info" "$out"
  out=$(wrk -t2 -c"$conns" -d10s --latency -H "Authorization: Bearer $ADMIN" "$base/api/v1/bands/$BAND/members")
  figure "GET /bands/{id}/members" "$out"
  local comments="$base/api/v1/versions/$VERSION/comments"
  out=$(wrk -t2 -c"$conns" -d10s --latency -H "Authorization: Bearer $ADMIN" -H "Accept-Encoding: gzip" "$comments")
  figure "GET /versions/{id}/comments (gzip)" "$out"
  out=$(wrk -t2 -c"$conns" -d10s --latency -H "Authorization: Bearer $ADMIN" "$comments")
  figure "GET /versions/{id}/comments (JSON)" "$out"
  local sizes
  sizes=$(curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $ADMIN" "$comments")
  sizes="$sizes B JSON, $(curl -s -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $ADMIN" -H "Accept-Encoding: gzip" "$comments") B gzip"
  printf '%-9s %-34s %s\n' "$db" "  comment list size" "$sizes"
  out=$(PAIRS_FILE="$dir/pairs" WRK_THREADS=2 wrk -t2 -c32 -d10s --latency -s scripts/bench/accept.lua "$base")
  figure "POST /invites/{token}/accept" "$out"
  grep "non-200" <<<"$out" | sed "s/^/$db      accept: /"
  local best=0 speed
  for _ in 1 2 3; do
    speed=$(curl -s -o /dev/null -w '%{speed_download}' -H "Authorization: Bearer $ADMIN" \
      "$base/api/v1/versions/$VERSION/stream")
    best=$(python3 -c "print(max($best, $speed))")
  done
  printf '%-9s %-34s %10.0f MB/s (best of 3, %d bytes)\n' "$db" "GET /versions/{id}/stream" \
    "$(python3 -c "print($best / 1e6)")" "$AUDIO_BYTES"
}

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(sqlite postgres)
for t in "${targets[@]}"; do
  case "$t" in
    sqlite) run_one sqlite "" ;;
    postgres)
      pg=${DATABASE_URL:-$(scripts/postgres-up.sh | tail -n 1)}
      name="rh_bench_$(date +%s)"
      psql "$pg" -qc "CREATE DATABASE $name" >/dev/null
      dbs+=("$name")
      run_one postgres "${pg%/*}/$name"
      ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
  esac
done
