#!/usr/bin/env bash
# Sets up a Debian machine, builds inkom, loads a demo data set (invented people only) into
# ./demo-data and shows it. Run inkom yourself afterwards with:
#   target/release/inkom --data-dir demo-data list
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
cargo build --release --locked
inkom="target/release/inkom"
demo="${INKOM_DEMO_DIR:-demo-data}"
fixtures="../shared/fixtures/synthetic"
mkdir -p "$demo/filer"
export INKOM_DATA_DIR="$demo"
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
echo "Demo data in $demo. Try: $inkom --data-dir $demo show 1"
