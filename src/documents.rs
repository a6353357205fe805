//! What goes on the printed page: turns an [`Item`] and the unit's settings into a
//! [`Sheet`] for [`crate::pdf`]. The PDF module knows layout; this module knows the law's facts.

use std::borrow::Cow;

use crate::model::{
    Act, Attachment, Channel, Class, Classification, Direction, DocumentKind, Item, count_sv,
    local_time,
};
use crate::pdf::{self, Block, RasterLimits, Sheet};
use crate::store::Settings;

const DIARIENUMMER: &str = "Diarienummer";

/// Printed instead of the sender when the sender's identity is secret.
pub const SECRET_SENDER: &str = "Enskild – uppgift om avsändaren omfattas av sekretess";

/// Printed instead of the recipients of a sent document when their identity is secret.
pub const SECRET_RECIPIENT: &str = "Enskild – uppgift om mottagaren omfattas av sekretess";

/// The label of the sender's own time of sending, beside the time received.
pub const SENT_BY_SENDER: &str = "Avsänt (enligt avsändaren)";

/// The registration sheet (diarium) or personakt printout for an item, with the facts of
/// 5 kap. 2 § OSL first, then the full content, then the chain of custody.
pub fn registration_sheet(
    item: &Item,
    settings: &Settings,
    designation: &str,
    diarienummer: Option<&str>,
    act: &Act,
) -> Sheet {
    registration_sheet_noting(
        item,
        settings,
        designation,
        diarienummer,
        act,
        &mut Vec::new(),
    )
}

/// [`registration_sheet`], also giving what of the attached TIFFs and PDFs it could not draw
/// ([`Undrawn`]; the pictures it cannot decode are found when it is rendered,
/// [`crate::pdf::Rendered::undrawn`]), recorded with the registration so that the deletion gate
/// knows it without drawing again (src/fidelity.rs).
pub fn registration_sheet_noting(
    item: &Item,
    settings: &Settings,
    designation: &str,
    diarienummer: Option<&str>,
    act: &Act,
    undrawn: &mut Vec<Undrawn>,
) -> Sheet {
    let mut facts = Vec::new();
    let mut fill_in = Vec::new();
    if item.class == Some(Class::Diarium) {
        // An empty framed box for the registrar's hand when inkom does not hold the series.
        facts.push((
            DIARIENUMMER.to_string(),
            diarienummer.unwrap_or_default().to_string(),
        ));
        if diarienummer.is_none() {
            fill_in.push(DIARIENUMMER.to_string());
        }
    }
    let kind = item.kind();
    facts.extend([
        ("Registrerings-id".to_string(), designation.to_string()),
        (kind.date_label().to_string(), local_time(&item.received_at)),
    ]);
    // The sender's own time beside the time received: only the receipt counts (5 kap. 2 §
    // OSL p. 1), but a registrar checking an appeal's timeliness wants to see both.
    if let (DocumentKind::Inkommen, Some(sent)) = (kind, item.sent_at) {
        facts.push((SENT_BY_SENDER.to_string(), local_time(&sent)));
    }
    facts.push((
        "Handling".to_string(),
        format!("{}, {}", item.channel.sv(), kind.sv()),
    ));
    // The registrar may need an interpreter: name the language when it is not Swedish.
    if let Some(language) = language_fact(item) {
        facts.push(("Språk".to_string(), language));
    }
    let mut running_header = None;
    let mut secrecy = None;
    match &item.classification {
        Some(Classification::Personakt {
            client_name,
            personnummer,
            secrecy: marking,
        }) => {
            let who = format!("{client_name}, {personnummer}");
            facts.extend(party_fact(item, false));
            facts.push(("Avser".to_string(), who.clone()));
            running_header = Some(format!("Personakt: {who}"));
            secrecy = marking.as_ref().map(ToString::to_string);
        }
        Some(Classification::Diarium {
            description,
            secrecy: marking,
            sender_secret,
        }) => {
            facts.extend(party_fact(item, *sender_secret));
            facts.push(("Ärendemening".to_string(), description.clone()));
            secrecy = marking.as_ref().map(ToString::to_string);
        }
        Some(Classification::Ringa { .. }) | None => {
            facts.extend(party_fact(item, false));
        }
    }
    if let Some(class) = item.class {
        facts.push(("Klass".to_string(), class.sv().to_string()));
    }
    facts.push(("Handläggare".to_string(), act.who()));

    let title = match item.class {
        Some(Class::Personakt) => "Personaktsutskrift",
        _ => "Registreringsblad",
    };
    Sheet {
        title: title.to_string(),
        organisation: settings.heading().unwrap_or_default(),
        unit: settings.unit.clone().unwrap_or_default(),
        designation: designation.to_string(),
        running_header,
        facts,
        fill_in,
        secrecy,
        blocks: content_blocks(item, designation, undrawn),
        landscape: false,
        created: act.at,
    }
}

/// The fact naming the message a reply answers (guard rail 5: a reply is shown with the
/// message it answers), put after the "Handling" line of `sheet`: its item number, its
/// registration and diary number when it has them, and its date.
pub fn add_answers_fact(sheet: &mut Sheet, answered: &Item) {
    let mut refs = vec![format!("objekt {}", answered.id)];
    if let Some(reg) = &answered.registration {
        refs.push(reg.designation.clone());
        refs.extend(reg.diarienummer.clone());
    }
    let kind = answered.kind();
    let text = format!(
        "{}, {} {}",
        refs.join(", "),
        kind.date_label().to_lowercase(),
        local_time(&answered.received_at)
    );
    let at = sheet
        .facts
        .iter()
        .position(|(label, _)| label == "Handling")
        .map_or(sheet.facts.len(), |i| i + 1);
    sheet.facts.insert(at, (ANSWERS.to_string(), text));
}

/// The label of the fact naming the message a reply answers.
pub const ANSWERS: &str = "Svar på";

/// Who a document came from or went to, under the label its kind calls for (guard rail 5):
/// "Avsändare" of a received one, "Mottagare" of a sent one; for one the unit drew up, the
/// person named as its maker, if any. `secret` prints the secrecy phrase instead.
fn party_fact(item: &Item, secret: bool) -> Option<(String, String)> {
    let kind = item.kind();
    let party = item.party();
    let shown = match kind {
        _ if secret && kind == DocumentKind::Expedierad => SECRET_RECIPIENT.to_string(),
        _ if secret => SECRET_SENDER.to_string(),
        DocumentKind::Upprattad if party.trim().is_empty() => return None,
        _ => or_unknown(&party),
    };
    Some((kind.party_label().to_string(), shown))
}

