#!/usr/bin/env bash
# The app's queries with N (default 100,000) items stored: inbox pages, FTS5 search beside the
# LIKE scan, opening the store with the first page, purge with the FTS optimize. The store is
# kept in target/desk-bench-N between runs (delete it to regenerate).
set -euo pipefail
# Benchmark stores are encrypted like real ones, with a passphrase (no OS key store entry).
export INKOM_KEYSTORE=passphrase INKOM_PASSPHRASE="${INKOM_PASSPHRASE:-benchmark-lösenfras}"
cd "$(dirname "$0")/.."
n="${1:-100000}"
cargo run --release --locked --example desk_bench -- "$n" "target/desk-bench-$n"
