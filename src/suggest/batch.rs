//! The batch interface for scripts and evaluation: one JSON message per line in, one JSON
//! suggestion per line out. Stores nothing and opens no store.
//!
//! In: `{"id", "channel": "sms|email|screenshot", "direction": "in|out", "from", "to",
//! "subject", "text", "received_at", "headers"?}` — `to` a string or a list, `headers` an
//! optional object with the e-mail headers that matter (`Auto-Submitted`, `List-Unsubscribe`,
//! `List-Id`, `Precedence`, `Content-Type`). Other fields (e.g. an evaluation corpus's `label`)
//! are ignored.
//!
//! Out: `{"id", "suggestion": "personakt|diarium|ringa"|null, "reasons": ["…"], "flags": [{…}],
//! "secrecy": {…}|null}`; a line that cannot be read gives `{"line", "error": {"code",
//! "message"}}` and the run goes on.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Flag, Message, SecrecyPrefill, suggest};
use crate::clients::ClientRegister;
use crate::model::{Channel, Class, Direction, MailMarks};

/// One input line.
#[derive(Debug, Deserialize)]
struct Line {
    #[serde(default)]
    id: serde_json::Value,
    channel: String,
    #[serde(default = "default_direction")]
    direction: String,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<OneOrMany>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    received_at: Option<String>,
    #[serde(default)]
    headers: HashMap<String, String>,
}

fn default_direction() -> String {
    "in".to_string()
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// One output line.
#[derive(Serialize)]
struct Out<'a> {
    id: &'a serde_json::Value,
    suggestion: Option<Class>,
    reasons: Vec<String>,
    flags: &'a [Flag],
    secrecy: Option<&'a SecrecyPrefill>,
}

/// Why a line was skipped (the English text names the line, never its content).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Reading the input or writing the output failed.
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
}

impl BatchError {
    /// The message for a Swedish user.
    pub fn sv(&self) -> String {
        match self {
            BatchError::Io(_) => "Kunde inte läsa indata eller skriva utdata.".to_string(),
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchCounts {
    /// Lines with a suggestion line written.
    pub messages: usize,
    /// Lines that could not be read.
    pub errors: usize,
}

/// Reads messages from `input` and writes one suggestion line each to `out`. `today` is the
/// date used for a message without a readable `received_at`.
pub fn run(
    input: impl BufRead,
    mut out: impl Write,
    register: &ClientRegister,
    today: NaiveDate,
) -> Result<BatchCounts, BatchError> {
    let mut counts = BatchCounts::default();
    for (i, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match one(&line, register, today, &mut out) {
            Ok(Ok(())) => counts.messages += 1,
            Ok(Err(message)) => {
                counts.errors += 1;
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({
                        "line": i + 1,
                        "error": { "code": "invalid_input", "message": format!("Rad {}: {message}", i + 1) }
                    }),
                )
                .map_err(std::io::Error::from)?;
            }
            Err(e) => return Err(e),
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(counts)
}

/// One line: `Ok(Err(swedish))` when the line is not a message.
fn one(
    line: &str,
    register: &ClientRegister,
    today: NaiveDate,
    out: &mut impl Write,
) -> Result<Result<(), String>, BatchError> {
    let parsed: Line = match serde_json::from_str(line) {
        Ok(l) => l,
        Err(_) => return Ok(Err("inte ett meddelande i JSON (se README).".to_string())),
    };
    let Some(channel) = Channel::from_code(&parsed.channel) else {
        return Ok(Err(
            "channel ska vara sms, email eller screenshot.".to_string()
        ));
    };
    let Some(direction) = Direction::from_code(&parsed.direction) else {
        return Ok(Err("direction ska vara in eller out.".to_string()));
    };
    let to: Vec<&str> = match &parsed.to {
        Some(OneOrMany::One(s)) => vec![s.as_str()],
        Some(OneOrMany::Many(v)) => v.iter().map(String::as_str).collect(),
        None => Vec::new(),
    };
    let date = parsed
        .received_at
        .as_deref()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map_or(today, |d| d.date_naive());
    let marks = MailMarks::from_headers(|name| {
        parsed
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    });
    let message = Message {
        channel,
        direction,
        from: parsed.from.as_deref().unwrap_or(""),
        to,
        subject: parsed.subject.as_deref().unwrap_or(""),
        text: parsed.text.as_deref().unwrap_or(""),
        own_words: parsed.text.as_deref().unwrap_or(""),
        parts: Vec::new(),
        marks,
        date,
    };
    let s = suggest(&message, register);
    let record = Out {
        id: &parsed.id,
        suggestion: s.class,
        reasons: s.reasons.into_iter().map(|r| r.text).collect(),
        flags: &s.flags,
        secrecy: s.secrecy.as_ref(),
    };
    serde_json::to_writer(&mut *out, &record).map_err(std::io::Error::from)?;
    Ok(Ok(()))
}