/// What the printout says under "Språk" when the message is confidently not in Swedish
/// ([`crate::language`]): its body's language, or for an SMS thread the languages of its
/// messages, each read on its own.
fn language_fact(item: &Item) -> Option<String> {
    if item.parts.is_empty() {
        let body = item.body.as_deref().unwrap_or_default();
        let body = crate::import::outlook_fields::sender_text(body, &item.source.notes);
        return crate::language::detect(body)
            .filter(|l| !l.is_swedish())
            .map(|l| l.sv_fact());
    }
    let languages = crate::language::detect_each(item.parts.iter().map(|p| p.text.as_str()));
    crate::language::sv_fact_of(&languages)
}

fn or_unknown(s: &str) -> String {
    if s.trim().is_empty() {
        "Okänd".to_string()
    } else {
        s.to_string()
    }
}

fn content_blocks(item: &Item, designation: &str, undrawn: &mut Vec<Undrawn>) -> Vec<Block> {
    let mut blocks = vec![Block::Heading("Innehåll".to_string())];
    // Attachments already shown next to the message they came with.
    let mut shown: Vec<usize> = Vec::new();
    match item.channel {
        Channel::Screenshot => screenshot_blocks(item, &mut blocks, &mut shown),
        Channel::Sms if !item.parts.is_empty() => {
            transcript_blocks(item, &mut blocks, &mut shown);
        }
        Channel::Sms | Channel::Email => {
            let mut header = vec![(
                "Från".to_string(),
                or_unknown(item.sender.as_deref().unwrap_or("")),
            )];
            if !item.recipients.is_empty() {
                header.push(("Till".to_string(), item.recipients.join(", ")));
            }
            if !item.cc.is_empty() {
                header.push(("Kopia".to_string(), item.cc.join(", ")));
            }
            if !item.bcc.is_empty() {
                header.push(("Hemlig kopia".to_string(), item.bcc.join(", ")));
            }
            // The message's own date as it showed it: an e-mail's Date header; the date
            // received is in the facts above.
            let shown = match (item.channel, item.sent_at) {
                (Channel::Email, Some(sent)) => sent,
                _ => item.imported_date(),
            };
            header.push(("Datum".to_string(), local_time(&shown)));
            if let Some(subject) = &item.subject {
                header.push(("Ämne".to_string(), subject.clone()));
            }
            blocks.push(Block::Fields(header));
            if let Some(body) = item.body.as_deref().filter(|b| !b.is_empty()) {
                blocks.push(Block::Text(body.to_string()));
            }
        }
    }
    attachment_blocks(item, &shown, &mut blocks, undrawn);
    blocks.push(Block::Heading("Spårbarhet".to_string()));
    let mut custody = vec![(
        "Importerad".to_string(),
        format!("{} av {}", local_time(&item.imported.at), item.imported.by),
    )];
    if let Some(c) = &item.classified {
        custody.push((
            "Klassificerad".to_string(),
            format!("{} av {}", local_time(&c.at), c.by),
        ));
    }
    custody.push((
        "Källfil, SHA-256".to_string(),
        item.source.file_sha256.clone(),
    ));
    if !item.source.locator.is_empty() {
        custody.push(("Plats i källfilen".to_string(), item.source.locator.clone()));
    }
    for note in &item.source.notes {
        custody.push(("Anmärkning vid import".to_string(), note.clone()));
    }
    custody.push(("Registrerings-id".to_string(), designation.to_string()));
    blocks.push(Block::Fields(custody));
    blocks
}

/// An SMS/MMS thread as a transcript: per message a small bold line (time, direction, the
/// other party), then the text exactly as received, then the message's pictures.
fn transcript_blocks(item: &Item, blocks: &mut Vec<Block>, shown: &mut Vec<usize>) {
    let mut header = vec![(
        "Konversation med".to_string(),
        or_unknown(&conversation_partners(item)),
    )];
    header.push(("Meddelanden".to_string(), item.parts.len().to_string()));
    if let (Some(first), Some(last)) = (item.parts.first(), item.parts.last()) {
        header.push((
            "Period".to_string(),
            format!("{} – {}", local_time(&first.at), local_time(&last.at)),
        ));
    }
    blocks.push(Block::Fields(header));
    for part in &item.parts {
        let towards = match part.direction {
            Direction::In => "från",
            Direction::Out => "till",
        };
        blocks.push(Block::Subheading(format!(
            "{}  {} {} {}",
            local_time(&part.at),
            part.direction.sv(),
            towards,
            or_unknown(&part.counterpart)
        )));
        if !part.text.is_empty() {
            blocks.push(Block::Text(part.text.clone()));
        }
        for name in &part.attachments {
            let found = item
                .attachments
                .iter()
                .enumerate()
                .find(|(n, a)| &a.name == name && !shown.contains(n));
            if let Some((n, a)) = found
                && is_printable_image(&a.mime)
                && !a.bytes.is_empty()
            {
                blocks.push(attached_image(a, format!("Bild i meddelandet: {}", a.name)));
                shown.push(n);
            }
        }
    }
}

/// The other parties of a thread, each once: the senders of its incoming messages and the
/// recipients of its outgoing ones, as first written. A group chat names everyone in it (it
/// named only whoever wrote or was written to first); a number written with and without its
/// contact name is one party. The recipients of an incoming message are not parties: some
/// exports list the phone's own number there.
fn conversation_partners(item: &Item) -> String {
    let written_to = |recipient: &str| {
        item.parts
            .iter()
            .filter(|p| p.direction == Direction::Out)
            .any(|p| lists(&p.counterpart, recipient))
    };
    let incoming = item
        .parts
        .iter()
        .filter(|p| p.direction == Direction::In)
        .map(|p| p.counterpart.as_str());
    let outgoing = item
        .recipients
        .iter()
        .map(String::as_str)
        .filter(|r| written_to(r));
    let mut seen = std::collections::HashSet::new();
    let partners: Vec<&str> = incoming
        .chain(outgoing)
        .chain(item.sender.as_deref())
        .filter(|who| !who.trim().is_empty())
        .filter(|who| seen.insert(crate::model::sms_number(who)))
        .collect();
    partners.join(", ")
}

/// Does `list`, recipients joined by ", " (a part's counterpart), name `one` as one of them
/// (a name may itself hold ", ")?
fn lists(list: &str, one: &str) -> bool {
    list == one
        || list
            .strip_prefix(one)
            .is_some_and(|rest| rest.starts_with(", "))
        || list
            .strip_suffix(one)
            .is_some_and(|rest| rest.ends_with(", "))
        || list.contains(&format!(", {one}, "))
}

