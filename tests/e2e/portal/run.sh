#!/usr/bin/env bash
# The public portal in a real browser (decision 0012): its page (portal-ui, Vue 3 + Vant 4, compiled
# into the server) in Debian's Chromium, headless, at a phone's size, driven by playwright-core
# (tests/e2e's npm package; it downloads no browser). Starts a fresh office server with the portal
# on a free port (plain HTTP, as behind the office's proxy), then browser.mjs submits an appeal
# without an account, with a photo attached, looks it up by number + query code, registers, signs
# out and in, submits signed in and sees 我的诉求; the office records its reply through the staff
# API (HTTPS, the certificate's fingerprint pinned) and the citizen rates it on 我的诉求; 信息公开
# and 大字模式. Any console error or CSP violation fails it.
# Screenshots: tests/e2e/output/portal-*.png.
#
#   tests/e2e/portal/run.sh      (MINYI_SERVER_BIN defaults to ${CARGO_TARGET_DIR:-target}/debug/minyi-server)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
server="${MINYI_SERVER_BIN:-$target/debug/minyi-server}"
[ -x "$server" ] || { echo "portal e2e: missing $server (make ui && cargo build -p minyi-server)" >&2; exit 1; }
[ -d "$repo/tests/e2e/node_modules/playwright-core" ] || {
  echo "portal e2e: missing playwright-core (scripts/setup.sh --test installs it)" >&2; exit 1; }
for tool in chromium node; do
  command -v "$tool" >/dev/null || { echo "portal e2e: missing $tool (scripts/setup.sh --test installs it)" >&2; exit 1; }
done

work="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

MINYI_PASSWORD=Portal-e2e-2026 "$server" --data-dir "$work/data" setup \
  --org 云江市民意诉求管理办公室 --admin admin --name 张管理 >/dev/null
: >"$work/server.out" # before the server's own redirect, which happens in the background
"$server" --data-dir "$work/data" serve --listen 127.0.0.1:0 \
  --portal-listen 127.0.0.1:0 --portal-behind-proxy >"$work/server.out" 2>"$work/server.log" &
pid=$!
portal=""
for _ in $(seq 1 100); do
  portal="$(sed -n 's/^网上平台（面向公众）已开放：//p' "$work/server.out")"
  [ -n "$portal" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$portal" ] || { echo "portal e2e: the server did not open the portal" >&2; exit 1; }

mkdir -p "$repo/tests/e2e/output"
rm -f "$repo/tests/e2e/output"/portal-*.png
staff="$(sed -n 's/^民意诉求管理系统 办公室服务器已启动：//p' "$work/server.out")"
fingerprint="$(sed -n 's/^证书指纹（SHA-256）：//p' "$work/server.out")"
PORTAL_URL="http://$portal" STAFF_URL="$staff" STAFF_FINGERPRINT="$fingerprint" \
  STAFF_CERT="$work/data/tls/cert.pem" STAFF_PASSWORD=Portal-e2e-2026 OUTPUT="$repo/tests/e2e/output" node "$here/browser.mjs"
