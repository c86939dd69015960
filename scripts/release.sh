#!/usr/bin/env bash
# Builds the release packages into dist/ from one release build of both binaries:
#   dist/rehearsalhub_<version>_amd64.deb         the desktop app (Tauri's bundler, from the
#                                                 npm package @tauri-apps/cli)
#   dist/rehearsalhub-server_<version>_amd64.deb  the server, its systemd unit and settings
#                                                 (dpkg-deb, from packaging/server/)
# Nothing is fetched but from crates.io, the npm registry and Debian (scripts/deps.sh).
# Prints each package's size and the size of the binaries in them.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' src-tauri/Cargo.toml | head -n 1)
[ "$version" = "$(sed -n 's/^version = "\(.*\)"$/\1/p' crates/server/Cargo.toml | head -n 1)" ] \
  || { echo "the app and the server must carry the same version" >&2; exit 1; }
arch=$(dpkg --print-architecture)

[ -x ui/node_modules/.bin/tauri ] || (cd ui && npm ci --no-audit --no-fund)
(cd ui && npm run build)
# custom-protocol: the UI served from the binary, as a release (no web inspector).
# The `dist` profile (Cargo.toml): small, with the hot crates at full speed.
cargo build --profile dist --locked -p rehearsalhub -p rehearsalhub-server \
  --features rehearsalhub/custom-protocol
out=target/dist

rm -rf dist
mkdir -p dist

# The app: Tauri's bundler reads src-tauri/tauri.conf.json (icon, menu entry, the
# rehearsalhub:// scheme, dependencies) and packages the binary just built.
# `tauri bundle` packages target/release/<app>: it is pointed at a staging target folder
# holding the dist binary (it also stamps the bundle type into the copy it packages).
stage=target/package
rm -rf "$stage"
install -D -m 0755 "$out"/rehearsalhub "$stage"/release/rehearsalhub
(cd src-tauri && CARGO_TARGET_DIR="$PWD/../$stage" ../ui/node_modules/.bin/tauri bundle \
  --bundles deb --features custom-protocol)
# The bundler names the package after the product ("rehearsal-hub") and lists GTK and
# WebKit twice: the package is unpacked, renamed `rehearsalhub` (as the server is
# `rehearsalhub-server`), its dependencies listed once, and packed again with xz.
app=$(mktemp -d)
trap 'rm -rf "$app"' EXIT
dpkg-deb -R "$stage"/release/bundle/deb/RehearsalHub_"$version"_"$arch".deb "$app/root"
chmod 0755 "$app/root"
python3 - "$app/root/DEBIAN/control" <<'PY'
import sys
path = sys.argv[1]
out = []
for line in open(path):
    key, _, value = line.partition(":")
    if key == "Package":
        line = "Package: rehearsalhub\n"
    elif key in ("Depends", "Recommends"):
        seen = []
        for dep in (d.strip() for d in value.split(",")):
            if dep and dep not in seen:
                seen.append(dep)
        line = f"{key}: {', '.join(seen)}\n"
    out.append(line)
open(path, "w").write("".join(out))
PY
dpkg-deb --root-owner-group -Zxz --build "$app/root" dist/rehearsalhub_"$version"_"$arch".deb >/dev/null

# The server: a plain Debian package with its unit, its settings (a conffile) and the
# scripts that create its system user.
root=$(mktemp -d)
trap 'rm -rf "$app" "$root"' EXIT
install -D -m 0755 "$out"/rehearsalhub-server "$root/usr/bin/rehearsalhub-server"
install -D -m 0644 packaging/server/rehearsalhub-server.service \
  "$root/lib/systemd/system/rehearsalhub-server.service"
install -D -m 0600 packaging/server/server.env "$root/etc/rehearsalhub/server.env"
install -D -m 0644 packaging/server/copyright "$root/usr/share/doc/rehearsalhub-server/copyright"
install -d "$root/DEBIAN"
install -m 0755 packaging/server/postinst packaging/server/prerm packaging/server/postrm "$root/DEBIAN/"
echo /etc/rehearsalhub/server.env > "$root/DEBIAN/conffiles"
chmod 0755 "$root"
(cd "$root" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) \
  >"$root/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
  packaging/server/control > "$root/DEBIAN/control"
dpkg-deb --root-owner-group -Zxz --build "$root" \
  dist/rehearsalhub-server_"$version"_"$arch".deb >/dev/null

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }
for f in dist/*.deb; do printf '%-48s %s\n' "$(basename "$f")" "$(mb "$f")"; done
printf '%-48s %s\n' "app binary (rehearsalhub)" "$(mb "$stage"/release/rehearsalhub)"
printf '%-48s %s\n' "server binary (rehearsalhub-server)" "$(mb "$out"/rehearsalhub-server)"