/// A screenshot at full width with what is known about it: file name, capture time, who took
/// it and, for a web page, the page's address (an information search must say where it was made).
fn screenshot_blocks(item: &Item, blocks: &mut Vec<Block>, shown: &mut Vec<usize>) {
    let mut header = Vec::new();
    if let Some(a) = item.attachments.first() {
        header.push(("Filnamn".to_string(), a.name.clone()));
    }
    header.push(("Tagen".to_string(), local_time(&item.imported_date())));
    if let Some(sender) = item.sender.as_deref().filter(|s| !s.trim().is_empty()) {
        header.push(("Tagen av".to_string(), sender.to_string()));
    }
    if let Some(address) = item
        .page_address
        .as_deref()
        .filter(|a| !a.trim().is_empty())
    {
        header.push(("Sidans adress".to_string(), address.trim().to_string()));
    }
    blocks.push(Block::Fields(header));
    if let Some(body) = item.body.as_deref().filter(|b| !b.is_empty()) {
        blocks.push(Block::Text(body.to_string()));
    }
    for (n, a) in item.attachments.iter().enumerate() {
        if is_printable_image(&a.mime) && !a.bytes.is_empty() {
            blocks.push(Block::Screenshot {
                bytes: a.bytes.clone(),
                caption: picture_caption(
                    format!(
                        "Skärmdump: {}, tagen {}",
                        a.name,
                        local_time(&item.imported_date())
                    ),
                    &a.bytes,
                ),
            });
            shown.push(n);
        }
    }
}

/// Most pages of attached PDFs rendered into one printout, over all its attachments (each
/// attachment is also held to [`RasterLimits::max_pages`]).
const MAX_ATTACHED_PAGES: usize = 100;

/// The list of attachments with size and SHA-256, then the pictures not yet shown, then the
/// pages of attached PDFs. PDF/A does not allow embedding the PDF files themselves, so each page
/// is rendered to a picture and appended; a PDF that cannot be rendered is named with the reason.
fn attachment_blocks(
    item: &Item,
    shown: &[usize],
    blocks: &mut Vec<Block>,
    undrawn: &mut Vec<Undrawn>,
) {
    if item.attachments.is_empty() {
        return;
    }
    let (attachments, left_out) = with_inner_files(&item.attachments);
    blocks.push(Block::Heading("Bilagor".to_string()));
    blocks.push(Block::Fields(
        attachments
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    format!(
                        "{}, {} byte, SHA-256:\n{}",
                        a.mime,
                        group_digits(a.size),
                        a.sha256
                    ),
                )
            })
            .collect(),
    ));
    let mut not_shown = Vec::new();
    if left_out > 0 {
        not_shown.push(format!(
            "{} i bifogade meddelanden återges inte här (högst {MAX_INNER_FILES} filer, och \
             {MAX_INNER_DEPTH} led av meddelanden i meddelanden, per utskrift). Skriv ut dem \
             från originalfilen och lägg dem till handlingen.",
            count_sv(left_out, "fil", "filer")
        ));
    }
    for (n, a) in attachments.iter().enumerate() {
        if shown.contains(&n) {
            continue;
        }
        match reproduction(a) {
            Reproduction::Elsewhere => {}
            Reproduction::Tiff => blocks.extend(tiff_blocks(a, undrawn)),
            Reproduction::Picture => blocks.push(attached_image(a, a.name.clone())),
            Reproduction::Text(AttachedText { text, .. }) => {
                blocks.push(Block::Subheading(format!("Bilaga {}", a.name)));
                blocks.push(Block::Text(text));
            }
            Reproduction::Signature(note) => not_shown.push(note),
            Reproduction::Gone => not_shown.push(content_gone(a)),
            // "Skriv ut den för sig" cannot be done with a film.
            Reproduction::SoundOrFilm(kind) => not_shown.push(format!(
                "Bilagan {} ({}) är {kind} och kan inte återges på papper. Den finns bara i \
                 originalet: bevara den som dokumenthanteringsplanen anger för ljud och film \
                 innan originalet raderas; kontrollsumman ovan visar att det är rätt fil.",
                a.name, a.mime
            )),
            Reproduction::NotPrinted => not_shown.push(format!(
                "Bilagan {} ({}) återges inte i utskriften. Skriv ut den för sig om den går att \
                 öppna, och lägg den till handlingen; kontrollsumman ovan visar att det är rätt \
                 fil.",
                a.name, a.mime
            )),
        }
    }
    blocks.extend(not_shown.into_iter().map(Block::Text));
    attached_pdf_blocks(item.id, &attachments, blocks, undrawn);
}

/// How the printout holds one attachment (after the pictures a screenshot shows above).
enum Reproduction {
    /// Not here: an attached PDF (its pages follow) or an empty file (the list says 0 byte).
    Elsewhere,
    /// A TIFF, page by page.
    Tiff,
    /// A picture.
    Picture,
    /// Its words (the first [`MAX_ATTACHED_TEXT`] of them).
    Text(AttachedText),
    /// An electronic signature, which has no content to print: the note saying so.
    Signature(String),
    /// Its content is no longer in the store.
    Gone,
    /// A sound recording or a film ("en ljudinspelning", "en film"): no paper holds it.
    SoundOrFilm(&'static str),
    /// A file of a kind inkom does not print.
    NotPrinted,
}

/// How [`attachment_blocks`] reproduces `a`; [`off_paper`] asks the same question, so what
/// the deletion gate holds back is exactly what the sheet says is not on it.
fn reproduction(a: &Attachment) -> Reproduction {
    if a.size == 0 {
        Reproduction::Elsewhere
    } else if a.bytes.is_empty() {
        Reproduction::Gone
    } else if is_pdf(a) {
        Reproduction::Elsewhere
    } else if is_tiff(a) {
        Reproduction::Tiff
    } else if is_printable_image(&a.mime) {
        Reproduction::Picture
    } else if let Some(text) = attached_text(&a.name, &a.mime, &a.bytes) {
        Reproduction::Text(text)
    } else if let Some(note) = signature_note(a) {
        Reproduction::Signature(note)
    } else if let Some(kind) = sound_or_film(&a.mime) {
        Reproduction::SoundOrFilm(kind)
    } else {
        Reproduction::NotPrinted
    }
}

/// What of an item's attachments its printout names but cannot hold: once the source is
/// deleted and inkom's copy purged, only what was kept apart remains of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffPaper {
    /// Each such file: its name ("OUTER › INNER" inside an attached e-mail), what it is in
    /// Swedish ("en film", "en fil som inte skrivs ut", …) and its SHA-256 as the sheet prints it.
    pub files: Vec<OffPaperFile>,
    /// Files inside attached e-mails beyond the sheet's limits, which it only counts.
    pub inner_left_out: usize,
}

/// One attachment the printout cannot hold ([`OffPaper`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffPaperFile {
    /// Its name.
    pub name: String,
    /// What it is, in Swedish: "en film", "en ljudinspelning", "en fil som inte skrivs ut",
    /// "en fil vars innehåll inte finns kvar", "en PDF som inte kan återges: filen är
    /// lösenordsskyddad", "en PDF vars sidor 51–80 inte återges".
    pub kind: String,
    /// Its SHA-256 (hex), the checksum on the sheet.
    pub sha256: String,
}

