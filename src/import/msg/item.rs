//! What an Outlook item that is not an e-mail holds outside its text: an appointment's or a
//! meeting request's time and place, a task's dates and status, a contact's numbers and
//! addresses. Outlook shows these above the text; without them a meeting invitation prints as
//! its subject alone and a contact as nothing at all (issue 15: nothing silently lost).
//!
//! Most of these are *named* properties (MS-OXPROPS "PidLid…"): their property ids (0x8000 and
//! up) differ from file to file and are looked up in the mapping the file carries in its root
//! `__nameid_version1.0` storage (MS-OXMSG 2.2.3), which attached messages share. Only the
//! numbered names of the property sets below are read; string-named ones are never needed
//! here.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use encoding_rs::Encoding;

use super::{MsgError, Props, Reader};

/// PSETID_Appointment {00062002-0000-0000-C000-000000000046}.
const PSETID_APPOINTMENT: [u8; 16] = guid(0x0006_2002);
/// PSETID_Task {00062003-0000-0000-C000-000000000046}.
const PSETID_TASK: [u8; 16] = guid(0x0006_2003);
/// PSETID_Address {00062004-0000-0000-C000-000000000046}.
const PSETID_ADDRESS: [u8; 16] = guid(0x0006_2004);

/// The Outlook property set GUIDs {XXXXXXXX-0000-0000-C000-000000000046} as stored (the first
/// three fields little-endian).
const fn guid(data1: u32) -> [u8; 16] {
    let d = data1.to_le_bytes();
    [
        d[0], d[1], d[2], d[3], 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46,
    ]
}

// PSETID_Appointment (MS-OXOCAL 2.2.1).
const LID_LOCATION: u32 = 0x8208;
const LID_START_WHOLE: u32 = 0x820D;
const LID_END_WHOLE: u32 = 0x820E;
const LID_ALL_DAY: u32 = 0x8215;
const LID_RECURRENCE_PATTERN: u32 = 0x8232;
// PSETID_Task (MS-OXOTASK 2.2.2).
const LID_TASK_STATUS: u32 = 0x8101;
const LID_PERCENT_COMPLETE: u32 = 0x8102;
const LID_TASK_START: u32 = 0x8104;
const LID_TASK_DUE: u32 = 0x8105;
const LID_TASK_COMPLETED: u32 = 0x810F;
const LID_TASK_OWNER: u32 = 0x811F;
// PSETID_Address (MS-OXOCNTC 2.2.1).
const LID_HOME_ADDRESS: u32 = 0x801A;
const LID_WORK_ADDRESS: u32 = 0x801B;
const LID_OTHER_ADDRESS: u32 = 0x801C;
const LID_IM_ADDRESS: u32 = 0x8062;
const LID_EMAIL1: u32 = 0x8083;
const LID_EMAIL2: u32 = 0x8093;
const LID_EMAIL3: u32 = 0x80A3;
const LID_GROUP_ONE_OFF_MEMBERS: u32 = 0x8054;
const LID_GROUP_MEMBERS: u32 = 0x8055;

// Contact properties with fixed ids (MS-OXOCNTC 2.2.1).
const PR_DISPLAY_NAME: u16 = 0x3001;
const PR_BUSINESS_TELEPHONE: u16 = 0x3A08;
const PR_HOME_TELEPHONE: u16 = 0x3A09;
const PR_POSTAL_ADDRESS: u16 = 0x3A15;
const PR_COMPANY_NAME: u16 = 0x3A16;
const PR_TITLE: u16 = 0x3A17;
const PR_DEPARTMENT: u16 = 0x3A18;
const PR_BUSINESS2_TELEPHONE: u16 = 0x3A1B;
const PR_MOBILE_TELEPHONE: u16 = 0x3A1C;
const PR_OTHER_TELEPHONE: u16 = 0x3A1F;
const PR_BUSINESS_FAX: u16 = 0x3A24;
const PR_HOME_FAX: u16 = 0x3A25;
const PR_HOME2_TELEPHONE: u16 = 0x3A2F;
const PR_BIRTHDAY: u16 = 0x3A42;
const PR_PERSONAL_HOME_PAGE: u16 = 0x3A50;
const PR_BUSINESS_HOME_PAGE: u16 = 0x3A51;

const PT_BOOLEAN: u16 = 0x000B;
const PT_DOUBLE: u16 = 0x0005;
const PT_MV_BINARY: u16 = 0x1102;

