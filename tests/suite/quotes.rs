//! Quote attribution: inline pairs, blockquotes, and the errors.

use super::*;

fn with_quotes(quotes: &str, body: &str) -> Site {
    Site::new().file("content/glossary.yaml", GLOSSARY).article(
        "a",
        &format!("quotes:\n{quotes}"),
        body,
    )
}

#[test]
fn an_inline_curly_quotation_is_attributed() {
    let s = with_quotes(
        "  - text: a means of self-defense\n    speaker: yoon\n",
        "He said “THAAD is a means of   self-defense,” and left.",
    );
    s.build_ok();
    let html = s.read("a/index.html");
    assert!(
        html.contains("<span class=\"quote\" data-speaker=\"yoon\""),
        "{html}"
    );
    assert!(
        html.contains("self-defense,”</span> and left"),
        "the whole pair is wrapped"
    );
}

#[test]
fn straight_quotes_match_curly_text() {
    let s = with_quotes(
        "  - text: it’s done\n    speaker: yoon\n",
        "He said \"it's done\" today.",
    );
    s.build_ok();
    assert!(s.read("a/index.html").contains("data-speaker=\"yoon\""));
}

#[test]
fn a_quotation_with_markup_inside_is_wrapped_whole() {
    let s = with_quotes(
        "  - text: never be subject\n    speaker: yoon\n",
        "“It will *never* be subject to talks,” he said.",
    );
    s.build_ok();
    let html = s.read("a/index.html");
    assert!(html.contains("<span class=\"quote\" data-speaker=\"yoon\" tabindex=\"0\" aria-describedby=\"tip-quote-0\">“It will <em>never</em> be subject to talks,”</span>"), "{html}");
}

#[test]
fn a_blockquote_is_attributed_with_a_caption() {
    let s = with_quotes(
        "  - text: security sovereignty\n    speaker: yoon\n    via: Yonhap News\n",
        "> It is an issue of security\n> sovereignty.\n\nAfter.",
    );
    s.build_ok();
    let html = s.read("a/index.html");
    assert!(
        html.contains("<blockquote data-speaker=\"yoon\" data-via-text=\"Yonhap News\">"),
        "{html}"
    );
    assert!(html.contains("<figcaption class=\"attribution\">"));
    assert!(html.contains("President</span> <span class=\"via\">via Yonhap News</span>"));
}

#[test]
fn speaker_pages_list_their_quotes() {
    let s = with_quotes(
        "  - text: self-defense\n    speaker: yoon\n",
        "“THAAD is self-defense,” Yoon said.",
    );
    s.build_ok();
    let page = s.read("glossary/yoon/index.html");
    assert!(
        page.contains("<blockquote>“THAAD is self-defense,”</blockquote>"),
        "{page}"
    );
    assert!(page.contains("href=\"../../a/index.html\""));
}

#[test]
fn a_quote_text_not_in_the_body_is_an_error_at_the_text() {
    let s = with_quotes(
        "  - text: words nobody said\n    speaker: yoon\n",
        "“Something else entirely.”",
    );
    let d = s.error("quote-not-found");
    assert_eq!((d.location.line, d.location.column), (5, 11));
}

#[test]
fn a_quote_text_outside_quotation_marks_says_how_to_fix_it() {
    let s = with_quotes(
        "  - text: plain words here\n    speaker: yoon\n",
        "Just plain words here.",
    );
    let d = s.error("quote-not-found");
    assert!(d.help.unwrap().contains("not inside quotation marks"));
}

#[test]
fn an_unknown_speaker_is_an_error_with_a_suggestion() {
    let s = with_quotes("  - text: x\n    speaker: yon\n", "“x”");
    let d = s.error("unknown-speaker");
    assert_eq!((d.location.line, d.location.column), (6, 14));
    assert_eq!(d.help.as_deref(), Some("did you mean `yoon`?"));
}

#[test]
fn the_second_quote_item_is_located_in_its_own_item() {
    let s = with_quotes(
        "  - text: fine words\n    speaker: yoon\n  - text: other words\n    speaker: nobody\n",
        "“fine words” and “other words”",
    );
    assert_eq!(s.error("unknown-speaker").location.line, 8);
}

/// Past a handful of quotes the article's quotes are found through one automaton: every
/// quotation still gets its own, and a blockquote's quote is not given to a pair again.
#[test]
fn an_article_with_many_quotes_attributes_each() {
    let mut quotes = String::new();
    let mut body = String::new();
    for i in 0..40 {
        quotes.push_str(&format!(
            "  - text: statement number {i:02} here\n    speaker: yoon\n"
        ));
        body.push_str(&format!(
            "He said “statement number {i:02} here” today.\n\n"
        ));
    }
    quotes.push_str("  - text: the whole blockquote\n    speaker: yoon\n");
    body.push_str("> It was “the whole blockquote” then.\n");
    let s = with_quotes(&quotes, &body);
    s.build_ok();
    let html = s.read("a/index.html");
    for i in 0..40 {
        let pair =
            format!("aria-describedby=\"tip-quote-{i}\">“statement number {i:02} here”</span>");
        assert!(html.contains(&pair), "quote {i}");
    }
    assert_eq!(html.matches("<blockquote").count(), 1);
    assert!(html.contains("<blockquote data-speaker=\"yoon\""), "{html}");
    assert!(
        html.contains("It was “the whole blockquote” then."),
        "the pair inside is not attributed again"
    );
}
