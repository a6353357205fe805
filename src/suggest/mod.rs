//! Classification suggestions a caseworker can check: for every item, `personakt`, `diarium`,
//! `ringa` or no suggestion, with the reasons in plain Swedish and the text spans that triggered
//! them. Computed on the fly, never stored, never applied: the caseworker decides.
//!
//! The worst a suggestion can do is propose *ringa* for a message that must be kept (it may be
//! culled: an appeal whose arrival date decided whether it was in time, a threat, a report of a
//! missing child). So **ringa needs positive evidence**, and short and unknown is *no
//! suggestion*, never ringa.
//!
//! # Stages
//! 1. **Detect** ([`detect`]): valid personnummer and samordningsnummer; the word lists in
//!    `assets/lexicon/` (sensitive categories, signs that a message must never be ringa, signs
//!    of a registrable matter, signs of minor importance); the client register's phone
//!    numbers, e-mail addresses, names and personnummer; the e-mail header marks
//!    ([`MailMarks`]); the language ([`crate::language`]); whether the whole message is a
//!    trivial form ([`trivial`]). All text is matched after NFC and lower-casing.
//! 2. **Decide** ([`decide`]), by these rules, in order:
//!    - A screenshot whose text was not read (no OCR): no suggestion.
//!    - A complaint, a request for documents, a supervisory authority: `diarium`.
//!    - A client in the register (sender, recipient, name, personnummer): `personakt`, even
//!      when the message is only a trivial form ("ok" from a client may be an answer in the
//!      case) — **never `ringa`**.
//!    - An appeal, another authority, an agreement: `diarium`; a personnummer or sensitive
//!      words: `diarium` (no suggestion in mail automatic by its headers, e.g. a newsletter).
//!    - A never-ringa signal (urgency, consent, a change of circumstances, a deadline, a missing
//!      person): no suggestion.
//!    - Not Swedish: no suggestion ("Meddelandet är på arabiska — bedöm med tolk"; for English,
//!      Norwegian and Danish "… förslagsreglerna läser bara svenska; bedöm själv").
//!    - `ringa` only for: mail automatic by its headers whose body holds nothing but automatic
//!      text; spam; a message that wholly matches the trivial forms.
//!    - Anything else: no suggestion ("bedöm själv").
//!
//! # Offsets
//! [`Span`] and [`Flag`] offsets are **UTF-16 code units** into the named field (`subject`,
//! `text`, `from`, `to`), end exclusive, because the app highlights in JavaScript, whose strings
//! index by UTF-16 unit. For `to`, the offset is into the recipients joined with `", "`.

pub mod batch;
mod lexicon;
mod numbers;
pub(crate) mod text;
mod trivial;

use chrono::NaiveDate;
use serde::Serialize;

use crate::clients::{Client, ClientRegister};
use crate::model::{
    Channel, Class, Direction, Item, MailMarks, SecrecyMarking, Sekretessbestammelse,
};
use crate::text_fold::fold;
use text::Field;

use crate::language::{self, DetectedLanguage};

/// The secrecy provision for individual matters in social services.
pub const OSL_26_1: &str = "26 kap. 1 § OSL";

/// A message as the suggestion sees it: borrowed, so suggesting for a stored item copies
/// nothing. Built from a stored [`Item`] (`Message::from(&item)`) or by a batch reader.
#[derive(Debug, Clone)]
pub struct Message<'a> {
    /// How it arrived.
    pub channel: Channel,
    /// In or out; decides whether a client match is the sender or the recipient.
    pub direction: Direction,
    /// Sender as stored: phone number, "Name <address>", or the person who took a screenshot.
    pub from: &'a str,
    /// Recipients.
    pub to: Vec<&'a str>,
    /// E-mail subject, empty otherwise.
    pub subject: &'a str,
    /// The text (for an SMS thread: the transcript).
    pub text: &'a str,
    /// The part of `text` the sender wrote, whose language is told: without the lines an
    /// Outlook item's fields begin it with, in Swedish (src/import/outlook_fields.rs).
    pub own_words: &'a str,
    /// For an SMS thread: each message's own text, so "short" is judged per message.
    pub parts: Vec<&'a str>,
    /// What the e-mail headers said.
    pub marks: MailMarks,
    /// The day it arrived: a 10-digit personnummer gets its century from it.
    pub date: NaiveDate,
}

impl<'a> From<&'a Item> for Message<'a> {
    fn from(item: &'a Item) -> Message<'a> {
        Message {
            channel: item.channel,
            direction: item.direction,
            from: item.sender.as_deref().unwrap_or(""),
            to: item.recipients.iter().map(String::as_str).collect(),
            subject: item.subject.as_deref().unwrap_or(""),
            text: item.body.as_deref().unwrap_or(""),
            own_words: crate::import::outlook_fields::sender_text(
                item.body.as_deref().unwrap_or(""),
                &item.source.notes,
            ),
            parts: item.parts.iter().map(|p| p.text.as_str()).collect(),
            marks: item.mail_marks,
            date: item.received_at.date_naive(),
        }
    }
}

