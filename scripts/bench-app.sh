#!/usr/bin/env bash
# Measures the desktop app (debug and release builds) under Xvfb: launch to interactive,
# command round trips from the webview, binary size, idle resident memory; and the app
# connected to a release rehearsalhub-server on SQLite (round trips, upload, first and
# cached play of a 32 MB version into a PulseAudio null sink).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ui && npm run build >/dev/null)
cargo build -p rehearsalhub --locked
cargo build -p rehearsalhub --locked --release
cargo build -p rehearsalhub-server --locked --release
cargo build -p rehearsalhub-e2e --bin bench_app --locked --release
pulse_dir=$(mktemp -d)
trap 'kill "$(cat "$pulse_dir/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$pulse_dir"' EXIT
PULSE_SERVER=$(scripts/pulse-up.sh "$pulse_dir")
export PULSE_SERVER RH_SERVER_BIN="$PWD/target/release/rehearsalhub-server"
# The server on SQLite: the figures measure the app and HTTP, not a database server.
unset DATABASE_URL
for profile in debug release; do
  echo "== $profile"
  RH_APP_BIN="$PWD/target/$profile/rehearsalhub" xvfb-run -a target/release/bench_app
done
