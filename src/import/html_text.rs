//! HTML to plain text for e-mails that have no text/plain part.
//!
//! The printout and the register need the words, not the layout; and nothing in an HTML mail may
//! be fetched or run (tracking pixels, scripts). So this is a small tag stripper: it keeps text,
//! turns block elements and `<br>` into line breaks, drops `<head>`, `<script>`, `<style>` and
//! comments, and decodes character references. It never looks at `src` or `href`.

/// Elements whose whole content is dropped.
const SKIP_CONTENT: &[&str] = &["head", "script", "style", "template", "noscript", "title"];

/// Elements that start on a new line.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "section",
    "table",
    "tr",
    "ul",
];

/// Elements separated from their neighbours by an empty line.
const PARAGRAPH: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre"];

struct Out {
    text: String,
    /// Line breaks requested before the next text.
    pending_breaks: usize,
    /// A space is due before the next word.
    pending_space: bool,
}

impl Out {
    fn request_breaks(&mut self, n: usize) {
        self.pending_breaks = self.pending_breaks.max(n);
        self.pending_space = false;
    }

    fn push_text(&mut self, s: &str, pre: bool) {
        for c in s.chars() {
            if !pre && c.is_whitespace() && c != '\u{A0}' {
                self.pending_space = true;
                continue;
            }
            if pre && c == '\n' {
                self.text.push('\n');
                continue;
            }
            if !self.text.is_empty() {
                if self.pending_breaks > 0 {
                    let have = self.text.chars().rev().take_while(|&c| c == '\n').count();
                    for _ in have..self.pending_breaks {
                        self.text.push('\n');
                    }
                } else if self.pending_space && !self.text.ends_with(['\n', ' ']) {
                    self.text.push(' ');
                }
            }
            self.pending_breaks = 0;
            self.pending_space = false;
            self.text.push(c);
        }
    }
}

/// Renders HTML as plain text: paragraphs and line breaks kept, tags dropped, entities
/// decoded, nothing fetched.
pub fn html_to_text(html: &str) -> String {
    let mut out = Out {
        text: String::with_capacity(html.len() / 2),
        pending_breaks: 0,
        pending_space: false,
    };
    let mut rest = html;
    let mut pre_depth = 0usize;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push_text(&decode_entities(rest), pre_depth > 0);
            break;
        };
        if lt > 0 {
            out.push_text(&decode_entities(&rest[..lt]), pre_depth > 0);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
            continue;
        }
        let (closing, body) = match rest[1..].strip_prefix('/') {
            Some(b) => (true, b),
            None => (false, &rest[1..]),
        };
        let name_len = body
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(body.len());
        if name_len == 0 {
            // A lone '<' in text.
            out.push_text("<", pre_depth > 0);
            rest = &rest[1..];
            continue;
        }
        let name = body[..name_len].to_ascii_lowercase();
        let tag_end = find_tag_end(body).map_or(body.len(), |i| i + 1);
        rest = &body[tag_end..];

        if !closing && SKIP_CONTENT.contains(&name.as_str()) {
            rest = skip_to_close(rest, &name);
            continue;
        }
        match name.as_str() {
            "br" => {
                out.text.push('\n');
                out.pending_space = false;
            }
            "pre" => {
                pre_depth = if closing {
                    pre_depth.saturating_sub(1)
                } else {
                    pre_depth + 1
                };
                out.request_breaks(2);
            }
            "td" | "th" if !closing => out.pending_space = true,
            "li" if !closing => {
                out.request_breaks(1);
                out.push_text("- ", true);
            }
            n if PARAGRAPH.contains(&n) => out.request_breaks(2),
            n if BLOCK.contains(&n) => out.request_breaks(1),
            _ => {}
        }
    }
    finish(&out.text)
}

/// Index of the `>` that ends a tag, skipping quoted attribute values.
fn find_tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The rest after `</name>` (case-insensitive); empty if it never closes.
fn skip_to_close<'a>(s: &'a str, name: &str) -> &'a str {
    let needle = format!("</{name}");
    let lower = s.to_ascii_lowercase();
    match lower.find(&needle) {
        Some(i) => {
            let after = &s[i..];
            after.find('>').map_or("", |j| &after[j + 1..])
        }
        None => "",
    }
}

/// Decodes `&amp;`, `&#228;`, `&#xE4;` and the named HTML entities in text, as a browser does
/// ([`decode`]).
pub(crate) fn decode_entities(s: &str) -> String {
    decode(s, false)
}

/// Decodes the character references in an attribute's value, as a browser does: as in text,
/// except that a legacy name without its `;` followed by a letter, digit or `=` stays as
/// written (`?a=1&copy=2` in a URL is no "©").
pub(crate) fn decode_attribute_entities(s: &str) -> String {
    decode(s, true)
}