/// What kind of thing a flag is about, which decides how it weighs in [`decide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A valid personnummer.
    Personnummer,
    /// A valid samordningsnummer.
    Samordningsnummer,
    /// Something that identifies a client in the register.
    Client,
    /// Health, care, medication, psychiatry, addiction.
    Health,
    /// Violence, threats, abuse.
    Violence,
    /// Crime, police, sentences.
    Crime,
    /// Ethnic origin.
    Ethnicity,
    /// Religion or belief.
    Religion,
    /// Sex life or sexual orientation.
    SexualLife,
    /// Political opinion.
    PoliticalOpinion,
    /// Trade-union membership.
    TradeUnion,
    /// Finances, work, social assistance.
    Finances,
    /// Measures and care by social services (LVU, placements, reports of concern).
    SocialCare,
    /// A missing, taken or hidden person.
    MissingPerson,
    /// An appeal or a request for review of a decision.
    Appeal,
    /// Consent given or withdrawn, or contacts forbidden.
    Consent,
    /// Urgency: "hjälp", "bråttom", "ring mig".
    Urgency,
    /// A change of circumstances: moving, work, income, a birth, a death.
    Circumstances,
    /// A deadline.
    Deadline,
    /// An automatic reply.
    AutoReply,
    /// A newsletter or mass mailing.
    Bulk,
    /// A read or delivery receipt.
    Receipt,
    /// A wrong number or wrong recipient.
    WrongNumber,
    /// Spam or a scam.
    Spam,
    /// A complaint about the unit.
    Complaint,
    /// A request for public documents.
    PublicDocuments,
    /// IVO, JO, remisser, lex Sarah: supervision and consultation.
    Supervision,
    /// Courts and other authorities' injunctions and requests.
    Authority,
    /// Offers, tenders, agreements.
    Agreement,
}

/// How a category counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Identifies a person.
    Identity,
    /// Sensitive data: never `ringa`.
    Sensitive,
    /// Never `ringa`, but decides no class by itself.
    Keep,
    /// A sign of minor importance.
    Minor,
    /// A sign of a registrable matter.
    Matter,
}

impl Category {
    /// The Swedish label shown before the matched words.
    pub fn label(self) -> &'static str {
        match self {
            Category::Personnummer => "Personnummer",
            Category::Samordningsnummer => "Samordningsnummer",
            Category::Client => "Klient",
            Category::Health => "Hälsa",
            Category::Violence => "Våld och övergrepp",
            Category::Crime => "Brott och polis",
            Category::Ethnicity => "Etniskt ursprung",
            Category::Religion => "Religion",
            Category::SexualLife => "Sexualliv",
            Category::PoliticalOpinion => "Politisk åsikt",
            Category::TradeUnion => "Fackligt medlemskap",
            Category::Finances => "Ekonomi och försörjning",
            Category::SocialCare => "Socialtjänstens insatser",
            Category::MissingPerson => "Försvunnen eller bortförd person",
            Category::Appeal => "Överklagande eller omprövning",
            Category::Consent => "Samtycke",
            Category::Urgency => "Brådskande",
            Category::Circumstances => "Ändrade förhållanden",
            Category::Deadline => "Tidsfrist",
            Category::AutoReply => "Automatiskt svar",
            Category::Bulk => "Massutskick",
            Category::Receipt => "Kvitto",
            Category::WrongNumber => "Fel nummer",
            Category::Spam => "Skräppost",
            Category::Complaint => "Klagomål",
            Category::PublicDocuments => "Begäran om allmän handling",
            Category::Supervision => "Tillsyn, remiss eller lex Sarah",
            Category::Authority => "Myndighet eller domstol",
            Category::Agreement => "Anbud eller avtal",
        }
    }

    /// How it counts.
    pub fn kind(self) -> Kind {
        use Category::*;
        match self {
            Personnummer | Samordningsnummer | Client => Kind::Identity,
            Health | Violence | Crime | Ethnicity | Religion | SexualLife | PoliticalOpinion
            | TradeUnion | Finances | SocialCare => Kind::Sensitive,
            MissingPerson | Consent | Urgency | Circumstances | Deadline => Kind::Keep,
            AutoReply | Bulk | Receipt | WrongNumber | Spam => Kind::Minor,
            Complaint | PublicDocuments | Supervision | Authority | Agreement | Appeal => {
                Kind::Matter
            }
        }
    }
}

/// Which field of the message an offset refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldName {
    /// The e-mail subject.
    Subject,
    /// The text.
    Text,
    /// The sender.
    From,
    /// The recipients, joined with `", "`.
    To,
}

/// A stretch of a field, in UTF-16 code units (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The field.
    pub field: FieldName,
    /// First unit.
    pub start: u32,
    /// One past the last unit.
    pub end: u32,
}

/// Something the message contains, with where, so the app can highlight it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// What kind of thing.
    pub category: Category,
    /// Its Swedish label.
    pub label: &'static str,
    /// The words as written in the message.
    pub term: String,
    /// The field.
    pub field: FieldName,
    /// First UTF-16 unit.
    pub start: u32,
    /// One past the last UTF-16 unit.
    pub end: u32,
}

impl Flag {
    fn span(&self) -> Span {
        Span {
            field: self.field,
            start: self.start,
            end: self.end,
        }
    }
}

