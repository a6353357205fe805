//! Guard rails 4 and 5 through the real binary: the date received is the unit's own (the mail
//! server's, the phone's), the sender's time is kept beside it, a screenshot documenting a
//! search is drawn up (upprättad), a date can be corrected before registration with a reason
//! (audited, refused after), and what the unit sent is expedierad to recipients that are kept
//! after purge. Sheets and lists are read back with pdftotext.

use crate::common;

use common::{Inkom, created_ids as ids, pdftotext, s};
use serde_json::Value;

/// The unit's own address in the synthetic fixtures.
const UNIT: &str = "socialtjansten@kommun.example.se";

fn notes(item: &Value) -> Vec<String> {
    item["source"]["notes"]
        .as_array()
        .map(|n| {
            n.iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Registers `id` and returns the sheet's text.
fn sheet(t: &Inkom, id: &str) -> String {
    let pdf = t.files().join(format!("sheet-{id}.pdf"));
    t.ok(&["register", id, "--out", s(&pdf)]);
    pdftotext(&pdf)
}

/// The value pdftotext -layout prints after `label` on its line.
fn fact<'a>(text: &'a str, label: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.trim_start().strip_prefix(label))
        .map(str::trim)
}

#[test]
fn an_email_is_dated_by_the_unit_s_mail_server_and_the_sender_s_date_is_kept_beside_it() {
    let t = Inkom::new();
    let eml = t.fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    let id = t.import_first(&eml);
    let item = t.ok(&["show", &id]);
    // The topmost Received header says 14:05:37; the sender's Date header 14:05:33.
    assert_eq!(item["received_at"], "2026-11-03T14:05:37+01:00");
    assert_eq!(item["sent_at"], "2026-11-03T14:05:33+01:00");
    assert!(notes(&item).is_empty(), "{:?}", notes(&item));

    t.classify_diarium(&id, "Synpunkter inför utredning");
    let text = sheet(&t, &id);
    assert_eq!(fact(&text, "Inkom"), Some("2026-11-03 14:05:37"), "{text}");
    // pdftotext breaks the long label over two lines.
    assert_eq!(
        fact(&text, "Avsänt (enligt"),
        Some("2026-11-03 14:05:33"),
        "{text}"
    );
    assert!(text.contains("E-post, inkommen"), "{text}");
}

#[test]
fn the_topmost_received_header_decides_and_without_one_the_date_header_stands_with_a_note() {
    let t = Inkom::new();
    // Two hops: the unit's server on top (its time after the last ';'), the sender's below.
    let two_hops = t.write(
        "two-hops.eml",
        b"Received: from mx.kommun.example.se by imap.kommun.example.se; Mon, 9 Nov 2026 \
08:01:02 +0100 (CET)\r\n\
Received: from mail.example.com by mx.example.com; Fri, 6 Nov 2026 23:59:00 +0100\r\n\
From: Ola Exempel <ola@example.com>\r\n\
To: <socialtjansten@kommun.example.se>\r\n\
Subject: Helgpost\r\n\
Date: Fri, 06 Nov 2026 23:58:00 +0100\r\n\
\r\n\
Skickat en fredag kvall.\r\n",
    );
    let id = t.import_first(&two_hops);
    let item = t.ok(&["show", &id]);
    assert_eq!(
        item["received_at"], "2026-11-09T08:01:02+01:00",
        "the unit's server, not the sender's or the Date header"
    );
    assert_eq!(item["sent_at"], "2026-11-06T23:58:00+01:00");

    // No Received header: the sender's Date header, and the chain of custody says so.
    let eml = t.fixture("synthetic/email/sv_multipart_png-bilaga.eml");
    let id = t.import_first(&eml);
    let item = t.ok(&["show", &id]);
    assert_eq!(item["received_at"], "2026-11-06T21:48:02+01:00");
    assert_eq!(item["sent_at"], "2026-11-06T21:48:02+01:00");
    let n = notes(&item);
    assert!(
        n.iter()
            .any(|n| n.contains("Received") && n.contains("kontrollera")),
        "{n:?}"
    );
    t.classify_diarium(&id, "Kontoutdrag");
    let text = sheet(&t, &id);
    assert!(
        text.contains("Received-huvud"),
        "the note is printed in the chain of custody: {text}"
    );
}

#[test]
fn an_sms_is_dated_when_the_phone_received_it_and_its_sent_time_is_kept() {
    let t = Inkom::new();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let created = ids(&t.ok(&["import", s(&xml), "--per-message"]));
    let first = t.ok(&["show", &created[0].to_string()]);
    // date="1792649643000" (received), date_sent="1792649640000" (sent, 3 s earlier).
    assert_eq!(first["received_at"], "2026-10-22T08:14:03+02:00");
    assert_eq!(first["sent_at"], "2026-10-22T08:14:00+02:00");
}

#[test]
fn the_date_received_is_corrected_before_registration_with_a_reason_and_never_after() {
    let t = Inkom::new();
    let png = t.fixture("synthetic/screenshots/Screenshot_20261103-142233_Messages.png");
    let id = t.import_first(&png);
    let item = t.ok(&["show", &id]);
    assert_eq!(item["received_at"], "2026-11-03T14:22:33+01:00");
    assert_eq!(
        item["drawn_up"], false,
        "a screenshot of messages is received"
    );

    let refuse = |args: &[&str], code: &str| t.refused_unchanged(args, code);
    let msg = refuse(
        &["set-received", &id, "2026-11-02 19:40", "--reason", "  "],
        "invalid_input",
    );
    assert!(msg.contains("Skälet"), "{msg}");
    let msg = refuse(
        &[
            "set-received",
            &id,
            "igår kväll",
            "--reason",
            "Meddelandets datum",
        ],
        "invalid_input",
    );
    assert!(
        msg.contains("2026-11-03 14:22"),
        "says how to write it: {msg}"
    );
    refuse(
        &["set-received", &id, "2099-01-01 10:00", "--reason", "Fel"],
        "invalid_input",
    );
    refuse(
        &["set-received", "999", "2026-11-02 19:40", "--reason", "Fel"],
        "not_found",
    );

    let reason = "Skärmdumpen visar meddelandet som kom 2 november";
    let c = t.ok(&["set-received", &id, "2026-11-02 19:40", "--reason", reason]);
    assert_eq!(c["received_at"], "2026-11-02T19:40:00+01:00");
    assert_eq!(
        c["state"], "imported",
        "a correction does not move the item"
    );
    assert!(notes(&c).iter().any(|n| n.contains(reason)
        && n.contains("2026-11-03 14:22:33")
        && n.contains("2026-11-02 19:40:00")));
    let log = t.ok(&["audit", "log", &id]);
    let event = log
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["action"] == "received_corrected")
        .expect("the correction is audited");
    assert_eq!(event["details"]["from"], "2026-11-03T14:22:33+01:00");
    assert_eq!(event["details"]["to"], "2026-11-02T19:40:00+01:00");
    assert_eq!(event["details"]["reason"], reason);
    assert_eq!(event["user"], common::os_login().as_str());

    t.classify_diarium(&id, "Meddelande om umgänge");
    // Still before registration: a classified item may be corrected too.
    t.ok(&["set-received", &id, "2026-11-02 19:41", "--reason", reason]);
    let text = sheet(&t, &id);
    assert_eq!(fact(&text, "Inkom"), Some("2026-11-02 19:41:00"), "{text}");
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(reason),
        "the chain of custody names the reason: {text}"
    );
    assert_eq!(
        fact(&text, "Tagen"),
        Some("2026-11-03 14:22:33"),
        "a screenshot keeps the time it was taken: {text}"
    );

    let msg = refuse(
        &[
            "set-received",
            &id,
            "2026-11-01 10:00",
            "--reason",
            "Sent påkommet",
        ],
        "wrong_state",
    );
    assert!(msg.contains("registrerat"), "{msg}");
    t.assert_audit_intact();
}

