//! One item as the item view shows it: content, what the core allows now, the sentence that
//! tells the caseworker exactly what to delete and where, and — after purge or culling — what
//! inkom keeps.

use std::path::Path;

use base64::Engine;
use rusqlite::Connection;

use super::clients::{register, sender_label, suggestion};
use super::session::act;
use super::views::{
    Actions, AttachmentData, AttachmentView, AuditEventView, BlockedAction, InnerFileView,
    ItemView, PagesView, PartView, RegistrationView, SourceView, UnprintableView,
};
use super::{DeskError, DeskResult};
use crate::audit::{self, AuditEvent};
use crate::lifecycle::{machine, overdue};
use crate::model::{
    Action, Channel, Class, Classification, Direction, DocumentKind, Item, State, local_time,
};
use crate::pdf::{RasterLimits, rasterize};
use crate::store::{Settings, Store, items};

/// Largest attachment the UI gets for a preview (bytes); larger ones are opened elsewhere.
pub const MAX_PREVIEW_BYTES: usize = 20 * 1024 * 1024;

/// Resolution of registration previews.
const PREVIEW_DPI: f32 = 100.0;

/// The item view of item `id`.
pub fn item_view(store: &Store, id: i64) -> DeskResult<ItemView> {
    let item = store.item(id)?;
    view_of(store.conn(), &item)
}

/// Builds the view of an already loaded item.
pub fn view_of(conn: &Connection, item: &Item) -> DeskResult<ItemView> {
    let register = register(conn)?;
    let history = audit::log(conn, Some(item.id))?
        .into_iter()
        .map(event_view)
        .collect();
    // For people: a name that is not UTF-8 shows its bytes as \xHH (crate::path_text).
    let source_path =
        Some(crate::path_text::for_display(&item.source.path)).filter(|p| !p.is_empty());
    let settings = Settings::load(conn)?;
    let now = act(conn)?;
    let blocked = blocked_with_fidelity(conn, item)?;
    let mut actions = actions(item);
    if blocked
        .iter()
        .any(|b| b.action == Action::ConfirmSourceDeleted)
    {
        actions.confirm_source_deleted = false;
    }
    let unprintable = crate::fidelity::recorded(conn, item.id)?
        .filter(|r| r.count > 0)
        .map(|r| UnprintableView {
            count: u32::try_from(r.count).unwrap_or(u32::MAX),
            scripts: r.scripts,
        });
    let can_delete_file = actions.confirm_source_deleted
        && !item.source.path.is_empty()
        && crate::path_text::from_text(&item.source.path).is_file();
    let sent_to = crate::model::sent_to(item.direction, &item.recipients, &item.cc, &item.bcc);
    let (attachments, inner_files) = attachments(conn, item.id)?;
    Ok(ItemView {
        id: item.id,
        channel: item.channel,
        direction: item.direction,
        sender_label: sender_label(&register, item.sender.as_deref()),
        sender: item.sender.clone(),
        recipients: item.recipients.clone(),
        sent_to_label: sender_label(&register, sent_to.first().map(String::as_str)),
        sent_to,
        cc: item.cc.clone(),
        bcc: item.bcc.clone(),
        subject: item.subject.clone(),
        received_at: item.received_at.to_rfc3339(),
        kind: item.kind(),
        sent_at: item.sent_at.map(|t| t.to_rfc3339()),
        answers: crate::lifecycle::answered(conn, item)?.map(|a| a.id),
        time_questioned: item.source.time_note().is_some(),
        body: item.body.clone(),
        body_html: item.body_html.clone(),
        parts: item
            .parts
            .iter()
            .map(|p| PartView {
                at: p.at.to_rfc3339(),
                direction: p.direction,
                sender: p.counterpart.clone(),
                text: p.text.clone(),
            })
            .collect(),
        attachments,
        inner_files,
        page_address: item.page_address.clone(),
        source: SourceView {
            kind: source_kind(item).to_string(),
            path: source_path,
            locator: item.source.locator.clone(),
            notes: item.source.notes.clone(),
        },
        state: item.state,
        class: item.class,
        classification: item.classification.clone(),
        registration: item.registration.as_ref().map(|r| RegistrationView {
            designation: r.designation.clone(),
            registered_at: r.registered_at.to_rfc3339(),
            pdf_sha256: r.pdf_sha256.clone(),
            diarienummer: r.diarienummer.clone(),
            unprintable: unprintable.clone(),
        }),
        suggestion: suggestion(item, &register, &settings, &now),
        delete_instruction: delete_instruction(item),
        can_delete_file,
        kept_after_purge: kept_after_purge(item),
        blocked,
        held_reason: item.hold.as_ref().map(|h| h.reason.clone()),
        filed_at: item.filed.as_ref().map(|f| f.at.to_rfc3339()),
        overdue: overdue::is_overdue(item, &now.at, overdue::days(&settings)),
        actions,
        history,
    })
}

