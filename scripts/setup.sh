#!/usr/bin/env bash
# Installs the system packages the workspace builds with and builds it. (The desktop app
# that this command will launch comes with the desktop issue.)
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
packages=(build-essential pkg-config ca-certificates)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cargo build --workspace --locked
echo "Built the core and both stores. There is no app to launch yet (see README)."