impl OffPaper {
    /// True when the printout holds every attachment.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.inner_left_out == 0
    }

    /// Each file as a refusal or a note lists it: "film.mp4 (en film)", and the inner files
    /// counted: "3 filer i bifogade meddelanden, som utskriften bara räknar".
    pub fn described_sv(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .files
            .iter()
            .map(|f| format!("{} ({})", f.name, f.kind))
            .collect();
        if self.inner_left_out > 0 {
            lines.push(format!(
                "{} i bifogade meddelanden, som utskriften bara räknar",
                count_sv(self.inner_left_out, "fil", "filer")
            ));
        }
        lines
    }
}

/// The attachments (with their bytes) that a printout names but does not reproduce, in the
/// order of the sheet's list: films, sound, files of kinds inkom does not print, content no
/// longer stored, the end of a text longer than the sheet prints, the first frame only of a
/// moving picture, files inside attached e-mails beyond the sheet's limits, and what of the
/// pictures, TIFFs and PDFs was not drawn (a picture it cannot read, a TIFF's unreadable pages
/// and those past its limit, a PDF it cannot open, its pages past the limits, a page that
/// failed to draw, pages left out because drawing took too long). Texts, drawn pictures,
/// signatures and empty files are not among them.
///
/// What was not drawn as `recorded` when the item was registered (only drawing finds some of
/// it, and nothing is decoded again); without a record (not yet registered, or registered
/// before schema 19) as the sheet would draw it: each picture and TIFF read as it reads them,
/// each PDF by its page count and the sheet's limits.
pub fn off_paper(attachments: &[Attachment], recorded: Option<&[Undrawn]>) -> OffPaper {
    let (attachments, inner_left_out) = with_inner_files(attachments);
    // Read once: a text attachment's reproduction is its whole text.
    let reproductions: Vec<Reproduction> = attachments.iter().map(|a| reproduction(a)).collect();
    let read;
    let undrawn = match recorded {
        Some(recorded) => recorded,
        None => {
            read = undrawn_by_reading(&attachments, &reproductions);
            &read[..]
        }
    };
    let files = attachments
        .iter()
        .zip(reproductions)
        .filter_map(|(a, reproduction)| {
            let kind = match reproduction {
                Reproduction::SoundOrFilm(kind) => kind.to_string(),
                Reproduction::NotPrinted => "en fil som inte skrivs ut".to_string(),
                Reproduction::Gone => "en fil vars innehåll inte finns kvar".to_string(),
                Reproduction::Text(AttachedText { cut: true, .. }) => format!(
                    "en text vars slut inte återges (efter {} tecken)",
                    group_digits(MAX_ATTACHED_TEXT as u64)
                ),
                Reproduction::Picture | Reproduction::Tiff | Reproduction::Elsewhere => {
                    match undrawn.iter().find(|u| u.sha256 == a.sha256) {
                        Some(u) => u.kind_sv(is_pdf(a)),
                        None if pdf::is_animated(&a.bytes) => {
                            "en rörlig bild, där bara den första bilden återges".to_string()
                        }
                        None => return None,
                    }
                }
                Reproduction::Text(_) | Reproduction::Signature(_) => return None,
            };
            Some(OffPaperFile {
                name: a.name.clone(),
                kind,
                sha256: a.sha256.clone(),
            })
        })
        .collect();
    OffPaper {
        files,
        inner_left_out,
    }
}

