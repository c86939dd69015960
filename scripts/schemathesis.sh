#!/usr/bin/env bash
# Fuzzes rehearsalhub-server from its own OpenAPI document with schemathesis (PyPI), signed
# in as a user who admins one band with a song, a recording and comments (seeded by
# scripts/bench/seed_fuzz.py), following the document's links from answer to operation: no answer may be a 500, and every answer must match the
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
# Data to fuzz against, so every operation has something real to reach: the fuzzing user's
# band with a song, a recording (a real WAV: no fuzzer makes decodable audio), a comment
# and a reply, a pending token invite, and two direct invites to the fuzzer from another
# user's band (one to accept, one to decline). Lists answer with them first, and the
# document's links carry their ids to the operations that take them.
token=$(python3 scripts/bench/seed_fuzz.py "$base" "$work/take.wav" "$work/schemathesis.toml")
if [ -z "$token" ]; then
  echo "could not seed the fuzzing data" >&2; exit 1
fi
# `add_version` is left out: its body must decode as audio, which no generated data does
# (its rules are tested in crates/server/tests and crates/audio/tests).
"$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$base/api/v1/openapi.json" \
  --url "$base/api/v1" \
  -H "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --max-examples "$examples" \
  --exclude-path /auth/logout \
  --exclude-path /events \
  --exclude-operation-id add_version \
  --no-color
