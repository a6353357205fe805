//! The domain model: a received document ([`Item`]), what it is ([`Classification`]) and where it
//! is on its road ([`State`]).
//!
//! The types here are plain data. The rules that move an item from one state to the next live in
//! [`crate::lifecycle`]; persistence lives in [`crate::store`].

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::personnummer::Personnummer;

/// How the document reached the unit. Decides how it is printed and which importer made it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Channel {
    /// A text message (SMS or MMS), or a chosen thread of them.
    Sms,
    /// An e-mail with its attachments.
    Email,
    /// A screenshot or photo; the picture itself is the item's only attachment.
    Screenshot,
}

impl Channel {
    /// The code stored in the database and printed by `--json`.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
            Channel::Screenshot => "screenshot",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "sms" => Some(Channel::Sms),
            "email" => Some(Channel::Email),
            "screenshot" => Some(Channel::Screenshot),
            _ => None,
        }
    }

    /// The Swedish word shown to users.
    pub fn sv(self) -> &'static str {
        match self {
            Channel::Sms => "SMS",
            Channel::Email => "E-post",
            Channel::Screenshot => "Skärmdump",
        }
    }
}

/// Whether the authority received the document or sent it. Both are public documents
/// (a reply is registered together with the message it answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Direction {
    /// Received by the unit (inkommen handling).
    In,
    /// Sent by the unit (expedierad/upprättad handling).
    Out,
}

impl Direction {
    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "in" => Some(Direction::In),
            "out" => Some(Direction::Out),
            _ => None,
        }
    }

    /// The Swedish word shown to users.
    pub fn sv(self) -> &'static str {
        match self {
            Direction::In => "Inkommen",
            Direction::Out => "Utgående",
        }
    }
}

/// A file that came with the document: an e-mail attachment, an MMS picture, or the screenshot
/// itself. Kept byte for byte so the printout and its hash can be checked later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// File name, already sanitised (no path parts, no reserved Windows names).
    pub name: String,
    /// MIME type, e.g. `image/png`.
    pub mime: String,
    /// SHA-256 of `bytes`, lower-case hex.
    pub sha256: String,
    /// The content. Skipped in JSON output: content never leaves through `--json` by accident.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Size of `bytes`. Kept apart so it survives when the bytes are purged.
    pub size: u64,
}

impl Attachment {
    /// Builds an attachment and computes its size and hash, so they can never disagree.
    pub fn new(name: impl Into<String>, mime: impl Into<String>, bytes: Vec<u8>) -> Self {
        Attachment {
            name: name.into(),
            mime: mime.into(),
            sha256: sha256_hex(&bytes),
            size: bytes.len() as u64,
            bytes,
        }
    }
}

/// Where an item came from, so that the source can be found and deleted, and so that a deletion
/// by inkom can refuse a file that changed since import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The file as given on import (absolute path).
    pub path: String,
    /// Where in the file, e.g. `sms 3` or `meddelande 2`; empty for a whole-file item.
    pub locator: String,
    /// SHA-256 of the whole file at import time.
    pub file_sha256: String,
    /// What the importer had to repair or guess to read this item (a charset guessed, parts
    /// without a boundary taken as text, an arrival time taken from the file), in Swedish. Part
    /// of the chain of custody: the printout says the content was not read as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// An import note that questions an item's time received: `what` happened to the time, then
/// ": kontrollera den". Every reader writes such a note with this macro, so that
/// [`SourceRef::time_note`] finds each one and the item view offers the correction at once.
#[macro_export]
macro_rules! time_questioned {
    ($what:literal) => {
        concat!($what, ": kontrollera den")
    };
}

/// How every note made by [`time_questioned!`] ends.
pub const CHECK_THE_TIME: &str = time_questioned!("");

impl SourceRef {
    /// The import note that questions the time received, if any.
    pub fn time_note(&self) -> Option<&str> {
        self.notes
            .iter()
            .map(String::as_str)
            .find(|n| n.ends_with(CHECK_THE_TIME))
    }
}

/// One received document as an importer produces it, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewItem {
    /// How it arrived.
    pub channel: Channel,
    /// In or out.
    pub direction: Direction,
    /// Who sent it: a phone number, an e-mail address (with display name), or for a screenshot the
    /// person who took it. Empty when unknown.
    pub sender: String,
    /// Who it was sent to (for e-mail: the To header).
    pub recipients: Vec<String>,
    /// E-mail copy recipients (Cc), kept apart so the printout shows them as the mail did.
    pub cc: Vec<String>,
    /// Blind copy recipients (Bcc): only the sender's own copy names them, and a mail the unit
    /// sent to clients by Bcc went to them too (the register's party). Not in the fingerprint:
    /// the message is the same with or without them, and fingerprints stay as they were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bcc: Vec<String>,
    /// For a screenshot of a web page: the page's address, when the file records it, so the
    /// documentation of an information search says where it was made.
    pub page_address: Option<String>,
    /// When it arrived, with the offset the source gave (or Europe/Stockholm when the source gave
    /// only an instant).
    pub received_at: DateTime<FixedOffset>,
    /// When the sender says it was sent (an e-mail's `Date:` header, an SMS's sent time), kept
    /// beside `received_at` because the two differ and only the receipt decides (5 kap. 2 § OSL
    /// p. 1; whether an appeal was in time). `None` when the source gives none.
    pub sent_at: Option<DateTime<FixedOffset>>,
    /// The unit drew it up itself (upprättad), e.g. a screenshot documenting an information
    /// search with its page address: dated when it was made, not "received" from anyone.
    pub drawn_up: bool,
    /// An e-mail's own id and the id of the message it answers, so a reply is shown with the
    /// message it answers (DOMAIN.md: "a reply is registered together with the message it
    /// answers"). Empty for other channels.
    pub message_ids: MessageIds,
    /// E-mail subject; `None` for SMS and screenshots.
    pub subject: Option<String>,
    /// The message text exactly as received (line breaks kept). Empty for a screenshot.
    pub body: String,
    /// For an HTML e-mail: the HTML, sanitised (no scripts, no remote references), kept beside
    /// the plain-text rendering in `body` so the original layout is not lost.
    pub body_html: Option<String>,
    /// Attachments in the order they appeared.
    pub attachments: Vec<Attachment>,
    /// Where it came from.
    pub source: SourceRef,
    /// For SMS/MMS: the conversation it belongs to, as the normalised phone numbers of the other
    /// participants (see [`thread_key`]). Lets a thread be chosen and imported as one item.
    /// `None` for e-mail and screenshots.
    pub thread: Option<String>,
    /// For an SMS thread imported as one item: its messages in order. Empty otherwise.
    pub parts: Vec<Part>,
    /// What the e-mail headers said about the kind of mail (auto reply, bulk, receipt), kept so
    /// the classification suggestion can see it after import. Empty for other channels.
    pub mail_marks: MailMarks,
}