/// What the sheet would not draw of the attachments, found by reading them as it does: a
/// picture its decoder cannot read, a TIFF's pages ([`tiff_blocks`]), and the attached PDFs by
/// their page counts alone (the files it cannot open and the pages past its limits, as
/// [`attached_pdf_blocks`] applies them).
fn undrawn_by_reading(
    attachments: &[Cow<'_, Attachment>],
    reproductions: &[Reproduction],
) -> Vec<Undrawn> {
    let per_attachment = RasterLimits::default().max_pages;
    let mut budget = MAX_ATTACHED_PAGES;
    let mut undrawn = Vec::new();
    for (a, reproduction) in attachments.iter().zip(reproductions) {
        match reproduction {
            Reproduction::Picture if !pdf::picture_decodes(&a.bytes) => {
                undrawn.push(Undrawn::unreadable_picture(&a.sha256));
            }
            Reproduction::Tiff => undrawn.extend(tiff_undrawn(a, tiff_drawn(&a.bytes).as_ref())),
            Reproduction::Elsewhere if is_pdf(a) && !a.bytes.is_empty() => {
                match pdf::page_count(&a.bytes) {
                    Err(error) => undrawn.push(Undrawn::whole(a, error.sv())),
                    Ok(total) => {
                        let drawn = total.min(per_attachment.min(budget));
                        budget -= drawn;
                        if drawn < total {
                            undrawn.push(Undrawn::pages(a, (drawn + 1..=total).collect()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    undrawn
}

/// What the sheet lacks of a TIFF, its pages as [`tiff_drawn`] read them: the pages that
/// cannot be read and those past [`MAX_TIFF_PAGES`]; all of it when no page is found and the
/// picture decoder cannot read it either.
fn tiff_undrawn(a: &Attachment, drawn: Option<&TiffDrawn>) -> Option<Undrawn> {
    let Some(TiffDrawn { pages, total }) = drawn else {
        return (!pdf::picture_decodes(&a.bytes)).then(|| Undrawn::unreadable_picture(&a.sha256));
    };
    let mut lost: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.is_err())
        .map(|(i, _)| i + 1)
        .collect();
    lost.extend(MAX_TIFF_PAGES + 1..=*total);
    (!lost.is_empty()).then(|| Undrawn::pages(a, lost))
}

/// What a registration sheet did not draw of an attached picture, TIFF or PDF: the whole file
/// (it could not be read or opened) or some of its pages (a page that failed to draw, pages
/// past the limits or past the time drawing may take). Recorded with the registration
/// (src/fidelity.rs), since only drawing finds some of it, and the deletion gate holds the
/// source back while it is not kept apart ([`off_paper`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Undrawn {
    /// The attachment's SHA-256 (hex), as the sheet prints it: the record names no file.
    pub sha256: String,
    /// Why the file could not be drawn at all, in Swedish ("filen är lösenordsskyddad").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whole: Option<String>,
    /// The pages not drawn, from 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<usize>,
}

/// Why a picture is not on the sheet, as [`Undrawn::whole`] records it.
const UNREADABLE_PICTURE: &str = "filen är ingen läsbar bild";

impl Undrawn {
    fn whole(a: &Attachment, why: &str) -> Undrawn {
        Undrawn {
            sha256: a.sha256.clone(),
            whole: Some(why.to_string()),
            pages: Vec::new(),
        }
    }

    fn pages(a: &Attachment, pages: Vec<usize>) -> Undrawn {
        Undrawn {
            sha256: a.sha256.clone(),
            whole: None,
            pages,
        }
    }

    /// A picture the sheet printed as a note because it could not be decoded
    /// ([`crate::pdf::Rendered::undrawn`] gives its key, the attachment's checksum).
    pub fn unreadable_picture(sha256: &str) -> Undrawn {
        Undrawn {
            sha256: sha256.to_string(),
            whole: Some(UNREADABLE_PICTURE.to_string()),
            pages: Vec::new(),
        }
    }

    /// What the file is, as [`OffPaperFile::kind`] says it: "en PDF som inte kan återges:
    /// filen är lösenordsskyddad", "en PDF vars sidor 3 och 51–59 inte återges", "en bild som
    /// inte kan återges", "en bild vars sidor 31–40 inte återges" (a TIFF).
    fn kind_sv(&self, pdf: bool) -> String {
        match (&self.whole, pdf) {
            (Some(why), true) => format!("en PDF som inte kan återges: {why}"),
            (Some(_), false) => "en bild som inte kan återges".to_string(),
            (None, true) => format!("en PDF vars {} inte återges", pages_sv(&self.pages)),
            (None, false) => format!("en bild vars {} inte återges", pages_sv(&self.pages)),
        }
    }
}

/// Page numbers as Swedish prose, runs as ranges: "sida 3", "sidor 51–59", "sidor 3, 7 och
/// 51–59".
fn pages_sv(pages: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &page in pages {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == page => *last = page,
            _ => runs.push((page, page)),
        }
    }
    let parts: Vec<String> = runs
        .iter()
        .map(|&(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            }
        })
        .collect();
    let word = if pages.len() == 1 { "sida" } else { "sidor" };
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{word} {} och {last}", rest.join(", "))
        }
        _ => format!("{word} {}", parts.join("")),
    }
}

/// "en ljudinspelning" or "en film" for a sound or a film, which no paper can hold.
fn sound_or_film(mime: &str) -> Option<&'static str> {
    let mime = mime.to_ascii_lowercase();
    if mime.starts_with("audio/") {
        Some("en ljudinspelning")
    } else if mime.starts_with("video/") {
        Some("en film")
    } else {
        None
    }
}

/// How many levels of e-mails attached inside attached e-mails are opened on paper.
const MAX_INNER_DEPTH: usize = 3;

/// Most files taken from inside attached e-mails into one printout.
const MAX_INNER_FILES: usize = 200;

/// The attachments the printout reproduces: the item's own, then the files inside each attached
/// e-mail and each signed form of the message, named "OUTER › INNER", to [`MAX_INNER_DEPTH`]
/// levels. A picture or a PDF that a forwarded e-mail carried is part of the document; before,
/// it was only named, and lost from the record with the source. Also how many inner files were
/// left out by [`MAX_INNER_FILES`] or [`MAX_INNER_DEPTH`], which the sheet says.
pub(crate) fn with_inner_files(attachments: &[Attachment]) -> (Vec<Cow<'_, Attachment>>, usize) {
    let mut all: Vec<Cow<'_, Attachment>> = attachments.iter().map(Cow::Borrowed).collect();
    let mut level = 0..all.len();
    let mut left_out = 0;
    for _ in 0..MAX_INNER_DEPTH {
        let mut found = Vec::new();
        for outer in &all[level.clone()] {
            for inner in inner_files(outer).unwrap_or_default() {
                found.push(Cow::Owned(Attachment {
                    name: format!("{} › {}", outer.name, inner.name),
                    ..inner
                }));
            }
        }
        let room = MAX_INNER_FILES.saturating_sub(all.len() - attachments.len());
        left_out += found.len().saturating_sub(room);
        let start = all.len();
        all.extend(found.into_iter().take(room));
        level = start..all.len();
        if level.is_empty() {
            break;
        }
    }
    // Files forwarded deeper than that are counted, never dropped without a word.
    left_out += all[level]
        .iter()
        .map(|outer| inner_files(outer).map_or(0, |files| files.len()))
        .sum::<usize>();
    (all, left_out)
}

/// Whether an attachment of this name and type may hold files of its own ([`with_inner_files`]):
/// an attached e-mail (.eml or Outlook's .msg) or a signed form of the message. Decided without
/// its bytes, so that only such files are read.
pub(crate) fn may_hold_files(name: &str, mime: &str) -> bool {
    mime.eq_ignore_ascii_case("multipart/signed")
        || matches!(
            text_kind(name, mime),
            Some(TextKind::Mail | TextKind::Outlook | TextKind::Signed)
        )
}

/// The files inside an attached e-mail (.eml or Outlook's .msg) or a signed form of the
/// message, if it is one.
fn inner_files(a: &Attachment) -> Option<Vec<Attachment>> {
    if a.bytes.is_empty() || !may_hold_files(&a.name, &a.mime) {
        return None;
    }
    if a.mime.eq_ignore_ascii_case("multipart/signed") {
        // The signature inside is what makes it the signed form, which its own note says.
        let mut files = crate::import::inner_attachments(&a.bytes, true)?;
        files.retain(|f| !crate::import::is_signature(&f.mime));
        return Some(files);
    }
    match text_kind(&a.name, &a.mime) {
        Some(TextKind::Mail) => crate::import::inner_attachments(&a.bytes, false),
        Some(TextKind::Signed) => crate::import::inner_attachments(
            &crate::import::opaque_signed_content(&a.bytes)?,
            false,
        ),
        Some(TextKind::Outlook) => crate::import::attached_msg_files(&a.bytes),
        _ => None,
    }
}

/// What the printout says of an electronic signature (S/MIME, PGP) or of the signed form of
/// the message Outlook keeps (`multipart/signed`): neither is content to print apart, though
/// files attached inside the signed form are named, since only the original holds them.
fn signature_note(a: &Attachment) -> Option<String> {
    let mime = a.mime.to_ascii_lowercase();
    if crate::import::is_signature(&mime) || a.name.to_lowercase().ends_with(".p7s") {
        return Some(format!(
            "Bilagan {} är avsändarens elektroniska underskrift av meddelandet: den har inget \
             innehåll att skriva ut.",
            a.name
        ));
    }
    if mime != "multipart/signed" {
        return None;
    }
    let inside = crate::import::inner_attachments(&a.bytes, true)?;
    let mut note = format!(
        "Bilagan {} är meddelandet i undertecknad form (S/MIME), med den text som återges ovan.",
        a.name
    );
    if inside.iter().any(|f| !crate::import::is_signature(&f.mime)) {
        note.push_str(&format!(
            " Filerna i den återges som bilagorna {} › …",
            a.name
        ));
    }
    Some(note)
}

/// The note for an attachment whose bytes the store no longer holds.
fn content_gone(a: &Attachment) -> String {
    format!(
        "Bilagan {} återges inte: filens innehåll finns inte kvar.",
        a.name
    )
}

/// Most characters of one text attachment printed: about sixty pages.
const MAX_ATTACHED_TEXT: usize = 200_000;

/// How an attachment's content is reproduced as text ([`attachment_text`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextKind {
    /// A plain-text file (any `text/…` type, a delivery report, a contact card, a calendar
    /// invitation): among them inkom's own "oläst-innehåll.txt" (a message whose structure
    /// could not be read) and an Outlook message's attached message.
    Plain,
    /// An attached e-mail (`message/rfc822`, a forwarded .eml): its headers and its text.
    Mail,
    /// An Outlook message sent as a file (`.msg`, or the TNEF `winmail.dat` Outlook sends
    /// outside Exchange): its headers and its text.
    Outlook,
    /// A rich-text document (.rtf, WordPad's and old Word's format): its words, without the
    /// formatting; one holding pictures is named instead, for printing apart.
    Rtf,
    /// A web page (.html): its text, as a browser would show it, without the markup.
    Html,
    /// A message signed opaquely with S/MIME (`smime.p7m`, `pkcs7-mime`): the text of what was
    /// signed. Printed as the attachment's own text even when the message's text was read out
    /// of it, so that no claim about other text is needed; an encrypted one reads as nothing
    /// and is named.
    Signed,
}

/// Whether the printout (and the item view) reproduces an attachment of this name and type as
/// text, decided without its bytes.
pub(crate) fn text_kind(name: &str, mime: &str) -> Option<TextKind> {
    let mime = mime.to_ascii_lowercase();
    let essence = mime.split(';').next().unwrap_or_default().trim();
    let name = name.to_lowercase();
    let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or_default();
    let unlabelled = essence.is_empty() || essence == "application/octet-stream";
    if essence == "message/rfc822" || extension == "eml" {
        Some(TextKind::Mail)
    } else if matches!(
        essence,
        "application/vnd.ms-outlook" | "application/ms-tnef" | "application/vnd.ms-tnef"
    ) || (unlabelled && matches!(extension, "msg" | "dat"))
        || name == "winmail.dat"
    {
        // A mail server that does not know TNEF often renames winmail.dat to ATT00001.dat and
        // drops its type; a .dat that is no TNEF reads as nothing and is named as before.
        Some(TextKind::Outlook)
    } else if crate::import::is_pkcs7_attachment(&name, essence) {
        Some(TextKind::Signed)
    } else if matches!(essence, "application/rtf" | "text/rtf") || extension == "rtf" {
        Some(TextKind::Rtf)
    } else if essence == "text/html" || (unlabelled && matches!(extension, "htm" | "html")) {
        Some(TextKind::Html)
    } else if essence == "text"
        || essence.starts_with("text/")
        // Reports a mail server or a mail program writes as text (RFC 3464, RFC 8098), and
        // contact cards.
        || matches!(
            essence,
            "message/delivery-status"
                | "message/disposition-notification"
                | "application/vcard"
                | "application/ics"
        )
        || (unlabelled && matches!(extension, "txt" | "csv" | "vcf" | "ics"))
    {
        Some(TextKind::Plain)
    } else {
        None
    }
}

/// A text file's characters: in the charset its type names (`text/plain; charset=koi8-r`) when
/// that is one, else UTF-8, else Windows-1252, as a mail program shows an unlabelled text (and
/// a text labelled UTF-8 that is not). A byte-order mark decides over the label, as in a
/// browser.
fn decode_text<'a>(mime: &str, bytes: &'a [u8]) -> std::borrow::Cow<'a, str> {
    let labelled = charset_param(mime)
        .and_then(|value| encoding_rs::Encoding::for_label(value.trim_matches('"').as_bytes()));
    match (labelled, std::str::from_utf8(bytes)) {
        (_, Ok(text)) if labelled.is_none_or(|e| e == encoding_rs::UTF_8) => {
            std::borrow::Cow::Borrowed(text.strip_prefix('\u{feff}').unwrap_or(text))
        }
        // "utf-8" on bytes that are not: the label is wrong, as it often is.
        (Some(encoding), _) if encoding != encoding_rs::UTF_8 => encoding.decode(bytes).0,
        _ => encoding_rs::WINDOWS_1252.decode(bytes).0,
    }
}

