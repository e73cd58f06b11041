# Eenplan — the two commands of README.md, and the checks CI runs.
.PHONY: run test test-rust test-e2e check

# Build and run Eenplan with the fictitious demo municipality (SQLite in data/).
run:
	cargo run -p eenplan -- serve --demo

# All tests: Rust (SQLite and PostgreSQL) and the browser journeys.
test: test-rust test-e2e

test-rust:
	cargo nextest run --workspace --no-fail-fast

test-e2e:
	tests/e2e/run.sh

check:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
