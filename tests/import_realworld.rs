//! Every file in `../shared/fixtures/realworld/` (written by others: phone exports, mail
//! programs, cameras; licences in its SOURCES.md) through the importer: per file the items it
//! gives (count; the first item's sender, time and the start of its text) or the clear Swedish
//! refusal; no panic, no file over 10 s, the whole run under 200 MB. The 7 raw `attributedBody`
//! blobs under `ios/attributedbody-blobs/` are decoder input, not files a user imports.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;

use inkom::import::*;
use inkom::model::NewItem;

use Expect::{Items, Refused};

fn realworld() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/realworld")
}

/// What a file must give.
enum Expect {
    /// `n` items; the first one's sender, its time as RFC 3339 (empty: the file's time, which
    /// must then be noted on the item as such) and the start of its text.
    Items {
        n: usize,
        sender: &'static str,
        time: &'static str,
        text: &'static str,
    },
    /// Refused with a Swedish message containing this.
    Refused(&'static str),
}

/// `time` is the date received: for an e-mail the topmost `Received:` header's (guard rail 4),
/// else its `Date:` header's.
const EXPECTED: &[(&str, Expect)] = &[
    (
        "eml/mail_bad-encoded-subject_charset-NONE_37B.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "TEST",
        },
    ),
    (
        "eml/mail_binary-cte-on-multipart_replacement-chars.eml",
        Items {
            n: 1,
            sender: "Biz Phone Systems from EclipseMediaOnline�� <info@here2there-travelers-msgs.net>",
            time: "2010-11-14T17:41:44+00:00",
            text: "",
        },
    ),
    (
        "eml/mail_body-lines-starting-with-From.eml",
        Items {
            n: 1,
            sender: "Tester 1 <tester1@test.com>",
            time: "2009-12-02T09:39:57+00:00",
            text: "When sending email:\n* Fr",
        },
    ),
    (
        "eml/mail_duplicate-invalid-content-disposition_lf.eml",
        Items {
            n: 1,
            sender: "redacted@flashmail.net",
            time: "",
            text: "foo",
        },
    ),
    (
        "eml/mail_invalid-date-time_59-10.eml",
        Items {
            n: 1,
            sender: "Free-Quilting.com <enews@Free-Quilting.com>",
            time: "2010-12-14T22:59:10-08:00",
            text: "",
        },
    ),
    (
        "eml/mail_ks_c_5601-1987.eml",
        Items {
            n: 1,
            sender: "from@example.com",
            time: "2014-05-28T17:18:19+09:00",
            text: "스티해",
        },
    ),
    (
        "eml/mail_mbox-from-line_date-8bit-comment_euc-kr.eml",
        Items {
            n: 1,
            sender: "mikel@me.com",
            time: "2008-09-22T20:20:25+00:00",
            text: "대부분의 마찬가지로, 우리는 하나님을 믿습니",
        },
    ),
    (
        "eml/mail_raw-utf8-attachment-filename.eml",
        Items {
            n: 1,
            sender: "foo@example.com",
            time: "2005-06-06T22:21:22+02:00",
            text: "This is the first part.",
        },
    ),
    (
        "eml/mail_rfc6532-raw-utf8-headers.eml",
        Items {
            n: 1,
            sender: "Jöhn Doe <jdöe@mächine.example>",
            time: "",
            text: "body",
        },
    ),
    (
        "eml/mail_shift-jis-8bit.eml",
        Items {
            n: 1,
            sender: "xxxxxxx@docomo.ne.jp",
            time: "2014-05-28T17:18:19+09:00",
            text: "あいうえお\n\nこのメールはテスト用のメールです。",
        },
    ),
    (
        "eml/mail_unquoted-boundary-with-equals.eml",
        Items {
            n: 1,
            sender: "Mikel Lindsaar <email_test@me.nowhere>",
            time: "2007-10-21T19:38:21+10:00",
            text: "Hello\nThis is an outlook",
        },
    ),
    (
        "eml/mimekit_bounce_delivery-status_anonymised.eml",
        Items {
            n: 1,
            sender: "xxx xxxx xxxxxx <xxxxxxxxxx@xxx.xxxxxxx.xxx>",
            time: "1996-07-29T02:26:08-07:00",
            text: "",
        },
    ),
    (
        "eml/mimekit_content-type-without-subtype.eml",
        Items {
            n: 1,
            sender: "someone <someone@somewhere.com>",
            time: "2015-12-29T09:06:17-04:00",
            text: "",
        },
    ),
    (
        "eml/mimekit_empty-multipart-alternative.eml",
        Items {
            n: 1,
            sender: "mimekit@example.com",
            time: "2013-11-12T09:12:42-05:00",
            text: "This part should be on t",
        },
    ),
    (
        "eml/mimekit_format-flowed_delsp-yes_qp.eml",
        Items {
            n: 1,
            sender: "MimeKit UnitTests <unit-tests@mimekit.net>",
            time: "2025-01-09T10:26:14-05:00",
            text: "We should have access, a",
        },
    ),
    (
        "eml/mimekit_iso-2022-jp.eml",
        Items {
            n: 1,
            sender: "Atsushi Eno <x@x.com>",
            time: "2015-07-22T01:02:29+09:00",
            text: "Let's see if both subjec",
        },
    ),
    (
        "eml/mimekit_mdn_disposition-notification_anonymised.eml",
        Items {
            n: 1,
            sender: "xxx xxxxxxxxx <xxxxxxxxxxxxx@xxxxxxx.xxx>",
            time: "1995-09-20T00:19:00-04:00",
            text: "xxx xxxxxxx xxxx xx xxxx",
        },
    ),
    (
        "eml/mimekit_stack-overflow_thousands-of-encoded-words.eml",
        Items {
            n: 1,
            sender: "test <test@test.com>",
            time: "2017-11-03T12:00:00-08:00",
            text: "Message Body",
        },
    ),
    (
        "eml/mp_malformed_boundary-colon_cr-in-header.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "eml/mp_malformed_boundary-over-70-chars.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "1\n22\n333",
        },
    ),
    (
        "eml/mp_malformed_boundary-prefixes-a--.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "body",
        },
    ),
    (
        "eml/mp_malformed_broken-rfc822-attachment.eml",
        Items {
            n: 1,
            sender: "a@example.com",
            time: "",
            text: "hello",
        },
    ),
    (
        "eml/mp_malformed_content-disposition-semicolon.eml",
        Items {
            n: 1,
            sender: "Test User <test@example.org>",
            time: "",
            text: "",
        },
    ),
    (
        "eml/mp_malformed_garbled-from-duplicated-headers.eml",
        Items {
            n: 1,
            sender: "",
            time: "2026-04-07T10:00:01+00:00",
            text: "",
        },
    ),
    (
        "eml/mp_malformed_mixed-crlf-lf_qp-soft-break-eof.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "Best\nEnviado desde mi Bl",
        },
    ),
    (
        "eml/mp_malformed_multipart-without-delimiters.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "eml/mp_malformed_nested-same-boundary.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "eml/mp_malformed_rfc822-in-rfc822-no-headers.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "eml/mp_malformed_same-boundary_mime-version-2.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "hello, world\nhello, worl",
        },
    ),
    (
        "eml/mp_multipart-digest.eml",
        Items {
            n: 1,
            sender: "Moderator-Address <moderator>",
            time: "",
            text: "",
        },
    ),
    (
        "eml/mp_raw-utf8-in-header-param_japanese.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "人権の無視及",
        },
    ),
    (
        "eml/mp_rfc2046-simple-boundary.eml",
        Items {
            n: 1,
            sender: "Nathaniel Borenstein <nsb@bellcore.com>",
            time: "1993-03-21T23:56:48-08:00",
            text: "This is implicitly typed",
        },
    ),
    (
        "eml/mp_utf-16le-binary_utf-16be_euc-jp_invalid-utf8.eml",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "Test message\n\nTest messa",
        },
    ),
    (
        "eml/msgreader_from-header-stray-quote_latin1.eml",
        Items {
            n: 1,
            sender: "Some ßtring <some@example.com>",
            time: "2025-01-28T11:28:01+01:00",
            text: "",
        },
    ),
    (
        "eml/msgreader_outlook365_windows-1252-names_inline.eml",
        Items {
            n: 1,
            sender: "Müller Peter <Peter.Mueller@domain.ch>",
            time: "2025-02-07T09:44:18+00:00",
            text: "Test email *************",
        },
    ),
    (
        "eml/msgreader_unknown-content-disposition-param.eml",
        Items {
            n: 1,
            sender: "sender@example.com",
            time: "",
            text: "Test email body.",
        },
    ),
    (
        "eml/thunderbird_bad-charset-label.eml",
        Items {
            n: 1,
            sender: "test@example.com",
            time: "2017-12-30T19:31:21+01:00",
            text: "Despite the bad charset ",
        },
    ),
    (
        "eml/thunderbird_badly-folded-headers.eml",
        Items {
            n: 1,
            sender: "sender@example.com",
            time: "2018-04-14T14:01:30+02:00",
            text: "Here's our body",
        },
    ),
    (
        "eml/thunderbird_content-type-text-no-subtype.eml",
        Items {
            n: 1,
            sender: "sender@example.invalid",
            time: "",
            text: "",
        },
    ),
    (
        "eml/thunderbird_iso-2022-jp-quoted-printable.eml",
        Items {
            n: 1,
            sender: "test@example.com",
            time: "2018-04-03T19:09:16+09:00",
            text: "日本語の本文がQuoted Printableに",
        },
    ),
    (
        "eml/thunderbird_iso-8859-7-greek-8bit.eml",
        Items {
            n: 1,
            sender: "test@example.com",
            time: "2017-12-30T19:15:38+01:00",
            text: "Search for Greek text Κα",
        },
    ),
    (
        "eml/thunderbird_mime-torture_crispin-1993.eml",
        Items {
            n: 1,
            sender: "Mark Crispin <mrc@CAC.Washington.EDU>",
            time: "1993-02-06T02:53:47-08:00",
            text: "This is a demonstration ",
        },
    ),
    (
        "eml/thunderbird_no-content-type_no-date.eml",
        Items {
            n: 1,
            sender: "sender@example.invalid",
            time: "",
            text: "Try a Thunderbird Quick ",
        },
    ),
    (
        "eml/thunderbird_no-from-header.eml",
        Items {
            n: 1,
            sender: "",
            time: "2015-04-26T21:30:59+02:00",
            text: "This mail has no from ad",
        },
    ),
    (
        "eml/thunderbird_pgp-signed-wrapping-smime-encrypted.eml",
        Items {
            n: 1,
            sender: "Alice@example.com",
            time: "2023-11-21T20:50:06+00:00",
            text: "",
        },
    ),
    (
        "eml/thunderbird_qp-ends-in-soft-break.eml",
        Items {
            n: 1,
            sender: "sender@example.invalid",
            time: "2026-07-06T06:06:06+00:00",
            text: "This message body ends o",
        },
    ),
    (
        "eml/thunderbird_smime-encrypted_enveloped-data.eml",
        Items {
            n: 1,
            sender: "Alice@example.com",
            time: "2026-01-26T14:38:03+00:00",
            text: "",
        },
    ),
    (
        "images/exif_game-screenshot_ps3_odd-gps-ifd.jpg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/exif_gps_nikon-coolpix.jpg",
        Items {
            n: 1,
            sender: "",
            time: "2008-10-22T16:28:39+02:00",
            text: "",
        },
    ),
    (
        "images/exif_invalid_endless-loop-01551.jpg",
        Items {
            n: 1,
            sender: "",
            time: "2011-09-23T12:43:03+00:00",
            text: "",
        },
    ),
    (
        "images/exif_invalid_endless-loop-01980.jpg",
        Items {
            n: 1,
            sender: "",
            time: "2011-09-23T11:42:46+00:00",
            text: "",
        },
    ),
    (
        "images/exif_model-with-angle-brackets_samsung.jpg",
        Items {
            n: 1,
            sender: "",
            time: "2006-08-15T17:50:57+02:00",
            text: "",
        },
    ),
    (
        "images/exif_orientation-3_rotate180_portrait.jpg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/exif_orientation-5_transpose_landscape.jpg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/exif_orientation-6_rotate90_portrait.jpg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/exif_orientation-8_rotate270_landscape.jpg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/exif_type-error_canon-g9.jpg",
        Items {
            n: 1,
            sender: "",
            time: "2008-05-25T19:31:26+02:00",
            text: "",
        },
    ),
    (
        "images/jpeg_corrupt-exif_grayscale.jpg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/jpeg_exif-datetimeoriginal-2099_gps.jpg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/jpeg_exif-ifd-offset-out-of-range.jpg",
        Items {
            n: 1,
            sender: "",
            time: "2017-03-13T23:03:09-07:00",
            text: "",
        },
    ),
    (
        "images/jpeg_truncated-exif.jpg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/jpeg_two-exif-app1-segments_1x1.jpg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/png_exif-as-hex-text_raw-profile_orientation-3.png",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/png_orientation-only-in-xmp_icc.png",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/screenshot_android13_fossify-messages_conversation-list.png",
        Items {
            n: 1,
            sender: "",
            time: "2024-01-20T00:43:32+05:30",
            text: "",
        },
    ),
    (
        "images/screenshot_android13_fossify-messages_thread-with-photo.png",
        Items {
            n: 1,
            sender: "",
            time: "2024-01-22T19:15:48+05:30",
            text: "",
        },
    ),
    (
        "images/webp_animated_42-frames_rgba.webp",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/webp_exif_canon_little-endian.webp",
        Items {
            n: 1,
            sender: "",
            time: "2003-12-14T12:01:44+01:00",
            text: "",
        },
    ),
    (
        "images/webp_exif_orientation-6.webp",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "images/webp_xmp_photoshop.webp",
        Items {
            n: 1,
            sender: "",
            time: "2013-07-04T17:23:10-03:00",
            text: "",
        },
    ),
    (
        "ios/macos-ts_synthetic_chat.db",
        Items {
            n: 15,
            sender: "alice@example.com",
            time: "2025-05-15T12:00:00+02:00",
            text: "Check out this cool proj",
        },
    ),
    (
        "ios/xevg_macos13_chat_2msgs.db",
        Items {
            n: 2,
            sender: "",
            time: "2023-05-17T14:22:43.580999808+02:00",
            text: "iMessagedb test: Let’s s",
        },
    ),
    (
        "mbox/mimekit_gmail-takeout-style.mbox",
        Items {
            n: 4,
            sender: "Sender <sender@example.com>",
            time: "2025-09-26T10:18:40-07:00",
            text: "Body of message 1.",
        },
    ),
    (
        "mbox/mimekit_netscape-1996_content-length.mbox",
        Items {
            n: 29,
            sender: "mailusr1@navstar1.mcom.com",
            time: "1996-07-21T17:02:55-08:00",
            text: "default echo 1\ndefault e",
        },
    ),
    (
        "mbox/mimekit_simple_from-dash-separators.mbox",
        Items {
            n: 3,
            sender: "fejj@gnome.org",
            time: "2002-08-23T02:32:53-04:00",
            text: "",
        },
    ),
    (
        // Two messages, as SOURCES.md says: the unquoted "From Russia with love" after an empty
        // line is body text (no date), not a separator that took the line with it.
        "mbox/mimekit_unmunged-from_utf8-bom.mbox",
        Items {
            n: 2,
            sender: "Jeffrey Stedfast <jeff@xamarin.com>",
            time: "",
            text: "This is my favourite Jam",
        },
    ),
    (
        "mbox/rubymail_odd_no-blank-line_no-final-newline.mbox",
        Items {
            n: 2,
            sender: "foo@bar",
            time: "2002-11-27T12:27:36+01:00",
            text: "message1",
        },
    ),
    (
        "mbox/rubymail_simple_3-headerless.mbox",
        Items {
            n: 3,
            sender: "foo@bar",
            time: "2002-11-27T12:27:32+01:00",
            text: "message1",
        },
    ),
    (
        "mbox/thunderbird_mboxrd_escaped-from.mbox",
        Items {
            n: 2,
            sender: "Author <author@example.com>",
            time: "2011-07-08T12:08:34+02:00",
            text: "This is the body.\nFrom (",
        },
    ),
    (
        "mbox/thunderbird_modern_space-quoted-from.mbox",
        Items {
            n: 2,
            sender: "Author <author@example.com>",
            time: "2018-08-24T11:55:47+00:00",
            text: "Later versions of Thunde",
        },
    ),
    (
        "mbox/thunderbird_unquoted_bare-From-line.mbox",
        Items {
            n: 2,
            sender: "Author <author@example.com>",
            time: "2005-08-22T17:20:08+00:00",
            text: "Earlier versions of Thun",
        },
    ),
    (
        "msg/hht_200-recipients.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "msg/hht_66-attachments_1.3MB.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "Many entities!!!",
        },
    ),
    (
        "msg/hht_ansi-ascii.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "Non Unicode mail body!",
        },
    ),
    (
        "msg/hht_ansi-cp932_japanese.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            // cp932 although the Internet code page says ISO-2022-JP (was "���{�� …").
            text: "日本語 Non Unicode 本文",
        },
    ),
    (
        "msg/hht_appointment_EST.msg",
        Items {
            n: 1,
            sender: "Unknown",
            time: "2022-12-03T07:12:57.053+01:00",
            // An RTF body with no words in it; the appointment's time from its fields.
            text: "Outlook-objekt: kalenderobjekt (möte eller avtalad tid)\nStart: 2022-12-04 14:00",
        },
    ),
    (
        "msg/hht_attach-and-inline.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "msg/hht_contact_ansi-cp932.msg",
        Items {
            n: 1,
            sender: "xmailuser <xmailuser@xmailserver.test>",
            time: "2022-07-20T19:36:38.013+02:00",
            // An RTF body with no words in it; the card's fields (empty before session 33).
            text: "Outlook-objekt: kontakt\nNamn: Mr. イグザンプル ドット コム 殿\nFöretag:",
        },
    ),
    (
        "msg/hht_display-name-only-recipients.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "Message",
        },
    ),
    (
        "msg/hht_eml-attachment_received.msg",
        Items {
            n: 1,
            sender: "hmailuser@hmailserver.test",
            time: "2025-12-04T05:38:16+01:00",
            text: "Sent from my Windows 10",
        },
    ),
    (
        "msg/hht_empty-subject_attachment-only.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "msg/hht_longer-FAT_64KB-bins.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "msg/hht_msg-in-msg-in-msg.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "I have sub attachments!",
        },
    ),
    (
        "msg/hht_recurring-appointment_exceptions.msg",
        Items {
            n: 1,
            sender: "Unknown",
            time: "2022-12-07T03:23:01.426+01:00",
            text: "Outlook-objekt: kalenderobjekt (möte eller avtalad tid)\nStart: 2023-01-06 04:00 svensk tid\nSlut: 2023-01-06 05:00 svensk tid\nUpprepning: 金曜日 ごと、12:00 から 13:00\n\nChanges:\n-\tJan 6 cancel\n",
        },
    ),
    (
        "msg/hht_stickynote_memo.msg",
        Items {
            n: 1,
            sender: "",
            time: "2021-10-13T11:15:57.785+02:00",
            text: "Outlook-objekt: anteckning\n\nA memo.",
        },
    ),
    (
        "msg/hht_unicode_cjk-body.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "Hello\nC 你好\nJ こんにちは\nK 안녕하",
        },
    ),
    (
        "msg/hht_unicode_cjk-lookalike-subject.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "The subject having “畑㵲応イ",
        },
    ),
    (
        "msg/hht_vote-reply_no-body.msg",
        Items {
            n: 1,
            sender: "xmailuser <xmailuser@xmailserver.test>",
            time: "2021-07-29T12:57:47+02:00",
            text: "",
        },
    ),
    (
        "msg/poi_ansi-big5_chinese-traditional.msg",
        Items {
            n: 1,
            sender: "Tests Chang@FT (張毓倫)",
            time: "2011-03-29T10:52:48.725260+02:00",
            text: "Alfresco MSG format test",
        },
    ),
    (
        "msg/poi_ansi-cp1251_russian_3KB.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "Body автоматически Body",
        },
    ),
    (
        "msg/poi_ansi-cp1252_german_html.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "Body öäü Body",
        },
    ),
    (
        "msg/poi_blank.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "msg/poi_clusterfuzz-4735011465854976.msg",
        Refused("skadad eller avkortad"),
    ),
    (
        "msg/poi_clusterfuzz-4848576776503296.msg",
        Items {
            n: 1,
            sender: "Allison, Timothy B.",
            time: "2017-02-28T19:47:11.709+01:00",
            text: "Is going to jump over th",
        },
    ),
    (
        "msg/poi_clusterfuzz-5336473854148608.msg",
        Refused("skadad eller avkortad"),
    ),
    (
        "msg/poi_html-binary-only_cp1251.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "HTML автоматически",
        },
    ),
    (
        "msg/poi_ipm-task.msg",
        Items {
            n: 1,
            sender: "Allison, Timothy B.",
            time: "2017-02-28T19:44:00.795+01:00",
            text: "Outlook-objekt: uppgift\nStartdatum: 2017-02-19\nFörfallodatum: 2017-03-10\n",
        },
    ),
    (
        "msg/poi_olk10sideprops-chunk.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "This is a hacked Outlook",
        },
    ),
    (
        "msg/poi_smime-multipart-signed.msg",
        Items {
            n: 1,
            sender: "Roberto Franceschetti <roberto@logsat.com>",
            time: "2005-11-05T03:16:01+01:00",
            text: "This is a valid digitall",
        },
    ),
    (
        "msg/poi_unknown-properties_garbage.msg",
        Refused("skadad eller avkortad"),
    ),
    (
        "msg/sicos_reactions.msg",
        Items {
            n: 1,
            sender: "test1 <test1@readreceipts.onmicrosoft.com>",
            time: "2023-10-05T19:03:19.193577200+02:00",
            text: "Testing",
        },
    ),
    (
        "msg/team_strange-date.msg",
        Items {
            n: 1,
            sender: "",
            time: "",
            text: "MSG test file\nPurpose: P",
        },
    ),
    (
        "sms-xml/fkleon_empty_count2444.xml",
        Items {
            n: 0,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "sms-xml/fkleon_invalid_date-today.xml",
        Items {
            n: 0,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "sms-xml/fkleon_invalid_empty-sms-element.xml",
        Items {
            n: 1,
            sender: "Google",
            time: "2011-10-21T09:50:00.129+02:00",
            text: "Der Google-Bestätigungsc",
        },
    ),
    (
        "sms-xml/fkleon_same-time-two-numbers.xml",
        Items {
            n: 2,
            sender: "",
            time: "2012-03-06T18:37:24.391+01:00",
            text: "Wie sieht es aus? Wegen ",
        },
    ),
    (
        "sms-xml/fkleon_sms-and-mms_crlf-tabs.xml",
        // The first MMS's picture is written with empty data: the message is still an item,
        // which says the picture is missing.
        Items {
            n: 3,
            sender: "",
            time: "2012-05-11T11:47:44.538+02:00",
            text: "Klar",
        },
    ),
    (
        "sms-xml/fkleon_sms-dupes.xml",
        Items {
            n: 8,
            sender: "+4917611111111 (Contact 1)",
            time: "2011-10-21T15:55:47.629+02:00",
            text: "Test",
        },
    ),
    (
        "sms-xml/khasmek_count-mismatch_seconds-dates.xml",
        Items {
            n: 9,
            sender: "5555554455 (Robot Dog)",
            time: "2012-04-22T00:10:17.074+02:00",
            text: "Sweetest soul I will eve",
        },
    ),
    (
        "sms-xml/radj_exact-duplicate_no-final-newline.xml",
        Items {
            n: 2,
            sender: "",
            time: "2013-04-09T06:29:17.533+02:00",
            text: "Hey! :) What you doing?",
        },
    ),
    (
        "sms-xml/sbr2_corrupt_attachments.xml",
        Items {
            n: 2,
            sender: "+15550000004 (Contact D)",
            time: "2024-07-16T22:29:28+02:00",
            text: "MMS with corrupted base6",
        },
    ),
    (
        "sms-xml/sbr2_empty_count0.xml",
        Items {
            n: 0,
            sender: "",
            time: "",
            text: "",
        },
    ),
    (
        "sms-xml/sbr2_sample_mms_png-mp4-mp3.xml",
        Items {
            n: 4,
            sender: "+15550000003 (Contact C)",
            time: "2024-07-16T22:29:24+02:00",
            text: "Here is an image attachm",
        },
    ),
    (
        "sms-xml/sbr2_sample_small_minimal-attrs.xml",
        Items {
            n: 7,
            sender: "+15550000001 (Contact A)",
            time: "2017-12-02T15:49:27.463+01:00",
            text: "SMS 1 in Thread 1",
        },
    ),
    (
        "sms-xml/sbr2_sms_and_mms_rcs-group.xml",
        Refused("är avkortad"),
    ),
    (
        "sms-xml/sbr2_sms_small.xml",
        Items {
            n: 12,
            sender: "+15550000001 (Contact A)",
            time: "2017-12-02T15:49:27.463+01:00",
            text: "Body text 1",
        },
    ),
    (
        "sms-xml/shruggie_calls_not-sms.xml",
        Refused("inte är en säkerhetskopia från SMS Backup"),
    ),
    (
        "sms-xml/shruggie_edge_cases.xml",
        Items {
            n: 2,
            sender: "+15551112222",
            time: "2021-01-01T01:00:00+01:00",
            text: "Minimal fields, no optio",
        },
    ),
    (
        "sms-xml/shruggie_malformed_unclosed.xml",
        Refused("inte giltig XML"),
    ),
    (
        "sms-xml/shruggie_minimal_mms_smil.xml",
        Items {
            n: 1,
            sender: "+15559876543",
            time: "2021-01-02T01:00:00+01:00",
            text: "Hello from MMS!",
        },
    ),
    (
        "sms-xml/shruggie_mixed_draft.xml",
        Items {
            n: 3,
            sender: "+15551234567 (Alice Smith)",
            time: "2021-01-01T01:00:00+01:00",
            text: "Hey, how are you?",
        },
    ),
];

fn importable_files() -> Vec<String> {
    let mut out = Vec::new();
    for dir in ["sms-xml", "ios", "msg", "eml", "mbox", "images"] {
        for e in std::fs::read_dir(realworld().join(dir)).expect("fixture folder") {
            let path = e.expect("entry").path();
            if path.is_file() {
                out.push(format!(
                    "{dir}/{}",
                    path.file_name().expect("name").to_string_lossy()
                ));
            }
        }
    }
    out.sort();
    out
}

/// Resets the peak-memory mark of this process (Linux: `5` into /proc/self/clear_refs), so
/// that [`peak_rss_bytes`] measures one file.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// Peak resident memory of this test process, from /proc (Linux); `None` elsewhere.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn every_realworld_file_gives_its_items_or_a_clear_refusal() {
    // mail-parser panics on some broken MIME structures; the importer catches that. The default
    // hook would symbolise a backtrace (RUST_BACKTRACE=1 in CI) for each, which costs this
    // debug binary 300 MB and is not the importer's memory: print the message only.
    std::panic::set_hook(Box::new(|info| eprintln!("{info}")));
    let files = importable_files();
    let listed: Vec<&str> = EXPECTED.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        files, listed,
        "every realworld file has an expectation here, and nothing else"
    );
    for (rel, expect) in EXPECTED {
        let path = realworld().join(rel);
        let mut items: Vec<NewItem> = Vec::new();
        let measured = reset_peak_rss();
        let started = Instant::now();
        let result = parse_file(&path, &ImportLimits::default(), &mut |item| {
            items.push(item);
            Ok(())
        });
        let took = started.elapsed();
        assert!(took < Duration::from_secs(10), "{rel} took {took:?}");
        if let Some(peak) = peak_rss_bytes().filter(|_| measured) {
            assert!(peak < 200 * 1024 * 1024, "{rel}: peak memory {peak} bytes");
        }
        match (expect, result) {
            (
                Items {
                    n,
                    sender,
                    time,
                    text,
                },
                Ok(parsed),
            ) => {
                assert_eq!(items.len(), *n, "{rel}: number of items");
                if let Some(first) = items.first() {
                    assert_eq!(first.sender, *sender, "{rel}: sender");
                    if time.is_empty() {
                        assert!(
                            first
                                .source
                                .time_note()
                                .is_some_and(|n| n.contains("ändringstid")),
                            "{rel}: the file's time is used, and the item must say so: {:?}",
                            first.source.notes
                        );
                    } else {
                        assert_eq!(first.received_at.to_rfc3339(), *time, "{rel}: time");
                    }
                    assert!(
                        first.body.trim().starts_with(text),
                        "{rel}: text {:?} does not start with {text:?}",
                        first.body
                    );
                }
                // Every repair noted on an item is in the import summary too. A mail dated by
                // its sender's Date header for want of a Received header says so in its chain of
                // custody only (src/import/eml.rs: a folder of sent mail would fill the summary).
                for item in &items {
                    for note in item
                        .source
                        .notes
                        .iter()
                        .filter(|n| !n.starts_with("inget läsbart Received-huvud"))
                    {
                        assert!(
                            parsed.skipped.iter().any(|s| s.ends_with(note.as_str())),
                            "{rel}: note {note:?} missing from the summary {:?}",
                            parsed.skipped
                        );
                    }
                }
            }
            (Refused(reason), Err(e)) => {
                let sv = e.sv();
                assert!(
                    sv.contains(reason),
                    "{rel}: refusal {sv:?} lacks {reason:?}"
                );
            }
            (Items { .. }, Err(e)) => panic!("{rel} refused: {}", e.sv()),
            (Refused(_), Ok(_)) => panic!("{rel} imported but should be refused"),
        }
    }
}