#[test]
fn a_screenshot_of_a_web_search_is_drawn_up_not_received() {
    let t = Inkom::new();
    // This screenshot records its page address: the documentation of an information search.
    let png = t.fixture("synthetic/screenshots/Skarmbild_2026-11-03_094107.png");
    let id = t.import_first(&png);
    let item = t.ok(&["show", &id]);
    assert_eq!(item["drawn_up"], true);
    t.classify_diarium(&id, "Dokumentation av informationssökning");
    let text = sheet(&t, &id);
    assert!(fact(&text, "Upprättad").is_some(), "{text}");
    assert!(fact(&text, "Inkom").is_none(), "{text}");
    assert!(text.contains("Skärmdump, upprättad"), "{text}");

    // A screenshot of a message can be marked received instead (and the reverse), but only
    // a screenshot can be drawn up.
    let other = t.fixture("synthetic/screenshots/Screenshot_20261103-142233_Messages.png");
    let other = t.import_first(&other);
    let c = t.ok(&[
        "set-received",
        &other,
        "2026-11-03 14:22:33",
        "--reason",
        "Sökning på webben, inte ett meddelande",
        "--upprattad",
    ]);
    assert_eq!(c["drawn_up"], true);
    assert!(
        notes(&c)
            .iter()
            .any(|n| n.contains("från inkommen till upprättad"))
    );
    let eml = t.fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    let mail = t.import_first(&eml);
    let msg = t.refused_unchanged(
        &[
            "set-received",
            &mail,
            "2026-11-03 14:05",
            "--reason",
            "Fel",
            "--upprattad",
        ],
        "invalid_input",
    );
    assert!(msg.contains("skärmdump"), "{msg}");
}