/// Signs in an e-mail's headers that it was not written by a person to the unit: an automatic
/// reply, a mass mailing or a read/delivery receipt. The headers themselves are not stored, so
/// these marks are what survives of them for [`crate::suggest`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailMarks {
    /// `Auto-Submitted` other than `no` (RFC 3834), or `X-Autoreply`/`X-Autorespond`.
    #[serde(default)]
    pub auto_reply: bool,
    /// `List-Unsubscribe`, `List-Id`, or `Precedence: bulk|list|junk`.
    #[serde(default)]
    pub bulk: bool,
    /// A read or delivery receipt: `Content-Type: multipart/report`.
    #[serde(default)]
    pub receipt: bool,
}

impl MailMarks {
    /// Reads the marks from a header lookup (matching names case-insensitively is the lookup's
    /// job), so every e-mail importer decides them the same way.
    pub fn from_headers<'a>(header: impl Fn(&'static str) -> Option<&'a str>) -> MailMarks {
        let lower = |name: &'static str| header(name).map(|v| v.trim().to_ascii_lowercase());
        let auto_reply = lower("Auto-Submitted").is_some_and(|v| !v.is_empty() && v != "no")
            || header("X-Autoreply").is_some()
            || header("X-Autorespond").is_some();
        let bulk = header("List-Unsubscribe").is_some()
            || header("List-Id").is_some()
            || lower("Precedence").is_some_and(|v| matches!(v.as_str(), "bulk" | "list" | "junk"));
        let receipt = lower("Content-Type").is_some_and(|v| v.starts_with("multipart/report"));
        MailMarks {
            auto_reply,
            bulk,
            receipt,
        }
    }

    /// True when no mark is set (the usual case), so storage can leave the column empty.
    pub fn is_empty(&self) -> bool {
        !(self.auto_reply || self.bulk || self.receipt)
    }
}

/// An e-mail's `Message-ID` and `In-Reply-To`, without the angle brackets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageIds {
    /// This message's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The id of the message it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
}

impl MessageIds {
    /// A header's message id as stored: trimmed, without `<` `>`; `None` when empty.
    pub fn clean(raw: Option<&str>) -> Option<String> {
        let id = raw?
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim();
        (!id.is_empty()).then(|| id.to_string())
    }
}

/// One message inside an SMS thread item, so the printout can show a transcript (time,
/// direction, number and name, text) and the reply is registered with the message it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// When it was sent or received.
    #[serde(serialize_with = "rfc3339")]
    pub at: DateTime<FixedOffset>,
    /// In or out.
    pub direction: Direction,
    /// The other party as shown ("+46701740605 (Amira Haddad)"), or the recipients for an
    /// outgoing message.
    pub counterpart: String,
    /// The text.
    pub text: String,
    /// Names of the attachments that came with this message (the bytes are the item's).
    pub attachments: Vec<String>,
    /// Where in the source file.
    pub locator: String,
}

/// A time as chrono's `Serialize` writes it (RFC 3339, the fraction as needed, UTC as `Z`),
/// formatted into one string first: chrono hands serde_json one character at a time, a third
/// of writing a conversation's parts as JSON.
fn rfc3339<S: serde::Serializer>(at: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// A phone number in one comparable form: `0701740605`, `070-174 06 05`, `+46701740605` and
/// `0046701740605` all become `+46701740605`. Anything that is not a Swedish-looking number
/// (a short code, an e-mail handle) is kept as written, trimmed.
pub fn normalize_phone(raw: &str) -> String {
    let t = raw.trim();
    let compact: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let digits_only = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if let Some(rest) = compact.strip_prefix('+').filter(|r| digits_only(r)) {
        format!("+{rest}")
    } else if let Some(rest) = compact.strip_prefix("00").filter(|r| digits_only(r)) {
        format!("+{rest}")
    } else if let Some(rest) = compact
        .strip_prefix('0')
        .filter(|r| digits_only(r) && r.len() >= 6)
    {
        format!("+46{rest}")
    } else {
        t.to_string()
    }
}

/// The conversation key for a set of participants: normalised numbers, sorted, comma-joined.
pub fn thread_key<'a>(participants: impl IntoIterator<Item = &'a str>) -> String {
    let mut numbers: Vec<String> = participants
        .into_iter()
        .map(normalize_phone)
        .filter(|n| !n.is_empty())
        .collect();
    numbers.sort();
    numbers.dedup();
    numbers.join(",")
}

