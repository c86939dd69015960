#!/usr/bin/env bash
# Sets up everything on a fresh Debian 12 machine with a Rust toolchain and runs every
# check and test: the UI's lint, types and unit tests; rustfmt and clippy; the workspace's
# tests on SQLite and PostgreSQL; the WebDriver tests of the real app under Xvfb; and the
# packages (built, installed with apt-get, run, removed: scripts/package-test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
export PATH="$HOME/.cargo/bin:$PATH"

if [ -z "${DATABASE_URL:-}" ]; then
  echo "== starting PostgreSQL"
  DATABASE_URL=$(./scripts/postgres-up.sh | tail -n 1)
fi
export DATABASE_URL
# The PostgreSQL half of the conformance suite must run, not skip.
export RH_REQUIRE_POSTGRES=1

echo "== ui: lint, typecheck, unit tests, build"
(cd ui && npm run lint && npm test && npm run build)

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
# The audio benchmark needs the player's timings (a feature no shipped build has).
cargo clippy --workspace --all-targets --locked --features rehearsalhub-audio/bench-timings -- -D warnings

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
echo "== cargo test (SQLite and PostgreSQL at $DATABASE_URL; bindings up to date)"
set +e
cargo test --workspace --locked --no-fail-fast --exclude rehearsalhub-e2e 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
set -e

echo "== schemathesis against the server's OpenAPI document (no 500s, no answer off the schema)"
set +e
./scripts/schemathesis.sh 25 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
set -e

echo "== WebDriver tests of the app (tauri-driver under Xvfb, in a D-Bus session)"
cargo build -p rehearsalhub -p rehearsalhub-server --locked
# The app plays into a PulseAudio null sink: real-time playback without a sound card.
pulse_dir=$(mktemp -d)
trap 'rm -f "$log"; kill "$(cat "$pulse_dir/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$pulse_dir"' EXIT
PULSE_SERVER=$(scripts/pulse-up.sh "$pulse_dir")
export PULSE_SERVER
set +e
# Inside a private D-Bus session with an unlocked gnome-keyring (its keyrings in a temporary
# folder, never the user's): the keychain and single-instance tests need both.
keyrings=$(mktemp -d)
rm -f target/e2e-logs/axe-report.json target/e2e-logs/axe-report.txt
RH_E2E=1 RH_E2E_DBUS=1 XDG_DATA_HOME="$keyrings" dbus-run-session -- sh -c \
  'printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null &&
   exec xvfb-run -a cargo test -p rehearsalhub-e2e --locked --no-fail-fast -- --test-threads 1' 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
set -e
# What axe-core found on every screen in both themes (tests/e2e/tests/look), for the logs.
if [ -f target/e2e-logs/axe-report.txt ]; then
  echo "== axe-core report (target/e2e-logs/axe-report.txt)"
  cat target/e2e-logs/axe-report.txt
fi

echo "== the packages: build, install with apt-get, run the installed app and server, remove"
set +e
./scripts/package-test.sh 2>&1 | tee -a "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
set -e

# Cargo ends on a doc-test line that may count 0 tests; print the whole run's total last.
passed=$(grep -E '^test result: ' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -E '^test result: ' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
echo "summary: $passed passed, $failed failed"
exit "$status"
