//! The evaluation corpus through the real binary: no dangerous error (ringa suggested for a
//! message with a personnummer or sensitive data), and accuracy above a floor just under what
//! was measured (README), so a regression in the rules or the word lists fails here.

mod common;

use std::path::Path;

use common::{Inkom, s};
use serde_json::Value;

struct Figures {
    accuracy: f64,
    dangerous: Vec<String>,
    total: usize,
}

fn evaluate(corpus: &str) -> Figures {
    let inkom = Inkom::new();
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval");
    let path = eval.join(corpus);
    let out = inkom.run_json(&[
        "suggest",
        "--clients",
        s(&eval.join("clients.csv")),
        s(&path),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let gold: Vec<Value> = std::fs::read_to_string(&path)
        .expect("corpus")
        .lines()
        .map(|l| serde_json::from_str(l).expect("corpus line"))
        .collect();
    assert_eq!(got.len(), gold.len());
    let mut correct = 0;
    let mut dangerous = Vec::new();
    for (g, o) in gold.iter().zip(&got) {
        assert_eq!(g["id"], o["id"], "output in input order");
        if o["suggestion"] == g["label"] {
            correct += 1;
        }
        if o["suggestion"] == "ringa" && g["sensitive"] == true {
            dangerous.push(g["id"].to_string());
        }
    }
    Figures {
        accuracy: correct as f64 / gold.len() as f64,
        dangerous,
        total: gold.len(),
    }
}

#[test]
fn development_corpus_no_dangerous_errors_and_accuracy_floor() {
    let f = evaluate("corpus.jsonl");
    assert!(f.total >= 150, "the corpus holds at least 150 messages");
    assert_eq!(
        f.dangerous,
        Vec::<String>::new(),
        "ringa suggested for sensitive items"
    );
    assert!(f.accuracy >= 0.92, "accuracy fell to {:.3}", f.accuracy);
}

#[test]
fn heldout_corpus_no_dangerous_errors_and_accuracy_floor() {
    let f = evaluate("heldout.jsonl");
    assert!(f.total >= 40);
    assert_eq!(
        f.dangerous,
        Vec::<String>::new(),
        "ringa suggested for sensitive items"
    );
    assert!(
        f.accuracy >= HELDOUT_FLOOR,
        "accuracy fell to {:.3}",
        f.accuracy
    );
}

/// Just under the held-out accuracy measured when the rules were frozen (README).
const HELDOUT_FLOOR: f64 = 0.90;
