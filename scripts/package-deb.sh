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
dpkg-deb --contents "$deb" | grep -q './usr/bin/inkom-app' || {
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

# The installed app starts its demo (a fresh temporary data directory) and stays up.
log=$(mktemp)
xvfb-run -a -s "-screen 0 1366x768x24" timeout 20 /usr/bin/inkom-app --demo >"$log" 2>&1 &
runner=$!
sleep 12
if ! pgrep -f '/usr/bin/inkom-app --demo' >/dev/null; then
  echo "the installed app did not stay up:" >&2
  cat "$log" >&2
  exit 1
fi
wait "$runner" || true # timeout ends it
echo "installed package started and ran its demo; ok"