/// MS-OXCDATA 2.2.5.1: the provider of a one-off entry ID (an address that is no entry in any
/// address book).
const ONE_OFF_PROVIDER: [u8; 16] = [
    0x81, 0x2B, 0x1F, 0xA4, 0xBE, 0xA3, 0x10, 0x19, 0x9D, 0x6E, 0x00, 0xDD, 0x01, 0x0F, 0x54, 0x02,
];
/// Its flag for UTF-16 strings.
const ONE_OFF_UNICODE: u16 = 0x8000;

/// The mapping's streams in `__nameid_version1.0`.
const NAMEID_STORAGE: &str = "__nameid_version1.0";
const GUID_STREAM: &str = "__substg1.0_00020102";
const ENTRY_STREAM: &str = "__substg1.0_00030102";

/// Most named properties a file may map (MS-OXMSG allows 0x7FFF).
const MAX_NAMED: usize = 0x7FFF;

/// Where a field's value is: a named property (its set and numbered name) or a property with a
/// fixed id.
#[derive(Clone, Copy)]
enum Source {
    Named([u8; 16], u32),
    Tagged(u16),
}

/// What the file's named properties stand for: (property set, numbered name) → property id.
#[derive(Default)]
pub(super) struct NamedIds(HashMap<([u8; 16], u32), u16>);

impl NamedIds {
    fn id(&self, set: [u8; 16], lid: u32) -> Option<u16> {
        self.0.get(&(set, lid)).copied()
    }
}

/// What kind of Outlook item a message is, by its class, when it is not an e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// An appointment in a calendar (`IPM.Appointment`).
    Appointment,
    /// A meeting request (`IPM.Schedule.Meeting.Request`).
    MeetingRequest,
    /// A meeting cancelled by its organiser (`IPM.Schedule.Meeting.Canceled`).
    MeetingCanceled,
    /// An answer to a meeting request: accepted (`…Resp.Pos`).
    MeetingAccepted,
    /// Declined (`…Resp.Neg`).
    MeetingDeclined,
    /// Tentatively accepted (`…Resp.Tent`).
    MeetingTentative,
    /// A task (`IPM.Task`).
    Task,
    /// A task assigned by someone (`IPM.TaskRequest…`).
    TaskRequest,
    /// A contact card (`IPM.Contact`).
    Contact,
    /// A contact group, a list of addresses (`IPM.DistList`).
    ContactGroup,
    /// A note (`IPM.StickyNote`): its text is all it holds.
    StickyNote,
}

/// Message classes (lower case) and the kind of item each is, its subclasses included
/// (`IPM.TaskRequest.Accept`); the task request before the task, which would match it too.
const CLASSES: &[(&str, ItemKind)] = &[
    ("ipm.appointment", ItemKind::Appointment),
    ("ipm.schedule.meeting.request", ItemKind::MeetingRequest),
    ("ipm.schedule.meeting.canceled", ItemKind::MeetingCanceled),
    ("ipm.schedule.meeting.resp.pos", ItemKind::MeetingAccepted),
    ("ipm.schedule.meeting.resp.neg", ItemKind::MeetingDeclined),
    ("ipm.schedule.meeting.resp.tent", ItemKind::MeetingTentative),
    ("ipm.taskrequest", ItemKind::TaskRequest),
    ("ipm.task", ItemKind::Task),
    ("ipm.contact", ItemKind::Contact),
    ("ipm.distlist", ItemKind::ContactGroup),
    ("ipm.stickynote", ItemKind::StickyNote),
];