impl NewItem {
    /// A hash of what makes a message the same message, used to refuse duplicate imports. It
    /// covers the content's hash, not the content, and stays after purge so that a purged
    /// message imported again is still recognised.
    ///
    /// An SMS's sender and recipients count by their numbers in one form ([`normalize_phone`]),
    /// without the contact name the phone writes beside a number ("+46701740650 (Sara Lund)"):
    /// that is the phone's address book on the day of the export, not the message, and a
    /// contact saved between two exports made every old message of the second a new one, stored
    /// and registrable twice (issue 15). [`NewItem::written_fingerprint`] is the form inkom
    /// used before, which older imports stored.
    pub fn fingerprint(&self) -> String {
        match self.channel {
            Channel::Sms => self.fingerprint_with(|a| std::borrow::Cow::Owned(sms_number(a))),
            _ => self.fingerprint_with(std::borrow::Cow::Borrowed),
        }
    }

    /// The fingerprint as inkom computed it up to schema 20: an SMS's sender and recipients as
    /// the file wrote them, contact names included. `Some` only when that differs from
    /// [`NewItem::fingerprint`]: a message an older inkom imported is stored under it, and an
    /// import, the export-file check and the preview look for it there too.
    pub fn written_fingerprint(&self) -> Option<String> {
        let addresses = || std::iter::once(&self.sender).chain(&self.recipients);
        let differs = self.channel == Channel::Sms && addresses().any(|a| sms_number(a) != *a);
        differs.then(|| self.fingerprint_with(std::borrow::Cow::Borrowed))
    }

    fn fingerprint_with<'a>(
        &'a self,
        address: impl Fn(&'a str) -> std::borrow::Cow<'a, str>,
    ) -> String {
        let mut h = Sha256::new();
        let mut field = |s: &str| {
            h.update((s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        };
        field(self.channel.code());
        field(self.direction.code());
        field(&address(&self.sender));
        for r in &self.recipients {
            field(&address(r));
        }
        for r in &self.cc {
            field(r);
        }
        field(&self.received_at.with_timezone(&Utc).to_rfc3339());
        field(self.subject.as_deref().unwrap_or(""));
        field(&self.body);
        field(self.body_html.as_deref().unwrap_or(""));
        for a in &self.attachments {
            field(&a.sha256);
        }
        for p in &self.parts {
            field(&p.at.with_timezone(&Utc).to_rfc3339());
            field(p.direction.code());
            field(&p.text);
        }
        hex_lower(&h.finalize())
    }
}

/// An SMS sender or recipient as it identifies the message: the number in one form, without
/// the contact name the SMS readers write after it ("+46701740650 (Sara Lund)", see
/// `import::sms_xml::with_contact`) and without the suffix an MMS header writes after it
/// ("+46701740650/TYPE=PLMN", which the readers leave out since 2026-12-05 and an older inkom
/// stored). A contact known only by name stays as written.
pub(crate) fn sms_number(shown: &str) -> String {
    let number = match shown.split_once(" (") {
        Some((number, _)) if shown.ends_with(')') && !number.trim().is_empty() => number,
        _ => shown,
    };
    normalize_phone(without_mms_type(number))
}

/// A number as an MMS header writes it, "+46701740671/TYPE=PLMN", without the suffix: the
/// number. Anything else as it is.
pub(crate) fn without_mms_type(address: &str) -> &str {
    match address.split_once("/TYPE=") {
        Some((number, _)) if !number.trim().is_empty() => number,
        _ => address,
    }
}

/// What storing a [`NewItem`] computes from it, computed on the parser's thread while the
/// storing thread stores the items before it (issue 15; src/import/pipeline.rs): the parts of
/// a conversation of 100,000 messages take a tenth of a second to write as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// [`NewItem::fingerprint`].
    pub fingerprint: String,
    /// [`NewItem::written_fingerprint`].
    pub written_fingerprint: Option<String>,
    /// The parts as stored (JSON); `None` for an item without parts.
    pub parts_json: Option<String>,
}

impl NewItem {
    /// The [`Prepared`] values of this item.
    pub fn prepare(&self) -> Result<Prepared, serde_json::Error> {
        Ok(Prepared {
            fingerprint: self.fingerprint(),
            written_fingerprint: self.written_fingerprint(),
            parts_json: match self.parts.is_empty() {
                true => None,
                false => Some(serde_json::to_string(&self.parts)?),
            },
        })
    }
}

/// The three places a received document can end, with what each needs to be valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "class", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Classification {
    /// Belongs in a client's personal case file: printed with the client's name and personnummer
    /// so it lands in the right file, then the source is deleted. Not registered in the diarium.
    Personakt {
        /// The client's name, printed on every page.
        client_name: String,
        /// Validated personnummer or samordningsnummer.
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        personnummer: Personnummer,
        /// Secrecy marking, printed on the personakt printout (guard rail 6).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        secrecy: Option<SecrecyMarking>,
    },
    /// Registered in the (paper) diarium: printed as a registration sheet for the registrar.
    Diarium {
        /// Public-safe short description (ärendemening): must not reveal what is secret.
        description: String,
        /// Secrecy marking, when the document holds secret data.
        secrecy: Option<SecrecyMarking>,
        /// When true the sender is left out of anything public ("Enskild – uppgift om avsändaren
        /// omfattas av sekretess") and is removed at purge.
        sender_secret: bool,
    },
    /// Of minor importance: not registered, kept ordered with its arrival time until culled.
    Ringa {
        /// Optional note, e.g. "Bekräftelse på mötestid".
        note: Option<String>,
    },
}

impl Classification {
    /// The class code.
    pub fn class(&self) -> Class {
        match self {
            Classification::Personakt { .. } => Class::Personakt,
            Classification::Diarium { .. } => Class::Diarium,
            Classification::Ringa { .. } => Class::Ringa,
        }
    }
}

/// The class alone, for filtering and display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Class {
    /// See [`Classification::Personakt`].
    Personakt,
    /// See [`Classification::Diarium`].
    Diarium,
    /// See [`Classification::Ringa`].
    Ringa,
}

