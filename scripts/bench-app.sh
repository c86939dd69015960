#!/usr/bin/env bash
# Measures the desktop app (debug and release builds) under Xvfb: launch to interactive,
# command round trips from the webview, binary size, idle resident memory.
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ui && npm run build >/dev/null)
cargo build -p rehearsalhub --locked
cargo build -p rehearsalhub --locked --release
cargo build -p rehearsalhub-e2e --bin bench_app --locked --release
for profile in debug release; do
  echo "== $profile"
  RH_APP_BIN="$PWD/target/$profile/rehearsalhub" xvfb-run -a target/release/bench_app
done
