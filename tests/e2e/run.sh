#!/usr/bin/env bash
# Runs the end-to-end scenarios against the real app window (tauri-driver + WebKitWebDriver, under
# its own Xvfb unless DISPLAY is set). Called by the Makefile; also fine by hand:
#
#   tests/e2e/run.sh                      # all scenarios
#   tests/e2e/run.sh 02 05                # scenarios whose file name starts with 02 or 05
#
# Expects built binaries (the app embeds ui/dist at compile time: build the UI first):
#   MINYI_APP_BIN  default ${CARGO_TARGET_DIR:-target}/debug/minyi
#   MINYI_CLI_BIN  default ${CARGO_TARGET_DIR:-target}/debug/minyi-cli
#   MINYI_SERVER_BIN  default ${CARGO_TARGET_DIR:-target}/debug/minyi-server (the 联网 scenarios)
# Other knobs: MINYI_E2E_SERVE_DIST=1 (serve ui/dist on :1420 for a build that loads the dev URL),
# MINYI_E2E_TIMEOUT_MS (default wait, 10000), MINYI_E2E_DRIVER_LOG=1 (print tauri-driver's log on
# failure), MINYI_E2E_OWN_XVFB=1 (start Xvfb even when DISPLAY is set).
# Screenshots of every scenario's last screen: tests/e2e/output/<scenario>.png.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
export MINYI_APP_BIN="${MINYI_APP_BIN:-$target/debug/minyi}"
export MINYI_CLI_BIN="${MINYI_CLI_BIN:-$target/debug/minyi-cli}"
export MINYI_SERVER_BIN="${MINYI_SERVER_BIN:-$target/debug/minyi-server}"

fail() { echo "e2e: $*" >&2; exit 1; }

for bin in "$MINYI_APP_BIN" "$MINYI_CLI_BIN" "$MINYI_SERVER_BIN"; do
  [ -x "$bin" ] || fail "missing binary $bin (build it first, or set MINYI_APP_BIN / MINYI_CLI_BIN / MINYI_SERVER_BIN)"
done
command -v node >/dev/null || fail "node is not installed"
[ -x "${WEBKIT_WEBDRIVER_BIN:-/usr/bin/WebKitWebDriver}" ] || fail "WebKitWebDriver missing (apt-get install webkit2gtk-driver)"
if [ -z "${DISPLAY:-}" ] || [ -n "${MINYI_E2E_OWN_XVFB:-}" ]; then
  command -v Xvfb >/dev/null || fail "Xvfb missing (apt-get install xvfb), and DISPLAY is not set"
fi

# tauri-driver (the WebDriver front that starts the app) — pinned version, into ~/.cargo/bin.
if [ -z "${TAURI_DRIVER_BIN:-}" ] && ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  echo "e2e: installing tauri-driver 2.1.0 …"
  cargo install tauri-driver --version 2.1.0 --locked
fi

# npm dependencies, exactly as locked.
cd "$here"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

files=()
if [ "$#" -eq 0 ]; then
  files=(scenarios/*.test.mjs)
else
  for prefix in "$@"; do
    matched=(scenarios/"$prefix"*.test.mjs)
    [ -e "${matched[0]}" ] || fail "no scenario matches $prefix"
    files+=("${matched[@]}")
  done
fi

mkdir -p output
echo "e2e: app $MINYI_APP_BIN"
start=$(date +%s)
status=0
node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || status=$?
echo "e2e: ${#files[@]} scenario file(s) in $(( $(date +%s) - start )) s; screenshots in $here/output/"
exit "$status"
