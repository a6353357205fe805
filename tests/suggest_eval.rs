//! The evaluation corpora through the real binary: no dangerous error (ringa suggested for a
//! message with a personnummer or sensitive data), and floors just under what was measured
//! (README) for accuracy where a suggestion is made and for the share of "no suggestion", so a
//! regression in the rules or the word lists fails here. `eval/heldout.jsonl` and
//! `eval/heldout2.jsonl` are held out: the rules are tuned on `eval/corpus.jsonl` only.

mod common;

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

// Floors and ceilings just beyond what was measured when the rules were frozen (README).
// The share of "no suggestion" is high because a client is never suggested ringa: the
// labelling guide calls a client's "jag blir sen" ringa, the rules give no suggestion.
const DEV_ACCURACY: f64 = 0.93;
const DEV_ABSTENTIONS: f64 = 0.23;
const HELDOUT_ACCURACY: f64 = 0.89;
const HELDOUT_ABSTENTIONS: f64 = 0.28;
const HELDOUT2_ACCURACY: f64 = 0.95;
const HELDOUT2_ABSTENTIONS: f64 = 0.35;
