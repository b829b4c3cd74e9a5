#!/usr/bin/env bash
# Makes a Debian/Ubuntu machine ready for Minyi, skipping whatever is already there:
#
#   scripts/setup.sh          what building and running needs (make run, make build, make package)
#   scripts/setup.sh --test   that, plus what the tests need (make test, make package-check)
#
# First it checks the two toolchains it cannot install for you — Rust (at least the workspace's
# rust-version) and Node.js (what Vite needs) — and, when one is missing or too old, says exactly
# what to install and stops, before anything fails later with a confusing "npm: command not
# found". Then: the system packages (apt, as root or through sudo — otherwise it prints the exact
# command and stops), the npm packages of both UIs (ui/, portal-ui/); with --test also Xvfb,
# WebKitWebDriver, ImageMagick, PostgreSQL and the other test tools, the e2e tests' npm packages
# and tauri-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

with_tests=""
case "${1:-}" in
  --test) with_tests=1 ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--test]" >&2; exit 2 ;;
esac

stop() { # prints the lines given and stops
  printf '%s\n' "$@" >&2
  exit 1
}
# Whether version $1 is at least $2 (dotted numbers).
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# Rust: the workspace's rust-version (Cargo.toml) or newer.
rust_min="$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n1)"
if ! command -v cargo >/dev/null || ! command -v rustc >/dev/null; then
  stop "缺少 Rust 工具链（cargo、rustc），需要 $rust_min 或更新版本。请用 rustup 安装：" \
    "  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y" \
    "  . \"\$HOME/.cargo/env\"" \
    "然后重新运行本命令。"
fi
rust_now="$(rustc --version 2>/dev/null | awk '{print $2}' || true)"
if [ -z "$rust_now" ]; then
  stop "rustc 不能运行（rustup 没有默认工具链？）。请运行：" \
    "  rustup default stable" \
    "然后重新运行本命令。"
fi
if ! at_least "$rust_now" "$rust_min"; then
  stop "Rust $rust_now 太旧，需要 $rust_min 或更新版本。请更新：" \
    "  rustup update stable && rustup default stable" \
    "（不是用 rustup 安装的 Rust，例如 apt 的 rustc，请卸载后按 https://rustup.rs 安装。）"
fi

# Node.js: what Vite 8 accepts (^20.19 or >= 22.12), with npm.
node_help=(
  "请从 NodeSource 安装 Node.js 22（root 或 sudo）："
  "  curl -fsSL https://deb.nodesource.com/setup_22.x | sudo -E bash -"
  "  sudo apt-get install -y nodejs"
  "或用 nvm（当前用户）："
  "  curl -o- https://raw.githubusercontent.com/nvm-sh/nvm/v0.40.3/install.sh | bash"
  "  . \"\$HOME/.nvm/nvm.sh\" && nvm install 22"
  "然后重新运行本命令。"
)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  stop "缺少 Node.js（node、npm），需要 20.19 或更新版本（22.12 以上亦可）。" "${node_help[@]}"
fi
node_now="$(node --version | sed 's/^v//')"
node_major="${node_now%%.*}"
if ! { [ "$node_major" = 20 ] && at_least "$node_now" 20.19; } && ! at_least "$node_now" 22.12; then
  stop "Node.js $node_now 不能用，需要 20.19 以上的 20.x，或 22.12 及更新版本（Vite 的要求）。" \
    "${node_help[@]}"
fi

# System packages. Running and building: WebKitGTK 4.1 and the libraries Tauri links, and a CJK
# font (without one the window draws no Chinese at all).
APT_PACKAGES=(
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev
  libssl-dev pkg-config build-essential fonts-noto-cjk
)
if [ -n "$with_tests" ]; then
  APT_PACKAGES+=(
    # the window headless (Xvfb), its screenshots and e2e driver, the PDFs' text
    xvfb xauth x11-utils imagemagick poppler-utils webkit2gtk-driver
    # the packages' checks (the bundler's `file`, the menu entry's validator) and the API tests
    file desktop-file-utils curl
    # the public portal's browser test (tests/e2e/portal): Debian's Chromium (driven by
    # playwright-core from tests/e2e's npm packages; no browser is downloaded)
    chromium
    # the PostgreSQL store's tests (make test-rust-pg): the server's programs and pg_trgm, which
    # scripts/pg-cluster.sh runs in a throw-away cluster of its own (the package's own service is
    # neither needed nor used)
    postgresql
  )
fi

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
    stop "缺少系统软件包。请先运行：" "  sudo apt-get install -y ${missing[*]}"
  fi
fi

npm_ci() { # installs a package's node_modules when missing or older than its lock file
  if [ ! -d "$1/node_modules" ] || [ "$1/package-lock.json" -nt "$1/node_modules/.package-lock.json" ]; then
    (cd "$1" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}
npm_ci ui
npm_ci portal-ui

if [ -n "$with_tests" ]; then
  [ -f tests/e2e/package-lock.json ] && npm_ci tests/e2e
  if ! command -v tauri-driver >/dev/null 2>&1; then
    cargo install tauri-driver --version 2.1.0 --locked
  fi
fi