/// The repair notes are stored with the item (items.source_notes) and come back with it.
#[test]
fn repair_notes_are_stored_with_the_item() {
    let inkom = common::Inkom::new();
    let file = inkom.fixture("realworld/eml/mp_malformed_multipart-without-delimiters.eml");
    let out = inkom.ok(&["import", common::s(&file)]);
    let skipped = out["imported"][0]["skipped"].as_array().expect("skipped");
    let shown = inkom.ok(&["show", "1"]);
    let notes = shown["source"]["notes"].as_array().expect("notes stored");
    assert_eq!(notes, skipped, "the item keeps what the summary said");
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("avgränsaren saknas"))),
        "{notes:?}"
    );
    // `inkom show` says them too, one line each, as the printout's chain of custody does.
    let text = String::from_utf8(inkom.run(&["show", "1"]).stdout).expect("utf-8");
    for note in notes {
        let note = note.as_str().expect("text");
        assert!(
            text.lines()
                .any(|l| l.starts_with("Anmärkning vid import") && l.ends_with(note)),
            "{note}: {text}"
        );
    }
}

/// A message whose MIME structure hides its text (a boundary written with other capitals, the
/// header block duplicated, an empty text part): its words are still in the item.
#[test]
fn hidden_body_is_kept_not_lost() {
    let path = realworld().join("eml/mp_malformed_garbled-from-duplicated-headers.eml");
    let mut items: Vec<NewItem> = Vec::new();
    parse_file(&path, &ImportLimits::default(), &mut |item| {
        items.push(item);
        Ok(())
    })
    .expect("imported");
    let item = &items[0];
    let kept: Vec<String> = item
        .attachments
        .iter()
        .map(|a| String::from_utf8_lossy(&a.bytes).into_owned())
        .collect();
    assert!(
        item.body.contains("HTML body of the multipar")
            || kept.iter().any(|k| k.contains("Plain text body")),
        "body {:?}, attachments {kept:?}",
        item.body
    );
}