impl Class {
    /// The code used in the CLI, the database and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Class::Personakt => "personakt",
            Class::Diarium => "diarium",
            Class::Ringa => "ringa",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "personakt" => Some(Class::Personakt),
            "diarium" => Some(Class::Diarium),
            "ringa" => Some(Class::Ringa),
            _ => None,
        }
    }

    /// The UI text (DOMAIN.md's table).
    pub fn sv(self) -> &'static str {
        match self {
            Class::Personakt => "Personaktsmaterial",
            Class::Diarium => "Diarieföras",
            Class::Ringa => "Ringa betydelse",
        }
    }
}

/// The secrecy provisions a marking may name (guard rail 6): a closed list, so a marking never
/// cites a mistyped provision or one that does not fit a social-services document. Stored and
/// serialised as the legal citation ("26 kap. 1 § OSL").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Sekretessbestammelse {
    /// 26 kap. 1 § OSL: socialtjänst, uppgift om enskilds personliga förhållanden.
    Socialtjanst,
    /// 26 kap. 5 § OSL: uppgift om vem som gjort en anmälan eller lämnat en uppgift (anmälare).
    Anmalare,
    /// 25 kap. 1 § OSL: hälso- och sjukvård, uppgift om enskilds hälsotillstånd.
    HalsoOchSjukvard,
    /// A provision an earlier inkom stored as free text, kept as written so that its items
    /// still open; never accepted for a new marking.
    Tidigare(String),
}

impl Sekretessbestammelse {
    /// The provisions a new marking may name, in the order offered.
    pub const LIST: [Sekretessbestammelse; 3] = [
        Sekretessbestammelse::Socialtjanst,
        Sekretessbestammelse::Anmalare,
        Sekretessbestammelse::HalsoOchSjukvard,
    ];

    /// The legal citation, as printed and stored.
    pub fn citation(&self) -> &str {
        match self {
            Sekretessbestammelse::Socialtjanst => "26 kap. 1 § OSL",
            Sekretessbestammelse::Anmalare => "26 kap. 5 § OSL",
            Sekretessbestammelse::HalsoOchSjukvard => "25 kap. 1 § OSL",
            Sekretessbestammelse::Tidigare(text) => text,
        }
    }

    /// What the provision protects, in Swedish, for the form's choices and the printout.
    pub fn sv(&self) -> &'static str {
        match self {
            Sekretessbestammelse::Socialtjanst => "socialtjänst, enskilds personliga förhållanden",
            Sekretessbestammelse::Anmalare => "anmälares identitet",
            Sekretessbestammelse::HalsoOchSjukvard => "hälso- och sjukvård",
            Sekretessbestammelse::Tidigare(_) => "angiven i tidigare version",
        }
    }

    /// Reads what a user typed: "26 kap. 1 § OSL", "26 kap 1 §", "26:1", with or without
    /// "Sekretess enligt" before it. Only provisions on [`Self::LIST`] are returned.
    pub fn parse(text: &str) -> Option<Sekretessbestammelse> {
        let lower = text.trim().to_lowercase();
        let rest = lower.strip_prefix("sekretess enligt").unwrap_or(&lower);
        let mut numbers = Vec::new();
        let mut words = String::new();
        let mut digits = String::new();
        for c in rest.chars().chain([' ']) {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            if !digits.is_empty() {
                numbers.push(std::mem::take(&mut digits));
            }
            if c.is_alphabetic() {
                words.push(c);
            } else if !(c.is_whitespace() || matches!(c, '.' | ':' | '§' | ',')) {
                return None;
            } else {
                words.push(' ');
            }
        }
        if !words.split_whitespace().all(|w| matches!(w, "kap" | "osl")) {
            return None;
        }
        match numbers.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            ["26", "1"] => Some(Sekretessbestammelse::Socialtjanst),
            ["26", "5"] => Some(Sekretessbestammelse::Anmalare),
            ["25", "1"] => Some(Sekretessbestammelse::HalsoOchSjukvard),
            _ => None,
        }
    }

    /// A stored citation: one on the list, else kept as an earlier version wrote it.
    fn from_stored(text: String) -> Sekretessbestammelse {
        Sekretessbestammelse::parse(&text).unwrap_or(Sekretessbestammelse::Tidigare(text))
    }
}

impl fmt::Display for Sekretessbestammelse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.citation())
    }
}

impl PartialEq<&str> for Sekretessbestammelse {
    fn eq(&self, other: &&str) -> bool {
        self.citation() == *other
    }
}

impl Serialize for Sekretessbestammelse {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.citation())
    }
}

impl<'de> Deserialize<'de> for Sekretessbestammelse {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Sekretessbestammelse::from_stored)
    }
}

/// A secrecy marking (sekretessmarkering, 15 kap. 2 § OSL): a warning, not a decision. It
/// names the provision, the authority (the nämnd whose document it is), the date it was set
/// and who set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SecrecyMarking {
    /// The provision, from [`Sekretessbestammelse::LIST`], e.g. `26 kap. 1 § OSL`.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub provision: Sekretessbestammelse,
    /// The day the marking was set.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub date: NaiveDate,
    /// The authority: the nämnd, e.g. "Socialnämnden" (the `authority` setting). Empty in
    /// markings an earlier inkom made, which named only the unit.
    #[serde(default)]
    pub authority: String,
    /// The unit that handles the document.
    pub unit: String,
    /// Who set it: display name and OS login.
    pub set_by: String,
}

impl fmt::Display for SecrecyMarking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let authority = if self.authority.is_empty() {
            &self.unit
        } else {
            &self.authority
        };
        write!(
            f,
            "Sekretess enligt {} ({}). Myndighet: {}. Markerad {} av {}",
            self.provision,
            self.provision.sv(),
            authority,
            self.date,
            self.set_by
        )
    }
}

