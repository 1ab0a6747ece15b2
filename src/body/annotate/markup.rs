//! The markup the annotator writes: a mention, an inline quote's opening, a blockquote's
//! caption. Themes and tests rely on its classes and attributes (the output contract).

use pulldown_cmark::BlockQuoteKind;

use super::AnnotateOptions;
use crate::glossary::Glossary;
use crate::html::escape_into;
use crate::model::{QuoteSpec, Via};

/// The markup of one mention. Themes and tests rely on its attributes (SPEC §3).
pub(super) fn mention_html(out: &mut String, root: &str, id: &str, text_html: &str) {
    out.push_str("<a class=\"term\" data-term=\"");
    out.push_str(id);
    out.push_str("\" href=\"");
    crate::urls::push_entry_href(out, root, id);
    out.push_str("\" aria-describedby=\"tip-");
    out.push_str(id);
    out.push_str("\">");
    out.push_str(text_html);
    out.push_str("</a>");
}

/// The opening markup of an attributed inline quotation: focusable, described by the
/// quote's own tooltip (`tip-quote-N`, N the index of its `quotes` item).
pub(super) fn quote_open(opts: &AnnotateOptions<'_>, index: usize) -> String {
    let spec = &opts.quotes[index];
    let speaker = &opts.glossary.entries()[spec.speaker];
    let mut s = format!(
        "<span class=\"quote\" data-speaker=\"{}\" tabindex=\"0\" aria-describedby=\"tip-quote-{index}\"",
        speaker.id
    );
    push_via_attr(&mut s, opts, spec);
    s.push('>');
    s
}

/// The opening markup of an attributed blockquote (`kind` is a GitHub alert's, `> [!NOTE]`).
pub(super) fn blockquote_open(
    opts: &AnnotateOptions<'_>,
    index: usize,
    kind: Option<BlockQuoteKind>,
) -> String {
    let spec = &opts.quotes[index];
    let speaker = &opts.glossary.entries()[spec.speaker];
    let mut s = format!(
        "<figure class=\"attributed-quote\"><blockquote data-speaker=\"{}\"",
        speaker.id
    );
    push_via_attr(&mut s, opts, spec);
    if let Some(kind) = kind {
        s.push_str(&format!(" class=\"markdown-alert-{kind:?}\"").to_lowercase());
    }
    s.push_str(">\n");
    s
}

/// The closing markup of an attributed blockquote, with its caption.
pub(super) fn blockquote_close(opts: &AnnotateOptions<'_>, index: usize) -> String {
    let spec = &opts.quotes[index];
    let caption = attribution_html(opts.glossary, &opts.root, spec.speaker, spec.via.as_ref());
    format!("</blockquote>\n<figcaption class=\"attribution\">{caption}</figcaption></figure>\n")
}

fn push_via_attr(s: &mut String, opts: &AnnotateOptions<'_>, spec: &QuoteSpec) {
    match &spec.via {
        Some(Via::Entry(i)) => {
            s.push_str(" data-via=\"");
            s.push_str(&opts.glossary.entries()[*i].id);
            s.push('"');
        }
        Some(Via::Text(t)) => {
            s.push_str(" data-via-text=\"");
            escape_into(s, t);
            s.push('"');
        }
        None => {}
    }
}

/// The caption of an attributed blockquote: speaker (linked), role, and via.
fn attribution_html(glossary: &Glossary, root: &str, speaker: usize, via: Option<&Via>) -> String {
    let e = &glossary.entries()[speaker];
    let mut s = String::from("<span class=\"attribution-dash\" aria-hidden=\"true\">— </span>");
    s.push_str("<a class=\"speaker\" href=\"");
    crate::urls::push_entry_href(&mut s, root, &e.id);
    s.push_str("\">");
    escape_into(&mut s, &e.name);
    s.push_str("</a>");
    if let Some(role) = &e.role {
        s.push_str(", <span class=\"role\">");
        escape_into(&mut s, role);
        s.push_str("</span>");
    }
    match via {
        Some(Via::Entry(i)) => {
            let v = &glossary.entries()[*i];
            s.push_str(" <span class=\"via\">via <a href=\"");
            crate::urls::push_entry_href(&mut s, root, &v.id);
            s.push_str("\">");
            escape_into(&mut s, &v.name);
            s.push_str("</a></span>");
        }
        Some(Via::Text(t)) => {
            s.push_str(" <span class=\"via\">via ");
            escape_into(&mut s, t);
            s.push_str("</span>");
        }
        None => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mention_markup_snapshot() {
        let mut s = String::new();
        mention_html(&mut s, "../", "thaad", "THAAD");
        insta::assert_snapshot!(s, @r#"<a class="term" data-term="thaad" href="../glossary/thaad/index.html" aria-describedby="tip-thaad">THAAD</a>"#);
    }
}