/// One reason in plain Swedish, with the spans it rests on (none for a header mark).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// E.g. "Innehåller personnummer", "Hälsa: 'psykakuten'".
    pub text: String,
    /// Where.
    pub spans: Vec<Span>,
}

/// The secrecy marking the suggestion would pre-fill. The date, the unit and who sets it are
/// the caseworker's, given when it becomes a [`SecrecyMarking`]; the suggestion only names the
/// provision and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SecrecyPrefill {
    /// The provision: [`OSL_26_1`].
    pub provision: &'static str,
    /// Why, in Swedish.
    pub reason: String,
}

impl SecrecyPrefill {
    /// The marking, once the caseworker accepts it: `authority` is the nämnd (guard rail 6).
    pub fn marking(
        &self,
        date: NaiveDate,
        authority: &str,
        unit: &str,
        set_by: &str,
    ) -> SecrecyMarking {
        SecrecyMarking {
            provision: Sekretessbestammelse::parse(self.provision)
                .unwrap_or_else(|| Sekretessbestammelse::Tidigare(self.provision.to_string())),
            date,
            authority: authority.to_string(),
            unit: unit.to_string(),
            set_by: set_by.to_string(),
        }
    }
}

/// The suggestion for one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The suggested class; `None` when the rules are not sure.
    pub class: Option<Class>,
    /// Why: the conclusion first, then what it rests on.
    pub reasons: Vec<Reason>,
    /// Everything found, in field order.
    pub flags: Vec<Flag>,
    /// A secrecy marking to pre-fill, when the content is sensitive or names a client.
    pub secrecy: Option<SecrecyPrefill>,
}

/// Suggests a class for `message` against `register`. Pure: reads no clock, no store.
pub fn suggest(message: &Message<'_>, register: &ClientRegister) -> Suggestion {
    let found = detect(message, register);
    let decision = decide(message, &found);
    // Evidence the deciding line already states (the language: "Inget förslag: Meddelandet
    // är på arabiska — bedöm med tolk.") is not said twice; evidence with highlights always
    // stays.
    let said = |r: &Reason| {
        r.spans.is_empty()
            && r.text
                .rsplit_once(" — ")
                .is_some_and(|(evidence, _)| decision.why.contains(evidence))
    };
    let evidence: Vec<Reason> = found.reasons().into_iter().filter(|r| !said(r)).collect();
    let mut reasons = vec![Reason {
        text: decision.why,
        spans: Vec::new(),
    }];
    reasons.extend(evidence);
    let sensitive = found.sensitive();
    let secrecy = match (decision.class, found.client) {
        (Some(Class::Ringa), _) => None,
        (_, Some(c)) if !sensitive => Some(SecrecyPrefill {
            provision: OSL_26_1,
            reason: format!("Uppgifter om en enskild klient ({})", c.name),
        }),
        _ if sensitive => Some(SecrecyPrefill {
            provision: OSL_26_1,
            reason: "Känsliga uppgifter om en enskild".to_string(),
        }),
        _ => None,
    };
    Suggestion {
        class: decision.class,
        reasons,
        flags: found.flags,
        secrecy,
    }
}

/// Which way a piece of evidence points, said after it in the reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Leans {
    AgainstRinga,
    Personakt,
    Diarium,
    Ringa,
}

impl Leans {
    fn sv(self) -> &'static str {
        match self {
            Leans::AgainstRinga => "talar emot ringa",
            Leans::Personakt => "talar för personakt, aldrig ringa",
            Leans::Diarium => "talar för diarium",
            Leans::Ringa => "talar för ringa",
        }
    }

    fn of(category: Category) -> Leans {
        match category.kind() {
            Kind::Identity | Kind::Sensitive | Kind::Keep => Leans::AgainstRinga,
            Kind::Matter => Leans::Diarium,
            Kind::Minor => Leans::Ringa,
        }
    }
}

/// "'sjuk' (3 gånger)" for a term seen three times.
fn counted(text: &str, n: usize) -> String {
    if n > 1 {
        format!("{text} ({n} gånger)")
    } else {
        text.to_string()
    }
}

/// At most this many distinct terms named on one reason line.
const TERMS_PER_LINE: usize = 4;

/// Everything [`detect`] found.
struct Found<'r> {
    flags: Vec<Flag>,
    /// The first client identified, and the flag that identified them.
    client: Option<&'r Client>,
    /// Reasons about clients, in order found (one per client and way, with a count).
    client_reasons: Vec<Reason>,
    /// Header marks, as reasons.
    header_reasons: Vec<Reason>,
    /// The language, when it is known and not Swedish.
    foreign: Option<DetectedLanguage>,
    /// The whole message (subject and text, or every SMS of a thread) is a trivial form.
    trivial: bool,
    /// Mail automatic by its headers (auto reply, receipt) whose text is only automatic text.
    automatic_text: bool,
}