/// An audit event as the history shows it.
pub fn event_view(e: AuditEvent) -> AuditEventView {
    AuditEventView {
        seq: e.id,
        at: e.at.to_rfc3339(),
        actor: e.user,
        action: e.action,
        item_id: e.item_id,
        detail: e.details,
    }
}

/// The attachments, and the files inside those that are attached e-mails or signed forms, as
/// the printout names and reproduces them (`documents::with_inner_files`). One pass: only a
/// file printed as text or holding files has its bytes read, once.
fn attachments(
    conn: &Connection,
    id: i64,
) -> DeskResult<(Vec<AttachmentView>, Vec<InnerFileView>)> {
    let mut views = Vec::new();
    let mut outer = Vec::new();
    for a in items::attachment_entries(conn, id)? {
        let as_text = crate::documents::text_kind(&a.name, &a.mime).is_some();
        let holds_files = crate::documents::may_hold_files(&a.name, &a.mime);
        let bytes = match a.stored && (as_text || holds_files) {
            true => items::attachment_content(conn, a.id)?.and_then(|c| c.bytes),
            false => None,
        };
        let text = bytes
            .as_deref()
            .filter(|_| as_text)
            .and_then(|b| crate::documents::attachment_text(&a.name, &a.mime, b));
        views.push(AttachmentView {
            id: a.id,
            is_image: a.stored && is_previewable(&a.name, &a.mime),
            text,
            name: a.name.clone(),
            mime: a.mime.clone(),
            size: a.size,
            sha256: a.sha256.clone(),
        });
        if let Some(bytes) = bytes.filter(|_| holds_files) {
            outer.push(crate::model::Attachment {
                name: a.name,
                mime: a.mime,
                size: u64::from(a.size),
                sha256: a.sha256,
                bytes,
            });
        }
    }
    let (all, _) = crate::documents::with_inner_files(&outer);
    let mut previews = 0;
    let inner = all[outer.len()..]
        .iter()
        .map(|f| {
            let image = (previews < MAX_INNER_PREVIEWS
                && is_previewable(&f.name, &f.mime)
                && f.bytes.len() <= MAX_INNER_PREVIEW_BYTES)
                .then(|| shown(f.mime.clone(), f.bytes.clone()))
                .flatten()
                .map(|(mime, bytes, _)| {
                    previews += 1;
                    format!(
                        "data:{mime};base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(&bytes)
                    )
                });
            InnerFileView {
                name: f.name.clone(),
                mime: f.mime.clone(),
                size: u32::try_from(f.size).unwrap_or(u32::MAX),
                sha256: f.sha256.clone(),
                text: crate::documents::attachment_text(&f.name, &f.mime, &f.bytes),
                image,
            }
        })
        .collect();
    Ok((views, inner))
}

/// Pictures inside attached messages travel with the item view (they have no id of their own
/// to fetch them by), so only the first few and only those of a size a photo has are sent.
const MAX_INNER_PREVIEWS: usize = 12;

/// Largest picture inside an attached message that the item view shows.
const MAX_INNER_PREVIEW_BYTES: usize = 4 * 1024 * 1024;

/// Whether the item view shows an attachment of this name and type as a picture: one the
/// webview draws, or a TIFF ([`shown`]).
fn is_previewable(name: &str, mime: &str) -> bool {
    is_previewable_image(mime) || crate::documents::is_tiff_named(name, mime)
}

fn is_previewable_image(mime: &str) -> bool {
    matches!(
        mime,
        "image/png" | "image/jpeg" | "image/webp" | "image/gif"
    )
}

/// An attachment's bytes for an image preview (size-limited); a TIFF's first page as a PNG.
pub fn attachment_data(conn: &Connection, attachment_id: i64) -> DeskResult<AttachmentData> {
    match items::attachment_content(conn, attachment_id)? {
        Some(items::AttachmentContent {
            mime,
            bytes: Some(bytes),
        }) if bytes.len() <= MAX_PREVIEW_BYTES => {
            let (mime, bytes, pages) =
                shown(mime, bytes).ok_or(DeskError::NoPreview(attachment_id))?;
            Ok(AttachmentData {
                mime,
                base64: base64::engine::general_purpose::STANDARD.encode(bytes),
                pages,
            })
        }
        _ => Err(DeskError::NoPreview(attachment_id)),
    }
}

/// What the item view shows of a picture: the picture itself, or for a TIFF (which no webview
/// draws) its first page as a PNG with its number of pages; the printout draws every page.
/// `None` for a TIFF (by its first bytes) whose first page does not read.
fn shown(mime: String, bytes: Vec<u8>) -> Option<(String, Vec<u8>, Option<u32>)> {
    let Some(pages) = crate::pdf::tiff_pages(&bytes) else {
        return Some((mime, bytes, None));
    };
    let png = crate::pdf::tiff_page_png(&bytes, *pages.first()?).ok()?;
    Some((
        "image/png".to_string(),
        png,
        Some(u32::try_from(pages.len()).unwrap_or(u32::MAX)),
    ))
}

