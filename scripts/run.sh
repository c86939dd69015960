#!/usr/bin/env bash
# Sets everything up and launches the desktop app. Extra arguments go to the app, e.g.
#   ./scripts/run.sh --data-dir /tmp/band
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/deps.sh
(cd ui && npm run build)
cargo build -p rehearsalhub --locked
exec target/debug/rehearsalhub "$@"
