# Minyi — developer commands. `make test` is what CI runs (.ci/run); `make run` starts the app.
CARGO ?= cargo
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: setup setup-test ui bindings check-bindings lint fmt test test-rust test-rust-pg test-ui test-api test-fuzz test-package test-e2e test-portal fuzz-import run build package package-check package-server bench-db

# What building and running needs (Rust and Node checked, system packages, the npm packages of
# both UIs);
# setup-test adds the test tools (Xvfb, WebKitWebDriver, ImageMagick, tauri-driver, e2e packages).
setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh --test

# The two UIs: the desktop window's (src-tauri/tauri.conf.json: frontendDist = ui/dist) and the
# public portal's page, which minyi-server compiles in (portal-ui/dist; crates/server/build.rs
# stops with a message when it is missing), so every target that builds the server needs this.
ui: setup
	npm --prefix ui run build
	npm --prefix portal-ui run build

# TypeScript types of the Rust types that cross the command surface (ts-rs, see .cargo/config.toml),
# and Commands.ts, the map of every operation to its types. Written afresh, so a type that no longer
# crosses leaves no stale file behind.
bindings: ui
	rm -rf ui/src/bindings
	$(CARGO) test --locked -p minyi-core -p minyi-service -p minyi-app --lib export_bindings -q
	$(CARGO) test --locked -p minyi-analysis --lib export_bindings -q

check-bindings: bindings
	@if [ -n "$$(git status --porcelain -- ui/src/bindings)" ]; then \
	  git status --porcelain -- ui/src/bindings; \
	  echo "ui/src/bindings is stale: run 'make bindings' and commit the result." >&2; exit 1; fi

lint: ui
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fmt:
	$(CARGO) fmt --all

test: setup-test lint check-bindings test-rust test-rust-pg test-ui test-api test-fuzz test-package test-e2e test-portal

# The portal's load test runs 2 × 10 s here, paced and back to back (its figures in
# docs/performance.md are from 2 × 60 s runs).
test-rust: ui
	MINYI_PORTAL_LOAD_SECONDS=10 $(CARGO) test --workspace --locked

# The PostgreSQL store's tests (docs/decisions/0014-postgresql.md §2.6): a throw-away cluster
# (scripts/pg-cluster.sh; fsync off, as nothing is measured), the suites that run on both stores
# with MINYI_TEST_PG naming it (minyi-core's and minyi-service's — tests/pg_schema.rs is
# PostgreSQL's own — and the server's two processes on one database: tests/postgres_processes.rs,
# postgres_load.rs with 50 desks for 10 s, postgres_crash.rs with 11 kills; and minyi-cli's
# bench on a PostgreSQL database, in the same build), and the cluster
# stopped and its folder removed however the tests end. The folder is a fresh one under /tmp,
# which the postgres account can enter when the cluster runs as root. The URL holds the
# cluster's password and is never echoed. `make test` installs PostgreSQL (setup-test); run alone,
# pg-cluster.sh says what to install when it is missing.
test-rust-pg: ui
	@dir=$$(mktemp -d /tmp/minyi-pg.XXXXXX) || exit 1; \
	trap 'scripts/pg-cluster.sh stop "$$dir" 2>/dev/null || rm -rf "$$dir"' EXIT; \
	trap 'exit 130' INT TERM; \
	url=$$(PG_CLUSTER_FAST=1 scripts/pg-cluster.sh start "$$dir") || exit 1; \
	echo "PostgreSQL test cluster in $$dir"; \
	MINYI_TEST_PG="$$url" $(CARGO) test --locked -p minyi-core -p minyi-service && \
	MINYI_TEST_PG="$$url" $(CARGO) test --locked -p minyi-server -p minyi-cli \
		--test postgres_processes --test postgres_load --test postgres_crash --test bench

test-ui: setup
	npm --prefix ui test
	npm --prefix portal-ui test

# Fuzzes the office server's APIs, the staff one and the portal's, against their own OpenAPI
# documents (schemathesis from PyPI, in a virtual environment under ~/.cache/minyi): no request may
# get a server error (tests/api). Like every target that builds minyi-server (or a crate tested
# against it), it needs `ui`: the server compiles in the portal's app (crates/server/build.rs).
test-api: ui
	$(CARGO) build --locked -p minyi-server
	MINYI_SERVER_BIN=$(abspath $(TARGET_DIR))/debug/minyi-server tests/api/fuzz.sh

