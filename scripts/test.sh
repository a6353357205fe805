#!/usr/bin/env bash
# Sets up a Debian machine and runs inkom's whole test suite: formatting, lints, unit and
# integration tests (printing against a private cupsd, and the Windows print verb under Wine),
# the UI's build, unit tests (Vitest) and browser tests (Playwright with
# Debian's Chromium, IPC mocked at the Tauri boundary), and the end-to-end test through the real
# app and its real webview (tauri-driver + WebKitWebDriver under Xvfb). This is what CI runs
# (.ci/run).
#
# One feature set for every cargo step (--all-features: the UI embedded in the app, the
# TypeScript bindings check), so nothing is compiled twice.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
# A clean build gains nothing from incremental compilation's caches, which take a disk CI
# does not have to spare (the linker died with SIGBUS when it filled); set it to 1 for
# repeated local runs.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# The UI first: the app embeds ui/dist at compile time.
(cd ui && npm ci --no-audit --no-fund && npm run build && npm test)

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings
# Unit, integration and doc tests of the core and the app shell (incl. the bindings check:
# ui/src/api/bindings must match the Rust views).
cargo test --workspace --exclude inkom-e2e --all-features --locked
# Printing on Windows: the print verb through ShellExecuteExW, cross-built and run under Wine.
scripts/test-windows-print.sh

# The UI in a real browser engine against mocked IPC (needs ui/dist).
(cd ui && npm run test:e2e)

# The main flow through the real app and webview.
cargo build --workspace --all-features --locked --bins
xvfb-run -a -s "-screen 0 1366x768x24" \
  cargo test -p inkom-e2e --all-features --locked -- --test-threads=1
