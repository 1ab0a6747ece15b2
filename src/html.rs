//! Escaping for HTML text and attributes, and for JSON inside `<script>`: in one place.

/// Escapes `& < > " '` so the text is safe in HTML text and in quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    if !needs_escape(text) {
        out.push_str(text);
        return;
    }
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(e) = entity(b) {
            out.push_str(&text[from..i]);
            out.push_str(e);
            from = i + 1;
        }
    }
    out.push_str(&text[from..]);
}

/// Whether `text` holds any byte [`entity`] escapes, found by two vector scans: most
/// names, titles and paths hold none, and are then written in one piece.
pub(crate) fn needs_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(b'&', b'<', b'>', bytes).is_some()
        || memchr::memchr2(b'"', b'\'', bytes).is_some()
}

/// The entity for a byte that must be escaped in HTML text and quoted attributes.
/// The one table for the annotator, the templates and everything else.
pub(crate) fn entity(byte: u8) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    }
}

/// Serialises a value as JSON that is safe inside `<script type="application/ld+json">`:
/// `<`, `>` and `&` become `\u003c`, `\u003e` and `\u0026`, so no `</script>` can close it.
pub(crate) fn script_json<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    // Most JSON-LD has none of these: then it is used as it is, without a copy. (0xE2
    // leads both U+2028 and U+2029 in UTF-8.)
    let bytes = json.as_bytes();
    if memchr::memchr3(b'<', b'>', b'&', bytes).is_none() && memchr::memchr(0xE2, bytes).is_none() {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 32);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// True when a link target would run script or embed a document (`javascript:`,
/// `vbscript:`, `data:` other than images), after the trimming browsers do.
pub(crate) fn is_dangerous_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || (cleaned.starts_with("data:") && !cleaned.starts_with("data:image/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<b a="1">'&'"#),
            "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;"
        );
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = script_json(&serde_json::json!({"t": "</script><b>&"}));
        assert!(!s.contains("</script>") && !s.contains('<') && !s.contains('&'));
        // Each of the five is escaped; other text, curly quotes included (they share the
        // lead byte of U+2028), is kept; and the JSON still reads back the same.
        let text = "a<b>c&d\u{2028}e\u{2029}f ’g” 문";
        let s = script_json(&serde_json::json!({ "t": text }));
        assert_eq!(
            s,
            "{\"t\":\"a\\u003cb\\u003ec\\u0026d\\u2028e\\u2029f ’g” 문\"}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["t"], text);
        assert_eq!(script_json(&"plain ’text’"), "\"plain ’text’\"");
    }

    #[test]
    fn needs_escape_agrees_with_the_entity_table() {
        for b in 0..=0x7fu8 {
            let text = format!("ab{}cd", b as char);
            assert_eq!(needs_escape(&text), entity(b).is_some(), "byte {b:#x}");
        }
        assert!(!needs_escape("Moon Jae-in ’문재인’ é"));
    }

    #[test]
    fn dangerous_urls() {
        assert!(is_dangerous_url("javascript:alert(1)"));
        assert!(is_dangerous_url(" JaVa\tScript:alert(1)"));
        assert!(is_dangerous_url("data:text/html,<b>"));
        assert!(!is_dangerous_url("data:image/png;base64,xx"));
        assert!(!is_dangerous_url("https://example.org/javascript:"));
    }
}