/// A gallringsbeslut: the decision that allows inkom to cull (gallra) a ringa item, or to purge
/// its electronic copy once the printout is the document kept. Culling destroys a public
/// document, so it must cite who decided, when, under which reference and which section of the
/// unit's dokumenthanteringsplan (guard rail 8); the register of these lives in the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Gallringsbeslut {
    /// Its number in the register (`inkom cull --decision 1`).
    pub id: i64,
    /// Who decided: the body, e.g. "Socialnämnden".
    pub decided_by: String,
    /// The day of the decision.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub decided_on: NaiveDate,
    /// The decision's reference (diary number and paragraph), e.g. "SN 2025/0113 § 42".
    pub reference: String,
    /// The section of the dokumenthanteringsplan, e.g. "4.2 Handlingar av ringa betydelse".
    pub plan_section: String,
}

impl Gallringsbeslut {
    /// The citation kept on the culled item, in the audit and on lists: enough to find the
    /// decision on paper without the register.
    pub fn citation(&self) -> String {
        format!(
            "{} {}, {}, dokumenthanteringsplanen {}",
            self.decided_by, self.decided_on, self.reference, self.plan_section
        )
    }
}

/// Where an item is on its road. The only moves allowed are the ones in
/// [`crate::lifecycle`]; see the module docs there for the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum State {
    /// Stored, not yet classified.
    Imported,
    /// Classified; `ringa` items stay here (the ordered keep) until culled.
    Classified,
    /// The registration PDF is written and its hash recorded.
    Registered,
    /// The caseworker confirmed that the PDF was printed.
    Printed,
    /// The caseworker confirmed (or inkom performed) the deletion of the source.
    SourceDeleted,
    /// Content, attachments and PDF removed; the 5 kap. 2 § OSL facts kept.
    Purged,
    /// A `ringa` item whose content was culled under a gallring decision.
    Culled,
}

impl State {
    /// Every state, in road order.
    pub const ALL: [State; 7] = [
        State::Imported,
        State::Classified,
        State::Registered,
        State::Printed,
        State::SourceDeleted,
        State::Purged,
        State::Culled,
    ];

    /// The code used in the CLI, the database and JSON.
    pub fn code(self) -> &'static str {
        match self {
            State::Imported => "imported",
            State::Classified => "classified",
            State::Registered => "registered",
            State::Printed => "printed",
            State::SourceDeleted => "source_deleted",
            State::Purged => "purged",
            State::Culled => "culled",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Self> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The Swedish word shown to users.
    pub fn sv(self) -> &'static str {
        match self {
            State::Imported => "Importerad",
            State::Classified => "Klassificerad",
            State::Registered => "Registrerad",
            State::Printed => "Utskriven",
            State::SourceDeleted => "Källa raderad",
            State::Purged => "Rensad",
            State::Culled => "Gallrad",
        }
    }
}

/// One thing a person can do to a stored item. The allowed ones for an item follow from
/// [`crate::lifecycle::machine`], the one table of the road; the app shows exactly those.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Action {
    /// Classify, or reclassify before registration.
    Classify,
    /// Undo the classification.
    Unclassify,
    /// Write the registration PDF.
    Register,
    /// Confirm that the registration PDF was printed.
    ConfirmPrinted,
    /// Give a registered diarium item the next number of inkom's diary series.
    AssignDnr,
    /// Record a diary number the registrar entered in the paper diary.
    SetDnr,
    /// Confirm that a personakt printout is filed in the client's akt.
    ConfirmFiled,
    /// Confirm (or perform) the deletion of the source.
    ConfirmSourceDeleted,
    /// Remove content, attachments and PDF once the source is gone.
    Purge,
    /// Cull a ringa item under a gallring decision.
    Cull,
    /// Hold the item (request for public documents, appeal): nothing may be removed.
    Hold,
    /// Release a hold.
    Release,
    /// Correct the date received (or drawn up) before registration, with a reason.
    SetReceived,
}

impl Action {
    /// Every action, in road order.
    pub const ALL: [Action; 13] = [
        Action::Classify,
        Action::Unclassify,
        Action::Register,
        Action::ConfirmPrinted,
        Action::AssignDnr,
        Action::SetDnr,
        Action::ConfirmFiled,
        Action::ConfirmSourceDeleted,
        Action::Purge,
        Action::Cull,
        Action::Hold,
        Action::Release,
        Action::SetReceived,
    ];

    /// The code used in JSON and logs.
    pub fn code(self) -> &'static str {
        match self {
            Action::Classify => "classify",
            Action::Unclassify => "unclassify",
            Action::Register => "register",
            Action::ConfirmPrinted => "confirm_printed",
            Action::AssignDnr => "assign_dnr",
            Action::SetDnr => "set_dnr",
            Action::ConfirmFiled => "confirm_filed",
            Action::ConfirmSourceDeleted => "confirm_source_deleted",
            Action::Purge => "purge",
            Action::Cull => "cull",
            Action::Hold => "hold",
            Action::Release => "release",
            Action::SetReceived => "set_received",
        }
    }

    /// The Swedish passive verb phrase for refusals: "Objekt 7 kan inte {sv}".
    pub fn sv(self) -> &'static str {
        match self {
            Action::Classify => "klassificeras om",
            Action::Unclassify => {
                "få klassificeringen ångrad (den är registrerad eller källan är raderad)"
            }
            Action::Register => "registreras",
            Action::ConfirmPrinted => "markeras som utskrivet",
            Action::AssignDnr | Action::SetDnr => "få diarienummer (det är inte registrerat)",
            Action::ConfirmFiled => "markeras som arkiverat i personakten",
            Action::ConfirmSourceDeleted => "få källan markerad som raderad",
            Action::Purge => "rensas",
            Action::Cull => "gallras",
            Action::Hold => "spärras",
            Action::Release => "få spärren hävd",
            Action::SetReceived => {
                "få inkomstdatumet rättat (det är redan registrerat eller gallrat; datumet på \
                 registreringen står fast)"
            }
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A hold on an item (a request for public documents, an appeal): while it stands the item
/// cannot be culled or purged, nor its source deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// Why, e.g. "Begäran om allmän handling 2026-11-20".
    pub reason: String,
    /// When and by whom it was set.
    pub set: Act,
}

