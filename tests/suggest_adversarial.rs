//! The adversarial set (`eval/adversarial.jsonl`, written apart from the rules by someone who
//! had not read them): short, blunt messages, half of which must be kept. Not one of the
//! must-keep half may be suggested `ringa`; how many of the trivial half still get `ringa` is
//! reported (the price of caution), with a floor just under what was measured (README).

use crate::common;

#[test]
fn no_must_keep_message_is_suggested_ringa() {
    let pairs = common::suggest_eval_set("adversarial.jsonl");
    assert!(pairs.len() >= 120, "the set holds at least 120 messages");
    let mut must_keep_ringa = Vec::new();
    let (mut trivial, mut trivial_ringa, mut must_keep) = (0, 0, 0);
    for (g, o) in &pairs {
        let ringa = o["suggestion"] == "ringa";
        if g["must_keep"] == true {
            must_keep += 1;
            if ringa {
                must_keep_ringa.push(format!("{} ({})", g["id"], o["reasons"][0]));
            }
        } else {
            trivial += 1;
            if ringa {
                trivial_ringa += 1;
            }
        }
    }
    eprintln!(
        "adversarial: {must_keep} must-keep messages, {} suggested ringa; {trivial} trivial \
         messages, {trivial_ringa} suggested ringa",
        must_keep_ringa.len()
    );
    assert!(must_keep >= 60, "half of the set must be kept");
    assert_eq!(
        must_keep_ringa,
        Vec::<String>::new(),
        "ringa suggested for a message that must be kept"
    );
    assert!(
        trivial_ringa >= TRIVIAL_RINGA_FLOOR,
        "only {trivial_ringa} of {trivial} trivial messages still get ringa"
    );
}

/// Just under the number of trivial messages suggested ringa when the rules were frozen.
const TRIVIAL_RINGA_FLOOR: usize = 27;
