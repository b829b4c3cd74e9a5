#!/usr/bin/env bash
# Checks the desktop .deb as an office would meet it (make package-check, make test-package):
#
#   packaging/desktop/check.sh [--stripped] DEB_OR_FOLDER
#
# its control fields (an ASCII package name dpkg accepts, the Chinese description, WebKitGTK 4.1
# and a CJK font with alternatives), its files (the app, the admin CLI minyi-cli, the menu entry
# 民意诉求管理系统, the icons), then installs it — `dpkg -i` when run as root on a machine where no
# minyi package is installed yet (CI), otherwise `dpkg -x` into a throw-away root — starts the
# installed app under its own Xvfb with a throw-away MINYI_DATA_DIR until the window 民意诉求管理系统
# shows and draws, runs the installed minyi-cli, and removes the package again (`dpkg -r`).
# --stripped: the binaries must carry no debug information (the `installer` profile's build).
set -euo pipefail
stripped=""
if [ "${1:-}" = --stripped ]; then stripped=1; shift; fi
arg="${1:?usage: check.sh [--stripped] DEB_OR_FOLDER}"
if [ -d "$arg" ]; then
  deb="$(ls -1t "$arg"/minyi_*.deb 2>/dev/null | head -n1 || true)"
else
  deb="$arg"
fi
[ -n "$deb" ] && [ -f "$deb" ] || { echo "package-check: no minyi_*.deb in $arg (make package)" >&2; exit 1; }

work="$(mktemp -d)"
installed=""
xvfb=""
app=""
cleanup() {
  [ -n "$app" ] && kill -- "-$app" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  [ -n "$installed" ] && dpkg -r minyi >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "package-check: $*" >&2
  [ -s "$work/app.log" ] && { echo "--- the app's output:" >&2; tail -n 20 "$work/app.log" >&2; }
  exit 1
}
# Output is read whole before grep sees it: `cmd | grep -q` under pipefail fails at random when grep
# exits at its first match and the writer dies of SIGPIPE (CI failed on that once).
has() { grep -q -- "$1" <<<"$2"; }

# The control fields.
[ "$(dpkg-deb -f "$deb" Package)" = minyi ] || fail "the package name is not minyi"
has "民意诉求管理系统" "$(dpkg-deb -f "$deb" Description)" || fail "the description lost its Chinese"
depends="$(dpkg-deb -f "$deb" Depends)"
grep -q "libwebkit2gtk-4.1-0" <<<"$depends" || fail "no WebKitGTK 4.1 dependency: $depends"
grep -q "fonts-noto-cjk | fonts-wqy-microhei" <<<"$depends" || fail "no CJK font alternatives: $depends"

# The files.
files="$(dpkg-deb -c "$deb")"
for f in usr/bin/minyi usr/bin/minyi-cli usr/share/applications/minyi.desktop \
  usr/share/icons/hicolor/128x128/apps/minyi.png \
  usr/share/doc/minyi/fonts/LICENSE-FandolFang usr/share/doc/minyi/fonts/OFL.txt; do
  grep -Eq " (\./)?$f\$" <<<"$files" || fail "missing /$f"
done
dpkg-deb -x "$deb" "$work/unpacked"
entry="$work/unpacked/usr/share/applications/minyi.desktop"
grep -qx "Name=民意诉求管理系统" "$entry" || fail "the menu entry is not 民意诉求管理系统"
grep -qx "Exec=minyi" "$entry" || fail "the menu entry does not start minyi"
grep -qx "Categories=Office;" "$entry" || fail "the menu entry is not under Office"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$entry" || fail "the menu entry does not validate"
fi
sizes=""
for b in minyi minyi-cli; do
  bin="$work/unpacked/usr/bin/$b"
  if [ -n "$stripped" ] && has '\.debug_' "$(readelf -S --wide "$bin")"; then
    fail "/usr/bin/$b carries debug information"
  fi
  sizes="$sizes $b $(du -m "$bin" | cut -f1) MB,"
done

# Installed.
if [ "$(id -u)" = 0 ] && ! has "ok installed" "$(dpkg-query -W -f='${Status}' minyi 2>/dev/null || true)"; then
  dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; installed=1; fail "dpkg -i failed"; }
  installed=1
  root=""
  how="dpkg -i"
else
  root="$work/unpacked"
  how="unpacked (dpkg -x: not root, or a minyi package is installed here already)"
fi
[ -x "$root/usr/bin/minyi" ] || fail "no /usr/bin/minyi after installing"
help="$("$root/usr/bin/minyi-cli" --help)" || fail "the installed minyi-cli does not run"
has "minyi-cli" "$help" || fail "the installed minyi-cli does not name itself in its help"

# Started under Xvfb, with a data folder of its own, until the window shows and draws.
command -v Xvfb >/dev/null || fail "Xvfb missing (apt-get install xvfb)"
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
exec 3>&-
for _ in $(seq 1 50); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || fail "Xvfb did not start"
export DISPLAY=":$(head -n1 "$work/display")"
launcher=()
command -v dbus-run-session >/dev/null && launcher=(dbus-run-session --)
# A session of its own (setsid): the app, its WebKit processes and its bus end together.
MINYI_DATA_DIR="$work/data" setsid "${launcher[@]}" "$root/usr/bin/minyi" >"$work/app.log" 2>&1 &
app=$!
seen=""
for _ in $(seq 1 120); do
  if has '"民意诉求管理系统": ("minyi" "Minyi")' "$(xwininfo -root -tree 2>/dev/null || true)"; then
    seen=1
    break
  fi
  kill -0 "$app" 2>/dev/null || fail "the installed app exited"
  sleep 0.5
done
[ -n "$seen" ] || fail "no window 民意诉求管理系统 within 60 s"
# The page drew (a blank or black window has a handful of colours; the set-up page has hundreds).
colours=0
for _ in $(seq 1 40); do
  import -window root "$work/shot.png" 2>/dev/null &&
    colours="$(identify -format '%k' "$work/shot.png" 2>/dev/null || echo 0)"
  [ "$colours" -gt 100 ] && break
  sleep 0.5
done
[ "$colours" -gt 100 ] || fail "the window shows but draws nothing ($colours colours)"
[ -f "$work/data/minyi.db" ] || [ -d "$work/data" ] || fail "the app did not use MINYI_DATA_DIR"

kill -- "-$app" 2>/dev/null || true
app=""
if [ -n "$installed" ]; then
  dpkg -r minyi >/dev/null || fail "dpkg -r failed"
  installed=""
  [ ! -e /usr/bin/minyi ] && [ ! -e /usr/bin/minyi-cli ] || fail "dpkg -r left /usr/bin/minyi behind"
  how="$how, then dpkg -r"
fi
echo "package-check: $(basename "$deb") ($(du -h "$deb" | cut -f1);${sizes%,}) — $how;" \
  "its window 民意诉求管理系统 shows under Xvfb, and minyi-cli runs"
