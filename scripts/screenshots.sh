#!/usr/bin/env bash
# Takes screenshots of every screen of the app, in the light and the dark theme, at 1100×760
# and 1600×1000, into docs/screenshots/<screen>-<theme>-<w>x<h>.png: builds the UI and the
# app (debug, as scripts/test.sh does), then runs the look WebDriver test
# (tests/e2e/tests/look) with RH_SCREENSHOTS set, under Xvfb on a screen large enough for
# the biggest size, in a private D-Bus session. That test also checks every screen with
# axe-core (its report: target/e2e-logs/axe-report.txt). Needs what scripts/deps.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

echo "== building the UI and the app"
(cd ui && npm run build)
cargo build -p rehearsalhub --locked

out=docs/screenshots
mkdir -p "$out"
rm -f "$out"/*.png

# The app starts its player on a PulseAudio null sink, as in scripts/test.sh.
pulse_dir=$(mktemp -d)
keyrings=$(mktemp -d)
trap 'kill "$(cat "$pulse_dir/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$pulse_dir" "$keyrings"' EXIT
PULSE_SERVER=$(scripts/pulse-up.sh "$pulse_dir")
export PULSE_SERVER

echo "== screenshots into $out"
RH_E2E=1 RH_SCREENSHOTS="$PWD/$out" XDG_DATA_HOME="$keyrings" dbus-run-session -- sh -c \
  'printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null &&
   exec xvfb-run -a -s "-screen 0 2560x1440x24" cargo test -p rehearsalhub-e2e --locked --test look \
     -- --test-threads 1 every_screen_passes_axe' || status=$?
echo "$(find "$out" -name '*.png' | wc -l) screenshots in $out"
[ "${status:-0}" -eq 0 ] || echo "the look test failed (above; axe's report: target/e2e-logs/axe-report.txt)" >&2
exit "${status:-0}"
