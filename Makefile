# Minyi — developer commands. `make test` is what CI runs (.ci/run).
CARGO ?= cargo

.PHONY: test lint fmt build bench-db

test: lint
	$(CARGO) test --workspace --locked

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fmt:
	$(CARGO) fmt --all

build:
	$(CARGO) build --workspace --release --locked

# A million-appeal database for `minyi-cli bench` (see docs/performance.md).
bench-db: build
	rm -f target/bench.db target/bench.db-wal target/bench.db-shm
	time target/release/minyi-cli --db target/bench.db demo --appeals 1000000 --seed 1
