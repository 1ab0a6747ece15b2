//! `near-miss`: a word, or a run of words, spelled within an edit or two of a glossary
//! name or alias (`THADD` for `THAAD`) or of a name in the article's byline (`Aldogra
//! Fredry` for `Aldgra Fredly`). A misspelt name is not linked to its entry, and a
//! misspelt byline is an embarrassment no spell checker catches. Short names (`Moon`,
//! `Noon`) are left alone, a form the glossary lists is no misspelling, and a byline's
//! names are checked only in that byline's own articles.

pub(super) mod index;

use index::strip_possessive;

use super::prose::{Prose, Word};
use super::{Story, Warnings};

/// Flags each near miss in a stretch of prose: the words' candidates found through the
/// desk's indexes word by word, then each candidate decided on the words from there.
pub(super) fn check(
    story: &mut Story<'_, '_>,
    p: &Prose,
    ws: &[Word<'_>],
    warn: &mut Warnings<'_>,
) {
    find_candidates(story, ws);
    let desk = story.desk;
    for &(source, name, i) in &story.candidates {
        let (index, written, what) = match source {
            0 => (&desk.near, desk.forms[name as usize], "glossary entry"),
            _ => (&desk.bylines, desk.authors[name as usize], "byline"),
        };
        if let Some((span, candidate)) = index.near_miss_at(&p.text, ws, i, name)
            && !desk.form_set.contains(candidate)
        {
            warn.push(
                story.at(p.span(span)),
                format!("`{candidate}` looks like a misspelling of `{written}` ({what})"),
                format!("write `{written}`, or add `{candidate}` as an alias if it is another accepted spelling"),
            );
        }
    }
}

/// Fills `story.candidates` with the near misses the words may start, sorted and once
/// each: (0 for a glossary form or 1 for a byline's name, the name, the first word).
fn find_candidates(story: &mut Story<'_, '_>, ws: &[Word<'_>]) {
    let (desk, byline, candidates) = (story.desk, &story.byline, &mut story.candidates);
    candidates.clear();
    for (source, index) in [&desk.near, &desk.bylines].into_iter().enumerate() {
        if source == 1 && byline.is_empty() {
            continue;
        }
        for (i, (_, w)) in ws.iter().enumerate() {
            let mut found = |name, k| {
                if let Some(start) = i.checked_sub(k)
                    && (source == 0 || byline.contains(&name))
                {
                    candidates.push((source, name, start));
                }
            };
            index.lookup(w, &mut found);
            if let Some(stripped) = strip_possessive(w) {
                index.lookup(stripped, &mut found);
            }
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
}

#[cfg(test)]
mod tests {
    use crate::check::lint::examples::{Example, run_examples};

    /// Prose the rule must flag (the words it flags, in order) and prose it must not.
    const EXAMPLES: &[Example] = &[
        Example::flags("THADD batteries arrived.", &["THADD"]),
        Example::flags("President Yoon Suk Yoel spoke.", &["Yoon Suk Yoel"]),
        // In the order of the names missed: `Seongju` comes before `THAAD` in the glossary.
        Example::flags("The THADD's radar reached Seongu.", &["Seongu", "THADD's"]),
        Example::flags("By Aldogra Fredry.", &["Aldogra Fredry"]),
        Example::passes("THAAD's radar, Yoon Suk Yeol and Seongju, by Aldgra Fredly."),
        Example::passes("The Terminal High Altitude Area Defense system."),
        Example::passes("Kim Mim-seo is near another article's byline, not this one's."),
        Example::passes("Moon and Noon are too short to tell apart."),
        Example::passes("Code is not prose: `THADD`."),
    ];

    #[test]
    fn examples() {
        run_examples("near-miss", EXAMPLES);
    }
}
