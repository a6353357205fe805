//! Issue 17, item 3: control characters from message fields and file names never reach the
//! terminal raw (clear screen, OSC 52 clipboard writes, forged lines); `--json` stays exact.

use crate::common;

use common::{Inkom, s};

/// An e-mail whose sender name, subject and body carry terminal control sequences.
const EML: &str = "From: =?utf-8?q?Eva_Testsson=1B[2J?= <eva@example.com>\r\n\
    To: ifo@example.org\r\n\
    Subject: =?utf-8?q?Hej=1B]52;c;ZWNobyBoYWNrZWQ=3D=07_igen?=\r\n\
    Date: Mon, 2 Nov 2026 10:00:00 +0100\r\n\
    MIME-Version: 1.0\r\n\
    Content-Type: text/plain; charset=utf-8\r\n\
    Content-Transfer-Encoding: quoted-printable\r\n\r\n\
    F=C3=B6rsta raden=0D=1B[1Afalsk rad=1B[2J\r\nAndra raden=C2=9B31m\r\n";

fn raw_controls(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .filter(|c| c.is_control() && *c != '\n')
        .map(|c| c as u32 as u8)
        .collect()
}

#[test]
fn security_terminal_escapes_show_list_and_import_lines_print_no_control_characters() {
    let t = Inkom::new();
    let path = t.write("post\x1b]52;c;aGk=\x07.eml", EML.as_bytes());

    let import = t.run(&["import", s(&path)]);
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert_eq!(raw_controls(&import.stdout), b"", "import line");
    assert!(String::from_utf8_lossy(&import.stdout).contains("post\\u{1b}]52;c;aGk=\\u{7}.eml"));

    for args in [&["show", "1"][..], &["list"]] {
        let out = t.run(args);
        assert!(out.status.success());
        assert_eq!(raw_controls(&out.stdout), b"", "{args:?}");
        assert_eq!(raw_controls(&out.stderr), b"", "{args:?}");
    }
    let shown = String::from_utf8_lossy(&t.run(&["show", "1"]).stdout).into_owned();
    assert!(shown.contains("Hej\\u{1b}]52;c;"), "{shown}");
    assert!(
        shown.contains("Första raden\\u{d}\\u{1b}[1Afalsk rad"),
        "{shown}"
    );
    // Lines of the body stay lines.
    assert!(shown.contains("\nAndra raden\\u{9b}31m"), "{shown}");

    // The JSON output holds the text exactly as received.
    let v = t.ok(&["show", "1"]);
    assert!(
        v["body"]
            .as_str()
            .expect("body")
            .contains("Första raden\r\x1b[1Afalsk rad\x1b[2J"),
        "{v}"
    );
    assert!(
        v["subject"]
            .as_str()
            .expect("subject")
            .contains("\x1b]52;c;"),
        "{v}"
    );
}

#[test]
fn security_terminal_escapes_suggest_prints_ids_and_reasons_escaped() {
    let t = Inkom::new();
    // The reasons quote the message ("Ordet …"), and the id is the input file's own.
    let line = serde_json::json!({
        "id": "rad\u{1b}[2J1",
        "channel": "sms",
        "from": "+46701740605",
        "text": "Jag överklagar\u{1b}]52;c;aGk=\u{7} beslutet",
    });
    let input = t.write("meddelanden.jsonl", format!("{line}\n").as_bytes());
    let out = t.run(&["suggest", s(&input)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The tabs between the columns are the output's own; nothing else may be a control.
    let controls: Vec<u8> = raw_controls(&out.stdout)
        .into_iter()
        .filter(|c| *c != b'\t')
        .collect();
    assert_eq!(controls, b"", "suggest line");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("rad\\u{1b}[2J1"), "{text}");
}
