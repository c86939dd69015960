#!/usr/bin/env bash
# Fuzzes rehearsalhub-server from its own OpenAPI document with schemathesis (PyPI), signed
# in as a user who admins one band: no answer may be a 500, and every answer must match the
# document (status, content type, headers, JSON schema). Runs on SQLite in a temporary
# folder. Exit status is schemathesis's. `GET /events` is left out: an event stream never
# ends, so there is no answer to check (its tests are crates/conformance/tests/events_http.rs).
#
# Usage: scripts/schemathesis.sh [max examples per operation, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-60}
venv=${RH_SCHEMATHESIS_VENV:-target/schemathesis-venv}
if [ ! -x "$venv/bin/schemathesis" ]; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's own python3 keeps venv in a separate package.
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q "schemathesis>=4,<5"
fi
cargo build -p rehearsalhub-server --locked
work=$(mktemp -d)
# Never the DATABASE_URL the other tests use: its users and bands would be fuzzed too.
env -u DATABASE_URL target/debug/rehearsalhub-server --listen 127.0.0.1:0 --data-dir "$work" \
  --rate-limit-per-minute 0 >"$work/out" 2>"$work/err" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$work/out" 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$work/out")
if [ -z "$base" ]; then
  echo "the server did not start:" >&2; cat "$work/err" >&2; exit 1
fi
registered=$(curl -s -X POST "$base/api/v1/auth/register" -H 'Content-Type: application/json' \
  -d '{"username":"fuzzer","password":"fuzzer-password"}')
token=$(printf '%s' "$registered" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("token", ""))')
if [ -z "$token" ]; then
  echo "could not register the fuzzing user: $registered" >&2; exit 1
fi
curl -s -X POST "$base/api/v1/bands" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"name":"Fuzz band"}' >/dev/null
"$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
  --url "$base/api/v1" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "$examples" \
  --exclude-path /auth/logout \
  --exclude-path /events \
  --no-color