impl Found<'_> {
    fn has(&self, category: Category) -> bool {
        self.flags.iter().any(|f| f.category == category)
    }

    fn first_of(&self, kind: Kind) -> Option<Category> {
        self.flags
            .iter()
            .map(|f| f.category)
            .find(|c| c.kind() == kind)
    }

    fn personnummer(&self) -> bool {
        self.has(Category::Personnummer) || self.has(Category::Samordningsnummer)
    }

    fn sensitive(&self) -> bool {
        self.personnummer() || self.first_of(Kind::Sensitive).is_some()
    }

    /// Evidence reasons, each saying which way it points: identity, language, headers, the
    /// trivial form, then one line per category with its words (repeats counted).
    fn reasons(&self) -> Vec<Reason> {
        let with = |text: &str, leans: Leans| format!("{text} — {}", leans.sv());
        let mut out = Vec::new();
        for (cat, text) in [
            (Category::Personnummer, "Innehåller personnummer"),
            (Category::Samordningsnummer, "Innehåller samordningsnummer"),
        ] {
            let spans: Vec<Span> = self
                .flags
                .iter()
                .filter(|f| f.category == cat)
                .map(Flag::span)
                .collect();
            if !spans.is_empty() {
                out.push(Reason {
                    text: with(&counted(text, spans.len()), Leans::AgainstRinga),
                    spans,
                });
            }
        }
        out.extend(self.client_reasons.iter().cloned());
        if let Some(lang) = self.foreign {
            out.push(Reason {
                text: with(&lang.reading_hint(), Leans::AgainstRinga),
                spans: Vec::new(),
            });
        }
        out.extend(self.header_reasons.iter().cloned());
        if self.trivial {
            out.push(Reason {
                text: with(
                    "Hela meddelandet är en kvittens eller en tid eller plats",
                    Leans::Ringa,
                ),
                spans: Vec::new(),
            });
        }
        let mut categories: Vec<Category> = self
            .flags
            .iter()
            .map(|f| f.category)
            .filter(|c| c.kind() != Kind::Identity)
            .collect();
        categories.sort_by_key(|c| (Leans::of(*c) != Leans::AgainstRinga, *c));
        categories.dedup();
        for cat in categories {
            let flags: Vec<&Flag> = self.flags.iter().filter(|f| f.category == cat).collect();
            // The same word in any case is one term, shown as first written.
            let mut terms: Vec<(String, usize)> = Vec::new();
            for f in &flags {
                let t = format!("'{}'", f.term);
                match terms.iter_mut().find(|(x, _)| fold(x) == fold(&t)) {
                    Some((_, n)) => *n += 1,
                    None => terms.push((t, 1)),
                }
            }
            let mut shown: Vec<String> = terms
                .iter()
                .take(TERMS_PER_LINE)
                .map(|(t, n)| counted(t, *n))
                .collect();
            if terms.len() > TERMS_PER_LINE {
                shown.push(format!("och {} till", terms.len() - TERMS_PER_LINE));
            }
            out.push(Reason {
                text: with(
                    &format!("{}: {}", cat.label(), shown.join(", ")),
                    Leans::of(cat),
                ),
                spans: flags.iter().map(|f| f.span()).collect(),
            });
        }
        out
    }
}