impl ItemKind {
    /// The kind of a message class (compared as Outlook does, ignoring case); `None` for an
    /// e-mail and anything else.
    pub fn of_class(class: &str) -> Option<ItemKind> {
        let class = class.to_ascii_lowercase();
        CLASSES
            .iter()
            .find(|(prefix, _)| {
                class == *prefix
                    || class
                        .strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
            .map(|&(_, kind)| kind)
    }

    fn is_calendar(self) -> bool {
        matches!(
            self,
            ItemKind::Appointment
                | ItemKind::MeetingRequest
                | ItemKind::MeetingCanceled
                | ItemKind::MeetingAccepted
                | ItemKind::MeetingDeclined
                | ItemKind::MeetingTentative
        )
    }
}

/// An Outlook item's own fields, in the order Outlook shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemFields {
    /// What the item is.
    pub kind: ItemKind,
    /// Its fields that hold something.
    pub fields: Vec<(Field, FieldValue)>,
}

/// One field of an Outlook item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// When an appointment or meeting starts.
    Start,
    /// When it ends.
    End,
    /// Where.
    Location,
    /// How it repeats, as the writer's Outlook worded it.
    Recurrence,
    /// When a task starts.
    TaskStart,
    /// When a task is due.
    TaskDue,
    /// A task's status.
    TaskStatus,
    /// How much of a task is done, in per cent.
    PercentComplete,
    /// When a task was completed.
    TaskCompleted,
    /// Who owns a task.
    TaskOwner,
    /// A contact's full name.
    FullName,
    /// Company.
    Company,
    /// Job title.
    JobTitle,
    /// Department.
    Department,
    /// Telephone, work.
    BusinessPhone,
    /// Telephone, work (second).
    BusinessPhone2,
    /// Telephone, home.
    HomePhone,
    /// Telephone, home (second).
    HomePhone2,
    /// Mobile telephone.
    MobilePhone,
    /// Other telephone.
    OtherPhone,
    /// Fax, work.
    BusinessFax,
    /// Fax, home.
    HomeFax,
    /// E-mail addresses 1–3.
    Email,
    /// Address, work.
    WorkAddress,
    /// Address, home.
    HomeAddress,
    /// Other address.
    OtherAddress,
    /// The postal address chosen among them.
    PostalAddress,
    /// Web page.
    WebPage,
    /// Instant messaging address.
    InstantMessaging,
    /// Birthday.
    Birthday,
    /// A member of a contact group: "Name \<address\>".
    Member,
    /// How many members of a contact group the file does not name (they are entries of the
    /// sender's address book).
    UnnamedMembers,
}

/// A field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// Words as written.
    Text(String),
    /// A moment.
    Time(DateTime<Utc>),
    /// A day (an all-day appointment's, a birthday): the moment stored for its midnight.
    Day(DateTime<Utc>),
    /// A task's status (MS-OXOTASK PidLidTaskStatus).
    Status(TaskStatus),
    /// Per cent, 0–100.
    Percent(u8),
}

/// MS-OXOTASK PidLidTaskStatus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    /// 0.
    NotStarted,
    /// 1.
    InProgress,
    /// 2.
    Complete,
    /// 3.
    WaitingOnOthers,
    /// 4.
    Deferred,
}

impl Props {
    fn boolean(&self, id: u16) -> Option<bool> {
        match self.fixed.get(&id) {
            Some(&(PT_BOOLEAN, v)) => Some(v[0] != 0),
            _ => None,
        }
    }

    fn double(&self, id: u16) -> Option<f64> {
        match self.fixed.get(&id) {
            Some(&(PT_DOUBLE, v)) => Some(f64::from_le_bytes(v)),
            _ => None,
        }
    }
}