/// The value of a type's `charset` parameter (`text/html; charset=koi8-r`), if it has one.
fn charset_param(mime: &str) -> Option<&str> {
    mime.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then_some(value.trim())
    })
}

/// A web page's characters as [`decode_text`] reads them, except that a page whose type names
/// no charset and whose bytes are no UTF-8 is read in the charset it declares in its first
/// bytes (`<meta charset=...>`), as a browser reads it and as the HTML text of an e-mail is
/// read (`import::eml::html_of`): a Russian page in windows-1251 read as Windows-1252 was
/// printed as "Çäðàâñòâóéòå".
fn decode_html<'a>(mime: &str, bytes: &'a [u8]) -> Cow<'a, str> {
    let declared = (charset_param(mime).is_none() && std::str::from_utf8(bytes).is_err())
        .then(|| crate::import::msg::sniff_html_charset(bytes))
        .flatten();
    match declared {
        Some(encoding) => encoding.decode(bytes).0,
        None => decode_text(mime, bytes),
    }
}

/// The text of an attachment the printout reproduces as text ([`text_kind`]). Bytes that are
/// not UTF-8 are read as Windows-1252, as a mail program shows an unlabelled text; an attached
/// "e-mail" that is no message but text is that text. `None` for any other kind of file. At
/// most [`MAX_ATTACHED_TEXT`] characters, then a line saying where it stops.
pub(crate) fn attachment_text(name: &str, mime: &str, bytes: &[u8]) -> Option<String> {
    attached_text(name, mime, bytes).map(|t| t.text)
}

/// An attachment's text as [`attachment_text`] gives it, and whether it was cut.
struct AttachedText {
    text: String,
    /// Longer than [`MAX_ATTACHED_TEXT`]: the rest is not on paper.
    cut: bool,
}

fn attached_text(name: &str, mime: &str, bytes: &[u8]) -> Option<AttachedText> {
    let text = match text_kind(name, mime)? {
        TextKind::Plain => {
            Some(decode_text(mime, bytes).into_owned()).filter(|t| reads_as_text(t))?
        }
        TextKind::Mail => crate::import::attached_message_text(bytes).or_else(|| {
            std::str::from_utf8(bytes)
                .ok()
                .filter(|t| reads_as_text(t))
                .map(str::to_string)
        })?,
        TextKind::Rtf => crate::import::msg::rtf_document_text(bytes)?,
        TextKind::Outlook => crate::import::attached_msg_text(bytes)?,
        TextKind::Signed => crate::import::opaque_signed_text(bytes)?,
        TextKind::Html => Some(crate::import::html_to_text(&decode_html(mime, bytes)))
            .filter(|t| !t.trim().is_empty() && reads_as_text(t))?,
    };
    let text = text.replace("\r\n", "\n");
    Some(match text.char_indices().nth(MAX_ATTACHED_TEXT) {
        None => AttachedText { text, cut: false },
        Some((cut, _)) => AttachedText {
            text: format!(
                "{}\n\n[Bilagan är längre än {} tecken; resten återges inte. Skriv ut den från \
                 originalfilen.]",
                &text[..cut],
                group_digits(MAX_ATTACHED_TEXT as u64)
            ),
            cut: true,
        },
    })
}

