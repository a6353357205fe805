#!/usr/bin/env bash
# Suggestions for N (default 10,000) generated messages on one core (taskset -c 0), release
# build, side by side with what a scripting user would reach for: `grep -i -E -f` over the same
# word lists (flags lines, decides nothing) and a Python `re` script that does the same per
# message. Uses hyperfine when installed (apt-get install hyperfine), else bash `time`.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cargo build --release --locked --quiet -p inkom --bin inkom
INKOM="$PWD/target/release/inkom"

# N messages: the development corpus repeated, with fresh ids and shuffled numbers so no two
# lines are the same text.
python3 - "$N" "$WORK/messages.jsonl" <<'PY'
import json, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rows = [json.loads(l) for l in open("eval/corpus.jsonl", encoding="utf-8")]
rnd = random.Random(42)
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        r = dict(rnd.choice(rows))
        r["id"] = f"m{i}"
        r["text"] = (r["text"] or "") + f" (ref {rnd.randint(1000, 99999)})"
        for k in ("label", "label_reason", "sensitive"):
            r.pop(k, None)
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY

# The same word lists as plain patterns (markers stripped, exceptions dropped).
grep -hv '^\s*#' assets/lexicon/*.txt | grep -v '^\s*-' | grep -v '{tal}' | sed -e 's/^[=*]//' -e '/^\s*$/d' \
    > "$WORK/patterns.txt"
cat > "$WORK/flag.py" <<'PY'
import json, re, sys
pats = [l.strip() for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
rx = re.compile("|".join(re.escape(p) for p in sorted(pats, key=len, reverse=True)), re.I)
out = sys.stdout
for line in open(sys.argv[2], encoding="utf-8"):
    m = json.loads(line)
    text = (m.get("subject") or "") + "\n" + (m.get("text") or "")
    hits = [x.group(0) for x in rx.finditer(text)]
    out.write(json.dumps({"id": m["id"], "hits": hits}, ensure_ascii=False) + "\n")
PY

INKOM_CMD="taskset -c 0 $INKOM suggest --clients eval/clients.csv $WORK/messages.jsonl --json > /dev/null"
GREP_CMD="taskset -c 0 grep -i -E -f $WORK/patterns.txt $WORK/messages.jsonl > /dev/null"
PY_CMD="taskset -c 0 python3 $WORK/flag.py $WORK/patterns.txt $WORK/messages.jsonl > /dev/null"
echo "$N messages, $(wc -l < "$WORK/patterns.txt") patterns"
if command -v hyperfine > /dev/null; then
    hyperfine --warmup 1 --runs 10 -N -n "inkom suggest" "bash -c '$INKOM_CMD'" \
        -n "grep -i -E -f" "bash -c '$GREP_CMD'" -n "python re" "bash -c '$PY_CMD'"
else
    for c in "$INKOM_CMD" "$GREP_CMD" "$PY_CMD"; do
        echo "== $c"; time bash -c "$c"
    done
fi
