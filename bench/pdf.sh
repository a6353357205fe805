#!/usr/bin/env bash
# PDF benchmark (not a test): N one-page registration sheets (default 1,000) and one diarielista
# of N rows, rendered by inkom's core (release build, one thread) and, in the same run, printed
# from the equivalent HTML by headless Debian Chromium (one browser process and one tab for the
# whole batch, via puppeteer-core). Prints pages per second for both and the ratio.
#
# Installs what it needs: chromium, nodejs/npm, poppler-utils (apt, with sudo when not root) and
# puppeteer-core (npm, into a temporary directory that is removed afterwards).
# Usage: bench/pdf.sh [N]; set INKOM_BENCH_KEEP=DIR to keep the PDFs and HTML there.
set -euo pipefail
# Benchmark stores are encrypted like real ones, with a passphrase (no OS key store entry).
export INKOM_KEYSTORE=passphrase INKOM_PASSPHRASE="${INKOM_PASSPHRASE:-benchmark-lösenfras}"
cd "$(dirname "$0")/.."
n="${1:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null && command -v npm >/dev/null || need_apt+=(nodejs npm)
command -v pdfinfo >/dev/null || need_apt+=(poppler-utils)
if [ "${#need_apt[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
mkdir -p "$work/node"
cp bench/pdf_chromium.cjs "$work/node/"
(cd "$work/node" && npm init -y >/dev/null &&
  npm install --silent --no-audit --no-fund puppeteer-core@24 >/dev/null)

cargo build --release --locked -q --example pdf_bench
echo "inkom:    $(git describe --always --dirty 2>/dev/null || echo '?'), release build, 1 thread"
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -1)"
echo "machine:  $(nproc) CPUs, $(uname -m)"
echo

"${CARGO_TARGET_DIR:-target}/release/examples/pdf_bench" "$work/out" "$n" > "$work/times.jsonl"
node "$work/node/pdf_chromium.cjs" "$work/out/html" "$work/out/chromium" >> "$work/times.jsonl"

pages() { # sum of pages of the given PDFs
  local total=0 p
  for f in "$@"; do
    p=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
    total=$((total + p))
  done
  echo "$total"
}
{
  echo "inkom sheets $(pages "$work"/out/inkom/sheet-*.pdf) $(du -sk --apparent-size "$work"/out/inkom/sheet-*.pdf | awk '{ s += $1 } END { print s }')"
  echo "inkom diarielista $(pages "$work/out/inkom/diarielista.pdf") $(du -k --apparent-size "$work/out/inkom/diarielista.pdf" | cut -f1)"
  echo "chromium sheets $(pages "$work"/out/chromium/sheet-*.pdf) $(du -sk --apparent-size "$work"/out/chromium/sheet-*.pdf | awk '{ s += $1 } END { print s }')"
  echo "chromium diarielista $(pages "$work/out/chromium/diarielista.pdf") $(du -k --apparent-size "$work/out/chromium/diarielista.pdf" | cut -f1)"
} > "$work/pages.txt"
if [ -n "${INKOM_BENCH_KEEP:-}" ]; then
  mkdir -p "$INKOM_BENCH_KEEP" && cp -r "$work/out/." "$INKOM_BENCH_KEEP/"
fi

python3 - "$work/times.jsonl" "$work/pages.txt" "$n" <<'EOF'
import json, sys
times = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    times[(r["engine"], r["what"])] = r["seconds"]
pages, kb = {}, {}
for line in open(sys.argv[2]):
    engine, what, p, k = line.split()
    pages[(engine, what)] = int(p)
    kb[(engine, what)] = int(k)
n = int(sys.argv[3])
print(f"{'':34} {'pages':>6} {'seconds':>8} {'pages/s':>9} {'size':>9}")
rate = {}
for what, label in [("sheets", f"{n} registration sheets"), ("diarielista", f"diarielista, {n} rows")]:
    for engine in ("inkom", "chromium"):
        p, s = pages[(engine, what)], times[(engine, what)]
        rate[(engine, what)] = p / s
        print(f"{engine + ': ' + label:34} {p:6d} {s:8.2f} {p / s:9.1f} {kb[(engine, what)] / 1024:7.1f} MB")
for engine in ("inkom", "chromium"):
    p = sum(pages[(engine, w)] for w in ("sheets", "diarielista"))
    s = sum(times[(engine, w)] for w in ("sheets", "diarielista"))
    rate[(engine, "all")] = p / s
    print(f"{engine + ': both together':34} {p:6d} {s:8.2f} {p / s:9.1f}")
print(f"chromium start-up (not counted): {times[('chromium', 'startup')]:.2f} s")
print()
for what in ("sheets", "diarielista", "all"):
    ratio = rate[("inkom", what)] / rate[("chromium", what)]
    print(f"ratio inkom/chromium, {what:12} {ratio:6.1f}x  (goal >= 20x: {'met' if ratio >= 20 else 'NOT met'})")
EOF