fn reply_eml() -> Vec<u8> {
    format!(
        "From: Socialtjansten Exempelby <{UNIT}>\r\n\
To: =?ISO-8859-1?Q?=C5sa_=D6berg?= <asa.oberg@example.se>\r\n\
Subject: Svar: Ang motet\r\n\
Date: Wed, 04 Nov 2026 09:12:00 +0100\r\n\
Message-ID: <svar-1@kommun.example.se>\r\n\
In-Reply-To: <20261103140533.7f3a@example.se>\r\n\
Content-Type: text/plain; charset=UTF-8\r\n\
\r\n\
Hej! Vi har tagit emot ditt brev och återkommer.\r\n"
    )
    .into_bytes()
}

#[test]
fn mail_from_the_unit_is_expedierad_to_recipients_who_stay_after_purge() {
    let t = Inkom::new();
    // The purge after the deletion is gallring under the unit's decision (rule 8).
    t.add_gallringsbeslut();
    let refused = t.refused_unchanged(
        &["settings", "set", "unit_addresses", "socialtjänsten"],
        "invalid_input",
    );
    assert!(refused.contains("e-postadresser"), "{refused}");
    t.ok(&[
        "settings",
        "set",
        "unit_addresses",
        &format!("mottagning@kommun.example.se, {}", UNIT.to_uppercase()),
    ]);
    // The message the reply answers, received the day before.
    let eml = t.fixture("synthetic/email/sv_qp_iso-8859-1.eml");
    let incoming = t.import_first(&eml);
    t.classify_diarium(&incoming, "Synpunkter inför utredning");
    t.ok(&["register", &incoming]);

    let file = t.write("svar.eml", &reply_eml());
    let id = t.import_first(&file);
    let item = t.ok(&["show", &id]);
    assert_eq!(item["direction"], "out");
    assert_eq!(
        item["answers"].to_string(),
        incoming,
        "In-Reply-To names the stored message"
    );
    assert_eq!(t.ok(&["show", &incoming])["answers"], Value::Null);
    assert_eq!(item["received_at"], "2026-11-04T09:12:00+01:00");
    assert!(
        notes(&item).is_empty(),
        "a sent mail has no Received header and needs no note: {:?}",
        notes(&item)
    );

    t.classify_diarium(&id, "Svar angående möte");
    let text = sheet(&t, &id);
    assert_eq!(
        fact(&text, "Expedierad"),
        Some("2026-11-04 09:12:00"),
        "{text}"
    );
    assert!(
        fact(&text, "Mottagare").is_some_and(|m| m.contains("asa.oberg@example.se")),
        "{text}"
    );
    assert!(fact(&text, "Inkom").is_none(), "{text}");
    assert!(text.contains("E-post, utgående"), "{text}");
    let answers = fact(&text, "Svar på").unwrap_or_else(|| panic!("no reply line: {text}"));
    assert!(
        answers.starts_with(&format!("objekt {incoming}, INK-2026-"))
            && answers.ends_with("inkom 2026-11-03 14:05:37"),
        "{answers}"
    );

    t.ok(&["confirm-printed", &id]);
    t.ok(&["set-dnr", &id, "SN 2026/0042"]);
    let purged = t.ok(&["confirm-source-deleted", &id, "--where", "Outlook"]);
    assert_eq!(purged["state"], "purged");
    assert_eq!(purged["body"], Value::Null);
    assert_eq!(
        purged["recipients"][0], "Åsa Öberg <asa.oberg@example.se>",
        "who it was expedierad to is a register fact (5 kap. 2 § OSL p. 3)"
    );

    let list = t.files().join("dl.pdf");
    t.ok(&[
        "print-list",
        "diarium",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--out",
        s(&list),
    ]);
    let text = pdftotext(&list);
    assert!(text.contains("Expedierad"), "{text}");
    assert!(text.contains("Mottagare: Åsa Öberg"), "{text}");
    assert!(text.contains("Inkom"), "{text}");
    assert!(text.contains("Avsändare/mottagare"), "{text}");
}

