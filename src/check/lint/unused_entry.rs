//! `unused-entry`: a glossary entry that no article mentions. It explains nothing a
//! reader meets, and it is often the sign of a name the articles write another way (which
//! wants an alias). A `term:` link is a mention, and so is a byline that names the entry.
//! It runs once on the whole site.

use super::Warnings;
use crate::body::Rendered;
use crate::glossary::Glossary;

/// Flags each entry of the glossary that none of the articles mentions, where the entry
/// is defined.
pub(super) fn check(
    rendered: &[Rendered],
    authors: &[usize],
    glossary: &Glossary,
    warn: &mut Warnings<'_>,
) {
    let mut mentioned = vec![false; glossary.entries().len()];
    for &e in authors {
        mentioned[e] = true;
    }
    for r in rendered {
        for &e in &r.findings.mentioned {
            mentioned[e] = true;
        }
    }
    for (i, used) in mentioned.iter().enumerate() {
        if !used && let Some(origin) = glossary.origin(i) {
            let e = &glossary.entries()[i];
            warn.push(
                origin,
                format!("the entry `{}` is never mentioned", e.id),
                format!("mention `{}` in an article, add the form the articles use to its `aliases`, or remove it", e.name),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::lint::examples::{Example, run_examples};

    /// An article the rule must flag entries for (the entries' keys, in glossary order) and
    /// articles it must not. Its glossary: `mcdonald`, `seongju`, `thaad`, `yoon`.
    const EXAMPLES: &[Example] = &[
        Example::flags("THAAD was deployed.", &["mcdonald:", "seongju:", "yoon:"]),
        Example::flags(
            "[The system](term:thaad) is in Seongju.",
            &["mcdonald:", "yoon:"],
        ),
        Example::passes("THAAD is in Seongju, Yoon said to McDonald Kim."),
    ];

    #[test]
    fn examples() {
        run_examples("unused-entry", EXAMPLES);
    }
}