/// Whether decoded bytes are text a person wrote: no NUL, and at most one character in a
/// hundred a control character other than white space (a stray DOS end-of-file mark is
/// printed; a binary file labelled text/plain is named instead, not printed as garbage).
fn reads_as_text(text: &str) -> bool {
    let (mut all, mut control) = (0usize, 0usize);
    for c in text.chars() {
        if c == '\0' {
            return false;
        }
        all += 1;
        control += usize::from(c.is_control() && !c.is_whitespace());
    }
    control * 100 <= all
}

/// A picture sent with the message, or, when its bytes are not the picture its type claims,
/// a note in its place saying so (the list of attachments gives its checksum).
fn attached_image(a: &Attachment, caption: String) -> Block {
    Block::AttachedImage {
        key: a.sha256.clone(),
        bytes: a.bytes.clone(),
        caption: picture_caption(caption, &a.bytes),
        unreadable: format!(
            "Bilden {} kunde inte återges: filen är märkt som {} men är ingen läsbar bild. \
             Skriv ut den för sig om den går att öppna, och lägg den till handlingen; \
             kontrollsumman i förteckningen över bilagor visar att det är rätt fil.",
            a.name, a.mime
        ),
    }
}

/// Most pages of one TIFF drawn on the printout.
const MAX_TIFF_PAGES: usize = 30;

fn is_tiff(a: &Attachment) -> bool {
    is_tiff_named(&a.name, &a.mime)
}

/// Whether an attachment of this name and type is a TIFF, as the printout decides it.
pub(crate) fn is_tiff_named(name: &str, mime: &str) -> bool {
    let name = name.to_lowercase();
    mime.eq_ignore_ascii_case("image/tiff") || name.ends_with(".tif") || name.ends_with(".tiff")
}

/// A TIFF's first [`MAX_TIFF_PAGES`] pages as PNG (or why one cannot be read), and how many it
/// has.
struct TiffDrawn {
    pages: Vec<Result<Vec<u8>, String>>,
    total: usize,
}

/// The pages of a TIFF as the sheet draws them; `None` when no page is found (it is then
/// drawn, or not, as any picture).
fn tiff_drawn(bytes: &[u8]) -> Option<TiffDrawn> {
    let pages = pdf::tiff_pages(bytes).filter(|p| !p.is_empty())?;
    Some(TiffDrawn {
        pages: pages
            .iter()
            .take(MAX_TIFF_PAGES)
            .map(|directory| pdf::tiff_page_png(bytes, *directory))
            .collect(),
        total: pages.len(),
    })
}

/// A TIFF's pages (a scanned letter, a fax), each drawn as a picture "NAME, sida i av n": the
/// picture decoder reads a TIFF's first page only, and a fax of five pages printed as one would
/// lose four. A page that cannot be read, and pages past [`MAX_TIFF_PAGES`], are said.
fn tiff_blocks(a: &Attachment, undrawn: &mut Vec<Undrawn>) -> Vec<Block> {
    let drawn = tiff_drawn(&a.bytes);
    // Pages that cannot be read or are past the limit; a TIFF read as a picture is judged as
    // one when it is drawn.
    if drawn.is_some() {
        undrawn.extend(tiff_undrawn(a, drawn.as_ref()));
    }
    let Some(TiffDrawn { pages, total }) = drawn else {
        return vec![attached_image(a, a.name.clone())];
    };
    let mut blocks = Vec::new();
    for (i, page) in pages.into_iter().enumerate() {
        let caption = format!("{}, sida {} av {total}", a.name, i + 1);
        let lost = format!("{caption}: sidan kunde inte återges. Skriv ut den från originalfilen.");
        match page {
            Ok(png) => blocks.push(Block::AttachedImage {
                bytes: png,
                unreadable: lost,
                caption,
                key: a.sha256.clone(),
            }),
            Err(reason) => {
                // The page number, not the name: a file name is content.
                tracing::warn!(page = i + 1, %reason, "TIFF page not drawn");
                blocks.push(Block::Text(lost));
            }
        }
    }
    if total > MAX_TIFF_PAGES {
        blocks.push(Block::Text(format!(
            "Bilagan {} har {total} sidor; sidorna {}–{total} återges inte (högst \
             {MAX_TIFF_PAGES} sidor per bild). Skriv ut dem från originalfilen.",
            a.name,
            MAX_TIFF_PAGES + 1
        )));
    }
    blocks
}

fn is_pdf(a: &Attachment) -> bool {
    a.mime == "application/pdf" || a.name.to_lowercase().ends_with(".pdf")
}