/// PDF pages as base64 PNGs at about 100 dpi, with the core's own rasteriser.
pub fn pdf_pages(pdf: &[u8]) -> DeskResult<PagesView> {
    let limits = RasterLimits {
        dpi: PREVIEW_DPI,
        ..RasterLimits::default()
    };
    let raster = rasterize(pdf, &limits)?;
    let pages = raster
        .pages
        .into_iter()
        .filter_map(Result::ok)
        .map(|p| base64::engine::general_purpose::STANDARD.encode(p.png.as_slice()))
        .collect();
    Ok(PagesView { pages })
}

/// The registration PDF's pages, for the preview before printing.
pub fn registration_preview(store: &Store, id: i64) -> DeskResult<PagesView> {
    let pdf = registration_pdf(store, id)?;
    pdf_pages(&pdf)
}

/// The stored registration PDF, or why there is none.
pub fn registration_pdf(store: &Store, id: i64) -> DeskResult<Vec<u8>> {
    let item = store.item(id)?;
    match store.registration_pdf(id)? {
        Some(pdf) => Ok(pdf),
        None if item.registration.is_none() => {
            Err(crate::lifecycle::LifecycleError::NotClassified(id).into())
        }
        None => Err(crate::lifecycle::LifecycleError::PdfMismatch(id).into()),
    }
}

/// What the core allows now: the flags of [`machine::allowed`], the one table of the road.
pub fn actions(item: &Item) -> Actions {
    let mut actions = Actions::default();
    for action in machine::allowed(item) {
        *actions.flag(action) = true;
    }
    actions
}

/// Steps the road has for this item but a guard rail holds back, with the core's own Swedish
/// refusal (what to do first).
pub fn blocked(item: &Item) -> Vec<BlockedAction> {
    Action::ALL
        .into_iter()
        .filter(|a| machine::transition(*a, item.state, item.class).is_some())
        .filter_map(|a| match machine::check(item, a) {
            Err(e) if e.is_guard_rail() => Some(BlockedAction {
                action: a,
                code: e.code().to_string(),
                message: e.sv_for(crate::lifecycle::Surface::App),
            }),
            _ => None,
        })
        .collect()
}

/// [`blocked`], and the source's deletion held back while the printout is not a faithful copy
/// (issue 12's fidelity gate, which needs the stored registration to decide).
fn blocked_with_fidelity(conn: &Connection, item: &Item) -> DeskResult<Vec<BlockedAction>> {
    let mut held = blocked(item);
    let deletion = Action::ConfirmSourceDeleted;
    if machine::transition(deletion, item.state, item.class).is_some()
        && !held.iter().any(|b| b.action == deletion)
        && let Err(e) = crate::fidelity::check_source_deletable(conn, item.id)
    {
        held.push(BlockedAction {
            action: deletion,
            code: e.code().to_string(),
            message: e.sv_for(crate::lifecycle::Surface::App),
        });
    }
    Ok(held)
}

/// The kind of source, for the UI's icon and wording.
fn source_kind(item: &Item) -> &'static str {
    let path = crate::path_text::from_text(&item.source.path);
    match item.channel {
        _ if !item.source.path.is_empty() && path.is_dir() => "iphone_backup",
        Channel::Sms => "sms_export",
        Channel::Email => "email_file",
        Channel::Screenshot => "screenshot_file",
    }
}

/// A Swedish phone number as people write it: `+46701740611` → `070-174 06 11`, keeping a
/// contact name the export added (`+46701740605 (Amira Haddad)`). Numbers that are not Swedish
/// mobile numbers are shown in their local form or as stored.
pub fn phone_sv(number: &str) -> String {
    if let Some((num, name)) = number.split_once(" (") {
        return format!("{} ({name}", phone_sv(num));
    }
    let normalized = crate::model::normalize_phone(number);
    let Some(rest) = normalized.strip_prefix("+46") else {
        return number.trim().to_string();
    };
    let local = format!("0{rest}");
    if local.len() == 10 && local.starts_with("07") {
        format!(
            "{}-{} {} {}",
            &local[0..3],
            &local[3..6],
            &local[6..8],
            &local[8..10]
        )
    } else {
        local
    }
}