#[test]
fn a_sent_sms_is_expedierad_on_its_sheet() {
    let t = Inkom::new();
    let xml = t.fixture("synthetic/sms/sms-backup-restore_sv_3-konversationer.xml");
    let created = ids(&t.ok(&["import", s(&xml), "--per-message"]));
    let sent = created
        .iter()
        .map(|id| t.ok(&["show", &id.to_string()]))
        .find(|i| i["direction"] == "out")
        .expect("the fixture has a sent message");
    let id = sent["id"].to_string();
    t.classify_diarium(&id, "Besked om tid");
    let text = sheet(&t, &id);
    assert!(fact(&text, "Expedierad").is_some(), "{text}");
    assert!(fact(&text, "Mottagare").is_some(), "{text}");
    assert!(fact(&text, "Avsänt (enligt").is_none(), "{text}");
}

#[test]
fn a_secret_recipient_is_neither_printed_nor_kept() {
    let t = Inkom::new();
    // The purge after the deletion is gallring under the unit's decision (rule 8).
    t.add_gallringsbeslut();
    t.ok(&["settings", "set", "unit_addresses", UNIT]);
    let file = t.write("svar.eml", &reply_eml());
    let id = t.import_first(&file);
    t.ok(&[
        "classify",
        &id,
        "--as",
        "diarium",
        "--description",
        "Svar angående möte",
        "--sender-secret",
    ]);
    let text = sheet(&t, &id);
    assert!(
        fact(&text, "Mottagare").is_some_and(|m| m.contains("mottagaren omfattas av sekretess")),
        "{text}"
    );
    assert!(
        !text[..text.find("Innehåll").unwrap_or(0)].contains("Öberg"),
        "{text}"
    );
    t.ok(&["confirm-printed", &id]);
    t.ok(&["set-dnr", &id, "SN 2026/0044"]);
    let purged = t.ok(&["confirm-source-deleted", &id, "--where", "Outlook"]);
    assert_eq!(purged["recipients"], serde_json::json!([]), "{purged}");
    assert_eq!(purged["cc"], serde_json::json!([]));
}

/// In the hour the clocks go back every local time happens twice: the sheet says which, for a
/// message of its own and for each message of a conversation, so that two messages half an
/// hour apart never print alike.
#[test]
fn a_time_in_the_hour_that_happens_twice_says_summer_or_normal_time() {
    let t = Inkom::new();
    let sms = |at_ms: u64, kind: u8, body: &str| {
        format!(
            "<sms address=\"+46701740610\" date=\"{at_ms}\" type=\"{kind}\" body=\"{body}\" \
             contact_name=\"(Unknown)\" />\n"
        )
    };
    let xml = format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"2\">\n{}{}</smses>\n",
        // 2024-10-27 00:30 and 01:30 UTC: 02:30 local both times.
        sms(1_729_989_000_000, 1, "Första halv tre"),
        sms(1_729_992_600_000, 1, "Andra halv tre"),
    );
    let file = t.write("host.xml", xml.as_bytes());

    let alone = ids(&t.ok(&["import", "--per-message", s(&file)]));
    for id in [alone[0], alone[1]] {
        t.classify_diarium(&id.to_string(), "Samtal om tid");
    }
    let first = sheet(&t, &alone[0].to_string());
    assert_eq!(
        fact(&first, "Inkom"),
        Some("2024-10-27 02:30:00 (sommartid)"),
        "{first}"
    );
    let second = sheet(&t, &alone[1].to_string());
    assert_eq!(
        fact(&second, "Inkom"),
        Some("2024-10-27 02:30:00 (normaltid)"),
        "{second}"
    );

    let t = Inkom::new();
    let file = t.write("host.xml", xml.as_bytes());
    let conversation = ids(&t.ok(&["import", s(&file)]));
    t.classify_diarium(&conversation[0].to_string(), "Samtal om tid");
    let text = sheet(&t, &conversation[0].to_string());
    let summer = text.find("2024-10-27 02:30:00 (sommartid) Inkommen");
    let normal = text.find("2024-10-27 02:30:00 (normaltid) Inkommen");
    assert!(
        summer.is_some() && normal.is_some() && summer < normal,
        "{text}"
    );
}
