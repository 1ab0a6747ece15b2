//! The CommonMark spec's own examples (`tests/commonmark/spec.txt`) through the full event
//! chain with an empty glossary.

use pulldown_cmark::{Options, Parser, html};

use crate::body::annotate::AnnotateOptions;
use crate::glossary::Glossary;
use crate::model::Annotate;

struct Example {
    number: usize,
    section: String,
    markdown: String,
    html: String,
}

fn examples() -> Vec<Example> {
    let spec = include_str!("../../tests/commonmark/spec.txt");
    let fence = "````````````````````````````````";
    let mut out = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix('#') {
            section = h.trim_start_matches('#').trim().to_string();
        }
        if line == format!("{fence} example") {
            let mut markdown = String::new();
            let mut html = String::new();
            let mut in_html = false;
            for l in lines.by_ref() {
                if l == fence {
                    break;
                }
                if l == "." && !in_html {
                    in_html = true;
                    continue;
                }
                let target = if in_html { &mut html } else { &mut markdown };
                target.push_str(&l.replace('→', "\t"));
                target.push('\n');
            }
            out.push(Example {
                number: out.len() + 1,
                section: section.clone(),
                markdown,
                html,
            });
        }
    }
    out
}

/// pulldown-cmark writes `"` in text where the reference renderer writes `&quot;`, and
/// no line break after `<li>` before a raw HTML block; both are the same HTML to a browser.
fn normalize(html: &str) -> String {
    html.replace("&quot;", "\"").replace("<li>\n", "<li>")
}

fn chain(markdown: &str, glossary: &Glossary) -> String {
    let opts = AnnotateOptions {
        glossary,
        root: String::new(),
        annotate: Annotate::First,
        skip: Default::default(),
        quotes: Vec::new(),
        raw_html: true,
    };
    super::render_with(markdown, Options::empty(), &opts, false).html
}

#[test]
fn every_spec_example_is_conformant_through_the_full_chain() {
    let glossary = Glossary::default();
    let examples = examples();
    assert_eq!(examples.len(), 652, "spec 0.31.2 has 652 examples");
    let mut failures = Vec::new();
    for ex in &examples {
        let got = chain(&ex.markdown, &glossary);
        if normalize(&got) != normalize(&ex.html) {
            failures.push(format!(
                "example {} ({}):\n--- markdown\n{}--- expected\n{}--- got\n{}",
                ex.number, ex.section, ex.markdown, ex.html, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples differ:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn the_annotation_pass_changes_nothing_without_a_glossary() {
    let glossary = Glossary::default();
    for ex in examples() {
        let mut plain = String::new();
        html::push_html(&mut plain, Parser::new_ext(&ex.markdown, Options::empty()));
        assert_eq!(
            chain(&ex.markdown, &glossary),
            plain,
            "example {}",
            ex.number
        );
    }
}
