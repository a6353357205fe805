//! What an MMS holds besides its text: a subject alone is its text, and an attachment the export
//! names without its content leaves the message an item that says so, on its sheet too. Before,
//! both were skipped as "tomt meddelande", and a missing picture was said only in the import's
//! summary, so the sheet of a message with text and a missing picture passed for all of it.

use crate::common::{self, Inkom, created_ids, s};

/// An SMS Backup & Restore MMS from +46701740661, incoming, with `sub` and `parts` as given.
fn mms(n: u32, sub: &str, parts: &str) -> String {
    format!(
        r#"<mms date="17647{n:02}000000" msg_box="1" address="+46701740661" sub="{sub}" contact_name="(Unknown)" m_type="132" text_only="0" read="1">
    <parts>
      <part seq="-1" ct="application/smil" name="null" chset="null" cl="smil.xml" text='&lt;smil&gt;&lt;/smil&gt;' />
      {parts}
    </parts>
  </mms>"#
    )
}

const PICTURE_WITHOUT_DATA: &str = r#"<part seq="0" ct="image/jpeg" name="IMG_0001.jpg" chset="null" cl="IMG_0001.jpg" text="null" data="" />"#;

#[test]
fn a_subject_alone_and_a_missing_picture_are_imported_and_printed() {
    let t = Inkom::new();
    let text = r#"<part seq="0" ct="text/plain" name="null" chset="106" cl="text_0.txt" text="Titta här" />"#;
    let xml = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"4\">\n  {}\n  {}\n  {}\n  {}\n</smses>\n",
        mms(1, "Ring mig ikväll", ""),
        mms(2, "null", &format!("{text}\n      {PICTURE_WITHOUT_DATA}")),
        mms(3, "null", PICTURE_WITHOUT_DATA),
        mms(4, "null", ""),
    );
    let file = t.write("mms.xml", xml.as_bytes());
    let import = t.ok(&["import", "--per-message", s(&file)]);
    let ids = created_ids(&import);
    assert_eq!(ids.len(), 3, "{import}");
    let file_import = &import["imported"][0];
    assert_eq!(file_import["tally"]["messages"], 4, "{import}");
    assert_eq!(file_import["tally"]["skipped"], 1, "{import}");
    let skipped: Vec<&str> = file_import["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert!(
        skipped.contains(&"mms 4: tomt meddelande, hoppades över"),
        "{skipped:?}"
    );

    let missing = "bilagan IMG_0001.jpg saknar innehåll i filen";
    let subject_only = t.ok(&["show", &ids[0].to_string()]);
    assert_eq!(subject_only["subject"], "Ring mig ikväll", "{subject_only}");
    let with_text = t.ok(&["show", &ids[1].to_string()]);
    assert_eq!(with_text["body"], "Titta här", "{with_text}");
    assert_eq!(with_text["source"]["notes"], serde_json::json!([missing]));
    let picture_only = t.ok(&["show", &ids[2].to_string()]);
    assert_eq!(picture_only["body"], "", "{picture_only}");
    assert_eq!(
        picture_only["source"]["notes"],
        serde_json::json!([missing])
    );

    // The sheets: the subject, and the text with the note that the picture is missing.
    for (id, expected) in [(ids[0], "Ring mig ikväll"), (ids[1], missing)] {
        let id = id.to_string();
        t.classify_diarium(&id, "Meddelande från klient");
        let pdf = t.files().join(format!("{id}.pdf"));
        t.ok(&["register", &id, "--out", s(&pdf)]);
        let sheet = common::pdftotext(&pdf);
        assert!(common::pdf_text_contains(&sheet, expected), "{sheet}");
    }
}

