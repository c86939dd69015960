#!/usr/bin/env bash
# The song search on a band of 10,000 songs, 50,000 versions and 500 rehearsal sessions, in
# the core, on SQLite and on PostgreSQL (started by postgres-up.sh): prints the median and
# 90th percentile of each filter alone and of all together, for the first screenful the
# app asks for and for every match. Takes about ten minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE_URL=$(scripts/postgres-up.sh | tail -n 1)
export DATABASE_URL
cargo bench -p rehearsalhub-conformance --bench song_search --locked
