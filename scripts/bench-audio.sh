#!/usr/bin/env bash
# Audio figures (crates/audio/benches/audio.rs) with a PulseAudio null sink as the output,
# so playback runs in real time as on a sound card. Needs scripts/deps.sh done.
set -euo pipefail
cd "$(dirname "$0")/.."
run=$(mktemp -d)
trap 'kill "$(cat "$run/pid")" 2>/dev/null || true; rm -rf "$run"' EXIT
PULSE_SERVER=$(scripts/pulse-up.sh "$run") cargo bench -p rehearsalhub-audio --features bench-timings --bench audio