/// Stage 1: everything the message contains, in fields order.
fn detect<'r>(message: &Message<'_>, register: &'r ClientRegister) -> Found<'r> {
    let to = message.to.join(", ");
    let fields = [
        (FieldName::From, Field::new(message.from)),
        (FieldName::To, Field::new(&to)),
        (FieldName::Subject, Field::new(message.subject)),
        (FieldName::Text, Field::new(message.text)),
    ];
    let mut flags = Vec::new();
    let mut clients: Vec<(&Client, FieldName, Span, &'static str)> = Vec::new();
    let mut stray_personnummer = false;
    for (name, field) in &fields {
        let flag = |category: Category, range: std::ops::Range<usize>| Flag {
            category,
            label: category.label(),
            term: field.original_text(range.clone()).to_string(),
            field: *name,
            start: field.utf16(range.start),
            end: field.utf16(range.end),
        };
        let content = matches!(name, FieldName::Subject | FieldName::Text);
        if content {
            for hit in lexicon::lexicon().scan(field) {
                flags.push(flag(hit.category, hit.range));
            }
            for (range, p) in numbers::personnummer(&field.folded, message.date) {
                // Ten digits starting with 0 that are a client's phone number are the phone.
                if register.by_phone(&field.folded[range.clone()]).is_some() {
                    continue;
                }
                let category = if p.is_samordningsnummer() {
                    Category::Samordningsnummer
                } else {
                    Category::Personnummer
                };
                let f = flag(category, range);
                // A personnummer is attributed only to the client the register holds it for.
                match register.by_personnummer(&p) {
                    Some(c) => clients.push((
                        c,
                        *name,
                        f.span(),
                        "Personnumret tillhör en klient i registret",
                    )),
                    None => stray_personnummer = true,
                }
                flags.push(f);
            }
        }
        let way = match (name, message.direction) {
            (FieldName::From, Direction::In) | (FieldName::To, Direction::Out) => {
                if *name == FieldName::From {
                    "Avsändaren finns i klientregistret"
                } else {
                    "Mottagaren finns i klientregistret"
                }
            }
            (FieldName::From | FieldName::To, _) => continue,
            _ => "Klienten nämns",
        };
        let mut found = |c: &'r Client, range: std::ops::Range<usize>| {
            let f = flag(Category::Client, range);
            clients.push((c, *name, f.span(), way));
            flags.push(f);
        };
        for range in numbers::phone_candidates(&field.folded) {
            if let Some(c) = register.by_phone(&field.folded[range.clone()]) {
                found(c, range);
            }
        }
        for range in numbers::email_candidates(&field.folded) {
            if let Some(c) = register.by_email(&field.folded[range.clone()]) {
                found(c, range);
            }
        }
        for (range, c) in register.find_names(&field.folded) {
            found(c, range);
        }
    }
    flags.sort_by_key(|f| (f.field, f.start, f.end));
    // One reason per client and way, with all its spans, repeats counted.
    let mut client_reasons: Vec<Reason> = Vec::new();
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for (c, _, span, way) in &clients {
        match keys.iter().position(|k| *k == (c.name.as_str(), *way)) {
            Some(i) => client_reasons[i].spans.push(*span),
            None => {
                keys.push((c.name.as_str(), way));
                client_reasons.push(Reason {
                    text: format!("{way}: {}", c.name),
                    spans: vec![*span],
                });
            }
        }
    }
    for r in &mut client_reasons {
        r.text = format!(
            "{} — {}",
            counted(&r.text, r.spans.len()),
            Leans::Personakt.sv()
        );
    }
    if stray_personnummer && let Some((c, ..)) = clients.first() {
        client_reasons.push(Reason {
            text: format!(
                "Ett personnummer i meddelandet finns inte i klientregistret: det är inte {}s",
                c.name
            ),
            spans: Vec::new(),
        });
    }
    let mut header_reasons = Vec::new();
    for (on, text) in [
        (
            message.marks.auto_reply,
            "E-posthuvudet säger automatiskt svar (Auto-Submitted)",
        ),
        (
            message.marks.bulk,
            "E-posthuvudet säger massutskick (List-Unsubscribe/Precedence)",
        ),
        (
            message.marks.receipt,
            "E-posthuvudet säger läs- eller leveranskvitto",
        ),
    ] {
        if on {
            header_reasons.push(Reason {
                text: format!("{text} — {}", Leans::Ringa.sv()),
                spans: Vec::new(),
            });
        }
    }
    let forms = trivial::forms();
    let subject = strip_reply_prefixes(message.subject);
    let subject_ok = subject.trim().is_empty() || forms.is_covered(subject);
    let trivial = subject_ok
        && if message.parts.is_empty() {
            forms.is_trivial(message.text)
        } else {
            message.parts.iter().all(|p| forms.is_trivial(p))
        };
    let automatic_text =
        (message.marks.auto_reply || message.marks.receipt) && only_automatic_text(message.text);
    let foreign = if trivial {
        None
    } else {
        let sample = if message.own_words.trim().is_empty() {
            message.subject
        } else {
            message.own_words
        };
        if message.parts.is_empty() {
            language::detect(sample).filter(|l| !l.is_swedish())
        } else {
            // A conversation: each message on its own (not the transcript, whose headers are
            // Swedish and whose languages are mixed); the most frequent other language.
            language::detect_each(message.parts.iter().copied())
                .into_iter()
                .next()
        }
    };
    Found {
        flags,
        client: clients.first().map(|c| c.0),
        client_reasons,
        header_reasons,
        foreign,
        trivial,
        automatic_text,
    }
}

/// The subject without "Re:", "Sv:", "Fwd:" and the like.
fn strip_reply_prefixes(subject: &str) -> &str {
    let mut s = subject.trim();
    loop {
        let Some((head, rest)) = s.split_once(':') else {
            return s;
        };
        let head = head.trim().to_lowercase();
        if ["re", "sv", "vs", "fw", "fwd", "vb", "aw"].contains(&head.as_str()) {
            s = rest.trim();
        } else {
            return s;
        }
    }
}

/// True when every sentence of an automatic reply's text is automatic: it holds an
/// auto-reply, receipt or mass-mailing phrase, or is only greetings, times and trivial forms, or is a
/// signature (one to three capitalised words). A "PS" or any other sentence is added human
/// text, and the mail is not `ringa`.
fn only_automatic_text(text: &str) -> bool {
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = match c {
            '!' | '?' | '\n' => true,
            '.' => chars.peek().is_none_or(|(_, n)| n.is_whitespace()),
            _ => false,
        };
        if ends {
            sentences.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    sentences.push(&text[start..]);
    let forms = trivial::forms();
    sentences
        .into_iter()
        .filter(|s| !trivial::tokens(s).is_empty())
        .all(|s| {
            let tokens = trivial::tokens(s);
            if tokens.iter().any(|t| t == "ps" || t == "obs") {
                return false;
            }
            let field = Field::new(s);
            let automatic = lexicon::lexicon().scan(&field).iter().any(|h| {
                matches!(
                    h.category,
                    Category::AutoReply | Category::Receipt | Category::Bulk
                )
            });
            let signature = tokens.len() <= 3
                && s.split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase));
            automatic || signature || forms.is_covered(s)
        })
}

/// The outcome of [`decide`].
struct Decision {
    class: Option<Class>,
    why: String,
}

