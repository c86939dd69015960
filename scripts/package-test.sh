#!/usr/bin/env bash
# The packaging test: builds both packages (scripts/release.sh), installs them with apt-get
# on this machine, checks what they put in place, runs the *installed* app through
# WebDriver under Xvfb (its sign-in screen; an invite link opened with xdg-open reaches its
# Join preview), starts the installed server as its systemd unit would (its user, its
# ExecStart, its EnvironmentFile) and passes /health, then removes and purges both packages
# and checks that nothing of theirs is left but the user's data.
#
# Installs on this machine rather than in a debootstrap root: a chroot has no D-Bus session,
# no display and no running app for xdg-open to reach, and CI's machine is a fresh Debian 12
# anyway. Needs root (or sudo), tauri-driver and the e2e crate (scripts/test.sh runs it after
# the WebDriver tests, so nothing is built twice). RH_SKIP_RELEASE=1 reuses dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
fail() { echo "package test: FAILED: $*" >&2; exit 1; }
step() { echo "-- $*"; }

for p in rehearsalhub rehearsalhub-server; do
  ! dpkg -s "$p" >/dev/null 2>&1 || fail "$p is installed already; remove it first"
done
# What the server keeps after removal must be this run's, not an earlier one's.
[ ! -e /var/lib/rehearsalhub ] || fail "/var/lib/rehearsalhub exists (an earlier install's data): move it away first"
[ -n "${RH_SKIP_RELEASE:-}" ] || ./scripts/release.sh
arch=$(dpkg --print-architecture)
app_deb=$(ls dist/rehearsalhub_*_"$arch".deb)
server_deb=$(ls dist/rehearsalhub-server_*_"$arch".deb)
work=$(mktemp -d)
server_pid=""
trap '[ -z "$server_pid" ] || $SUDO kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 0755 "$work"

step "apt-get install ./$app_deb ./$server_deb"
# The packages' dependencies come from Debian: the lists must be there.
apt-cache show xdg-utils >/dev/null 2>&1 || $SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$app_deb" "./$server_deb" >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log"; fail "apt-get install"; }
dpkg -L rehearsalhub rehearsalhub-server | sort -u >"$work/files"
for lib in libwebkit2gtk-4.1-0 libasound2 gnome-keyring xdg-utils; do
  dpkg -s "$lib" >/dev/null 2>&1 || fail "installing the app did not pull $lib"
done
/usr/bin/rehearsalhub --version | grep -Eq '^rehearsalhub [0-9]+\.[0-9]+\.[0-9]+' || fail "rehearsalhub --version"
/usr/bin/rehearsalhub-server --version | grep -Eq '^rehearsalhub-server [0-9]' || fail "rehearsalhub-server --version"

step "the menu entry, its icon and the rehearsalhub:// scheme"
desktop=$(grep -l '^MimeType=.*x-scheme-handler/rehearsalhub' /usr/share/applications/*.desktop) \
  || fail "no desktop entry registers x-scheme-handler/rehearsalhub"
grep -q '^Exec=rehearsalhub.*%u' "$desktop" || fail "$desktop does not pass the link (%u)"
icon=$(sed -n 's/^Icon=//p' "$desktop")
ls /usr/share/icons/hicolor/*/apps/"$icon".png >/dev/null || fail "no icon $icon"
handler=$(XDG_DATA_HOME="$work/none" xdg-mime query default x-scheme-handler/rehearsalhub)
[ "$handler" = "$(basename "$desktop")" ] || fail "xdg-mime names '$handler' for rehearsalhub://"
unit=/lib/systemd/system/rehearsalhub-server.service
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit" || fail "systemd-analyze verify $unit"
fi

step "the installed app through WebDriver (sign-in, About, xdg-open of an invite link)"
home="$work/home"
mkdir -p "$home"
keyrings=$(mktemp -d -p "$work")
RH_E2E=1 RH_E2E_DBUS=1 RH_PACKAGED=1 RH_APP_BIN=/usr/bin/rehearsalhub RH_PACKAGE_HOME="$home" \
  XDG_DATA_HOME="$keyrings" dbus-run-session -- sh -c \
  'printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null &&
   exec xvfb-run -a cargo test -p rehearsalhub-e2e --locked --test package -- --test-threads 1 --nocapture'
app_data="$home/.local/share/app.rehearsalhub.desktop"
[ -f "$app_data/rehearsalhub.db" ] || fail "the app kept no data in $app_data"

step "the installed server as its unit starts it"
user=$(sed -n 's/^User=//p' "$unit")
envfile=$(sed -n 's/^EnvironmentFile=//p' "$unit")
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
port=$(sed -n 's/^RH_LISTEN=.*:\([0-9]*\)$/\1/p' "$envfile")
[ -n "$user" ] && [ -n "$envfile" ] && [ -n "$exec_start" ] && [ -n "$port" ] || fail "cannot read $unit"
getent passwd "$user" >/dev/null || fail "the package did not create the user $user"
! curl -fsS "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 || fail "something answers on port $port already"
# systemd reads EnvironmentFile as root, takes its NAME=value lines as they are (no shell
# expansion; `#` and `;` lines are comments) and starts ExecStart as User= with only them.
settings=()
while IFS= read -r line; do
  case $line in ''|'#'*|';'*) ;; [A-Za-z_]*=*) settings+=("$line") ;; esac
