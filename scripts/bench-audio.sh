#!/usr/bin/env bash
# Audio figures (crates/audio/benches/audio.rs) with a PulseAudio null sink as the output,
# so playback runs in real time as on a sound card. Needs scripts/deps.sh done.
set -euo pipefail
cd "$(dirname "$0")/.."
run=$(mktemp -d)
trap 'kill "$pulse" 2>/dev/null || true; rm -rf "$run"' EXIT
HOME="$run" XDG_RUNTIME_DIR="$run" pulseaudio -n --daemonize=no --exit-idle-time=-1 \
  --use-pid-file=no --disallow-exit --load="module-null-sink sink_name=bench rate=48000" \
  --load="module-native-protocol-unix auth-anonymous=1 socket=$run/native" >/dev/null 2>&1 &
pulse=$!
for _ in $(seq 100); do [ -S "$run/native" ] && break; sleep 0.1; done
PULSE_SERVER="unix:$run/native" cargo bench -p rehearsalhub-audio --bench audio
