//! Sanitised HTML for e-mails with an HTML body, kept beside the plain-text rendering so the
//! mail's layout (tables, emphasis, lists) is not lost.
//!
//! The HTML comes from a sender and is hostile until cleaned: scripts, event handlers, forms,
//! and above all remote references (a tracking pixel tells the sender when and where the mail
//! was opened). Cleaned with [ammonia] (an html5ever parser and an allow-list), configured so
//! that **no URL survives at all**: no URL scheme is allowed and relative URLs are denied, so
//! every `src`, `href`, `cite`, … attribute is removed whatever it points to (`http:`, `https:`,
//! `cid:`, `data:`, `javascript:`). A link keeps its text; a picture keeps its `alt` text and
//! size but shows nothing. `<style>`, `<script>`, `<title>` and similar are removed with their
//! content, and no `style` or `class` attribute is allowed (CSS can fetch through `url()`).

use std::collections::HashSet;

/// Elements removed together with everything inside them.
const DROP_WITH_CONTENT: &[&str] = &[
    "script", "style", "title", "template", "noscript", "iframe", "object", "embed", "svg", "math",
    "head",
];

/// The HTML with everything active or remote removed; see the module docs.
pub fn sanitize_html(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::new())
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(None)
        .strip_comments(true)
        .clean_content_tags(DROP_WITH_CONTENT.iter().copied().collect())
        .rm_tags(DROP_WITH_CONTENT.iter().copied());
    // Belt and braces: attributes that carry URLs are never allowed, even if a scheme list
    // is relaxed later.
    builder.rm_tag_attributes("img", &["src", "srcset"]);
    builder.rm_tag_attributes("a", &["href"]);
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_remote_or_active_survives() {
        let html = r#"<html><head><title>T</title><style>p{background:url(https://x.example/a)}</style>
            <link rel="stylesheet" href="https://x.example/s.css"></head>
            <body onload="evil()"><p style="color:red" onclick="x()">Hej <b>då</b></p>
            <img src="https://spårning.example.com/p.gif" alt="pixel" width="1">
            <img src="cid:bild1"><img src="data:image/png;base64,AAAA">
            <a href="https://example.com/x">länk</a><a href="javascript:alert(1)">js</a>
            <script>alert('x')</script><iframe src="https://x.example"></iframe>
            <form action="https://x.example"><input name="a"></form>
            <!-- kommentar --><table><tr><td>cell</td></tr></table></body></html>"#;
        let clean = sanitize_html(html);
        for bad in [
            "http",
            "cid:",
            "data:",
            "javascript",
            "script",
            "alert",
            "onload",
            "onclick",
            "style",
            "<link",
            "iframe",
            "kommentar",
            "<title",
            "<form",
            "<input",
        ] {
            assert!(!clean.contains(bad), "{bad} in {clean}");
        }
        for good in [
            "<p>Hej <b>då</b></p>",
            "länk",
            "<td>cell</td>",
            "alt=\"pixel\"",
        ] {
            assert!(clean.contains(good), "{good} missing in {clean}");
        }
    }
}
