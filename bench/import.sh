#!/usr/bin/env bash
# Import benchmark (not a test): a generated 100,000-message SMS Backup & Restore export,
# imported by inkom (per message and grouped by thread) and, in the same run, by a plain Python
# script (iterparse + sqlite3 executemany), next to a plain file copy of the same export (what a
# caseworker does without inkom: keep the file in a folder), and the floor of an import that
# keeps encryption, search and deduplication (bench/import_floor.rs); then a generated mbox
# (bench/gen_mbox.py) imported by inkom, twice, next to Python's mailbox module
# (bench/python_mbox_ingest.py). Prints wall time (the median of RUNS runs, default 3, with the
# fastest and the slowest), messages per second, CPU time (user + system, the median) and peak
# RSS. CPU time over the machine's cores is the least wall time the same work can take.
# Usage: [RUNS=3] bench/import.sh [SMS messages, default 100000] [mbox messages, default 20000]
set -euo pipefail
# Benchmark stores are encrypted like real ones, with a passphrase (no OS key store entry).
export INKOM_KEYSTORE=passphrase INKOM_PASSPHRASE="${INKOM_PASSPHRASE:-benchmark-lösenfras}"
cd "$(dirname "$0")/.."
n="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --locked -q -p inkom --bin inkom --example import_floor
python3 bench/gen_sms_xml.py "$n" "$work/export.xml"
echo "export: $n messages, $(du -h "$work/export.xml" | cut -f1); machine: $(nproc) cores"

# Each line is the median of RUNS runs (default 3) with the fastest and slowest beside it: one
# run on a shared machine varies by a fifth, enough to turn a comparison round. What a run
# writes (the second argument, a path; "-" for nothing) is removed before each run, so every
# run starts alike.
runs="${RUNS:-3}"
measure() { # label, fresh path or -, command...
  local label="$1" fresh="$2"; shift 2
  local times=() cpus=() peak=0 secs user sys kb i
  for ((i = 0; i < runs; i++)); do
    [[ "$fresh" == - ]] || rm -rf "$fresh" "$fresh-wal" "$fresh-shm"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null
    read -r secs user sys kb < "$work/time"
    times+=("$secs")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
    if ((kb > peak)); then peak=$kb; fi
  done
  local cpu
  cpu="$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{ c[NR] = $1 } END { print c[int((NR + 1) / 2)] }')"
  printf '%s\n' "${times[@]}" | sort -g | awk -v l="$label" -v kb="$peak" -v n="$n" -v cpu="$cpu" '
    { t[NR] = $1 }
    END { m = t[int((NR + 1) / 2)]; rate = 0; if (m > 0) rate = n / m
          printf "%-36s %7.2f s (%.2f–%.2f)  %9.0f msg/s  CPU %5.2f s  peak RSS %5.0f MB\n",
                 l, m, t[1], t[NR], rate, cpu, kb / 1024 }'
}

measure "inkom import --preview"              - target/release/inkom import --preview "$work/export.xml"
measure "inkom import --preview --json"       - target/release/inkom import --preview --json "$work/export.xml"
measure "inkom import --per-message"          "$work/a" target/release/inkom --data-dir "$work/a" import --per-message "$work/export.xml"
measure "inkom import (threads)"              "$work/b" target/release/inkom --data-dir "$work/b" import "$work/export.xml"
measure "python iterparse + executemany"      "$work/py.sqlite3" python3 bench/python_ingest.py "$work/export.xml" "$work/py.sqlite3"
# The least work that keeps encryption, search and deduplication (bench/import_floor.rs), and
# what each of them costs: the yardstick for inkom's own figures above.
floor=target/release/examples/import_floor
measure "floor: encrypted, search, dedup"     "$work/f1.db" "$floor" "$work/export.xml" "$work/f1.db"
measure "floor without encryption"            "$work/f2.db" "$floor" "$work/export.xml" "$work/f2.db" without-encryption
measure "floor without search index"          "$work/f3.db" "$floor" "$work/export.xml" "$work/f3.db" without-search
measure "floor without dedup index"           "$work/f4.db" "$floor" "$work/export.xml" "$work/f4.db" without-dedup
measure "floor without all three"             "$work/f5.db" "$floor" "$work/export.xml" "$work/f5.db" \
  without-encryption without-search without-dedup
measure "cp (plain file copy, synced)"       "$work/copy.xml" sh -c 'cp "$1" "$2" && sync "$2"' sh "$work/export.xml" "$work/copy.xml"

# A mailbox (bench/gen_mbox.py: M e-mails, default 20,000, every tenth with a PDF) imported by
# inkom, then imported again (every message already there: known by its place in the file),
# next to Python's mailbox module writing sender, date, subject, text and attachments into
# SQLite, in the same run.
n="${2:-20000}"
python3 bench/gen_mbox.py "$n" "$work/bench.mbox"
echo "mbox: $n messages, $(du -h "$work/bench.mbox" | cut -f1)"
measure "inkom import (mbox)"                 "$work/m" target/release/inkom --data-dir "$work/m" import "$work/bench.mbox"
measure "inkom import (mbox) again"           - target/release/inkom --data-dir "$work/m" import "$work/bench.mbox"
measure "python mailbox + executemany"        "$work/mpy.sqlite3" python3 bench/python_mbox_ingest.py "$work/bench.mbox" "$work/mpy.sqlite3"