/// Stage 2: the rules in the module docs.
fn decide(message: &Message<'_>, found: &Found<'_>) -> Decision {
    let class = |class: Class, why: String| Decision {
        class: Some(class),
        why: format!("Förslag: {} – {why}", class.sv().to_lowercase()),
    };
    let unsure = |why: &str| Decision {
        class: None,
        why: format!("Inget förslag: {why}. Bedöm själv."),
    };
    let sensitive = found.sensitive();
    let keep = found.first_of(Kind::Keep);
    let client = found.client;
    let marks = message.marks;
    let first_matter = |strong: bool| {
        found.flags.iter().map(|f| f.category).find(|c| {
            let is_strong = matches!(
                c,
                Category::Complaint | Category::PublicDocuments | Category::Supervision
            );
            c.kind() == Kind::Matter && is_strong == strong
        })
    };
    if message.channel == Channel::Screenshot && message.text.trim().is_empty() {
        return unsure("skärmdumpens text är inte läst (ingen OCR), titta på bilden");
    }
    if let Some(matter) = first_matter(true) {
        return class(
            Class::Diarium,
            format!("ett ärende i sig ({})", matter.label().to_lowercase()),
        );
    }
    if let Some(c) = client {
        if sensitive {
            return class(
                Class::Personakt,
                format!("känsliga uppgifter om klienten {}", c.name),
            );
        }
        if let Some(signal) = keep.or(first_matter(false)) {
            return class(
                Class::Personakt,
                format!(
                    "handlar om klienten {} ({})",
                    c.name,
                    signal.label().to_lowercase()
                ),
            );
        }
        // A client is never ringa: even "ok" may be an answer in the case (consent, a summons
        // received), and a culled document cannot be brought back. The one place left among
        // the three is the personakt, which may keep a document of minor importance.
        if found.trivial || found.automatic_text {
            return class(
                Class::Personakt,
                format!(
                    "ett kort praktiskt meddelande, men {} finns i klientregistret och ringa \
                     föreslås aldrig för en klient",
                    c.name
                ),
            );
        }
        return class(Class::Personakt, format!("handlar om klienten {}", c.name));
    }
    let automatic = marks.auto_reply || marks.bulk || marks.receipt;
    if automatic && (sensitive || keep.is_some() || first_matter(false).is_some()) {
        return unsure(
            "automatiskt svar eller massutskick enligt e-posthuvudet, men det innehåller \
             känsliga ord eller tecken på ett ärende",
        );
    }
    if let Some(matter) = first_matter(false) {
        return class(
            Class::Diarium,
            format!("ett ärende i sig ({})", matter.label().to_lowercase()),
        );
    }
    if sensitive {
        return class(
            Class::Diarium,
            "känsliga uppgifter och ingen klient i registret".to_string(),
        );
    }
    if let Some(signal) = keep {
        return unsure(&format!(
            "{} – ett sådant meddelande föreslås aldrig som ringa",
            signal.label().to_lowercase()
        ));
    }
    if let Some(lang) = found.foreign {
        return Decision {
            class: None,
            why: format!("Inget förslag: {}.", lang.reading_hint()),
        };
    }
    if marks.auto_reply || marks.receipt {
        return if found.automatic_text {
            class(
                Class::Ringa,
                "automatiskt svar eller kvitto enligt e-posthuvudet, och texten är bara automatisk"
                    .to_string(),
            )
        } else {
            unsure("automatiskt svar enligt e-posthuvudet, men med tillagd text")
        };
    }
    if marks.bulk {
        return class(
            Class::Ringa,
            "massutskick enligt e-posthuvudet, utan känsligt innehåll".to_string(),
        );
    }
    if found.has(Category::Spam) {
        return class(Class::Ringa, "skräppost".to_string());
    }
    if found.trivial {
        return class(
            Class::Ringa,
            "hela meddelandet är en kvittens eller en tid eller plats".to_string(),
        );
    }
    unsure("inget av de korta, triviala formerna som ensamma får föreslås som ringa")
}

/// The valid personnummer and samordningsnummer written in `text`, for the lifecycle rule that
/// refuses them in fields printed on public lists (issue 13).
pub fn personnummer_in(text: &str, today: NaiveDate) -> Vec<crate::personnummer::Personnummer> {
    numbers::personnummer(text, today)
        .into_iter()
        .map(|(_, p)| p)
        .collect()
}

