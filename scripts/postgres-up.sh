#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL on 127.0.0.1:5432, and creates the
# role and database the tests use. Prints the DATABASE_URL to use. Idempotent.
set -euo pipefail
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
ver=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
  $SUDO pg_createcluster "$ver" main >/dev/null
fi
pg_lsclusters -h | grep -q "^$ver *main .*online" || $SUDO pg_ctlcluster "$ver" main start
for _ in $(seq 1 30); do
  as_pg psql -qtAc 'SELECT 1' >/dev/null 2>&1 && break
  sleep 0.5
done
# A server for a test suite: more connections than the default 100 (two pools of 16 per
# concurrency test, tests in parallel).
as_pg psql -qtAc "ALTER SYSTEM SET max_connections = 300" >/dev/null
if [ "$(as_pg psql -qtAc 'SHOW max_connections')" != "300" ]; then
  $SUDO pg_ctlcluster "$ver" main restart
  for _ in $(seq 1 30); do
    as_pg psql -qtAc 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
as_pg psql -qtAc "SELECT 1 FROM pg_roles WHERE rolname='rehearsalhub'" | grep -q 1 ||
  as_pg psql -qc "CREATE ROLE rehearsalhub LOGIN PASSWORD 'rehearsalhub' CREATEDB" >/dev/null
as_pg psql -qtAc "SELECT 1 FROM pg_database WHERE datname='rehearsalhub_test'" | grep -q 1 ||
  as_pg psql -qc "CREATE DATABASE rehearsalhub_test OWNER rehearsalhub" >/dev/null
echo "postgres://rehearsalhub:rehearsalhub@127.0.0.1:5432/rehearsalhub_test"
