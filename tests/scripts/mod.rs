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

/// An SMS Backup & Restore file: one conversation per (address, messages).
pub fn sms_xml(conversations: &[(&str, &str, Vec<&str>)]) -> String {
    let mut xml = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n",
    );
    let mut at: i64 = 1_792_649_643_000;
    for (address, name, messages) in conversations {
        for body in messages {
            at += 60_000;
            xml.push_str(&format!(
                "  <sms protocol=\"0\" address=\"{address}\" date=\"{at}\" type=\"1\" \
                 subject=\"null\" body=\"{}\" toa=\"null\" sc_toa=\"null\" \
                 service_center=\"null\" read=\"1\" status=\"-1\" locked=\"0\" \
                 date_sent=\"{at}\" sub_id=\"1\" readable_date=\"\" contact_name=\"{}\" />\n",
                xml_escape(body),
                xml_escape(name)
            ));
        }
    }
    xml.push_str("</smses>\n");
    xml
}
