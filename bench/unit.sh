#!/usr/bin/env bash
# Unit register benchmark (not a test), issue 16. Starts its own throw-away PostgreSQL cluster
# (Debian's postgresql; installed if missing), sets a unit up with the release `inkom`, then:
#
# 1. Registrations per second from 20 concurrent caseworker processes: 20 pgbench processes,
#    each logged in as its own caseworker, each calling inkom.register() (the server function
#    inkom's outbox calls: idempotency key, 5:2 facts, a sheet, the next number of the diary
#    series, one audit event in the hash chain) for DURATION seconds. Side by side, in the same
#    run and the same way: what a unit would otherwise do, a plain INSERT ... RETURNING
#    nextval() into a table (numbers from a sequence: gaps on rollback, no yearly restart, no
#    audit, no row-level security).
# 2. The registrar's queue (first page) and a 1,000-row diarielista at 100,000 registrations.
#    The 100,000 are seeded in bulk through the same schema and the same function: DO blocks
#    that call inkom.register() in a loop as a caseworker (every number, sheet and audit event
#    as in use; the received dates 86.4 s apart, so one day holds exactly 1,000). The queue
#    and the list are timed through the release `inkom registrar` CLI (process start, SCRAM
#    login, query, JSON or PDF), median of RUNS, and the queue query alone with EXPLAIN
#    ANALYZE. Goal: queue page < 50 ms.
#
# Usage: bench/unit.sh [DURATION_SECONDS] (default 20). For a quick check of the script itself:
# INKOM_BENCH_BIN=target/debug/inkom INKOM_BENCH_SEED=3000 bench/unit.sh 3 (no release build).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-20}"
runs=5
n_seed="${INKOM_BENCH_SEED:-100000}"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
if [ -n "${INKOM_BENCH_BIN:-}" ]; then
  inkom="$(realpath "$INKOM_BENCH_BIN")"
  build="$INKOM_BENCH_BIN"
else
  build="release"
  cargo build --release --locked -q --bin inkom
  inkom="$PWD/target/release/inkom"
fi

