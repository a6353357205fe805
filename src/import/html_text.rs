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

/// Decodes `&amp;`, `&#228;`, `&#xE4;` and the named HTML entities. Unknown or unterminated
/// references stay as written.
pub(crate) fn decode_entities(s: &str) -> String {
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
        match end {
            Some((i, ';')) if i > 1 => {
                let token = &rest[..=i];
                if token.starts_with("&#") {
                    let num = &token[2..token.len() - 1];
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => num.parse::<u32>().ok(),
                    };
                    match code {
                        Some(c) => out.push(char::from_u32(c).unwrap_or('\u{FFFD}')),
                        None => out.push_str(token),
                    }
                } else {
                    // mail-parser carries the full HTML5 entity table; it leaves unknown
                    // entities as written.
                    mail_parser::decoders::html::add_html_token(&mut out, token.as_bytes(), false);
                }
                rest = &rest[i + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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
    use super::html_to_text;

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
