#!/usr/bin/env bash
# The heaviest page the app draws, as users run it: a version with 1,000 comments and 3,000
# replies (RH_BENCH_COMMENTS=N for N comments), opened from its band's Songs tab seven times.
# Prints the median time from the click on Open until every comment and reply is in the
# page, and the Pss of the app and its WebKit processes with the version open. Under Xvfb,
# in a private D-Bus session; the app binary is the one given, else target/release's.
# See tests/e2e/src/bin/bench_view.rs.
#
# Usage: scripts/bench-view.sh [APP_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  app=$(realpath "$1")
else
  (cd ui && npm run build >/dev/null)
  cargo build -p rehearsalhub --locked --release
  app=$PWD/target/release/rehearsalhub
fi
cargo build -p rehearsalhub-e2e --bin bench_view --locked --release
RH_E2E=1 RH_APP_BIN="$app" exec dbus-run-session -- xvfb-run -a target/release/bench_view
