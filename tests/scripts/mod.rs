//! The multilingual test corpus: one invented message per script and language that clients of
//! Swedish social services write in, plus mixed right-to-left / left-to-right lines. Every text
//! is made up; phone numbers are from PTS's range for fiction (070-1740605..070-1740699).
#![allow(dead_code)]

/// (language in Swedish, message). Each message is one line; no line is longer than a printed
/// line, so text extraction can be compared line by line.
pub const MESSAGES: &[(&str, &str)] = &[
    (
        "arabiska",
        "مرحبا، أحتاج إلى موعد يوم الثلاثاء بخصوص الطلب. شكرا جزيلا",
    ),
    (
        "persiska",
        "سلام، من فردا ساعت ده به دفتر شما می‌آیم. با تشکر فراوان",
    ),
    ("dari", "سلام، آیا امروز می‌توانم با مددکار اجتماعی صحبت کنم؟"),
    (
        "sorani",
        "سڵاو، من پێویستم بە یارمەتی هەیە بۆ نووسینی نامەکە",
    ),
    ("pashto", "سلام، زه غواړم چې له تاسو سره ووینم. ډېره مننه"),
    ("hebreiska", "שלום, אני צריכה עזרה עם הטופס. תודה רבה"),
    ("hindi", "नमस्ते, मुझे कल की बैठक के बारे में जानकारी चाहिए। धन्यवाद"),
    ("thai", "สวัสดีครับผมต้องการนัดหมายวันพรุ่งนี้ขอบคุณมากครับ"),
    ("tigrinja", "ሰላም፡ ጽባሕ ናብ ቤት ጽሕፈትኩም ክመጽእ እየ። የቐንየለይ"),
    (
        "armeniska",
        "Բարև, ես կցանկանայի հանդիպում պայմանավորվել վաղը",
    ),
    (
        "georgiska",
        "გამარჯობა, მინდა შეხვედრის დანიშვნა ხვალ დილით",
    ),
    (
        "grekiska",
        "Γεια σας, χρειάζομαι βοήθεια με την αίτηση. Ευχαριστώ",
    ),
    (
        "ukrainska",
        "Доброго дня! Мені потрібна допомога з заявою. Дякую, ґанок, їжак",
    ),
    (
        "ryska",
        "Здравствуйте! Я приду завтра в десять часов. Спасибо",
    ),
    (
        "bosniska",
        "Zdravo, trebam pomoć oko zahtjeva za đački dodatak. Hvala",
    ),
    (
        "polska",
        "Dzień dobry, proszę o spotkanie w środę. Dziękuję, źdźbło",
    ),
    (
        "turkiska",
        "Merhaba, yarın saat onda gelebilir miyim? Teşekkürler, İğdır",
    ),
    (
        "somaliska",
        "Haye, waxaan u baahanahay caawimaad ku saabsan codsiga. Mahadsanid",
    ),
    (
        "vietnamesiska",
        "Xin chào, tôi cần giúp đỡ về đơn xin. Cảm ơn nhiều, người Việt",
    ),
    ("kinesiska", "你好，我想预约明天上午十点的会面。谢谢！"),
    (
        "japanska",
        "こんにちは。明日の午前十時に面会を予約したいです。",
    ),
    (
        "koreanska",
        "안녕하세요. 내일 오전 10시에 상담을 예약하고 싶습니다.",
    ),
    (
        "arabiska med svensk adress",
        "موعدي في Drottninggatan 5 الساعة 10:30، هاتفي 070-1740606",
    ),
    (
        "hebreiska med svensk adress",
        "הכתובת שלי היא Storgatan 3 והטלפון 070-1740607",
    ),
    (
        "svenska med arabiskt namn",
        "Hej, jag heter ليلى حداد och ringer från 070-1740608 👍",
    ),
];

/// Words to search for, one per script: (language, a word of its message). For Chinese, Japanese
/// and Thai a word inside the unspaced text.
pub const SEARCH_WORDS: &[(&str, &str)] = &[
    ("arabiska", "الثلاثاء"),
    ("persiska", "دفتر"),
    ("sorani", "یارمەتی"),
    ("pashto", "غواړم"),
    ("hebreiska", "הטופס"),
    ("hindi", "जानकारी"),
    ("thai", "พรุ่งนี้"),
    ("tigrinja", "ጽሕፈትኩም"),
    ("armeniska", "հանդիպում"),
    ("georgiska", "შეხვედრის"),
    ("grekiska", "αίτηση"),
    ("ukrainska", "допомога"),
    ("vietnamesiska", "giúp"),
    ("kinesiska", "明天"),
    ("japanska", "面会"),
    ("koreanska", "상담을"),
];

/// All messages as one text, one per line.
pub fn all_lines() -> String {
    MESSAGES
        .iter()
        .map(|(_, text)| *text)
        .collect::<Vec<_>>()
        .join("\n")
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
}

