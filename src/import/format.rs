//! What a file is: the formats inkom imports ([`Format`]) and those it recognises but refuses
//! ([`OtherFormat`]). Both are what detection (`detect`) yields; their names are the words the
//! caseworker reads after an import or a refusal, so they live here rather than in each reader.

/// Recognised formats. Reported back so the user sees what inkom took the file for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// SMS Backup & Restore XML.
    SmsBackupRestoreXml,
    /// RFC 5322 e-mail (.eml).
    Eml,
    /// PNG screenshot.
    Png,
    /// JPEG photo or screenshot.
    Jpeg,
    /// WebP picture (screenshots saved from a browser or chat app).
    WebP,
    /// Outlook message saved from Outlook (.msg, MS-OXMSG).
    Msg,
    /// A `winmail.dat` (TNEF, MS-OXTNEF) saved on its own: the attachment in which Outlook
    /// sends a formatted message outside Exchange.
    Tnef,
    /// mbox file with several e-mail messages, one item each.
    Mbox,
    /// "SMS Import / Export" (Android) ZIP: messages.ndjson with the MMS files.
    SmsIeZip,
    /// "SMS Import / Export" messages.ndjson without its ZIP.
    SmsIeNdjson,
    /// An iPhone's message database (sms.db) on its own.
    IosSmsDb,
    /// An unencrypted iPhone backup folder (Finder/iTunes), with sms.db and attachments.
    IosBackup,
    /// A CSV list of text messages (date, number, direction, text) with a header row.
    SmsCsv,
}

impl Format {
    /// The Swedish name shown to users after an import ("Importerade 26 meddelanden från …").
    pub fn sv(self) -> &'static str {
        match self {
            Format::SmsBackupRestoreXml => "SMS Backup & Restore (XML)",
            Format::Eml => "E-postmeddelande (.eml)",
            Format::Png => "PNG-bild",
            Format::Jpeg => "JPEG-bild",
            Format::WebP => "WebP-bild",
            Format::Msg => "Outlook-meddelande (.msg)",
            Format::Tnef => "winmail.dat från Outlook",
            Format::Mbox => "E-postlåda (mbox)",
            Format::SmsIeZip => "SMS Import / Export (ZIP)",
            Format::SmsIeNdjson => "SMS Import / Export (messages.ndjson)",
            Format::IosSmsDb => "iPhone-meddelanden (sms.db)",
            Format::IosBackup => "iPhone-säkerhetskopia",
            Format::SmsCsv => "SMS-lista (CSV)",
        }
    }

    /// The English name, for logs.
    pub(super) fn en(self) -> &'static str {
        match self {
            Format::SmsBackupRestoreXml => "SMS Backup & Restore XML",
            Format::Eml => "e-mail",
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::WebP => "WebP",
            Format::Msg => "Outlook .msg",
            Format::Tnef => "Outlook winmail.dat (TNEF)",
            Format::Mbox => "mbox",
            Format::SmsIeZip => "SMS Import / Export ZIP",
            Format::SmsIeNdjson => "SMS Import / Export NDJSON",
            Format::IosSmsDb => "iPhone sms.db",
            Format::IosBackup => "iPhone backup",
            Format::SmsCsv => "SMS list (CSV)",
        }
    }
}

/// A format inkom recognises but cannot import (yet). Named in [`ImportError::Unsupported`](super::ImportError::Unsupported) so
/// the user learns what the file is and what to do instead of a bare "not supported".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OtherFormat {
    /// A ZIP container: Word/Excel documents, SMS Import/Export archives, …
    Zip,
    /// An OLE compound file: Outlook .msg or an old Office document.
    OleCompound,
    /// An SQLite database, such as an iPhone's sms.db.
    Sqlite,
    /// A HEIC/HEIF/AVIF picture (iPhone photos).
    Heif,
    /// A WebP picture. No longer reported: WebP pictures are imported ([`Format::WebP`]);
    /// kept so callers matching on it still compile.
    WebP,
    /// A GIF picture.
    Gif,
    /// A TIFF picture.
    Tiff,
    /// A BMP picture.
    Bmp,
    /// A PDF document.
    Pdf,
    /// An mbox file with several e-mail messages. No longer reported: mbox files are
    /// imported ([`Format::Mbox`]); kept so callers matching on it still compile.
    Mbox,
    /// JSON or NDJSON text.
    Json,
    /// An HTML page.
    Html,
    /// XML that is not an SMS Backup & Restore backup (e.g. a call log).
    OtherXml,
    /// Text in UTF-16.
    Utf16Text,
    /// An e-mail saved from Outlook as text (*Save As → Text Only*): without its attachments
    /// and its time of arrival, which inkom cannot get back from it.
    OutlookText,
    /// An Outlook data file (.pst, or the offline cache .ost): whole folders of mail, which a
    /// caseworker exports by mistake where single messages were meant.
    OutlookDataFile,
}

