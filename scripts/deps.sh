#!/usr/bin/env bash
# Installs what building and testing RehearsalHub needs on Debian 12, skipping what is
# already there: system packages (apt-get, with sudo when not root), Node.js when missing,
# tauri-driver (cargo), and the UI's npm packages (npm ci). Sourced by run.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
# build-essential: C for the bundled SQLite; webkit2gtk: the app's webview; webkit2gtk-driver,
# xvfb, xauth: WebDriver tests without a display; dbus-daemon, gnome-keyring: a desktop
# session with a real secret service for the keychain and single-instance tests;
# postgresql: the second store's tests; libasound2-dev: the player's ALSA output;
# pulseaudio, libasound2-plugins: a null sink that plays in real time on a headless box;
# sox, lame: the audio tests' FLAC, Ogg and MP3 files (lame writes the gapless tag).
packages=(build-essential pkg-config ca-certificates libwebkit2gtk-4.1-dev librsvg2-dev \
  webkit2gtk-driver xvfb xauth dbus-daemon gnome-keyring postgresql libasound2-dev \
  pulseaudio libasound2-plugins sox lame curl sqlite3 "$@")
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "== cargo install tauri-driver"
  cargo install tauri-driver --locked --version '^2'
fi
export PATH="$HOME/.cargo/bin:$PATH"
echo "== npm ci (ui)"
(cd ui && npm ci --no-audit --no-fund --loglevel=error)