/// The registration of a `personakt` or `diarium` item: its PDF and that PDF's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// inkom's designation for the registration ("annan beteckning", 5 kap. 2 § OSL),
    /// e.g. `INK-2026-00007`.
    pub designation: String,
    /// When it was registered.
    pub registered_at: DateTime<FixedOffset>,
    /// Who registered it, as printed ("Karin Test (karin)", or the login alone when no
    /// display name is set): the diarielista's Handläggare and the kept-after-purge facts.
    pub registered_by: String,
    /// SHA-256 of the PDF as written.
    pub pdf_sha256: String,
    /// Size of the PDF in bytes.
    pub pdf_size: u64,
    /// The diary number (diarienummer), e.g. `SN 2026/0042`, once the series handed one out.
    /// `None` for personakt material, which is not registered in the diarium.
    pub diarienummer: Option<String>,
}

/// One timestamped act by a person, e.g. "printed, by karin, at …".
///
/// `by` is the operating-system login of whoever acts (guard rail 7): a name anyone can type
/// in a setting must not decide what the audit trail says. The display name, when the user set
/// one, is carried beside it for printouts and recorded in the audit event's details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Act {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who: the OS login (or "inkom" for the program's own acts).
    pub by: String,
    /// The display name the user chose (the `user` setting), if any and not the login itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

impl Act {
    /// An act by `by` at `at`, without a display name.
    pub fn new(at: DateTime<FixedOffset>, by: impl Into<String>) -> Act {
        Act {
            at,
            by: by.into(),
            display_name: None,
        }
    }

    /// Who, as printed on paper: "Lena Handläggare (lena)" with a display name, else the login.
    pub fn who(&self) -> String {
        match &self.display_name {
            Some(name) => format!("{name} ({})", self.by),
            None => self.by.clone(),
        }
    }
}

/// A stored item with everything inkom knows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Store id, shown to users (`inkom show 7`).
    pub id: i64,
    /// Where it is on its road.
    pub state: State,
    /// How it arrived.
    pub channel: Channel,
    /// In or out.
    pub direction: Direction,
    /// Sender; `None` after purge when it was secret.
    pub sender: Option<String>,
    /// Recipients; emptied at purge.
    pub recipients: Vec<String>,
    /// E-mail Cc; emptied at purge.
    pub cc: Vec<String>,
    /// E-mail Bcc (see [`NewItem::bcc`]); emptied at purge as Cc is.
    #[serde(default)]
    pub bcc: Vec<String>,
    /// Page address of a screenshot; removed at purge.
    pub page_address: Option<String>,
    /// When it arrived (or, see [`Item::kind`], was sent or drawn up), with offset.
    pub received_at: DateTime<FixedOffset>,
    /// See [`NewItem::sent_at`].
    pub sent_at: Option<DateTime<FixedOffset>>,
    /// See [`NewItem::drawn_up`].
    pub drawn_up: bool,
    /// See [`NewItem::message_ids`]; emptied at purge and culling.
    pub message_ids: MessageIds,
    /// The date the importer gave, kept once `received_at` was corrected (guard rail 4): for
    /// a screenshot, when it was taken. `None` while uncorrected.
    pub received_original: Option<DateTime<FixedOffset>>,
    /// E-mail subject; `None` for other channels and after purge.
    pub subject: Option<String>,
    /// Text; `None` after purge or culling.
    pub body: Option<String>,
    /// Sanitised HTML of an HTML e-mail; `None` otherwise and after purge or culling.
    pub body_html: Option<String>,
    /// Attachments (metadata always, bytes only when loaded with content).
    pub attachments: Vec<Attachment>,
    /// The messages of an SMS thread item; empty otherwise and after purge or culling.
    pub parts: Vec<Part>,
    /// Where it came from.
    pub source: SourceRef,
    /// When and by whom it was imported.
    pub imported: Act,
    /// The class, once classified. Kept after purge, when the details may be gone.
    pub class: Option<Class>,
    /// Its classification, once classified; `None` again after a `personakt` item is purged
    /// (the client's identity is not kept once the printout is in the file).
    pub classification: Option<Classification>,
    /// When and by whom it was (last) classified.
    pub classified: Option<Act>,
    /// Its registration, once registered.
    pub registration: Option<Registration>,
    /// When printing was confirmed.
    pub printed: Option<Act>,
    /// When source deletion was confirmed.
    pub source_deleted: Option<Act>,
    /// Where the source was deleted ("tjänstetelefon", "Outlook", …).
    pub source_deleted_where: Option<String>,
    /// When the content was purged.
    pub purged: Option<Act>,
    /// When a `ringa` item was culled.
    pub culled: Option<Act>,
    /// The gallring decision it was culled under.
    pub cull_decision: Option<String>,
    /// See [`NewItem::mail_marks`].
    pub mail_marks: MailMarks,
    /// When a personakt printout was confirmed filed in the client's akt.
    pub filed: Option<Act>,
    /// The hold on the item, while one stands.
    pub hold: Option<Hold>,
}