/// The pages of every attached PDF, rendered to pictures, each with the caption
/// "Bilaga NAME, sida i av n"; before them a note that their text is not searchable, and a note
/// for every PDF (or page) that could not be rendered or was left out by the page limits.
fn attached_pdf_blocks(
    item_id: i64,
    attachments: &[Cow<'_, Attachment>],
    blocks: &mut Vec<Block>,
    undrawn: &mut Vec<Undrawn>,
) {
    let pdfs: Vec<&Attachment> = attachments
        .iter()
        .map(|a| a.as_ref())
        .filter(|a| is_pdf(a))
        .collect();
    if pdfs.is_empty() {
        return;
    }
    let mut notes = Vec::new();
    let mut pages = Vec::new();
    let mut budget = MAX_ATTACHED_PAGES;
    let defaults = RasterLimits::default();
    for a in pdfs {
        if a.bytes.is_empty() {
            continue; // said with the other files whose content is gone
        }
        let limits = RasterLimits {
            max_pages: defaults.max_pages.min(budget),
            ..defaults
        };
        let raster = match pdf::rasterize(&a.bytes, &limits) {
            Ok(raster) => raster,
            Err(error) => {
                // The item's id, not the attachment's name: a name the sender chose is content
                // and stays out of the log (issue 17).
                tracing::warn!(item = item_id, %error, "attached PDF not rendered");
                undrawn.push(Undrawn::whole(a, error.sv()));
                notes.push(format!(
                    "Bilagan {} kunde inte återges: {}. Skriv ut den för sig om den går att \
                     öppna, och lägg den till handlingen; kontrollsumman ovan visar att det är \
                     rätt fil.",
                    a.name,
                    error.sv()
                ));
                continue;
            }
        };
        let total = raster.page_count;
        budget = budget.saturating_sub(raster.pages.len());
        let mut not_drawn = Vec::new();
        for (i, page) in raster.pages.iter().enumerate() {
            let caption = format!("Bilaga {}, sida {} av {}", a.name, i + 1, total);
            match page {
                Ok(page) => pages.push(Block::AttachedPage {
                    page: page.clone(),
                    caption,
                }),
                Err(reason) => {
                    tracing::warn!(item = item_id, page = i + 1, %reason, "page not rendered");
                    not_drawn.push(i + 1);
                    pages.push(Block::Text(format!(
                        "{caption}: sidan kunde inte återges. Skriv ut den från originalfilen."
                    )));
                }
            }
        }
        let rendered = raster.pages.len();
        not_drawn.extend(rendered + 1..=total);
        if !not_drawn.is_empty() {
            undrawn.push(Undrawn::pages(a, not_drawn));
        }
        if rendered < total {
            let why = if raster.out_of_time {
                "återgivningen tog för lång tid".to_string()
            } else {
                format!(
                    "högst {} sidor per bilaga och {MAX_ATTACHED_PAGES} sidor per utskrift \
                     återges",
                    defaults.max_pages
                )
            };
            notes.push(format!(
                "Bilagan {} har {} sidor; sidorna {}–{} återges inte ({why}). Skriv ut dem \
                 från originalfilen.",
                a.name,
                total,
                rendered + 1,
                total
            ));
        }
    }
    if !pages.is_empty() {
        notes.insert(
            0,
            format!(
                "PDF-bilagor återges nedan sida för sida som bilder ({} dpi). Texten på de \
                 sidorna går inte att söka i eller kopiera ur utskriften; originalfilen \
                 identifieras av kontrollsumman ovan.",
                defaults.dpi.round()
            ),
        );
    }
    blocks.extend(notes.into_iter().map(Block::Text));
    blocks.extend(pages);
}

/// `1234567` → `1 234 567`, as Swedish print writes large numbers.
pub(crate) fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

fn is_printable_image(mime: &str) -> bool {
    matches!(
        mime,
        "image/png" | "image/jpeg" | "image/webp" | "image/gif" | "image/bmp"
    )
}

/// A caption, with the words that an animated picture (a GIF, a WebP) is on paper as its
/// first frame only: the paper must not pass for all of it.
fn picture_caption(caption: String, bytes: &[u8]) -> String {
    if crate::pdf::is_animated(bytes) {
        format!(
            "{caption} (rörlig bild: bara den första bilden återges; hela finns i originalfilen)"
        )
    } else {
        caption
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recipient_is_found_in_a_list_whatever_its_name_holds() {
        let sara = "+46701740671 (Lund, Sara)";
        assert!(lists(sara, sara));
        assert!(lists(&format!("{sara}, +46701740672"), sara));
        assert!(lists(&format!("+46701740672, {sara}"), sara));
        assert!(lists(&format!("+46701740672, {sara}, +46701740673"), sara));
        assert!(!lists("+467017406712", "+46701740671"));
        assert!(!lists("+46701740672", sara));
    }

    /// A text attachment of more than about sixty pages is cut at a character boundary (never
    /// inside "ä") and says so; one at the limit is whole.
    #[test]
    fn an_attached_web_page_reads_in_the_charset_its_meta_tag_declares() {
        let page = "<html><head><meta http-equiv=\"Content-Type\" \
                    content=\"text/html; charset=windows-1251\"></head>\
                    <body><p>Здравствуйте! Åsa</p></body></html>";
        let ascii_name = page.replace('Å', "A");
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&ascii_name);
        let text = attachment_text("brev.html", "text/html", &bytes).expect("text");
        assert!(text.contains("Здравствуйте! Asa"), "{text}");
        // The type's own charset, and UTF-8 bytes, decide over the tag, as for an e-mail's text.
        let latin = encoding_rs::WINDOWS_1252.encode(page).0.into_owned();
        let text = attachment_text("brev.html", "text/html; charset=windows-1252", &latin);
        assert!(text.expect("text").contains("Åsa"));
        let text = attachment_text("brev.html", "text/html", page.as_bytes()).expect("text");
        assert!(text.contains("Здравствуйте! Åsa"), "{text}");
    }

    #[test]
    fn a_long_text_attachment_is_cut_and_says_so() {
        let whole = "ä".repeat(MAX_ATTACHED_TEXT);
        assert_eq!(
            attachment_text("lång.txt", "text/plain", whole.as_bytes()).as_deref(),
            Some(whole.as_str())
        );
        let longer = format!("{whole}ö");
        let text = attachment_text("längre.txt", "text/plain", longer.as_bytes()).expect("text");
        assert!(text.starts_with(&whole));
        assert!(!text.contains('ö'));
        assert!(
            text.ends_with(&format!(
                "[Bilagan är längre än {} tecken; resten återges inte. Skriv ut den från \
                 originalfilen.]",
                group_digits(200_000)
            )),
            "{}",
            &text[text.len() - 200..]
        );
        // The deletion gate holds back the cut one, not the whole one.
        let off = off_paper(
            &[
                Attachment::new("lång.txt", "text/plain", whole.into_bytes()),
                Attachment::new("längre.txt", "text/plain", longer.into_bytes()),
            ],
            None,
        );
        let held: Vec<(&str, &str)> = off
            .files
            .iter()
            .map(|f| (f.name.as_str(), f.kind.as_str()))
            .collect();
        assert_eq!(
            held,
            [(
                "längre.txt",
                "en text vars slut inte återges (efter 200\u{a0}000 tecken)"
            )]
        );
        assert_eq!(attachment_text("bild.gif", "image/gif", b"GIF89a"), None);
        // A binary file labelled text is not printed as text; one stray control mark is.
        assert_eq!(
            attachment_text("data.txt", "text/plain", b"PK\x03\x04\0\0"),
            None
        );
        let dos = format!("{}\u{1a}", "rad ".repeat(50));
        assert_eq!(
            attachment_text("dos.txt", "text/plain", dos.as_bytes()).as_deref(),
            Some(dos.as_str())
        );
    }

    #[test]
    fn pages_read_as_swedish_prose_with_runs_as_ranges() {
        assert_eq!(super::pages_sv(&[3]), "sida 3");
        assert_eq!(super::pages_sv(&[51, 52, 53]), "sidor 51–53");
        assert_eq!(super::pages_sv(&[3, 7]), "sidor 3 och 7");
        assert_eq!(super::pages_sv(&[3, 7, 51, 52, 53]), "sidor 3, 7 och 51–53");
        assert_eq!(super::pages_sv(&[1, 2, 4]), "sidor 1–2 och 4");
    }
}
