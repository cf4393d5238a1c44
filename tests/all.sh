#!/usr/bin/env bash
# Runs every test of kep-ls: formatting, lints, the Rust tests (unit, fixtures, end-to-end over stdio, and the
# real-corpus tests when ../shared/corpus exists). Installs nothing system-wide.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --locked --all-targets -- -D warnings

step "cargo test"
cargo test --locked --workspace

step "all tests passed"