/// What kind of public document an item is: received (inkommen), drawn up by the unit
/// (upprättad) or sent by it (expedierad). Decides which date and which party the register
/// shows (5 kap. 2 § OSL p. 1 and 3): the date it came in, was finished or was sent, and who it
/// came from or went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DocumentKind {
    /// Received by the unit.
    Inkommen,
    /// Drawn up by the unit (a screenshot documenting an information search).
    Upprattad,
    /// Sent by the unit to its recipients.
    Expedierad,
}

impl DocumentKind {
    /// The kind of a document with this direction, drawn up or not.
    pub fn of(direction: Direction, drawn_up: bool) -> DocumentKind {
        match (direction, drawn_up) {
            (Direction::Out, _) => DocumentKind::Expedierad,
            (Direction::In, true) => DocumentKind::Upprattad,
            (Direction::In, false) => DocumentKind::Inkommen,
        }
    }

    /// The label of the register's date: "Inkom", "Upprättad" or "Expedierad".
    pub fn date_label(self) -> &'static str {
        match self {
            DocumentKind::Inkommen => "Inkom",
            DocumentKind::Upprattad => "Upprättad",
            DocumentKind::Expedierad => "Expedierad",
        }
    }

    /// The label of the register's party: who it came from, who made it, or who it went to.
    pub fn party_label(self) -> &'static str {
        match self {
            DocumentKind::Inkommen => "Avsändare",
            DocumentKind::Upprattad => "Upprättad av",
            DocumentKind::Expedierad => "Mottagare",
        }
    }

    /// The Swedish word for the document: "inkommen", "upprättad", "utgående".
    pub fn sv(self) -> &'static str {
        match self {
            DocumentKind::Inkommen => "inkommen",
            DocumentKind::Upprattad => "upprättad",
            DocumentKind::Expedierad => "utgående",
        }
    }
}

impl Item {
    /// The date the importer found in the source (for a screenshot, when it was taken), also
    /// after the date received was corrected.
    pub fn imported_date(&self) -> DateTime<FixedOffset> {
        self.received_original.unwrap_or(self.received_at)
    }

    /// Whether the item was received, drawn up or sent.
    pub fn kind(&self) -> DocumentKind {
        DocumentKind::of(self.direction, self.drawn_up)
    }

    /// The party the register names for this item: the sender of a received document, the
    /// recipients (To, then Cc) of a sent one. Empty when unknown or purged.
    pub fn party(&self) -> String {
        match self.kind() {
            DocumentKind::Expedierad => {
                sent_to(self.direction, &self.recipients, &self.cc, &self.bcc).join(", ")
            }
            _ => self.sender.clone().unwrap_or_default(),
        }
    }
}