/// Character references decoded as the HTML standard says a browser decodes them: the named
/// ones of its table, and numeric ones (`&#197`, `&#xC5`) and the legacy names (`&aring`,
/// `&nbsp`, `&copy`, the Latin-1 set of HTML 3.2) also without their `;`, which old mail
/// programs and web forms leave out. 128–159 are the Windows-1252 characters a browser shows
/// for them. Unknown references stay as written.
fn decode(s: &str, in_attribute: bool) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .char_indices()
            .take(32)
            .find(|&(_, c)| c == ';' || !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|(i, c)| (i + 1, c));
        let named = match end {
            Some((i, ';')) if i > 1 && !rest.starts_with("&#") => named_reference(&rest[1..=i]),
            _ => None,
        };
        if let Some((first, second, len)) = named {
            out.push(first);
            out.extend(second);
            rest = &rest[len + 1..];
            continue;
        }
        let found = match rest.starts_with("&#") {
            true => numeric_reference(rest),
            false => legacy_reference(rest, in_attribute),
        };
        match found {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The one or two characters of the named reference `name` (`aring;`, its `;` included) in the
/// HTML standard's table, and the name's length; `None` for a name it does not hold.
fn named_reference(name: &str) -> Option<(char, Option<char>, usize)> {
    let (first, second) = markup5ever::data::NAMED_ENTITIES.get(name)?;
    let first = char::from_u32(*first).filter(|c| *c != '\0')?;
    let second = char::from_u32(*second).filter(|c| *c != '\0');
    Some((first, second, name.len()))
}

/// The character of the numeric reference `rest` begins with (`&#197;`, `&#xC5`, with or
/// without its `;`) and the reference's length; `None` when no digit follows `&#`.
fn numeric_reference(rest: &str) -> Option<(char, usize)> {
    let (digits_at, radix) = match rest.as_bytes().get(2) {
        Some(b'x' | b'X') => (3, 16),
        _ => (2, 10),
    };
    let digits = rest
        .get(digits_at..)?
        .bytes()
        .take_while(|b| b.is_ascii_digit() || (radix == 16 && b.is_ascii_hexdigit()))
        .count();
    if digits == 0 {
        return None;
    }
    let mut len = digits_at + digits;
    let code = u32::from_str_radix(&rest[digits_at..len], radix).unwrap_or(u32::MAX);
    if rest[len..].starts_with(';') {
        len += 1;
    }
    let c = match code {
        0x80..=0x9F => markup5ever::data::C1_REPLACEMENTS[(code - 0x80) as usize]
            .unwrap_or_else(|| char::from_u32(code).unwrap_or('\u{FFFD}')),
        0 => '\u{FFFD}',
        code => char::from_u32(code).unwrap_or('\u{FFFD}'),
    };
    Some((c, len))
}

/// The character of the legacy named reference without `;` that `rest` begins with
/// (`&aring`, the longest such name: `&notit` is "¬it") and the name's length with its `&`.
fn legacy_reference(rest: &str, in_attribute: bool) -> Option<(char, usize)> {
    let run = rest[1..]
        .bytes()
        .take(32)
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    let (len, c) = (1..=run).rev().find_map(|n| {
        // The table holds every name with its `;`, the legacy ones also without, and the
        // prefixes of names as (0, 0).
        let (code, _) = markup5ever::data::NAMED_ENTITIES.get(&rest[1..=n])?;
        let c = char::from_u32(*code).filter(|c| *c != '\0')?;
        Some((n + 1, c))
    })?;
    let next = rest[len..].chars().next();
    if in_attribute && next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '=') {
        return None;
    }
    Some((c, len))
}

/// Trims trailing spaces from lines, at most one empty line in a row, none at the ends.
fn finish(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut empty_run = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            empty_run += 1;
            if empty_run > 1 || out.is_empty() {
                continue;
            }
        } else {
            empty_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    let len = out.trim_end().len();
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::{decode_attribute_entities, decode_entities, html_to_text};

    #[test]
    fn references_without_their_semicolon_read_as_in_a_browser() {
        assert_eq!(
            decode_entities("M&aringnga h&aumllsningar &Aring;sa &#XC5;sa &#197 ok &copy 2026"),
            "Många hälsningar Åsa Åsa Å ok © 2026"
        );
        assert_eq!(
            decode_entities("&nbsp&nbsp;slut &notit; &#150; &#0; &#1114112 &#; &; &zzz x&y"),
            "\u{a0}\u{a0}slut ¬it; – \u{FFFD} \u{FFFD} &#; &; &zzz x&y"
        );
        assert_eq!(
            decode_attribute_entities("?a=1&copy=2&notit&amp;b&aring"),
            "?a=1&copy=2&notit&b\u{e5}"
        );
    }

    #[test]
    fn renders() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
            <p>Hej&nbsp;Karin!</p><p>Rad ett<br>rad   två &amp; tre &#x1F4CE; &lt;b&gt;</p>\
            <script>alert('x')</script><img src=\"https://track.example/p.gif\">\
            <div>Slut</div><!-- <p>dold</p> --></body></html>";
        assert_eq!(
            html_to_text(html),
            "Hej\u{a0}Karin!\n\nRad ett\nrad två & tre 📎 <b>\n\nSlut"
        );
    }
}
