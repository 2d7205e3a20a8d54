#!/usr/bin/env bash
# Sets up whatever is missing, then runs every test layer of Invite Desk: lints, Rust unit and
# integration tests (with a real SQLite file and a throwaway real keychain), the web view in
# Chromium, and end-to-end tests on the real app window over WebDriver.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
bash scripts/setup.sh
export CARGO_TERM_COLOR=never
# Screenshots and summaries are this run's only: none left from an earlier run under an old name.
rm -rf artifacts
step() { printf '\n==> %s  (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "lint: cargo fmt --check"
cargo fmt --all -- --check
step "lint: UI type check"
npm run --silent typecheck
step "lint: UI linter (Biome)"
npm run --silent lint
step "lint: cargo clippy --all-targets -D warnings"
cargo clippy --locked --all-targets -- -D warnings
step "lint: cargo clippy with the bench feature (benchmark-only code)"
cargo clippy --locked --all-targets --features bench -- -D warnings

step "Rust tests of the benchmark-only history import (feature bench)"
bash scripts/with-keyring.sh cargo test --locked --features bench --test history

# Built after the bench-feature test (which rebuilds the binary with that feature): the window
# the e2e tests drive is the app as it ships.
step "build the debug app"
cargo build --locked

step "Rust tests (real SQLite files, real Secret Service in a throwaway keyring, local mock vendors, a throwaway PostgreSQL server for team mode)"
bash scripts/with-postgres.sh bash scripts/with-keyring.sh cargo test --locked

step "web view in Chromium (IPC mocked)"
npm run --silent test:ui

step "end to end: the real window over WebDriver, throwaway keyring, mock vendors, Xvfb, a throwaway PostgreSQL for team mode"
mkdir -p artifacts
bash scripts/with-postgres.sh bash scripts/with-keyring.sh xvfb-run -a -s "-screen 0 1280x900x24" npm run --silent test:e2e

step "all test layers passed"
