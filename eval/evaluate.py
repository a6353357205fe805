#!/usr/bin/env python3
"""Evaluate `inkom suggest` on a labelled corpus (standard library only).

    eval/evaluate.py [--inkom PATH] [--show-errors] FILE.jsonl [FILE.jsonl ...]

Runs `inkom suggest --clients eval/clients.csv FILE --json`, compares each suggestion with the
gold `label`, and prints per-class accuracy, the confusion matrix, the share of "no
suggestion" and the dangerous errors (ringa suggested for a message whose gold `sensitive` is
true). With --json prints the figures as one JSON document instead. Exit code 1 when a
dangerous error occurs.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["personakt", "diarium", "ringa"]


def run_inkom(inkom, clients, path):
    out = subprocess.run(
        [inkom, "suggest", "--clients", clients, path, "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {json.dumps(r["id"]): r for r in map(json.loads, out.splitlines())}


def evaluate(gold_rows, suggestions, label_field="label"):
    confusion = {g: {s: 0 for s in CLASSES + ["null"]} for g in CLASSES}
    dangerous, errors = [], []
    for row in gold_rows:
        gold = row.get(label_field, row["label"])
        got = suggestions[json.dumps(row["id"])]["suggestion"] or "null"
        confusion[gold][got] += 1
        if got == "ringa" and row["sensitive"]:
            dangerous.append(row["id"])
        if got != gold:
            errors.append((row, suggestions[json.dumps(row["id"])]))
    total = len(gold_rows)
    per_class = {}
    for g in CLASSES:
        n = sum(confusion[g].values())
        per_class[g] = {"n": n, "correct": confusion[g][g],
                        "accuracy": confusion[g][g] / n if n else None}
    correct = sum(confusion[g][g] for g in CLASSES)
    nulls = sum(confusion[g]["null"] for g in CLASSES)
    decided = total - nulls
    return {
        "messages": total,
        "accuracy": correct / total if total else None,
        "accuracy_when_suggested": correct / decided if decided else None,
        "no_suggestion_share": nulls / total if total else None,
        "per_class": per_class,
        "confusion": confusion,
        "dangerous_errors": dangerous,
    }, errors


def print_report(name, figures):
    print(f"== {name}: {figures['messages']} messages")
    print(f"accuracy {figures['accuracy']:.1%}  "
          f"(when a suggestion is made: {figures['accuracy_when_suggested']:.1%}), "
          f"no suggestion {figures['no_suggestion_share']:.1%}, "
          f"dangerous errors {len(figures['dangerous_errors'])}")
    for g, c in figures["per_class"].items():
        print(f"  {g:<10} {c['correct']:>3}/{c['n']:<3} {c['accuracy']:.1%}")
    print("  gold \\ suggested  " + "  ".join(f"{s:>9}" for s in CLASSES + ["null"]))
    for g in CLASSES:
        row = figures["confusion"][g]
        print(f"  {g:<17} " + "  ".join(f"{row[s]:>9}" for s in CLASSES + ["null"]))
    if figures["dangerous_errors"]:
        print("  DANGEROUS:", ", ".join(figures["dangerous_errors"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--inkom", default=os.path.join(HERE, "..", "target", "release", "inkom"))
    ap.add_argument("--clients", default=os.path.join(HERE, "clients.csv"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--label-field", default="label",
                    help="the gold field to compare with, e.g. label_before_issue14 for the "
                         "labels before a client became never-ringa (falls back to label)")
    args = ap.parse_args()
    results, dangerous = {}, 0
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            gold = [json.loads(line) for line in f if line.strip()]
        figures, errors = evaluate(gold, run_inkom(args.inkom, args.clients, path),
                                  args.label_field)
        results[os.path.basename(path)] = figures
        dangerous += len(figures["dangerous_errors"])
        if not args.json:
            print_report(os.path.basename(path), figures)
            if args.show_errors:
                for row, got in errors:
                    print(f"  {row['id']}: gold {row.get(args.label_field, row['label'])}, got {got['suggestion']}: "
                          f"{row['text'][:70]!r} | {got['reasons'][0]}")
            print()
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    sys.exit(1 if dangerous else 0)


if __name__ == "__main__":
    main()
