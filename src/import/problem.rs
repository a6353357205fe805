//! What was wrong inside a file, as closed sets of fixed texts (one English for logs, one
//! Swedish for the caseworker). Closed, so that no library's message, which may quote the
//! file's content, can carry that content into an error.

/// What was wrong in an XML file. A closed set, so that no message text can leak into an error
/// through a parser's message (quick-xml quotes names and entity text in its own errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlProblem {
    /// Markup that does not follow the XML grammar.
    Syntax,
    /// An end tag that does not match the open element.
    MismatchedEndTag,
    /// An `&name;` reference other than the five XML ones (DTD entities are never expanded).
    UnknownEntity,
    /// A `&…` reference that is not terminated or not a valid character reference.
    BadReference,
    /// A malformed or duplicated attribute.
    BadAttribute,
    /// Bytes that are not UTF-8.
    Encoding,
    /// A DOCTYPE declaration: refused, because an SMS backup never has one and its entities are
    /// the door to entity-expansion attacks.
    Doctype,
}

impl XmlProblem {
    /// The English text, for logs.
    pub(super) fn en(self) -> &'static str {
        match self {
            XmlProblem::Syntax => "malformed markup",
            XmlProblem::MismatchedEndTag => "end tag does not match the open element",
            XmlProblem::UnknownEntity => "unknown entity reference",
            XmlProblem::BadReference => "malformed character or entity reference",
            XmlProblem::BadAttribute => "malformed attribute",
            XmlProblem::Encoding => "text is not valid UTF-8",
            XmlProblem::Doctype => "DOCTYPE declarations are refused",
        }
    }

    /// The Swedish text, for the caseworker.
    pub(super) fn sv(self) -> &'static str {
        match self {
            XmlProblem::Syntax => "felaktig XML-kod",
            XmlProblem::MismatchedEndTag => "ett element avslutas med fel sluttagg",
            XmlProblem::UnknownEntity => "okänd entitetsreferens",
            XmlProblem::BadReference => "felaktig tecken- eller entitetsreferens",
            XmlProblem::BadAttribute => "felaktigt attribut",
            XmlProblem::Encoding => "texten är inte UTF-8",
            XmlProblem::Doctype => {
                "filen innehåller en DOCTYPE-deklaration, vilket en SMS-säkerhetskopia aldrig har"
            }
        }
    }
}

/// Why an e-mail file could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailProblem {
    /// The MIME parser gave up on the file.
    Unparseable,
}

impl EmailProblem {
    /// The English text, for logs.
    pub(super) fn en(self) -> &'static str {
        match self {
            EmailProblem::Unparseable => "the message could not be parsed",
        }
    }

    /// The Swedish text, for the caseworker.
    pub(super) fn sv(self) -> &'static str {
        match self {
            EmailProblem::Unparseable => "meddelandet gick inte att tolka",
        }
    }
}

/// What was wrong inside a file of a recognised format. A closed set of fixed texts, so no
/// message content can reach an error through a library's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// The Outlook file's compound structure is damaged or truncated.
    MsgDamaged,
    /// The Outlook file holds more data or objects than any real message.
    MsgTooLarge,
    /// A line of an NDJSON export is not a JSON object.
    JsonSyntax,
    /// The ZIP archive's structure is damaged or truncated.
    ZipDamaged,
    /// A ZIP entry inflates to more than the limit, or far more than its compressed size:
    /// a "zip bomb".
    ZipBomb,
    /// A ZIP entry is encrypted.
    ZipEncrypted,
    /// The SQLite database could not be read.
    Database,
    /// The database is not an iPhone message database (tables or columns missing).
    NotSmsDb,
    /// An iPhone message database from iOS 5 or older (a `message` table with `address` and
    /// `flags`, no `handle` table): a schema inkom does not read.
    OldIosSchema,
    /// The iPhone backup is encrypted.
    BackupEncrypted,
    /// The iPhone backup folder lacks its manifest or the message database.
    BackupIncomplete,
    /// The CSV file could not be read as CSV.
    CsvSyntax,
    /// A CSV row has no valid date and time.
    CsvDate,
    /// A CSV row has no valid direction.
    CsvDirection,
    /// A CSV row has no phone number.
    CsvNumber,
    /// The CSV header row lacks a required column (the position names which).
    CsvHeader,
    /// A CSV row has more or fewer fields than the header row.
    CsvFieldCount,
    /// The CSV file is not UTF-8.
    CsvEncoding,
    /// The file ends in the middle of a message.
    Truncated,
    /// A message in a mailbox file could not be read as an e-mail.
    NotAnEmail,
}