impl Reader<'_> {
    /// Reads the file's named-property mapping; a file without one (or with a damaged one)
    /// maps nothing, and its items are read without their named fields.
    pub(super) fn named_ids(&mut self) -> Result<NamedIds, MsgError> {
        let storage = Path::new("/").join(NAMEID_STORAGE);
        let mut streams = HashMap::new();
        if let Ok(entries) = self.cf.read_storage(&storage) {
            for e in entries {
                if e.is_stream() {
                    streams.insert(e.name().to_string(), e.len());
                }
            }
        }
        let (Some(&guid_len), Some(&entry_len)) =
            (streams.get(GUID_STREAM), streams.get(ENTRY_STREAM))
        else {
            return Ok(NamedIds::default());
        };
        // A damaged mapping costs the named fields, not the message.
        let read = |r: &mut Self, name: &str, len: u64| match r.read(&storage.join(name), len) {
            Err(MsgError::Damaged(_)) => Ok(Vec::new()),
            other => other,
        };
        let guids = read(self, GUID_STREAM, guid_len)?;
        let entries = read(self, ENTRY_STREAM, entry_len)?;
        let mut map = HashMap::new();
        for entry in entries.chunks_exact(8).take(MAX_NAMED) {
            let lid = u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]);
            let index_and_kind = u16::from_le_bytes([entry[4], entry[5]]);
            let property_index = u16::from_le_bytes([entry[6], entry[7]]);
            if index_and_kind & 1 != 0 {
                continue; // named by a string
            }
            // 1 and 2 are PS_MAPI and PS_PUBLIC_STRINGS, the sets read here start at 3.
            let Some(at) = usize::from(index_and_kind >> 1).checked_sub(3) else {
                continue;
            };
            let Some(set) = guids.get(at * 16..at * 16 + 16) else {
                continue;
            };
            let Some(id) = 0x8000u16.checked_add(property_index) else {
                continue;
            };
            let mut key = [0u8; 16];
            key.copy_from_slice(set);
            map.insert((key, lid), id);
        }
        Ok(NamedIds(map))
    }

    /// The fields of an item of `class` that is not an e-mail; `None` for an e-mail (whose
    /// follow-up flag, a task property of the unit's own, is not the sender's content).
    pub(super) fn item_fields(
        &mut self,
        props: &Props,
        class: Option<&str>,
        enc: &'static Encoding,
    ) -> Result<Option<ItemFields>, MsgError> {
        let Some(kind) = class.and_then(ItemKind::of_class) else {
            return Ok(None);
        };
        let mut fields = Vec::new();
        if kind.is_calendar() {
            self.calendar_fields(props, enc, &mut fields)?;
        } else if matches!(kind, ItemKind::Task | ItemKind::TaskRequest) {
            self.task_fields(props, enc, &mut fields)?;
        } else if kind == ItemKind::Contact {
            self.contact_fields(props, enc, &mut fields)?;
        } else if kind == ItemKind::ContactGroup {
            self.group_fields(props, enc, &mut fields)?;
        }
        Ok(Some(ItemFields { kind, fields }))
    }

    fn named(&self, set: [u8; 16], lid: u32) -> Option<u16> {
        self.named.id(set, lid)
    }

    fn named_string(
        &mut self,
        props: &Props,
        set: [u8; 16],
        lid: u32,
        enc: &'static Encoding,
    ) -> Result<Option<String>, MsgError> {
        match self.named(set, lid) {
            Some(id) => Ok(self.string(props, id, enc)?.and_then(tidy)),
            None => Ok(None),
        }
    }

    fn named_time(&self, props: &Props, set: [u8; 16], lid: u32) -> Option<DateTime<Utc>> {
        props.time(self.named(set, lid)?)
    }

    /// Adds each field of `fields` whose property holds text: a named property of `set`
    /// (`Source::Named`) or one with a fixed id (`Source::Tagged`).
    fn texts(
        &mut self,
        props: &Props,
        fields: &[(Field, Source)],
        enc: &'static Encoding,
        out: &mut Vec<(Field, FieldValue)>,
    ) -> Result<(), MsgError> {
        for &(field, source) in fields {
            let text = match source {
                Source::Named(set, lid) => self.named_string(props, set, lid, enc)?,
                Source::Tagged(id) => self.string(props, id, enc)?.and_then(tidy),
            };
            if let Some(text) = text {
                out.push((field, FieldValue::Text(text)));
            }
        }
        Ok(())
    }

    /// Adds each field of `fields` whose named property of `set` holds a time, as a day.
    fn days(
        &self,
        props: &Props,
        set: [u8; 16],
        fields: &[(Field, u32)],
        out: &mut Vec<(Field, FieldValue)>,
    ) {
        for &(field, lid) in fields {
            if let Some(t) = self.named_time(props, set, lid) {
                out.push((field, FieldValue::Day(t)));
            }
        }
    }

    fn calendar_fields(
        &mut self,
        props: &Props,
        enc: &'static Encoding,
        out: &mut Vec<(Field, FieldValue)>,
    ) -> Result<(), MsgError> {
        let set = PSETID_APPOINTMENT;
        let all_day = self
            .named(set, LID_ALL_DAY)
            .and_then(|id| props.boolean(id))
            .unwrap_or(false);
        let when = |t: DateTime<Utc>| {
            if all_day {
                FieldValue::Day(t)
            } else {
                FieldValue::Time(t)
            }
        };
        if let Some(t) = self.named_time(props, set, LID_START_WHOLE) {
            out.push((Field::Start, when(t)));
        }
        if let Some(t) = self.named_time(props, set, LID_END_WHOLE) {
            // An all-day appointment ends at the midnight after its last day.
            let t = if all_day {
                t - chrono::Duration::days(1)
            } else {
                t
            };
            out.push((Field::End, when(t)));
        }
        let texts = [
            (Field::Location, Source::Named(set, LID_LOCATION)),
            (
                Field::Recurrence,
                Source::Named(set, LID_RECURRENCE_PATTERN),
            ),
        ];
        self.texts(props, &texts, enc, out)
    }

    fn task_fields(
        &mut self,
        props: &Props,
        enc: &'static Encoding,
        out: &mut Vec<(Field, FieldValue)>,
    ) -> Result<(), MsgError> {
        let set = PSETID_TASK;
        // Task dates are days (MS-OXOTASK: midnight, in the writer's time zone).
        let dates = [
            (Field::TaskStart, LID_TASK_START),
            (Field::TaskDue, LID_TASK_DUE),
        ];
        self.days(props, set, &dates, out);
        let status = self
            .named(set, LID_TASK_STATUS)
            .and_then(|id| props.long(id))
            .and_then(|s| match s {
                0 => Some(TaskStatus::NotStarted),
                1 => Some(TaskStatus::InProgress),
                2 => Some(TaskStatus::Complete),
                3 => Some(TaskStatus::WaitingOnOthers),
                4 => Some(TaskStatus::Deferred),
                _ => None,
            });
        if let Some(status) = status {
            out.push((Field::TaskStatus, FieldValue::Status(status)));
        }
        let percent = self
            .named(set, LID_PERCENT_COMPLETE)
            .and_then(|id| props.double(id))
            .filter(|p| (0.0..=1.0).contains(p));
        if let Some(p) = percent {
            // Stored as a fraction; within 0..=1 the rounded per cent fits a u8.
            out.push((
                Field::PercentComplete,
                FieldValue::Percent((p * 100.0).round() as u8),
            ));
        }
        self.days(
            props,
            set,
            &[(Field::TaskCompleted, LID_TASK_COMPLETED)],
            out,
        );
        let owner = [(Field::TaskOwner, Source::Named(set, LID_TASK_OWNER))];
        self.texts(props, &owner, enc, out)
    }

    fn contact_fields(
        &mut self,
        props: &Props,
        enc: &'static Encoding,
        out: &mut Vec<(Field, FieldValue)>,
    ) -> Result<(), MsgError> {
        let set = PSETID_ADDRESS;
        let texts = [
            (Field::FullName, Source::Tagged(PR_DISPLAY_NAME)),
            (Field::Company, Source::Tagged(PR_COMPANY_NAME)),
            (Field::JobTitle, Source::Tagged(PR_TITLE)),
            (Field::Department, Source::Tagged(PR_DEPARTMENT)),
            (Field::BusinessPhone, Source::Tagged(PR_BUSINESS_TELEPHONE)),
            (
                Field::BusinessPhone2,
                Source::Tagged(PR_BUSINESS2_TELEPHONE),
            ),
            (Field::HomePhone, Source::Tagged(PR_HOME_TELEPHONE)),
            (Field::HomePhone2, Source::Tagged(PR_HOME2_TELEPHONE)),
            (Field::MobilePhone, Source::Tagged(PR_MOBILE_TELEPHONE)),
            (Field::OtherPhone, Source::Tagged(PR_OTHER_TELEPHONE)),
            (Field::BusinessFax, Source::Tagged(PR_BUSINESS_FAX)),
            (Field::HomeFax, Source::Tagged(PR_HOME_FAX)),
            (Field::Email, Source::Named(set, LID_EMAIL1)),
            (Field::Email, Source::Named(set, LID_EMAIL2)),
            (Field::Email, Source::Named(set, LID_EMAIL3)),
            (Field::WorkAddress, Source::Named(set, LID_WORK_ADDRESS)),
            (Field::HomeAddress, Source::Named(set, LID_HOME_ADDRESS)),
            (Field::OtherAddress, Source::Named(set, LID_OTHER_ADDRESS)),
        ];
        self.texts(props, &texts, enc, out)?;
        // The postal address repeats one of the three; said only when it is none of them.
        if let Some(postal) = self.string(props, PR_POSTAL_ADDRESS, enc)?.and_then(tidy)
            && !out
                .iter()
                .any(|(_, v)| *v == FieldValue::Text(postal.clone()))
        {
            out.push((Field::PostalAddress, FieldValue::Text(postal)));
        }
        let texts = [
            (Field::WebPage, Source::Tagged(PR_BUSINESS_HOME_PAGE)),
            (Field::WebPage, Source::Tagged(PR_PERSONAL_HOME_PAGE)),
            (Field::InstantMessaging, Source::Named(set, LID_IM_ADDRESS)),
        ];
        self.texts(props, &texts, enc, out)?;
        if let Some(t) = props.time(PR_BIRTHDAY) {
            out.push((Field::Birthday, FieldValue::Day(t)));
        }
        Ok(())
    }

    /// A contact group's members: each one the file names (its one-off entry IDs, which
    /// Outlook keeps beside the members for this), and how many it does not.
    fn group_fields(
        &mut self,
        props: &Props,
        enc: &'static Encoding,
        out: &mut Vec<(Field, FieldValue)>,
    ) -> Result<(), MsgError> {
        let set = PSETID_ADDRESS;
        let named = match self.named(set, LID_GROUP_ONE_OFF_MEMBERS) {
            Some(id) => self.multi_binary(props, id)?,
            None => Vec::new(),
        };
        let mut count = 0;
        for entry in &named {
            if let Some(member) = one_off_member(entry, enc) {
                out.push((Field::Member, FieldValue::Text(member)));
                count += 1;
            }
        }
        let members = self
            .named(set, LID_GROUP_MEMBERS)
            .and_then(|id| props.values.get(&(id, PT_MV_BINARY)))
            .map_or(0, Vec::len);
        if members > count {
            out.push((
                Field::UnnamedMembers,
                FieldValue::Text((members - count).to_string()),
            ));
        }
        Ok(())
    }

    /// The values of a multi-valued binary property, in their order.
    fn multi_binary(&mut self, props: &Props, id: u16) -> Result<Vec<Vec<u8>>, MsgError> {
        let mut streams = props
            .values
            .get(&(id, PT_MV_BINARY))
            .cloned()
            .unwrap_or_default();
        streams.sort_by_key(|(n, _, _)| *n);
        streams
            .iter()
            .map(|(_, path, len)| self.read(path, *len))
            .collect()
    }
}

