#!/usr/bin/env bash
# Starts a PulseAudio daemon with only a null sink, so audio plays in real time on a box
# without a sound card (the player's pacing, position and seek behave as on speakers).
# Its folder is $1 (created); prints the PULSE_SERVER value. Stop it with
# `kill "$(cat "$1/pid")"`.
set -euo pipefail
run=${1:?usage: pulse-up.sh DIR}
mkdir -p "$run"
HOME="$run" XDG_RUNTIME_DIR="$run" nohup pulseaudio -n --daemonize=no --exit-idle-time=-1 \
  --use-pid-file=no --disallow-exit --load="module-null-sink sink_name=rehearsalhub rate=48000" \
  --load="module-native-protocol-unix auth-anonymous=1 socket=$run/native" \
  >"$run/log" 2>&1 &
echo $! >"$run/pid"
for _ in $(seq 100); do [ -S "$run/native" ] && break; sleep 0.1; done
[ -S "$run/native" ] || { cat "$run/log" >&2; exit 1; }
echo "unix:$run/native"
