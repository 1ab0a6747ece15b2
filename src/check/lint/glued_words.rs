//! `glued-words`: a lower-case letter directly followed by a capital (`ChinaAt`). Text
//! pasted from a wire story or a PDF often loses the space or the full stop between two
//! sentences, and a spell checker passes both halves. Glossary forms, a piece of one, and
//! names written that way on purpose (`iPhone`, `eBay`, `McDonald`, `YouTube`) are spared.

use super::desk::CAMEL_NAMES;
use super::prose::{Prose, Word};
use super::{Story, Warnings};

/// Flags each glued word of a stretch of prose.
pub(super) fn check(
    story: &mut Story<'_, '_>,
    p: &Prose,
    ws: &[Word<'_>],
    warn: &mut Warnings<'_>,
) {
    let desk = story.desk;
    for (r, w) in ws {
        if let Some(cut) = glued_at(w)
            && !desk.form_words.contains(w)
            && !CAMEL_NAMES.contains(w)
            && !desk.inside_a_form(w)
        {
            let (a, b) = w.split_at(cut);
            warn.push(
                story.at(p.span(r.clone())),
                format!("`{w}` looks like two words glued together"),
                format!("did you mean `{a} {b}` or `{a}. {b}`? If `{w}` is a name, add it to the glossary"),
            );
        }
    }
}

/// Where a lower-case letter is directly followed by a capital, if it is.
fn glued_at(word: &str) -> Option<usize> {
    // A glue needs a capital past the first letter, which most words do not have.
    if word.is_ascii() && !word.bytes().skip(1).any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    // McDonald, MacArthur.
    if word.starts_with("Mc")
        || (word.starts_with("Mac") && word[3..].chars().next().is_some_and(char::is_uppercase))
    {
        return None;
    }
    let mut chars = word.char_indices();
    let (_, first) = chars.next()?;
    // iPhone, eBay: a single lower-case letter before a capital is a name, not a glue.
    let mut rest = word[first.len_utf8()..].chars();
    let skip_first = first.is_lowercase()
        && rest.next().is_some_and(char::is_uppercase)
        && rest.next().is_some();
    let mut prev = first;
    for (i, (at, c)) in chars.enumerate() {
        if prev.is_lowercase()
            && c.is_uppercase()
            && !(skip_first && i == 0)
            && prev.is_alphabetic()
        {
            return Some(at);
        }
        prev = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::lint::examples::{Example, run_examples};

    /// Prose the rule must flag (the words it flags, in order) and prose it must not.
    const EXAMPLES: &[Example] = &[
        Example::flags("The talks in ChinaAt the summit failed.", &["ChinaAt"]),
        Example::flags(
            "Two glues: SeoulIn and BeijingOn.",
            &["SeoulIn", "BeijingOn"],
        ),
        Example::flags("ÉtéAu revoir.", &["ÉtéAu"]),
        Example::passes("The talks ended.Then they left."),
        Example::passes("An iPhone, an eBay voucher and a meal at McDonald's."),
        Example::passes("MacArthur met McDonald Kim about THAAD."),
        Example::passes("A cDonald is a piece of a glossary name."),
        Example::passes("Code is not prose: `ChinaAt`."),
    ];

    #[test]
    fn examples() {
        run_examples("glued-words", EXAMPLES);
    }

    #[test]
    fn glued_words() {
        assert_eq!(glued_at("ChinaAt"), Some(5));
        assert_eq!(glued_at("iPhone"), None);
        assert_eq!(glued_at("McDonald"), None);
        assert_eq!(glued_at("THAAD"), None);
        assert_eq!(glued_at("Seongju"), None);
        assert_eq!(glued_at("eBay"), None, "a lower-case initial makes a name");
        assert_eq!(glued_at("eBayX"), Some(4));
        assert_eq!(glued_at("aB"), Some(1), "two letters are no name");
        assert_eq!(glued_at("MacArthur"), None);
        assert_eq!(glued_at("MachinesAt"), Some(8));
        assert_eq!(glued_at("ÉtéAu"), Some(5));
    }
}