done < <($SUDO cat "$envfile")
# shellcheck disable=SC2086 # ExecStart is a command line, split as systemd splits it
$SUDO env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${settings[@]}" runuser -u "$user" -- $exec_start \
  >"$work/server.log" 2>&1 &
server_pid=$!
: >"$work/health"
for _ in $(seq 100); do
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "the server exited"; }
  if grep -q '^listening on' "$work/server.log" 2>/dev/null \
    && curl -fsS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/health" \
      >"$work/health" 2>/dev/null; then
    break
  fi
  sleep 0.2
done
[ "$(cat "$work/health")" = 200 ] || { cat "$work/server.log"; fail "/api/v1/health did not answer 200"; }
echo "   /health: $(cat "$work/health")"
[ "$(stat -c %U /var/lib/rehearsalhub/rehearsalhub.db)" = "$user" ] \
  || fail "the server's database is not in /var/lib/rehearsalhub, owned by $user"
$SUDO kill "$server_pid" 2>/dev/null || true
wait "$server_pid" 2>/dev/null || true
server_pid=""

step "apt-get remove, then purge"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq rehearsalhub rehearsalhub-server >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log"; fail "apt-get remove"; }
# Debian keeps a removed package's settings (conffiles) until it is purged.
left=$(while read -r f; do [ -d "$f" ] || [ ! -e "$f" ] || echo "$f"; done <"$work/files" \
  | grep -v '^/etc/rehearsalhub/server.env$' || true)
[ -z "$left" ] || fail "left after remove: $left"
# The app has no conffile: removed, it is gone already; dpkg purges what is left.
$SUDO dpkg --purge rehearsalhub rehearsalhub-server >"$work/apt.log" 2>&1 \
  || { cat "$work/apt.log"; fail "dpkg --purge"; }
left=$(while read -r f; do [ -d "$f" ] || [ ! -e "$f" ] || echo "$f"; done <"$work/files" || true)
[ -z "$left" ] || fail "left after purge: $left"
[ ! -e /etc/rehearsalhub ] || fail "/etc/rehearsalhub is left after purge"
[ ! -e /lib/systemd/system/rehearsalhub-server.service ] || fail "the unit is left"
[ ! -L /etc/systemd/system/multi-user.target.wants/rehearsalhub-server.service ] \
  || fail "the service is still enabled"
# What stays is the users': the app's data in their home (and no menu entry the app wrote
# there), the band server's recordings and database.
[ -f "$app_data/rehearsalhub.db" ] || fail "removing the app took the user's data"
[ -z "$(find "$home" -path '*applications*' -name '*.desktop')" ] || fail "the app left a desktop entry in the home"
[ -f /var/lib/rehearsalhub/rehearsalhub.db ] || fail "removing the server took its database"
# Done as an admin would who wants them gone too, so that the next run starts clean.
$SUDO rm -rf /var/lib/rehearsalhub
$SUDO deluser --system rehearsalhub >/dev/null 2>&1 || true
$SUDO delgroup --system rehearsalhub >/dev/null 2>&1 || true
echo "package test: passed (installed, app and server run, removed; user data kept)"
