//! Japanese mail as Japanese mail programs send it: ISO-2022-JP (the traditional encoding of
//! Japanese e-mail, in the body and in encoded-word headers) and Shift_JIS labelled mail that
//! uses the Windows (cp932) extensions such as circled digits. The text must come through as
//! written, without a guessed-charset note.

use std::path::Path;

use base64::Engine;
use inkom::import::{ImportLimits, parse_file};
use inkom::model::NewItem;

fn one_item(dir: &Path, bytes: &[u8]) -> NewItem {
    let path = dir.join("mail.eml");
    std::fs::write(&path, bytes).expect("test data");
    let mut items = Vec::new();
    parse_file(&path, &ImportLimits::default(), &mut |item| {
        items.push(item);
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{}", e.sv()));
    assert_eq!(items.len(), 1);
    items.pop().expect("test data")
}

fn encoded_word(charset: &str, bytes: &[u8]) -> String {
    format!(
        "=?{charset}?B?{}?=",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

fn mail(charset: &str, subject: &str, cte: &str, body: &[u8]) -> Vec<u8> {
    let mut m = format!(
        "From: Testperson <test@example.jp>\r\nTo: enhet@example.com\r\nSubject: {subject}\r\nDate: Mon, 3 Nov 2026 09:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n"
    )
    .into_bytes();
    m.extend_from_slice(body);
    m.extend_from_slice(b"\r\n");
    m
}

#[test]
fn iso_2022_jp_body_and_subject() {
    let dir = tempfile::tempdir().expect("tempdir");
    let subject = "会議の件";
    let body = "お世話になっております。\r\n明日の会議は十時からです。";
    let (s, _, _) = encoding_rs::ISO_2022_JP.encode(subject);
    let (b, _, unmappable) = encoding_rs::ISO_2022_JP.encode(body);
    assert!(!unmappable);
    // ISO-2022-JP is 7-bit: escape sequences switch to JIS X 0208.
    assert!(b.iter().all(u8::is_ascii) && b.contains(&0x1b));
    let item = one_item(
        dir.path(),
        &mail("ISO-2022-JP", &encoded_word("ISO-2022-JP", &s), "7bit", &b),
    );
    assert_eq!(item.subject.as_deref(), Some(subject));
    assert!(
        item.body.contains("明日の会議は十時からです。"),
        "{:?}",
        item.body
    );
    // Nothing was guessed about the text; the only note is that this test mail has no
    // Received header (issue 13 rule 4).
    assert!(
        item.source.notes.iter().all(|n| n.contains("Received")),
        "{:?}",
        item.source.notes
    );
}

#[test]
fn shift_jis_with_windows_extensions() {
    let dir = tempfile::tempdir().expect("tempdir");
    // ① and ㈱ exist only in Microsoft's cp932, which Japanese Windows writes as "Shift_JIS".
    let body = "①資料を送ります。㈱テスト";
    let (b, _, unmappable) = encoding_rs::SHIFT_JIS.encode(body);
    assert!(!unmappable);
    assert_eq!(&b[..2], [0x87, 0x40], "① is cp932's 0x8740");
    for charset in ["Shift_JIS", "cp932", "windows-31j"] {
        let item = one_item(dir.path(), &mail(charset, "資料", "8bit", &b));
        assert!(item.body.contains(body), "{charset}: {:?}", item.body);
    }
}
