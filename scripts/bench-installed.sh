#!/usr/bin/env bash
# Launch time and idle memory of the desktop app as a user runs it: by default the installed
# package's /usr/bin/rehearsalhub (scripts/release.sh, then apt-get install ./dist/…deb), or
# the binary given. Under Xvfb, in a private D-Bus session, through tauri-driver: median time
# to the first interactive screen (the sign-in screen) over 5 launches, and the proportional
# set size of the app and its WebKit processes after 5 s idle on it (--mappings shows where
# it goes). See scripts/bench/app_launch_memory.py.
#
# Usage: scripts/bench-installed.sh [APP_BINARY] [--launches N] [--idle S] [--mappings]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=/usr/bin/rehearsalhub
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then bin=$1; shift; fi
[ -x "$bin" ] || { echo "no app at $bin: install dist/rehearsalhub_*.deb or name a binary" >&2; exit 1; }
command -v tauri-driver >/dev/null || { echo "tauri-driver is missing: run scripts/deps.sh" >&2; exit 1; }
ls -la "$bin" | awk '{printf "app binary: %.1f MB\n", $5 / 1048576}'
exec dbus-run-session -- xvfb-run -a python3 scripts/bench/app_launch_memory.py "$bin" "$@"
