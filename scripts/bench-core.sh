#!/usr/bin/env bash
# Runs the core's criterion benchmarks on SQLite (use cases, and comments) and prints each benchmark's median.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p rehearsalhub-conformance --bench core_sqlite --bench comments_sqlite -- "$@" >&2
echo
printf '%-48s %12s\n' benchmark median
for f in target/criterion/core_sqlite*/*/new/estimates.json; do
  name=$(echo "$f" | sed -E 's|target/criterion/([^/]+)/([^/]+)/new/.*|\1/\2|')
  python3 - "$f" "$name" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["median"]["point_estimate"]
unit = "µs" if m < 1e6 else "ms"
print(f"{sys.argv[2]:<48} {m/1e3 if unit=='µs' else m/1e6:10.1f} {unit}")
PY
done