/// The counterpart of an SMS item: the sender of an incoming thread, else the recipients.
fn sms_counterpart(item: &Item) -> String {
    let raw = match (item.direction, item.sender.as_deref()) {
        (Direction::In, Some(s)) if !s.is_empty() => vec![s.to_string()],
        _ => item.recipients.clone(),
    };
    raw.iter()
        .map(|n| phone_sv(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where the source is deleted, as recorded with the confirmation ("tjänstetelefonen").
pub fn deletion_place(item: &Item) -> String {
    match item.channel {
        Channel::Sms => "tjänstetelefonen".to_string(),
        Channel::Email => "Outlook".to_string(),
        Channel::Screenshot => format!("datorn ({})", file_name(&item.source.path)),
    }
}

fn file_name(path: &str) -> String {
    let shown = crate::path_text::for_display(path);
    Path::new(&shown)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or(shown)
}

/// The one sentence naming exactly what to delete and where.
pub fn delete_instruction(item: &Item) -> String {
    if let (Some(act), Some(place)) = (&item.source_deleted, &item.source_deleted_where) {
        return format!(
            "Källan är raderad ({place}), bekräftat {} av {}.",
            local_time(&act.at),
            act.who()
        );
    }
    let source = &item.source.path;
    let is_dir = crate::path_text::from_text(source).is_dir();
    let file = Some(crate::path_text::for_display(source)).filter(|p| !p.is_empty());
    let what = match item.channel {
        Channel::Sms => {
            let noun = if item.parts.len() > 1 || item.source.locator.starts_with("tråd") {
                "sms-tråden med"
            } else if item.direction == Direction::In {
                "sms:et från"
            } else {
                "sms:et till"
            };
            format!("Radera {noun} {} i tjänstetelefonen", sms_counterpart(item))
        }
        Channel::Email => match item.subject.as_deref().filter(|s| !s.trim().is_empty()) {
            Some(subject) => format!("Radera e-postmeddelandet '{}' i Outlook", subject.trim()),
            None => format!(
                "Radera e-postmeddelandet från {} ({}) i Outlook",
                item.sender.as_deref().unwrap_or("okänd avsändare"),
                local_time(&item.received_at)
            ),
        },
        Channel::Screenshot => {
            return match file {
                Some(path) => format!("Radera filen {path}"),
                None => "Radera skärmdumpen där den sparades".to_string(),
            };
        }
    };
    match file {
        Some(path) if is_dir => {
            format!("{what} och säkerhetskopian {path}")
        }
        Some(path) => format!("{what} och filen {path}"),
        None => what,
    }
}

/// What inkom keeps once the content is gone (purged or culled), in Swedish; empty before.
pub fn kept_after_purge(item: &Item) -> Vec<String> {
    if !matches!(item.state, State::Purged | State::Culled) {
        return Vec::new();
    }
    let kind = item.kind();
    let mut kept = vec![format!(
        "{}: {}",
        kind.date_label(),
        local_time(&item.received_at)
    )];
    kept.push(format!("Kanal: {}, {}", item.channel.sv(), kind.sv()));
    if let Some(reg) = &item.registration {
        kept.push(format!("Beteckning: {}", reg.designation));
        if let Some(dnr) = &reg.diarienummer {
            kept.push(format!("Diarienummer: {dnr}"));
        }
        kept.push(format!(
            "Registrerad: {} av {} (PDF:ens kontrollsumma {})",
            local_time(&reg.registered_at),
            reg.registered_by,
            &reg.pdf_sha256[..reg.pdf_sha256.len().min(12)]
        ));
    }
    kept.push(match &item.sender {
        Some(s) => format!("Avsändare: {s}"),
        None => {
            "Avsändare: borttagen (omfattas av sekretess eller finns i personakten)".to_string()
        }
    });
    // Who a sent document went to is a register fact too (5 kap. 2 § OSL p. 3).
    if kind == DocumentKind::Expedierad && !item.party().is_empty() {
        kept.push(format!("Mottagare: {}", item.party()));
    }
    match (&item.classification, item.class) {
        (Some(Classification::Diarium { description, .. }), _) => {
            kept.push(format!("Ärendemening: {description}"));
        }
        (_, Some(Class::Personakt)) => kept.push(
            "Klass: Personaktsmaterial — utskriften finns i personakten; namn och personnummer \
             sparas inte här"
                .to_string(),
        ),
        (_, Some(class)) => kept.push(format!("Klass: {}", class.sv())),
        (_, None) => {}
    }
    if let (Some(act), Some(place)) = (&item.source_deleted, &item.source_deleted_where) {
        kept.push(format!(
            "Källan raderad: {} av {} ({place})",
            local_time(&act.at),
            act.who()
        ));
    }
    if let Some(act) = &item.culled {
        kept.push(format!(
            "Gallrad: {} av {} enligt {}",
            local_time(&act.at),
            act.who(),
            item.cull_decision.as_deref().unwrap_or("gallringsbeslut")
        ));
    }
    kept.push("Granskningsloggen för objektet".to_string());
    kept
}
