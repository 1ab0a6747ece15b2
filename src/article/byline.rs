//! `author`: the byline as written (a name, or a list of names), each name resolved to a
//! person entry of the glossary when it is one's id or exact name.

use serde_yaml::Value;

use crate::diagnostic::Diagnostic;
use crate::front::{Seg, YamlPlace};
use crate::glossary::Glossary;
use crate::model::Kind;

/// `author`: one name or a list, trimmed, blanks left out. A byline that is the id of a
/// person entry, or exactly the name of one, is that person: their name, and their
/// entry. The id of another kind of entry is an error (a byline names people).
pub(super) fn authors(
    author: Option<&Value>,
    glossary: &Glossary,
    place: &YamlPlace,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<String>, Vec<Option<usize>>) {
    let entries = glossary.entries();
    names(author, place, diags)
        .into_iter()
        .map(|a| a.trim().to_string())
        .filter(|a| !a.is_empty())
        .map(|a| match glossary.index_of(&a) {
            Some(e) if entries[e].kind == Kind::Person => (entries[e].name.clone(), Some(e)),
            Some(e) => {
                diags.push(
                    Diagnostic::error(
                        "author-not-person",
                        place.at_text(&[Seg::Key("author")], &a),
                        format!(
                            "the author `{a}` is the glossary entry of {}, which is no person",
                            entries[e].name
                        ),
                    )
                    .with_help("a byline names people: use a person entry's id, or write the byline as plain text that is no entry id"),
                );
                (a, None)
            }
            None => {
                let person = glossary.person_named(&a);
                (a, person)
            }
        })
        .unzip()
}

/// The byline's names as written: a string, or each string of a list (an empty item is
/// none). Anything else is a `bad-author` error at its item, which is left out.
fn names(author: Option<&Value>, place: &YamlPlace, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let items: Vec<(Option<usize>, &Value)> = match author {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Sequence(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (Some(i), v))
            .collect(),
        Some(one) => vec![(None, one)],
    };
    let mut names = Vec::with_capacity(items.len());
    for (index, item) in items {
        let (what, written) = match item {
            Value::String(s) => {
                names.push(s.clone());
                continue;
            }
            Value::Null => continue,
            Value::Number(n) => ("a number", Some(n.to_string())),
            Value::Bool(b) => ("true or false", Some(b.to_string())),
            Value::Sequence(_) => ("a list", None),
            Value::Mapping(_) => ("a mapping of keys", None),
            Value::Tagged(_) => ("a tagged value", None),
        };
        let mut path = vec![Seg::Key("author")];
        path.extend(index.map(Seg::Index));
        // A flow list's item is found by its text on the key's line.
        let at = match &written {
            Some(w) => place.at_text(&path, w),
            None => place.at(&path),
        };
        diags.push(
            Diagnostic::error(
                "bad-author",
                at,
                format!("an author is a name or an entry id (text), not {what}"),
            )
            .with_help("write each author as text, in quotes if it looks like a number or true/false: `author: [Kim Ji-won, \"7\"]`"),
        );
    }
    names
}
