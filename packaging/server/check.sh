#!/usr/bin/env bash
# Checks the office server's package (make test-package): builds it from the given binary (the
# debug build in make test, to save a release build), then checks its name, files and scripts,
# unpacks it into a throw-away root and starts the unpacked server on loopback until it answers.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="${1:?usage: check.sh BINARY}"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "package-check: $*" >&2; exit 1; }
# Output is read whole before grep sees it: `cmd | grep -q` under pipefail fails at random when grep
# exits at its first match and the writer dies of SIGPIPE (CI failed on that once).
has() { grep -q -- "$1" <<<"$2"; }

deb="$("$here/build-deb.sh" "$bin" "$work/out")"
[ "$(dpkg-deb -f "$deb" Package)" = minyi-server ] || fail "the package name is not minyi-server"
has "办公室服务器" "$(dpkg-deb -f "$deb" Description)" || fail "the description lost its Chinese"
files="$(dpkg-deb -c "$deb")"
for f in ./usr/bin/minyi-server ./lib/systemd/system/minyi-server.service ./etc/default/minyi-server \
  ./usr/share/doc/minyi-server/README; do
  grep -q " $f\$" <<<"$files" || fail "missing $f"
done
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/default/minyi-server "$work/control/conffiles" || fail "/etc/default is not a conffile"
for s in postinst prerm postrm; do sh -n "$work/control/$s" || fail "$s does not parse"; done

dpkg-deb -x "$deb" "$work/root"
unit="$work/root/lib/systemd/system/minyi-server.service"
grep -q '^ExecStart=/usr/bin/minyi-server --data-dir ${MINYI_DATA_DIR} serve' "$unit" || fail "unit ExecStart"
grep -q '^User=minyi' "$unit" || fail "the unit does not run as minyi"
server="$work/root/usr/bin/minyi-server"
version="$("$server" --version)" || fail "the packaged binary does not run"
has minyi-server "$version" || fail "the packaged binary does not say it is minyi-server: $version"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$server" --data-dir "$work/data" serve --listen "127.0.0.1:$port" >"$work/out.txt" 2>"$work/log.txt" &
pid=$!
for _ in $(seq 1 100); do
  has '"ok"' "$(curl -sk "https://127.0.0.1:$port/healthz" || true)" && break
  sleep 0.1
done
has '"ok"' "$(curl -sk "https://127.0.0.1:$port/healthz" || true)" || fail "the unpacked server does not answer"
grep -q "证书指纹" "$work/out.txt" || fail "the first start does not announce its fingerprint"
echo "package-check: $(basename "$deb") ($(du -h "$deb" | cut -f1)) installs its files, and its server answers"