/// One conversation on the phone: (the other party's number, their contact name, the messages
/// they sent, oldest first).
pub type Conversation<'a> = (&'a str, &'a str, Vec<&'a str>);

/// When the first corpus message arrived (milliseconds since 1970, 2026-10-20); each next one
/// comes a minute later.
const FIRST_AT_MS: i64 = 1_792_649_643_000;

/// The arrival time of every message of `conversations`, in order, with the message.
fn timed<'a>(
    conversations: &'a [Conversation<'a>],
) -> impl Iterator<Item = (usize, &'a str, &'a str, i64, &'a str)> + 'a {
    conversations
        .iter()
        .enumerate()
        .flat_map(|(c, (address, name, messages))| {
            messages.iter().map(move |body| (c, *address, *name, *body))
        })
        .enumerate()
        .map(|(n, (c, address, name, body))| {
            (
                c,
                address,
                name,
                FIRST_AT_MS + (n as i64 + 1) * 60_000,
                body,
            )
        })
}

/// An SMS Backup & Restore file: one conversation per (address, messages).
pub fn sms_xml(conversations: &[Conversation<'_>]) -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n",
    );
    for (_, address, name, at, body) in timed(conversations) {
        xml.push_str(&format!(
            "  <sms protocol=\"0\" address=\"{address}\" date=\"{at}\" type=\"1\" \
             subject=\"null\" body=\"{}\" toa=\"null\" sc_toa=\"null\" \
             service_center=\"null\" read=\"1\" status=\"-1\" locked=\"0\" \
             date_sent=\"{at}\" sub_id=\"1\" readable_date=\"\" contact_name=\"{}\" />\n",
            xml_escape(body),
            xml_escape(name)
        ));
    }
    xml.push_str("</smses>\n");
    xml
}

/// An "SMS Import / Export" `messages.ndjson` (Android): one JSON object per received SMS, every
/// value a string, the contact name in `__display_name`.
pub fn sms_ndjson(conversations: &[Conversation<'_>]) -> String {
    timed(conversations)
        .enumerate()
        .map(|(n, (c, address, name, at, body))| {
            let line = serde_json::json!({
                "_id": (n + 1).to_string(),
                "thread_id": (c + 1).to_string(),
                "address": address,
                "date": at.to_string(),
                "date_sent": (at - 4_000).to_string(),
                "read": "1",
                "status": "-1",
                "type": "1",
                "body": body,
                "__display_name": name,
            });
            format!("{line}\n")
        })
        .collect()
}

/// Writes an iPhone `sms.db` at `path` with the tables and columns inkom reads: one handle per
/// conversation and its messages as received, dated in nanoseconds since 2001 as iOS 11 and
/// later do.
pub fn write_ios_sms_db(path: &std::path::Path, conversations: &[Conversation<'_>]) {
    const APPLE_EPOCH_MS: i64 = 978_307_200_000;
    let db = rusqlite::Connection::open(path).expect("create sms.db");
    db.execute_batch(
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
         CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, date INTEGER,
             is_from_me INTEGER, handle_id INTEGER);",
    )
    .expect("schema");
    for (c, (address, _, _)) in conversations.iter().enumerate() {
        db.execute(
            "INSERT INTO handle VALUES (?1, ?2)",
            rusqlite::params![c as i64 + 1, address],
        )
        .expect("handle");
    }
    for (c, _, _, at, body) in timed(conversations) {
        db.execute(
            "INSERT INTO message (text, date, is_from_me, handle_id) VALUES (?1, ?2, 0, ?3)",
            rusqlite::params![body, (at - APPLE_EPOCH_MS) * 1_000_000, c as i64 + 1],
        )
        .expect("message");
    }
}

/// Runs `tests/pdf_glyphs.py` on `pdf` against the embedded fonts and the system's Noto CJK:
/// (every glyph drawn from a font that has its character, the tool's report).
pub fn glyph_check(pdf: &std::path::Path) -> (bool, String) {
    let out = std::process::Command::new("python3")
        .arg(format!(
            "{}/tests/pdf_glyphs.py",
            env!("CARGO_MANIFEST_DIR")
        ))
        .arg(pdf)
        .arg(format!("{}/assets/fonts", env!("CARGO_MANIFEST_DIR")))
        .arg("/usr/share/fonts/opentype/noto")
        .output()
        .expect("python3 must be installed");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    match out.status.code() {
        Some(0) => (true, report),
        Some(1) => (false, report),
        _ => panic!("glyph check could not run (fontTools and mutool installed?): {report}"),
    }
}

/// Bidi embedding marks, which extractors add (pdftotext wraps RTL runs in U+202B/U+202C).
pub fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The characters of `line` without spaces and bidi marks, sorted: what any extractor must give
/// back for the line, whatever it does with spacing and right-to-left word order.
pub fn letters(line: &str) -> Vec<char> {
    let mut v: Vec<char> = line
        .chars()
        .filter(|&c| !c.is_whitespace() && !is_bidi_mark(c))
        .collect();
    v.sort_unstable();
    v
}
