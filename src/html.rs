//! Escaping for HTML text and attributes, and for JSON inside `<script>`: in one place.

/// Escapes `& < > " '` so the text is safe in HTML text and in quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, text: &str) {
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

/// The entity for a byte that must be escaped in HTML text and quoted attributes.
/// The one table for the annotator, the templates and everything else.
pub fn entity(byte: u8) -> Option<&'static str> {
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
pub fn script_json<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// True when a link target would run script or embed a document (`javascript:`,
/// `vbscript:`, `data:` other than images), after the trimming browsers do.
pub fn is_dangerous_url(url: &str) -> bool {
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
