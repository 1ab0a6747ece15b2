//! Front matter that is always valid YAML, of the shape explainer reads, with hostile
//! values: markup, template syntax, paths that climb, bidirectional controls, huge and
//! empty strings, numbers and lists where text belongs; then a body that mentions its
//! names and quotes. Taken through `check`.
#![no_main]

use std::collections::BTreeMap;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;

/// A string built of pieces an attacker or a broken export would type.
#[derive(Debug)]
struct Hostile(String);

const PIECES: &[&str] = &[
    "THAAD", "Moon Jae-in", "three noes", "Lotte", "<script>alert(1)</script>", "\"", "'",
    "“", "”", "‘", "’", "&amp;", "&", "<", ">", "../", "..\\", "/", "%2e%2e/", "{{ page }}",
    "{% raw %}", "{#", "javascript:alert(1)", "data:text/html,x", "term:thaad", "\u{202e}",
    "\u{200b}", "\u{feff}", "\0", "\r\n", "\n", "\t", " ", "---", "...", "#", "*", "_", "`",
    "[", "](", ")", "|", ">", "- ", "é", "한국", "🚀", "A", "a", "2017-03-16", "-1",
    "9999999999999999999", "NaN", "~", "null", "true", ":", "? ", "&anchor", "*alias", "!tag",
];

impl<'a> Arbitrary<'a> for Hostile {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut s = String::new();
        for _ in 0..u.int_in_range(0..=8)? {
            match u.int_in_range(0..=9)? {
                0 => s.push_str(<&str>::arbitrary(u)?),
                // A long run of one piece.
                1 => s.push_str(&u.choose(PIECES)?.repeat(u.int_in_range(1..=2000)?)),
                _ => s.push_str(u.choose(PIECES)?),
            }
        }
        Ok(Hostile(s))
    }
}

impl Serialize for Hostile {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A value where the reader expects one kind: usually text, sometimes anything else.
#[derive(Debug, Arbitrary, Serialize)]
#[serde(untagged)]
enum Value {
    Text(Hostile),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null(()),
    List(Vec<Hostile>),
    Map(BTreeMap<String, Hostile>),
}

#[derive(Debug, Arbitrary, Serialize)]
struct Entry {
    name: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    definition: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expansion: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    native: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    aliases: Option<Vec<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ignore_case: Option<Value>,
}

#[derive(Debug, Arbitrary, Serialize)]
struct Quote {
    text: Value,
    speaker: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<Value>,
}

#[derive(Debug, Arbitrary, Serialize)]
struct Front {
    title: Value,
    date: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    draft: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotate: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skip: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    glossary: Option<BTreeMap<String, Entry>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quotes: Option<Vec<Quote>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    extra: Option<BTreeMap<String, Value>>,
}

/// The front matter and pieces of the body that name its entries and quote its quotes.
#[derive(Debug, Arbitrary)]
struct Article {
    front: Front,
    body: Vec<Hostile>,
}

fn text_of(v: &Value) -> Option<&str> {
    match v {
        Value::Text(h) => Some(&h.0),
        _ => None,
    }
}

fuzz_target!(|article: Article| {
    let Ok(yaml) = serde_yaml::to_string(&article.front) else {
        return;
    };
    let mut body = String::new();
    for (i, piece) in article.body.iter().enumerate() {
        body.push_str(&piece.0);
        body.push(if i % 4 == 3 { '\n' } else { ' ' });
    }
    for entry in article.front.glossary.iter().flat_map(|g| g.values()) {
        if let Some(name) = text_of(&entry.name) {
            body.push_str(&format!("\n\nAbout {name}, and {name} again.\n"));
        }
    }
    for quote in article.front.quotes.iter().flatten() {
        if let Some(text) = text_of(&quote.text) {
            body.push_str(&format!("\n\nShe said “{text}” then.\n\n> {text}\n"));
        }
    }
    explainer::fuzzing::article(&format!("---\n{yaml}---\n{body}"), true);
});
