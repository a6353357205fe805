#!/usr/bin/env bash
# Sets up a Debian machine and runs inkom's whole test suite: formatting, lints, unit and
# integration tests. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
# Unit, integration and doc tests (doc tests run last).
cargo test --locked
