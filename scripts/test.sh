#!/usr/bin/env bash
# Sets up everything the tests need on a fresh Debian 12 machine with a Rust toolchain,
# then runs every check and test: rustfmt, clippy, and the whole workspace's tests on
# SQLite and PostgreSQL. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
# build-essential: the C compiler for the bundled SQLite; postgresql: the second store.
packages=(build-essential pkg-config ca-certificates postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

if [ -z "${DATABASE_URL:-}" ]; then
  echo "== starting PostgreSQL"
  DATABASE_URL=$(./scripts/postgres-up.sh | tail -n 1)
fi
export DATABASE_URL
# The PostgreSQL half of the conformance suite must run, not skip.
export RH_REQUIRE_POSTGRES=1

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test (SQLite and PostgreSQL at $DATABASE_URL)"
log=$(mktemp)
set +e
cargo test --workspace --locked 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Cargo ends on a doc-test line that may count 0 tests; print the whole run's total last.
passed=$(grep -Eo '^test result: .* ([0-9]+) passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^test result: .* ([0-9]+) failed' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "summary: $passed passed, $failed failed"
exit "$status"