/// "Name <address>" from a one-off entry ID (MS-OXCDATA 2.2.5.1): flags, the one-off
/// provider, version, flags, then display name, address type and address, each ending in NUL,
/// in UTF-16 or 8-bit (in the message's code page `enc`); `None` for any other entry ID.
fn one_off_member(entry: &[u8], enc: &'static Encoding) -> Option<String> {
    if entry.get(4..20)? != ONE_OFF_PROVIDER {
        return None;
    }
    let flags = u16::from_le_bytes([*entry.get(22)?, *entry.get(23)?]);
    let mut rest = entry.get(24..)?;
    let mut next = || -> Option<String> {
        if flags & ONE_OFF_UNICODE != 0 {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .take_while(|&u| u != 0)
                .collect();
            rest = rest.get((units.len() + 1) * 2..).unwrap_or_default();
            Some(String::from_utf16_lossy(&units))
        } else {
            let end = rest.iter().position(|&b| b == 0)?;
            let text = enc.decode_without_bom_handling(&rest[..end]).0.into_owned();
            rest = &rest[end + 1..];
            Some(text)
        }
    };
    let name = next()?;
    let _kind = next()?;
    let address = next()?;
    let (name, address) = (name.trim(), address.trim());
    match (name.is_empty(), address.is_empty()) {
        (true, true) => None,
        (false, true) => Some(name.to_string()),
        (true, false) => Some(address.to_string()),
        (false, false) if name.eq_ignore_ascii_case(address) => Some(address.to_string()),
        (false, false) => Some(format!("{name} <{address}>")),
    }
}

/// A field's words with Windows line ends made `\n` and outer blanks trimmed; `None` when
/// nothing is left.
fn tidy(s: String) -> Option<String> {
    let s = s.replace("\r\n", "\n");
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_told_apart_whatever_their_case() {
        assert_eq!(
            ItemKind::of_class("IPM.Appointment"),
            Some(ItemKind::Appointment)
        );
        assert_eq!(
            ItemKind::of_class("ipm.schedule.meeting.resp.neg"),
            Some(ItemKind::MeetingDeclined)
        );
        assert_eq!(
            ItemKind::of_class("IPM.TaskRequest.Accept"),
            Some(ItemKind::TaskRequest)
        );
        assert_eq!(ItemKind::of_class("IPM.Task"), Some(ItemKind::Task));
        assert_eq!(ItemKind::of_class("IPM.Note"), None);
        assert_eq!(ItemKind::of_class("IPM.Tasks"), None);
        assert_eq!(ItemKind::of_class("IPM.Contact"), Some(ItemKind::Contact));
    }

    #[test]
    fn property_set_guids_are_stored_little_endian() {
        assert_eq!(
            PSETID_APPOINTMENT,
            [
                0x02, 0x20, 0x06, 0x00, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46
            ]
        );
    }
}