/// A group chat's sheet names everyone in it, each once, where it named only whoever wrote
/// first; a number written with and without its contact name is one party.
#[test]
fn a_group_conversation_names_everyone_in_it() {
    let t = Inkom::new();
    let group = "+46701740662~+46701740663";
    let addrs = |from: &str| {
        format!(
            r#"<addrs><addr address="{from}" type="137" charset="106" /><addr address="+46701740662" type="151" charset="106" /><addr address="+46701740663" type="151" charset="106" /></addrs>"#
        )
    };
    let message = |n: u32, msg_box: u32, from: &str, text: &str| {
        format!(
            r#"<mms date="17647{n:02}000000" msg_box="{msg_box}" address="{group}" sub="null" contact_name="Nora Ek, (Unknown)" m_type="132" text_only="1" read="1">
    <parts><part seq="0" ct="text/plain" name="null" chset="106" cl="text_0.txt" text="{text}" /></parts>
    {}
  </mms>"#,
            addrs(from)
        )
    };
    let xml = format!(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"3\">\n  {}\n  {}\n  {}\n</smses>\n",
        message(1, 1, "+46701740663", "Hej från Ali"),
        message(2, 1, "+46701740662", "Hej från Nora"),
        message(3, 2, "insert-address-token", "Hej båda"),
    );
    let file = t.write("grupp.xml", xml.as_bytes());
    let ids = created_ids(&t.ok(&["import", s(&file)]));
    assert_eq!(ids.len(), 1);
    let id = ids[0].to_string();
    t.classify_diarium(&id, "Gruppchatt");
    let pdf = t.files().join("grupp.pdf");
    t.ok(&["register", &id, "--out", s(&pdf)]);
    let sheet = common::pdftotext(&pdf);
    let header = sheet
        .lines()
        .find(|line| line.contains("Konversation med"))
        .unwrap_or_else(|| panic!("{sheet}"));
    assert!(
        header.contains("+46701740663") && header.contains("+46701740662 (Nora Ek)"),
        "{header}"
    );
    assert_eq!(header.matches("+46701740662").count(), 1, "{header}");
}

/// An SMS Import/Export group chat is one conversation: an incoming group MMS lists the phone's
/// own number among its recipients and an outgoing one does not, so the messages' parties
/// differ, but the phone's thread (`thread_id`) is one. Before, the chat was stored as two
/// conversations, each with part of it.
#[test]
fn an_sms_import_export_group_chat_is_one_conversation() {
    let t = Inkom::new();
    let own = "+46701740699";
    let person = |address: &str, kind: &str| serde_json::json!({ "address": address, "type": kind, "charset": "106" });
    let message = |n: u32, msg_box: &str, from: Option<&str>, to: &[&str], text: &str| {
        let mut line = serde_json::json!({
            "_id": n.to_string(), "thread_id": "77", "date": format!("17647{n:02}000"),
            "msg_box": msg_box, "m_type": "132", "text_only": "1",
            "__recipient_addresses": to.iter().map(|a| person(a, "151")).collect::<Vec<_>>(),
            "__parts": [{ "seq": "0", "ct": "text/plain", "text": text }],
        });
        if let Some(from) = from {
            line["__sender_address"] = person(from, "137");
        }
        line.to_string()
    };
    let ndjson = [
        message(
            1,
            "1",
            Some("+46701740662"),
            &[own, "+46701740663"],
            "Hej från Nora",
        ),
        message(2, "2", None, &["+46701740662", "+46701740663"], "Hej båda"),
        message(
            3,
            "1",
            Some("+46701740663"),
            &[own, "+46701740662"],
            "Hej från Ali",
        ),
    ]
    .join("\n");
    let file = t.write("messages.ndjson", ndjson.as_bytes());
    let ids = created_ids(&t.ok(&["import", s(&file)]));
    assert_eq!(ids.len(), 1, "one conversation");
    let item = t.ok(&["show", &ids[0].to_string()]);
    let body = item["body"].as_str().unwrap_or_default();
    for text in ["Hej från Nora", "Hej båda", "Hej från Ali"] {
        assert!(body.contains(text), "{body}");
    }
}