# Fuzzes the batch reader (crates/sheets/fuzz: cargo-fuzz, libFuzzer, the nightly toolchain) for
# FUZZ_SECONDS. New inputs go to a scratch corpus in the target directory; the seed corpus kept in
# the repository (crates/sheets/fuzz/corpus/read_table) is read, not written. A crash leaves its
# input in crates/sheets/fuzz/artifacts/ and fails the target.
FUZZ_SECONDS ?= 60
fuzz-import:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	mkdir -p $(TARGET_DIR)/fuzz-corpus/read_table
	cd crates/sheets && $(CARGO) +nightly fuzz run read_table \
	  $(abspath $(TARGET_DIR))/fuzz-corpus/read_table fuzz/corpus/read_table \
	  -- -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048

# In `make test`: the batch reader fuzzed for half a minute (a longer run: `make fuzz-import`).
test-fuzz:
	$(MAKE) fuzz-import FUZZ_SECONDS=30

# The two .debs built from the debug binaries (release builds are what `make package-server` and
# `make package` ship; one more whole build of the workspace would be too long for CI): the office
# server's, its files checked and its server started from the unpacked package; the desktop's,
# checked as `make package-check` does (installed, its window seen under Xvfb, removed).
test-package: setup-test ui
	$(CARGO) build --locked -p minyi-server -p minyi-cli
	packaging/server/check.sh $(abspath $(TARGET_DIR))/debug/minyi-server
	cd src-tauri && ../ui/node_modules/.bin/tauri build --debug --bundles deb --config \
	  '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/minyi-cli":"$(abspath $(TARGET_DIR))/debug/minyi-cli"}}}}}' \
	  -- --locked
	packaging/desktop/check.sh $(TARGET_DIR)/debug/bundle/deb

# Drives the real window through tauri-driver + WebKitWebDriver under Xvfb (tests/e2e).
test-e2e: setup-test ui
	$(CARGO) build --locked -p minyi-app -p minyi-cli -p minyi-server
	MINYI_APP_BIN=$(abspath $(TARGET_DIR))/debug/minyi MINYI_CLI_BIN=$(abspath $(TARGET_DIR))/debug/minyi-cli \
	  MINYI_SERVER_BIN=$(abspath $(TARGET_DIR))/debug/minyi-server tests/e2e/run.sh

# The public portal in headless Chromium at a phone's size (tests/e2e/portal, decision 0012):
# the Vant app driven by playwright-core (no browser downloaded): submit with a photo, receipt, lookup,
# account, 我的诉求 and rating, 大字模式; screenshots in tests/e2e/output/portal-*.png.
test-portal: setup-test ui
	$(CARGO) build --locked -p minyi-server
	MINYI_SERVER_BIN=$(abspath $(TARGET_DIR))/debug/minyi-server tests/e2e/portal/run.sh

run: ui
	$(CARGO) build --locked -p minyi-app
	$(TARGET_DIR)/debug/minyi

build: ui
	$(CARGO) build --workspace --release --locked

# The desktop .deb, minyi_<version>_<arch>.deb, in $(TARGET_DIR)/installer/bundle/deb (Tauri CLI from
# npm; Linux settings in src-tauri/tauri.linux.conf.json): the app as /usr/bin/minyi, the admin CLI
# as /usr/bin/minyi-cli, both from the `installer` profile (release, no debug information), and the
# menu entry 民意诉求管理系统. It needs WebKitGTK 4.1 and a CJK font (see README).
DEB_PROFILE ?= installer
package: ui
	$(CARGO) build --locked --profile $(DEB_PROFILE) -p minyi-cli
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb --config \
	  '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/minyi-cli":"$(abspath $(TARGET_DIR))/$(DEB_PROFILE)/minyi-cli"}}}}}' \
	  -- --locked --profile $(DEB_PROFILE)
	@ls -1 $(TARGET_DIR)/$(DEB_PROFILE)/bundle/deb/minyi_*.deb

# The package `make package` built, checked: its name and files, installed (dpkg -i as root, else
# unpacked into a throw-away root), the installed app started under Xvfb until its window shows,
# the installed minyi-cli run, and the package removed again (packaging/desktop/check.sh).
package-check: setup-test package
	packaging/desktop/check.sh --stripped $(TARGET_DIR)/installer/bundle/deb

# The office server's .deb (systemd service minyi-server, data in /var/lib/minyi-server).
package-server: ui
	$(CARGO) build --locked --release -p minyi-server
	packaging/server/build-deb.sh $(abspath $(TARGET_DIR))/release/minyi-server $(abspath $(TARGET_DIR))/release/bundle/deb

# A million-appeal database for `minyi-cli bench` (see docs/performance.md).
bench-db: build
	rm -f target/bench.db target/bench.db-wal target/bench.db-shm
	time $(TARGET_DIR)/release/minyi-cli --db target/bench.db demo --appeals 1000000 --seed 1
