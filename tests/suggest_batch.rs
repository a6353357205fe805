//! `inkom suggest` through the real binary: the batch format, the storeless run, bad lines.

use crate::common;

use common::{Inkom, s};
use serde_json::Value;

const CLIENTS: &str = "name,personnummer,phone,email\n\
                       Amira Haddad,19850314-9828,070-1740605,amira.haddad@example.se\n\
                       Jonas Ek,19920707-9824,070-174 06 17;+46701740618,\n";

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn message(id: &str, from: &str, text: &str) -> String {
    serde_json::json!({
        "id": id, "channel": "sms", "direction": "in", "from": from,
        "to": "+46701740600", "text": text, "received_at": "2026-11-02T09:51:00+01:00"
    })
    .to_string()
}

#[test]
fn suggest_with_clients_file_writes_one_line_per_message_and_creates_no_data_dir() {
    let inkom = Inkom::new();
    let clients = inkom.write("clients.csv", CLIENTS.as_bytes());
    let input = [
        message("late", "+46 70 174 06 99", "jag blir sen"),
        message("er", "070-1740605", "jag blir sen, ligger på akuten"),
        message("pnr", "070-1740699", "ok, mitt personnummer är 121212-1212"),
        serde_json::json!({
            "id": 4, "channel": "email", "direction": "in",
            "from": "Nyheter <nyhet@example.com>", "to": ["handlaggare@exempelby.se"],
            "subject": "Veckans nyheter", "text": "Läs mer på webben.",
            "headers": {"List-Unsubscribe": "<mailto:u@example.com>"}
        })
        .to_string(),
    ]
    .join("\n");
    let file = inkom.write("messages.jsonl", input.as_bytes());
    let out = inkom.run_json(&["suggest", "--clients", s(&clients), s(&file)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = lines(&out.stdout);
    assert_eq!(got.len(), 4);
    let by = |i: usize| (got[i]["id"].clone(), got[i]["suggestion"].clone());
    assert_eq!(by(0), ("late".into(), "ringa".into()));
    assert_eq!(by(1), ("er".into(), "personakt".into()));
    assert_eq!(by(2), ("pnr".into(), "diarium".into()));
    assert_eq!(by(3), (4.into(), "ringa".into()));
    let reasons: Vec<&str> = got[1]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(reasons.contains(
        &"Avsändaren finns i klientregistret: Amira Haddad — talar för personakt, aldrig ringa"
    ));
    assert!(reasons.contains(&"Hälsa: 'akuten' — talar emot ringa"));
    let flag = got[1]["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .find(|f| f["category"] == "health")
        .expect("a health flag");
    assert_eq!(
        (
            flag["field"].as_str(),
            flag["start"].as_u64(),
            flag["end"].as_u64()
        ),
        (Some("text"), Some(24), Some(30))
    );
    assert!(
        got[2]["reasons"]
            .as_array()
            .expect("reasons")
            .contains(&"Innehåller personnummer — talar emot ringa".into())
    );
    assert!(
        !inkom.data_dir().exists(),
        "suggest --clients must not create the data directory"
    );
}

#[test]
fn bad_lines_are_reported_by_number_and_the_run_goes_on() {
    let inkom = Inkom::new();
    let clients = inkom.write("clients.csv", CLIENTS.as_bytes());
    let input = format!(
        "{}\nnot json\n{{\"id\":\"x\",\"channel\":\"fax\"}}\n",
        message("a", "0701740699", "tack")
    );
    let file = inkom.write("m.jsonl", input.as_bytes());
    let out = inkom.run_json(&["suggest", "--clients", s(&clients), s(&file)]);
    assert!(!out.status.success(), "bad lines give exit code 1");
    let got = lines(&out.stdout);
    assert_eq!(got[0]["suggestion"], "ringa");
    assert_eq!(got[1]["line"], 2);
    assert_eq!(got[2]["line"], 3);
    assert!(
        got[2]["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Rad 3:"))
    );
}

#[test]
fn an_invalid_clients_file_is_refused_with_the_line_and_touches_no_store() {
    let inkom = Inkom::new();
    let clients = inkom.write(
        "clients.csv",
        b"name,personnummer,phone,email\nOk Person,19121212-1212,,\nFel,19121212-1213,,\n",
    );
    let file = inkom.write("m.jsonl", message("a", "0701740617", "tack").as_bytes());
    let (code, message) = inkom.refused(&["suggest", "--clients", s(&clients), s(&file)]);
    assert_eq!(code, "invalid_input");
    assert!(message.contains("Rad 3"), "{message}");
    assert!(!inkom.data_dir().exists());
}

#[test]
fn suggest_without_clients_file_uses_the_stores_register() {
    let inkom = Inkom::new();
    let clients = inkom.write("clients.csv", CLIENTS.as_bytes());
    inkom.ok(&["clients", "import", s(&clients)]);
    let file = inkom.write(
        "m.jsonl",
        message(
            "a",
            "070-174 06 18",
            "Jag har fått jobb på lagret och börjar nästa vecka!",
        )
        .as_bytes(),
    );
    let out = inkom.run_json(&["suggest", s(&file)]);
    assert!(out.status.success());
    let got = lines(&out.stdout);
    assert_eq!(got[0]["suggestion"], "personakt");
    assert!(got[0]["reasons"].as_array().expect("reasons").contains(
        &"Avsändaren finns i klientregistret: Jonas Ek — talar för personakt, aldrig ringa".into()
    ));
}