impl OtherFormat {
    /// The English name, for logs.
    pub(super) fn en(self) -> &'static str {
        match self {
            OtherFormat::Zip => "ZIP archive",
            OtherFormat::OleCompound => "OLE compound file (Outlook .msg or old Office document)",
            OtherFormat::Sqlite => "SQLite database",
            OtherFormat::Heif => "HEIC/HEIF picture",
            OtherFormat::WebP => "WebP picture",
            OtherFormat::Gif => "GIF picture",
            OtherFormat::Tiff => "TIFF picture",
            OtherFormat::Bmp => "BMP picture",
            OtherFormat::Pdf => "PDF document",
            OtherFormat::Mbox => "mbox with several messages",
            OtherFormat::Json => "JSON/NDJSON",
            OtherFormat::Html => "HTML page",
            OtherFormat::OtherXml => "XML that is not an SMS Backup & Restore backup",
            OtherFormat::Utf16Text => "UTF-16 text",
            OtherFormat::OutlookText => "e-mail saved as text from Outlook",
            OtherFormat::OutlookDataFile => "Outlook data file (.pst/.ost)",
        }
    }

    /// The Swedish name, with what to do instead where there is something.
    pub(super) fn sv(self) -> &'static str {
        match self {
            OtherFormat::Zip => "ZIP-arkiv, t.ex. ett Word- eller Excel-dokument",
            OtherFormat::OleCompound => "Outlook-meddelande (.msg) eller äldre Office-dokument",
            OtherFormat::Sqlite => "SQLite-databas, t.ex. en iPhones sms.db",
            OtherFormat::Heif => {
                "HEIC-bild, som inte kan visas här; konvertera till JPEG eller PNG (på iPhone: \
                 Inställningar › Kamera › Format › Mest kompatibelt) och importera igen"
            }
            OtherFormat::WebP => "WebP-bild",
            OtherFormat::Gif => "GIF-bild",
            OtherFormat::Tiff => "TIFF-bild",
            OtherFormat::Bmp => "BMP-bild",
            OtherFormat::Pdf => "PDF-dokument",
            OtherFormat::Mbox => {
                "mbox-fil med flera e-postmeddelanden; spara meddelandena ett och ett som .eml"
            }
            OtherFormat::Json => "JSON-fil",
            OtherFormat::Html => {
                "HTML-sida; är det ett e-postmeddelande sparat ur Outlook som HTML, har bilagorna \
                 och ankomsttiden inte följt med: dra i stället meddelandet från Outlook till en \
                 mapp, så sparas det som .msg, och importera den filen"
            }
            OtherFormat::OtherXml => {
                "XML-fil som inte är en säkerhetskopia från SMS Backup & Restore"
            }
            OtherFormat::Utf16Text => "text i UTF-16",
            OtherFormat::OutlookText => {
                "e-postmeddelande sparat som text ur Outlook med Spara som › Endast text, och \
                 då följer varken bilagorna eller ankomsttiden med; dra i stället meddelandet \
                 från Outlook till en mapp, så sparas det som .msg, och importera den filen"
            }
            OtherFormat::OutlookDataFile => {
                "Outlook-datafil (.pst eller .ost) med hela mappar av e-post; inkom tar emot \
                 enstaka meddelanden: markera meddelandena i Outlook och dra dem till en mapp, \
                 så sparas de som .msg, och importera dem"
            }
        }
    }
}