/// Warnings, in Swedish, for an ärendemening (the public description in the diarium): it must
/// not reveal a name, a personnummer or a sensitive circumstance.
pub fn check_arendemening(text: &str, register: &ClientRegister) -> Vec<String> {
    let field = Field::new(text);
    let today = chrono::Utc::now().date_naive();
    let mut warnings = Vec::new();
    if !numbers::personnummer(&field.folded, today).is_empty() {
        warnings.push(
            "Ärendemeningen innehåller ett personnummer. Diariet är offentligt: ta bort det."
                .to_string(),
        );
    }
    let names = register.find_names(&field.folded);
    for (_, c) in &names {
        let w = format!(
            "Ärendemeningen innehåller namnet på en klient ({}). Diariet är offentligt: ta bort det.",
            c.name
        );
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    for range in name_like(text) {
        let inside_client = names.iter().any(|(r, _)| {
            field.original_byte(r.start) <= range.start && range.start < field.original_byte(r.end)
        });
        if !inside_client {
            warnings.push(format!(
                "Ärendemeningen kan innehålla ett namn: '{}'. Skriv inte ut namn på enskilda.",
                &text[range]
            ));
        }
    }
    for hit in lexicon::lexicon().scan(&field) {
        if hit.category.kind() == Kind::Sensitive {
            warnings.push(format!(
                "Ärendemeningen innehåller ett känsligt ord ({}): '{}'. Beskriv ärendet utan det.",
                hit.category.label(),
                field.original_text(hit.range)
            ));
        }
    }
    warnings
}

/// Two or more capitalised words in a row ("Liam Johansson"): likely a person's name.
fn name_like(text: &str) -> Vec<std::ops::Range<usize>> {
    let capitalised = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase)
            && c.clone().next().is_some()
            && c.all(char::is_lowercase)
    };
    let mut out = Vec::new();
    let mut run: Option<(usize, usize, usize)> = None; // start, end, words
    let mut pos = 0;
    for word in text.split(|c: char| c.is_whitespace()) {
        let start = pos;
        pos += word.len() + 1;
        let trimmed = word.trim_end_matches([',', '.', ';', ':', ')']);
        let w = trimmed.trim_start_matches('(');
        let w_start = start + (trimmed.len() - w.len());
        if capitalised(w) {
            run = match run {
                Some((s, _, n)) => Some((s, w_start + w.len(), n + 1)),
                None => Some((w_start, w_start + w.len(), 1)),
            };
            if trimmed.len() != word.len()
                && let Some((s, e, n)) = run.take()
                && n >= 2
            {
                out.push(s..e);
            }
        } else if let Some((s, e, n)) = run.take()
            && n >= 2
        {
            out.push(s..e);
        }
    }
    if let Some((s, e, n)) = run
        && n >= 2
    {
        out.push(s..e);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::parse_csv;

    fn register() -> ClientRegister {
        let csv = "name,personnummer,phone,email\n\
                   Amira Haddad,19850314-9828,070-1740605,amira.haddad@example.se\n";
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        ClientRegister::new(parse_csv(csv.as_bytes(), date).clients)
    }

    fn sms<'a>(from: &'a str, text: &'a str) -> Message<'a> {
        Message {
            channel: Channel::Sms,
            direction: Direction::In,
            from,
            to: Vec::new(),
            subject: "",
            text,
            own_words: text,
            parts: Vec::new(),
            marks: MailMarks::default(),
            date: NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        }
    }

    fn texts(s: &Suggestion) -> Vec<&str> {
        s.reasons.iter().map(|r| r.text.as_str()).collect()
    }

    #[test]
    fn a_client_is_never_ringa_and_late_from_the_emergency_room_is_personakt() {
        let reg = register();
        let late = suggest(&sms("+46 70 174 06 05", "jag blir sen"), &reg);
        assert_eq!(late.class, Some(Class::Personakt));
        assert!(
            late.reasons[0]
                .text
                .contains("ringa föreslås aldrig för en klient"),
            "{:?}",
            texts(&late)
        );
        let stranger = suggest(&sms("0701740699", "jag blir sen"), &reg);
        assert_eq!(stranger.class, Some(Class::Ringa));
        assert!(stranger.secrecy.is_none());
        let er = suggest(&sms("0701740605", "jag blir sen, ligger på akuten"), &reg);
        assert_eq!(er.class, Some(Class::Personakt));
        let t = texts(&er);
        assert!(
            t.contains(
                &"Avsändaren finns i klientregistret: Amira Haddad — talar för personakt, aldrig ringa"
            ),
            "{t:?}"
        );
        assert!(t.contains(&"Hälsa: 'akuten' — talar emot ringa"), "{t:?}");
        assert_eq!(er.secrecy.as_ref().map(|s| s.provision), Some(OSL_26_1));
        let named = suggest(&sms("0701740699", "Amira Haddad kommer kl 10"), &reg);
        assert_eq!(named.class, Some(Class::Personakt));
    }

    #[test]
    fn short_and_blunt_must_keep_messages_are_never_ringa() {
        let reg = register();
        for text in [
            "Jag överklagar beslutet",
            "Du ska dö",
            "Jag hittar inte min son",
            "Begär omprövning",
            "Nej, ni får inte kontakta skolan",
            "Hjälp",
            "Tack, jag är på semester men min pappa har dött",
            "min son har hög temp",
            "RING MIG NU!!!",
            "Jag o\u{308}verklagar",
            "ok",
        ] {
            let s = suggest(&sms("0701740699", text), &reg);
            if text == "ok" {
                assert_eq!(s.class, Some(Class::Ringa), "the control");
            } else {
                assert_ne!(s.class, Some(Class::Ringa), "{text}: {:?}", texts(&s));
            }
        }
    }

    #[test]
    fn personnummer_or_sensitive_words_are_never_ringa() {
        let reg = register();
        for text in [
            "ok 19121212-1212",
            "ok 0712319821",
            "tack, psykakuten",
            "Automatiskt svar: jag är sjukskriven",
        ] {
            for from in ["0701740605", "0701740699"] {
                let s = suggest(&sms(from, text), &reg);
                assert_ne!(s.class, Some(Class::Ringa), "{from}: {text}");
            }
        }
        let unknown = suggest(&sms("0701740699", "Mitt pnr är 121212-1212"), &reg);
        assert_eq!(unknown.class, Some(Class::Diarium));
        assert_eq!(
            unknown.reasons[1].text,
            "Innehåller personnummer — talar emot ringa"
        );
        assert_eq!(
            unknown.flags[0].start..unknown.flags[0].end,
            12..23,
            "UTF-16 span of the number"
        );
        // Someone else's number in a client's message is not attributed to the client.
        let other = suggest(&sms("0701740605", "Hans pnr är 121212-1212"), &reg);
        assert!(
            texts(&other)
                .iter()
                .any(|t| t.contains("finns inte i klientregistret: det är inte Amira Haddads")),
            "{:?}",
            texts(&other)
        );
    }

    #[test]
    fn automatic_only_by_headers_and_only_with_automatic_text() {
        let reg = register();
        let auto = |text: &'static str| {
            let mut m = sms("0701740699", text);
            m.channel = Channel::Email;
            m.from = "Eva Exempel <eva@example.com>";
            m.marks.auto_reply = true;
            suggest(&m, &reg)
        };
        let pure = auto(
            "Jag är på semester till och med 16 november. Vid brådskande ärenden, kontakta \
             växeln.\nEva Exempel",
        );
        assert_eq!(pure.class, Some(Class::Ringa), "{:?}", texts(&pure));
        let added = auto("Jag är på semester. PS Elsa har det svårt igen");
        assert_eq!(added.class, None, "{:?}", texts(&added));
        // The same words in a body without the header make nothing automatic.
        let body_only = suggest(
            &sms("0701740699", "Automatiskt svar: jag är på semester"),
            &reg,
        );
        assert_eq!(body_only.class, None);
    }

    #[test]
    fn screenshots_without_text_and_other_languages_get_no_suggestion() {
        let reg = register();
        let mut shot = sms("Handläggare", "");
        shot.channel = Channel::Screenshot;
        let s = suggest(&shot, &reg);
        assert_eq!(s.class, None);
        assert!(s.reasons[0].text.contains("ingen OCR"));
        let arabic = suggest(&sms("0701740699", "شكرا، أراك غدا"), &reg);
        assert_eq!(arabic.class, None);
        assert_eq!(
            arabic.reasons[0].text,
            "Inget förslag: Meddelandet är på arabiska — bedöm med tolk."
        );
        // Said once: the deciding line names the language, no evidence line repeats it.
        assert_eq!(
            arabic
                .reasons
                .iter()
                .filter(|r| r.text.contains("arabiska"))
                .count(),
            1,
            "{:?}",
            arabic.reasons
        );
        // English the caseworker reads: no interpreter, but still no suggestion.
        let english = suggest(
            &sms(
                "0701740699",
                "Hello, I cannot come to the meeting tomorrow because my son is ill.",
            ),
            &reg,
        );
        assert_eq!(english.class, None);
        assert_eq!(
            english.reasons[0].text,
            "Inget förslag: Meddelandet är på engelska — förslagsreglerna läser bara svenska; \
             bedöm själv."
        );
    }

    #[test]
    fn repeated_evidence_is_one_line_with_a_count() {
        let s = suggest(
            &sms(
                "0701740699",
                "Hjälp! hjälp! Han är sjuk, så sjuk, och mamma är sjuk",
            ),
            &register(),
        );
        let t = texts(&s);
        assert_eq!(t[1], "Hälsa: 'sjuk' (3 gånger) — talar emot ringa", "{t:?}");
        assert_eq!(
            t[2], "Brådskande: 'Hjälp' (2 gånger) — talar emot ringa",
            "the same word in two spellings is counted once"
        );
    }

    #[test]
    fn unsure_rather_than_guess() {
        let s = suggest(
            &sms("0701740699", "Har ni fått mitt paket med broschyrerna?"),
            &register(),
        );
        assert_eq!(s.class, None);
        assert!(s.reasons[0].text.starts_with("Inget förslag"));
    }

    #[test]
    fn complaints_go_to_the_diarium_even_from_a_client() {
        let s = suggest(
            &sms("0701740605", "Jag vill klaga på hur mitt ärende har skötts"),
            &register(),
        );
        assert_eq!(s.class, Some(Class::Diarium));
    }

    #[test]
    fn arendemening_warnings() {
        let reg = register();
        let w = check_arendemening("Orosanmälan gällande Amira Haddad 19850314-9828", &reg);
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w[0].contains("personnummer"));
        assert!(w[1].contains("Amira Haddad"));
        assert!(w[2].contains("Socialtjänstens insatser"));
        let w = check_arendemening("Anmälan, Liam Johansson, psykakuten", &reg);
        assert!(w.iter().any(|w| w.contains("'Liam Johansson'")), "{w:?}");
        assert!(w.iter().any(|w| w.contains("'psykakuten'")), "{w:?}");
        assert!(check_arendemening("Begäran om allmän handling", &reg).is_empty());
    }
}
