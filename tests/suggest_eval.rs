//! The evaluation corpora through the real binary: no dangerous error (ringa suggested for a
//! message with a personnummer or sensitive data), and floors just under what was measured
//! (README) for accuracy where a suggestion is made and for the share of "no suggestion", so a
//! regression in the rules or the word lists fails here. `eval/heldout.jsonl` and
//! `eval/heldout2.jsonl` are held out: the rules are tuned on `eval/corpus.jsonl` only.

use crate::common;

/// What a run of the evaluator found.
struct Figures {
    /// Correct suggestions / suggestions made.
    accuracy_when_suggested: f64,
    /// Share of messages with no suggestion.
    abstentions: f64,
    /// Ids of messages suggested ringa whose gold label says sensitive or not ringa.
    dangerous: Vec<String>,
    /// Messages in the set.
    total: usize,
}

/// Runs `inkom suggest` on `eval/{corpus}` and compares with the gold labels.
fn evaluate(corpus: &str) -> Figures {
    let pairs = common::suggest_eval_set(corpus);
    let (mut correct, mut made) = (0, 0);
    let mut dangerous = Vec::new();
    for (g, o) in &pairs {
        if !o["suggestion"].is_null() {
            made += 1;
        }
        if o["suggestion"] == g["label"] {
            correct += 1;
        }
        if o["suggestion"] == "ringa" && (g["sensitive"] == true || g["label"] != "ringa") {
            dangerous.push(g["id"].to_string());
        }
    }
    Figures {
        accuracy_when_suggested: correct as f64 / made.max(1) as f64,
        abstentions: (pairs.len() - made) as f64 / pairs.len() as f64,
        dangerous,
        total: pairs.len(),
    }
}

fn check(corpus: &str, min_total: usize, accuracy_floor: f64, abstention_ceiling: f64) {
    let f = evaluate(corpus);
    eprintln!(
        "{corpus}: {} messages, accuracy when suggesting {:.1} %, no suggestion {:.1} %, \
         ringa for must-keep {}",
        f.total,
        100.0 * f.accuracy_when_suggested,
        100.0 * f.abstentions,
        f.dangerous.len()
    );
    assert!(f.total >= min_total);
    assert_eq!(
        f.dangerous,
        Vec::<String>::new(),
        "ringa suggested for a message that must be kept"
    );
    assert!(
        f.accuracy_when_suggested >= accuracy_floor,
        "accuracy when suggesting fell to {:.3}",
        f.accuracy_when_suggested
    );
    assert!(
        f.abstentions <= abstention_ceiling,
        "no suggestion rose to {:.3}",
        f.abstentions
    );
}

#[test]
fn development_corpus() {
    check("corpus.jsonl", 150, DEV_ACCURACY, DEV_ABSTENTIONS);
}

#[test]
fn heldout_corpus() {
    check("heldout.jsonl", 40, HELDOUT_ACCURACY, HELDOUT_ABSTENTIONS);
}

#[test]
fn second_heldout_corpus_from_another_hand() {
    check(
        "heldout2.jsonl",
        60,
        HELDOUT2_ACCURACY,
        HELDOUT2_ABSTENTIONS,
    );
}

// Floors and ceilings just beyond what was measured when the rules were frozen (README). Issue
// 14 asks for at least 90 % accuracy where a suggestion is made and at most 15 % "no
// suggestion" on the development and first held-out sets; the limits here are tighter. A
// client's trivial message is personakt (never ringa, eval/LABELLING.md's amendment).
const DEV_ACCURACY: f64 = 0.97;
const DEV_ABSTENTIONS: f64 = 0.10;
const HELDOUT_ACCURACY: f64 = 0.97;
const HELDOUT_ABSTENTIONS: f64 = 0.13;
const HELDOUT2_ACCURACY: f64 = 0.97;
const HELDOUT2_ABSTENTIONS: f64 = 0.27;

// The limits above must never be looser than the issue's.
const _: () = assert!(DEV_ACCURACY >= 0.90 && HELDOUT_ACCURACY >= 0.90);
const _: () = assert!(DEV_ABSTENTIONS <= 0.15 && HELDOUT_ABSTENTIONS <= 0.15);