impl Problem {
    /// The English text, for logs.
    pub(super) fn en(self) -> &'static str {
        match self {
            Problem::MsgDamaged => "the Outlook file is damaged or truncated",
            Problem::MsgTooLarge => "the Outlook file holds more data than a message can",
            Problem::JsonSyntax => "line is not a JSON object",
            Problem::ZipDamaged => "the ZIP archive is damaged or truncated",
            Problem::ZipBomb => "a ZIP entry inflates beyond the limit (zip bomb)",
            Problem::ZipEncrypted => "a ZIP entry is encrypted",
            Problem::Database => "the database cannot be read",
            Problem::NotSmsDb => "not an iPhone message database",
            Problem::OldIosSchema => "an iOS 5 or older message database (schema not read)",
            Problem::BackupEncrypted => "the iPhone backup is encrypted",
            Problem::BackupIncomplete => "the iPhone backup lacks its manifest or sms.db",
            Problem::CsvSyntax => "malformed CSV",
            Problem::CsvDate => "invalid date",
            Problem::CsvDirection => "invalid direction",
            Problem::CsvNumber => "missing phone number",
            Problem::CsvHeader => {
                "the header row must name the columns date, number, direction and text"
            }
            Problem::CsvFieldCount => "the row has another number of fields than the header",
            Problem::CsvEncoding => "the text is not UTF-8",
            Problem::Truncated => "the file ends inside a message",
            Problem::NotAnEmail => "the message cannot be read as an e-mail",
        }
    }

    /// The Swedish text, for the caseworker.
    pub(super) fn sv(self) -> &'static str {
        match self {
            Problem::MsgDamaged => "Outlook-filen är skadad eller avkortad",
            Problem::MsgTooLarge => {
                "Outlook-filen innehåller mer data än ett meddelande kan ha och kan vara skadad"
            }
            Problem::JsonSyntax => "raden är inte ett JSON-objekt",
            Problem::ZipDamaged => "ZIP-arkivet är skadat eller avkortat",
            Problem::ZipBomb => {
                "en fil i ZIP-arkivet packas upp till orimligt stor storlek (möjlig zip-bomb) och \
                 lästes inte"
            }
            Problem::ZipEncrypted => "en fil i ZIP-arkivet är lösenordsskyddad",
            Problem::Database => "databasen gick inte att läsa",
            Problem::NotSmsDb => "databasen är inte en iPhones meddelandedatabas (sms.db)",
            Problem::OldIosSchema => {
                "databasen kommer från iOS 5 eller äldre, vars format inkom inte läser. Ta \
                 skärmdumpar av konversationen och importera dem i stället"
            }
            Problem::BackupEncrypted => {
                "säkerhetskopian är krypterad. Gör en okrypterad säkerhetskopia (i Finder eller \
                 iTunes: avmarkera \"Kryptera lokal säkerhetskopia\") och importera den"
            }
            Problem::BackupIncomplete => {
                "mappen är inte en fullständig iPhone-säkerhetskopia (Manifest.db, \
                 Manifest.plist eller sms.db saknas)"
            }
            Problem::CsvSyntax => "felaktig CSV",
            Problem::CsvDate => {
                "ogiltigt datum (använd t.ex. 2026-11-03 14:05 eller 2026-11-03T14:05:00+01:00)"
            }
            Problem::CsvDirection => "ogiltig riktning (använd in eller ut)",
            Problem::CsvNumber => "telefonnummer saknas",
            Problem::CsvHeader => {
                "första raden måste namnge kolumnerna datum, nummer, riktning och text"
            }
            Problem::CsvFieldCount => {
                "raden har inte lika många fält som rubrikraden (saknas citattecken runt en text \
                 som innehåller avgränsaren?)"
            }
            Problem::CsvEncoding => {
                "texten är inte UTF-8; spara filen som \"CSV UTF-8\" i Excel och importera igen"
            }
            Problem::Truncated => {
                "filen tar slut mitt i ett meddelande; exportera eller kopiera den på nytt, eller \
                 importera de fullständiga meddelandena före avbrottet i räddningsläge \
                 (--salvage)"
            }
            Problem::NotAnEmail => "meddelandet gick inte att tolka som e-post",
        }
    }
}