work="$(mktemp -d)"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); chown postgres: "$work"; fi
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
admin_pw="bench-admin-lösenord"
user_pw="bench-användarlösenord"
stop() { "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap stop EXIT
echo -n "$admin_pw" > "$work/pw"; [ "$(id -u)" -eq 0 ] && chown postgres: "$work/pw"
"${as_pg[@]}" "$bin/initdb" -D "$work/data" -U inkom_admin -A scram-sha-256 -E UTF8 --locale=C \
  --pwfile="$work/pw" >/dev/null
# Durable like a real server (fsync on, the default); max_connections for 20 + 20 clients.
"${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o \
  "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null

export PGHOST=127.0.0.1 PGPORT="$port"
psql_admin() { PGPASSWORD="$admin_pw" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -U inkom_admin "$@"; }
psql_admin -d postgres -c "CREATE DATABASE bench"
url_admin="postgres://inkom_admin@127.0.0.1:$port/bench"
INKOM_UNIT_PASSWORD="$admin_pw" "$inkom" --json unit init --url "$url_admin" --series SN >/dev/null
for i in $(seq -w 1 20); do
  INKOM_UNIT_PASSWORD="$admin_pw" INKOM_UNIT_NEW_PASSWORD="$user_pw" \
    "$inkom" --json unit add-user "hl_$i" --role caseworker --url "$url_admin" >/dev/null
done
INKOM_UNIT_PASSWORD="$admin_pw" INKOM_UNIT_NEW_PASSWORD="$user_pw" \
  "$inkom" --json unit add-user reg_bench --role registrar --url "$url_admin" >/dev/null

# The alternative: a plain table with a sequence, writable by the same logins.
psql_admin -d bench <<'SQL'
CREATE TABLE public.plain_registrations (
    id bigserial PRIMARY KEY, caseworker text NOT NULL DEFAULT session_user,
    received_at timestamptz NOT NULL, designation text NOT NULL, sender text NOT NULL,
    arendemening text NOT NULL, sheet bytea NOT NULL);
GRANT USAGE ON SCHEMA public TO bench_caseworker;
GRANT SELECT, INSERT ON public.plain_registrations TO bench_caseworker;
GRANT USAGE ON SEQUENCE public.plain_registrations_id_seq TO bench_caseworker;
SQL

# A stand-in sheet of 8 KB (real sheets are PDFs of 20-60 KB; the server only stores and hashes).
sheet="'\\x$(head -c 8192 /dev/urandom | od -An -tx1 -v | tr -d ' \n')'::bytea"
cat > "$work/register.sql" <<SQL
SELECT registration_id, dnr FROM inkom.register(md5(random()::text || clock_timestamp()::text),
  now() - interval '1 hour', 'inkommen', 'INK-' || (random() * 1e9)::bigint, 'Sekretess',
  'Inkommet meddelande', NULL, $sheet);
SQL
cat > "$work/plain.sql" <<SQL
INSERT INTO public.plain_registrations (received_at, designation, sender, arendemening, sheet)
  VALUES (now() - interval '1 hour', 'INK-' || (random() * 1e9)::bigint, 'Sekretess',
  'Inkommet meddelande', $sheet) RETURNING id;
SQL

throughput() { # label, script
  local label="$1" script="$2" pids=() total=0
  for i in $(seq -w 1 20); do
    PGPASSWORD="$user_pw" "$bin/pgbench" -n -U "hl_$i" -c 1 -j 1 -T "$duration" -f "$script" bench \
      > "$work/pgbench_$i.out" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || { echo "pgbench failed:" >&2; cat "$work"/pgbench_*.out >&2; exit 1; }; done
  total="$(cat "$work"/pgbench_*.out | awk '/number of transactions actually processed/ { split($NF, a, "/"); s += a[1] } END { print s }')"
  awk -v l="$label" -v n="$total" -v d="$duration" \
    'BEGIN { printf "%-52s %7d in %3d s  %8.0f registrations/s\n", l, n, d, n / d }'
}

echo "== 20 concurrent caseworker processes, ${duration} s each (fsync on) =="
throughput "inkom.register() (series, audit chain, RLS)" "$work/register.sql"
throughput "plain INSERT ... RETURNING nextval (no series rules)" "$work/plain.sql"
psql_admin -d bench -At -c "SELECT 'check: ' || count(*) || ' registrations, ' || count(DISTINCT dnr) || ' distinct numbers, max ' || max(diary_number) FROM inkom.registrations"

echo "== seeding to $n_seed registrations through inkom.register() =="
already="$(psql_admin -d bench -At -c 'SELECT count(*) FROM inkom.registrations')"
start=$(date +%s.%N)
# Received dates 86.4 s apart from 2026-01-01 (Stockholm): each day exactly 1,000.
todo=$((n_seed - already))
chunk=10000
done_n=0
while [ "$done_n" -lt "$todo" ]; do
  k=$(( todo - done_n < chunk ? todo - done_n : chunk ))
  PGPASSWORD="$user_pw" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -U hl_01 -d bench <<SQL
DO \$\$
BEGIN
  FOR i IN $done_n..$((done_n + k - 1)) LOOP
    PERFORM inkom.register(md5('seed' || i), timestamptz '2026-01-01 00:00 Europe/Stockholm'
      + i * interval '86.4 seconds', 'inkommen', 'INK-2026-' || lpad(i::text, 6, '0'),
      'Sekretess', 'Inkommet meddelande', NULL, $sheet);
  END LOOP;
END \$\$;
SQL
  done_n=$((done_n + k))
done
end=$(date +%s.%N)
psql_admin -d bench -At -c "VACUUM ANALYZE inkom.registrations"
psql_admin -d bench -At -c "SELECT 'seeded in ' || round(($end - $start)::numeric, 1) || ' s; now ' || count(*) || ' registrations, database ' || pg_size_pretty(pg_database_size('bench')) FROM inkom.registrations"

median_ms() { # function: median wall time in ms of $runs calls of `function RUN_INDEX`
  local times=() k s e
  for k in $(seq "$runs"); do
    s=$(date +%s%N); "$1" "$k" >/dev/null || { echo "benchmark command failed" >&2; exit 1; }; e=$(date +%s%N)
    times+=($(( (e - s) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}
export INKOM_UNIT_URL="postgres://reg_bench@127.0.0.1:$port/bench" INKOM_UNIT_PASSWORD="$user_pw"
echo "== registrar at $n_seed registrations ($build inkom, median of $runs) =="
queue() { "$inkom" --json registrar queue; }
q=$(median_ms queue)
rows=$("$inkom" --json registrar queue | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
echo "inkom registrar queue (first page, $rows rows), whole process:   ${q} ms"
sql_ms=$(PGPASSWORD="$user_pw" "$bin/psql" -X -At -U reg_bench -d bench -c "EXPLAIN (ANALYZE, FORMAT JSON)
  SELECT r.* FROM inkom.registrations r WHERE r.state <> 'entered'
  ORDER BY r.registered_at, r.id LIMIT $rows" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Execution Time"])')
echo "  the queue query alone on the server (EXPLAIN ANALYZE):       ${sql_ms} ms"
day="$(date -d "2026-01-01 + $((n_seed / 2000)) days" +%F)" # a full day in the middle
list_day() { "$inkom" --json registrar list --from "$day" --to "$day" --out "$work/lista_$1.pdf"; }
l=$(median_ms list_day)
pages=$(pdfinfo "$work/lista_1.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }' || true)
listed=$(list_day check | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')
echo "inkom registrar list $day ($listed rows, ${pages:-?} PDF pages), whole process: ${l} ms"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), PostgreSQL $("$bin/postgres" --version | awk '{ print $3 }')"
