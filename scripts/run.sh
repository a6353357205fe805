#!/usr/bin/env bash
# Sets up a Debian machine, builds inkom (the CLI and the desktop app with its UI) and starts
# the app in demo mode: a fresh data directory under /tmp filled with invented people, every
# class and state represented. Without a display it says how to start the app, and shows the
# CLI on the same demo data instead:
#   target/release/inkom --data-dir demo-data list
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
(cd ui && npm ci --no-audit --no-fund && npm run build)
cargo build --release --locked -p inkom
# The app as a debug build with the UI embedded (a release build takes ~8 minutes on 2 cores).
cargo build --locked -p inkom-app --features custom-protocol
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec target/debug/inkom-app --demo
fi
echo "No display: start the app on a desktop with   target/debug/inkom-app --demo"
echo "(or under Xvfb:   xvfb-run -a target/debug/inkom-app --demo). The CLI on demo data:"
echo
inkom="target/release/inkom"
demo="${INKOM_DEMO_DIR:-demo-data}"
fixtures="../shared/fixtures/synthetic"
mkdir -p "$demo/filer"
export INKOM_DATA_DIR="$demo"
# The demo store is encrypted like a real one, under a passphrase given here so nothing asks.
export INKOM_KEYSTORE=passphrase INKOM_PASSPHRASE="${INKOM_PASSPHRASE:-exempelby-demo-lösenfras}"
if [ ! -f "$demo/inkom.sqlite3" ]; then
  cp "$fixtures/sms/sms-backup-restore_sv_3-konversationer.xml" \
     "$fixtures/email/sv_qp_iso-8859-1.eml" \
     "$fixtures/email/sv_multipart_png-bilaga.eml" \
     "$fixtures/screenshots/Screenshot_20261103-142233_Messages.png" \
     "$fixtures/screenshots/IMG_20261104_101530.jpg" "$demo/filer/"
  "$inkom" settings set organisation "Exempelby kommun, socialnämnden"
  "$inkom" settings set unit "Individ- och familjeomsorgen"
  "$inkom" settings set cull_decision "Dokumenthanteringsplan IFO 2026, § 4.2"
  "$inkom" import "$demo"/filer/*
fi
"$inkom" list
echo
echo "Demo data in $demo (passphrase: $INKOM_PASSPHRASE; the CLI asks for it, or set"
echo "INKOM_PASSPHRASE). Try: $inkom --data-dir $demo show 3"