/// Whom a document sent went to, as the register names its party: To, then Cc, then Bcc. Empty
/// for one received. The one rule for the printout's party ([`Item::party`]) and the app's list
/// and heading ("Till …").
pub fn sent_to(
    direction: Direction,
    recipients: &[String],
    cc: &[String],
    bcc: &[String],
) -> Vec<String> {
    match direction {
        Direction::Out => recipients.iter().chain(cc).chain(bcc).cloned().collect(),
        Direction::In => Vec::new(),
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex_lower(&Sha256::digest(bytes))
}

/// Lower-case hex, as `hex::encode` writes it, through a byte table: `hex::encode` pushes one
/// `char` at a time, visible in the profile of an import that hashes every message twice.
pub fn hex_lower(bytes: &[u8]) -> String {
    let mut out = vec![0u8; bytes.len() * 2];
    // The buffer is exactly twice as long as the input, the one way this can fail.
    let _ = hex::encode_to_slice(bytes, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// A time as a Swedish reader expects it: Europe/Stockholm local time, `2026-10-22 08:14:03`.
/// Stored times keep their original offset; this is only for display and print.
///
/// In the hour the clocks go back (the last Sunday of October, 02:00–02:59) every local time
/// happens twice: such a time says which, `2024-10-27 02:30:00 (sommartid)` before the change
/// and `(normaltid)` after, or two messages half an hour apart would print alike and a
/// transcript would seem out of order.
pub fn local_time(t: &DateTime<FixedOffset>) -> String {
    use chrono::{LocalResult, TimeZone};
    let mut out = String::with_capacity(19);
    write_local_time(&mut out, t);
    let stockholm = chrono_tz::Europe::Stockholm;
    let local = t.with_timezone(&stockholm);
    if let LocalResult::Ambiguous(summer, _) = stockholm.from_local_datetime(&local.naive_local()) {
        out.push_str(if local.offset() == summer.offset() {
            " (sommartid)"
        } else {
            " (normaltid)"
        });
    }
    out
}

/// "1 handling", "2 handlingar": Swedish singular and plural, for messages and summaries.
pub fn count_sv(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Numbers as a reader takes them in: sorted, each once, each run of three or more as a range
/// ("1–100000", "3, 4, 7–9"). An import of 100,000 messages named each id on one line.
pub fn number_ranges(numbers: &[i64]) -> String {
    let mut numbers = numbers.to_vec();
    numbers.sort_unstable();
    numbers.dedup();
    let mut runs: Vec<(i64, i64)> = Vec::new();
    for n in numbers {
        match runs.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(n) => *end = n,
            _ => runs.push((n, n)),
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (start, end) in runs {
        match end.abs_diff(start) {
            0 => out.push(start.to_string()),
            1 => out.extend([start.to_string(), end.to_string()]),
            _ => out.push(format!("{start}–{end}")),
        }
    }
    out.join(", ")
}

/// [`local_time`] written onto `out`: a conversation's transcript writes one per message
/// (chrono's `format` parses its pattern on every call, an eighth of building a conversation
/// of 100,000 messages).
pub fn write_local_time(out: &mut String, t: &DateTime<FixedOffset>) {
    use chrono::{Datelike, Timelike};
    use std::fmt::Write as _;
    let local = t.with_timezone(&chrono_tz::Europe::Stockholm);
    if !(0..=9999).contains(&local.year()) {
        // chrono's signs and widths for years outside four digits (hostile input).
        let _ = write!(out, "{}", local.format("%Y-%m-%d %H:%M:%S"));
        return;
    }
    // Writing into a String cannot fail.
    let _ = write!(
        out,
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_in_the_hour_that_happens_twice_says_which() {
        let at = |t: &str| local_time(&DateTime::parse_from_rfc3339(t).expect("time"));
        assert_eq!(
            at("2024-10-27T00:30:00Z"),
            "2024-10-27 02:30:00 (sommartid)"
        );
        assert_eq!(
            at("2024-10-27T01:30:00Z"),
            "2024-10-27 02:30:00 (normaltid)"
        );
        assert_eq!(
            at("2024-10-27T00:59:59Z"),
            "2024-10-27 02:59:59 (sommartid)"
        );
        assert_eq!(at("2024-10-27T02:00:00Z"), "2024-10-27 03:00:00");
        assert_eq!(at("2024-10-26T23:59:59Z"), "2024-10-27 01:59:59");
        assert_eq!(at("2024-03-31T01:30:00Z"), "2024-03-31 03:30:00");
        assert_eq!(at("2026-10-22T08:14:03+02:00"), "2026-10-22 08:14:03");
    }

    /// A part's time is written exactly as chrono's own `Serialize` wrote it (stored parts
    /// are read back with chrono's `Deserialize`).
    #[test]
    fn a_parts_time_is_written_as_chrono_writes_it() {
        for t in [
            "2026-05-28T22:28:37.739+02:00",
            "2026-05-28T22:28:37+02:00",
            "2026-01-05T23:59:59.000001Z",
            "2026-06-01T12:00:00.123456789-07:30",
            "2026-06-01T12:00:00.100+00:00",
        ] {
            let at = DateTime::parse_from_rfc3339(t).expect("time");
            let part = Part {
                at,
                direction: Direction::In,
                counterpart: String::new(),
                text: String::new(),
                attachments: Vec::new(),
                locator: String::new(),
            };
            let json = serde_json::to_value(&part).expect("json");
            assert_eq!(
                json["at"],
                serde_json::to_value(at).expect("chrono's"),
                "{t}"
            );
            let back: Part = serde_json::from_value(json).expect("read back");
            assert_eq!(back.at, at);
        }
    }

    #[test]
    fn hex_lower_is_hex_encode() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(hex_lower(&bytes), hex::encode(&bytes));
        assert_eq!(hex_lower(&[]), "");
    }

    /// The hand-written local time reads as chrono's pattern does, in summer, in winter, on
    /// the night the clocks go back and for years of fewer than four digits.
    #[test]
    fn local_time_reads_as_the_pattern() {
        for t in [
            "2026-10-22T08:14:03+02:00",
            "2026-01-05T23:59:59Z",
            "2026-10-25T00:30:00Z",
            "2026-10-25T01:30:00Z",
            "2026-03-29T01:00:00Z",
            "0999-12-31T23:00:00Z",
            "2026-06-01T12:00:00.999-07:00",
        ]
        .map(|t| DateTime::parse_from_rfc3339(t).expect("time"))
        .into_iter()
        .chain([12_026, -1].map(|year| {
            NaiveDate::from_ymd_opt(year, 6, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .expect("date")
                .and_utc()
                .fixed_offset()
        })) {
            let want = t
                .with_timezone(&chrono_tz::Europe::Stockholm)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string();
            let mut written = String::new();
            write_local_time(&mut written, &t);
            assert_eq!(written, want, "{t}");
            // The printed time adds only which side of the repeated hour it is on.
            let printed = local_time(&t);
            assert!(
                printed == want
                    || printed == format!("{want} (sommartid)")
                    || printed == format!("{want} (normaltid)"),
                "{printed}"
            );
        }
    }

    #[test]
    fn a_provision_is_read_in_the_forms_people_write_it_and_only_from_the_list() {
        for (text, want) in [
            ("26 kap. 1 § OSL", Sekretessbestammelse::Socialtjanst),
            (
                "Sekretess enligt 26 kap. 1 § OSL",
                Sekretessbestammelse::Socialtjanst,
            ),
            ("26 kap 5 §", Sekretessbestammelse::Anmalare),
            ("26:5", Sekretessbestammelse::Anmalare),
            (" 25 KAP. 1 § osl ", Sekretessbestammelse::HalsoOchSjukvard),
        ] {
            assert_eq!(Sekretessbestammelse::parse(text), Some(want), "{text}");
        }
        for text in [
            "26 kap. 4 § OSL",
            "21 kap. 3 § OSL",
            "sekretess",
            "26 kap. 1 § OSL; 2",
            "",
        ] {
            assert_eq!(Sekretessbestammelse::parse(text), None, "{text}");
        }
    }

    #[test]
    fn a_stored_marking_of_an_earlier_version_still_reads_and_keeps_its_text() {
        let old =
            r#"{"provision":"26 kap. 4 § OSL","date":"2026-11-02","unit":"IFO","set_by":"karin"}"#;
        let m: SecrecyMarking = serde_json::from_str(old).expect("old marking");
        assert_eq!(
            m.provision,
            Sekretessbestammelse::Tidigare("26 kap. 4 § OSL".into())
        );
        assert_eq!(m.authority, "");
        let listed =
            r#"{"provision":"26 kap. 1 § OSL","date":"2026-11-02","unit":"IFO","set_by":"karin"}"#;
        let m: SecrecyMarking = serde_json::from_str(listed).expect("listed marking");
        assert_eq!(m.provision, Sekretessbestammelse::Socialtjanst);
        assert_eq!(
            serde_json::to_value(&m).expect("json")["provision"],
            "26 kap. 1 § OSL"
        );
    }
}
