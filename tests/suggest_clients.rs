//! The client register through the real binary: import, list, add, remove, the audit trail,
//! and the suggestion `show` adds to a stored item and the ärendemening warnings of `classify`.

use crate::common;

use common::{Inkom, s};

#[test]
fn import_rejects_invalid_rows_by_line_and_reimport_updates() {
    let inkom = Inkom::new();
    let csv = inkom.write(
        "k.csv",
        "name,personnummer,phone,email\n\
         Amira Haddad,19850314-9828,070-1740605;070-174 06 06,Amira.Haddad@Example.se\n\
         Fel Nummer,19850314-9829,,\n\
         Jonas Ek,920707-9824,0701740617,\n"
            .as_bytes(),
    );
    let out = inkom.run_json(&["clients", "import", s(&csv)]);
    assert!(!out.status.success(), "a rejected row gives exit code 1");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["imported"]["added"], 2);
    assert_eq!(
        v["rejected"][0]["message"],
        "Rad 3: Personnumrets kontrollsiffra stämmer inte. Kontrollera numret."
    );
    let list = inkom.ok(&["clients", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    assert_eq!(list[0]["name"], "Amira Haddad");
    assert_eq!(
        list[0]["phones"],
        serde_json::json!(["+46701740605", "+46701740606"])
    );
    assert_eq!(
        list[0]["emails"],
        serde_json::json!(["amira.haddad@example.se"])
    );

    let csv2 = inkom.write(
        "k2.csv",
        b"name,personnummer,phone,email\nAmira Haddad-Ek,850314-9828,070-1740607,\n",
    );
    let v = inkom.ok(&["clients", "import", s(&csv2)]);
    assert_eq!(v["imported"]["updated"], 1);
    let list = inkom.ok(&["clients", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    assert_eq!(list[0]["name"], "Amira Haddad-Ek");

    // Audited, with counts only: no names in the trail.
    let log = inkom.ok(&["audit", "log"]);
    let text = log.to_string();
    assert!(text.contains("clients_imported"));
    assert!(
        !text.contains("Amira"),
        "the audit trail must not hold names"
    );
    assert!(
        !text.contains("9828"),
        "the audit trail must not hold personnummer"
    );
}

#[test]
fn add_and_remove_are_audited_and_validated() {
    let inkom = Inkom::new();
    let (code, message) = inkom.refused(&[
        "clients",
        "add",
        "--name",
        "X Y",
        "--personnummer",
        "19121212-1213",
    ]);
    assert_eq!(code, "invalid_input");
    assert!(message.contains("kontrollsiffra"), "{message}");
    inkom.ok(&[
        "clients",
        "add",
        "--name",
        "Leila Nordin",
        "--personnummer",
        "19761129-9822",
        "--phone",
        "070-174 06 21",
        "--phone",
        "+46701740622",
        "--email",
        "leila.n@example.org",
    ]);
    assert_eq!(
        inkom.ok(&["clients", "list"])[0]["phones"][1],
        "+46701740622"
    );
    inkom.ok(&["clients", "remove", "761129-9822"]);
    assert_eq!(
        inkom.ok(&["clients", "list"]).as_array().map(Vec::len),
        Some(0)
    );
    let (code, _) = inkom.refused(&["clients", "remove", "19761129-9822"]);
    assert_eq!(code, "not_found");
    let actions: Vec<String> = inkom
        .ok(&["audit", "log"])
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(actions, ["client_added", "client_removed"]);
    assert_eq!(
        inkom.ok(&["audit", "verify"])["first_broken"],
        serde_json::Value::Null
    );
}

const EML: &str = "From: Amira Haddad <amira.haddad@example.se>\r\n\
To: handlaggare@exempelby.se\r\n\
Subject: Idag\r\n\
Date: Mon, 02 Nov 2026 09:51:00 +0100\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Jag blir sen, sitter kvar på psykakuten.\r\n";

const AUTO: &str = "From: Jonas Ek <jonas.ek@example.com>\r\n\
To: handlaggare@exempelby.se\r\n\
Subject: Svar\r\n\
Auto-Submitted: auto-replied\r\n\
Date: Mon, 02 Nov 2026 10:00:00 +0100\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Jag har inte tillgång till min e-post förrän på måndag.\r\n";

/// A store with client Amira Haddad (by e-mail address) and her mail imported as item 1.
fn with_client_and_mail() -> Inkom {
    let inkom = Inkom::new();
    inkom.ok(&[
        "clients",
        "add",
        "--name",
        "Amira Haddad",
        "--personnummer",
        "19850314-9828",
        "--email",
        "amira.haddad@example.se",
    ]);
    let mail = inkom.write("a.eml", EML.as_bytes());
    inkom.ok(&["import", s(&mail)]);
    inkom
}

#[test]
fn show_adds_a_suggestion_from_the_stored_item_and_the_register() {
    let inkom = with_client_and_mail();
    let auto = inkom.write("b.eml", AUTO.as_bytes());
    inkom.ok(&["import", s(&auto)]);
    let shown = inkom.ok(&["show", "1"]);
    let sug = &shown["suggestion"];
    assert_eq!(sug["class"], "personakt");
    assert_eq!(sug["secrecy"]["provision"], "26 kap. 1 § OSL");
    let health = sug["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .find(|f| f["category"] == "health")
        .expect("health flag");
    assert_eq!(health["term"], "psykakuten");
    // The Auto-Submitted header was kept at import, so the auto reply is ringa.
    let shown = inkom.ok(&["show", "2"]);
    assert_eq!(shown["mail_marks"]["auto_reply"], true);
    assert_eq!(shown["suggestion"]["class"], "ringa");
    // Nothing about the suggestion is stored: showing twice writes no audit event.
    assert_eq!(
        inkom.ok(&["audit", "log"]).as_array().map(Vec::len),
        Some(3)
    );
    let text = inkom.run(&["show", "1"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Förslag            Personaktsmaterial"),
        "{text}"
    );
    assert!(text.contains("Hälsa: 'psykakuten'"), "{text}");
}

#[test]
fn classify_diarium_refuses_names_and_numbers_and_warns_about_sensitive_words() {
    let inkom = with_client_and_mail();
    let diarium = |description: &str| {
        [
            "classify",
            "1",
            "--as",
            "diarium",
            "--description",
            description,
        ]
        .map(String::from)
    };
    // A personnummer or a client's name is refused outright (issue 13, guard rail 3)…
    for description in ["Amira Haddad psykakuten", "Ansökan 850314-9828"] {
        let args = diarium(description);
        let (code, msg) = inkom.refused(&args.each_ref().map(String::as_str));
        assert_eq!(code, "not_public", "{description}: {msg}");
    }
    // …a sensitive word is warned about.
    let args = diarium("Kontakt med psykakuten");
    let v = inkom.ok(&args.each_ref().map(String::as_str));
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("'psykakuten'"));
    let args = diarium("Inkommen skrivelse");
    let v = inkom.ok(&args.each_ref().map(String::as_str));
    assert_eq!(v["warnings"], serde_json::json!([]));
    let args = diarium("Liam Johansson");
    let out = inkom.run(&args.each_ref().map(String::as_str));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("varning: Ärendemeningen kan innehålla ett namn: 'Liam Johansson'"),
        "{text}"
    );
}
