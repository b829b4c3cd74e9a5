#!/usr/bin/env bash
# Installs what building, running and testing Minyi needs on a Debian/Ubuntu machine, skipping
# whatever is already there: system libraries and tools (apt, as root or through sudo — otherwise
# it prints the exact command and stops), the UI's and the e2e tests' npm packages, tauri-driver.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # building the Tauri app
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev
  libssl-dev pkg-config build-essential file
  # running it headless and testing it; without a CJK font the window draws no Chinese at all
  xvfb xauth x11-utils imagemagick poppler-utils webkit2gtk-driver fonts-noto-cjk
  # the office server's API tests (tests/api)
  curl
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  cmd="apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    bash -c "$cmd"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo bash -c "$cmd"
  else
    echo "缺少系统软件包。请先运行：" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

npm_ci() { # installs a package's node_modules when missing or older than its lock file
  if [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci ui
[ -f tests/e2e/package-lock.json ] && npm_ci tests/e2e

if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  cargo install tauri-driver --version 2.1.0 --locked
fi
