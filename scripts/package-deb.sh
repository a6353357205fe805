#!/usr/bin/env bash
# Builds the Linux package from a clean clone and proves it installs and starts: the release
# check for issue 18's "Installing" (not run by CI: a release build takes about 8 minutes on
# 2 cores). Needs root or sudo for apt-get; the package is removed again at the end.
#
#   scripts/package-deb.sh            build, install, start the demo under Xvfb, remove
#   KEEP_INSTALLED=1 scripts/package-deb.sh   … and leave it installed
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
(cd ui && npm ci --no-audit --no-fund && npm run package:deb)

deb=$(ls -t target/release/bundle/deb/inkom_*_amd64.deb | head -1)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Depends):'
# Listed as "./usr/bin/…" by older bundlers and "usr/bin/…" by Tauri 2.12; captured first, since
# `grep -q` closing the pipe early would fail the pipeline under pipefail.
contents=$(dpkg-deb --contents "$deb")
grep -Eq '(^| |\./)usr/bin/inkom-app$' <<<"$contents" || {
  echo "the package has no /usr/bin/inkom-app" >&2
  exit 1
}

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get install -y "./$deb"
cleanup() {
  [ -n "${KEEP_INSTALLED:-}" ] || $sudo apt-get remove -y inkom >/dev/null
}
trap cleanup EXIT

# The installed app starts its demo (a fresh temporary data directory) and stays up; inside the
# same Xvfb screen a screenshot proves the webview drew something (a blank or failed webview is one
# or two colours; the demo inbox is hundreds). `pgrep -f` is not used: it would also match the
# wrapper's own command line after the app had died.
work=$(mktemp -d)
xvfb-run -a -s "-screen 0 1366x768x24" bash -c '
  /usr/bin/inkom-app --demo >"$1/app.log" 2>&1 &
  app=$!
  sleep 15
  kill -0 "$app" 2>/dev/null || { echo "exited early" >"$1/result"; exit 0; }
  [ -f "${TMPDIR:-/tmp}/inkom-demo-$app/inkom.sqlite3" ] || { echo "no demo store" >"$1/result"; kill "$app"; exit 0; }
  import -window root "$1/screen.png"
  kill "$app"; wait "$app" 2>/dev/null
  rm -rf "${TMPDIR:-/tmp}/inkom-demo-$app" # SIGTERM skips the clean-up the app does on exit
  echo "ran" >"$1/result"
' _ "$work"
if [ "$(cat "$work/result" 2>/dev/null)" != "ran" ]; then
  echo "the installed app did not stay up with its demo store ($(cat "$work/result" 2>/dev/null)):" >&2
  cat "$work/app.log" >&2
  exit 1
fi
colours=$(identify -format '%k' "$work/screen.png")
if [ "$colours" -lt 50 ]; then
  echo "the installed app's window looks empty ($colours colours; screenshot $work/screen.png)" >&2
  exit 1
fi
echo "installed package started and ran its demo for 15 s (screen: $colours colours); ok"
