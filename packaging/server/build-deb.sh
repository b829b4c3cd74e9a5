#!/usr/bin/env bash
# Builds the office server's Debian package, minyi-server_<version>_<arch>.deb: the stripped
# server binary, its systemd unit, /etc/default/minyi-server, and the scripts that create the
# service account and start the service. `make package-server` calls it with the release build.
#
#   packaging/server/build-deb.sh [BINARY] [OUT_DIR]
#     BINARY   default ${CARGO_TARGET_DIR:-target}/release/minyi-server
#     OUT_DIR  default ${CARGO_TARGET_DIR:-target}/release/bundle/deb
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
bin="${1:-$target/release/minyi-server}"
out="${2:-$target/release/bundle/deb}"
[ -x "$bin" ] || { echo "build-deb: missing $bin (cargo build --release -p minyi-server)" >&2; exit 1; }

version="$(sed -n 's/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml" | head -n1)"
arch="$(dpkg --print-architecture)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/lib/systemd/system" "$stage/etc/default" \
  "$stage/usr/share/doc/minyi-server"
# Line tables are kept in release builds for backtraces; the package ships the stripped binary.
strip --strip-debug -o "$stage/usr/bin/minyi-server" "$bin"
chmod 0755 "$stage/usr/bin/minyi-server"
install -m 0644 "$here/minyi-server.service" "$stage/lib/systemd/system/minyi-server.service"
install -m 0644 "$here/default" "$stage/etc/default/minyi-server"
install -m 0644 "$here/README" "$stage/usr/share/doc/minyi-server/README"
install -m 0644 "$repo/LICENSE" "$stage/usr/share/doc/minyi-server/copyright" 2>/dev/null ||
  printf 'Minyi (民意诉求管理系统) — MIT licence.\n' >"$stage/usr/share/doc/minyi-server/copyright"
install -m 0755 "$here/postinst" "$here/prerm" "$here/postrm" "$stage/DEBIAN/"
echo /etc/default/minyi-server >"$stage/DEBIAN/conffiles"
size="$(du -sk "$stage" | cut -f1)"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: minyi-server
Version: $version
Architecture: $arch
Maintainer: Minyi <minyi@localhost>
Installed-Size: $size
Depends: libc6, adduser
Section: net
Priority: optional
Homepage: https://localhost/minyi
Description: 民意诉求管理系统 办公室服务器 (Minyi office server)
 The office server of Minyi, the public-appeals management system: every desk of an
 office (the desktop app in 联网 mode, minyi-cli --server) works on its one database
 over HTTPS. Runs as the systemd service minyi-server; data in /var/lib/minyi-server.
CONTROL
mkdir -p "$out"
deb="$out/minyi-server_${version}_${arch}.deb"
dpkg-deb --root-owner-group --build "$stage" "$deb" >/dev/null
echo "$deb"
