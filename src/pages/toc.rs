//! An article's table of contents: which of its headings it lists, and when it has one.

use crate::body::headings::Heading;
use crate::templates::TocItem;

/// How many top-level `##` headings give an article a table of contents unless its front
/// matter says `toc:`.
pub(crate) const AUTO_MIN_SECTIONS: usize = 3;

/// The table of contents of a body with these headings: its top-level `##` headings, each
/// with the `###` after it nested (a `###` before any `##` stands at the top). Headings
/// in blockquotes, lists and footnotes have ids but are not listed. `toc` is the front
/// matter's: `Some(false)` never, `Some(true)` always (when there is a heading to list),
/// `None` from [`AUTO_MIN_SECTIONS`] `##` headings up.
pub(crate) fn toc(toc: Option<bool>, headings: &[Heading]) -> Vec<TocItem> {
    let listed = headings
        .iter()
        .filter(|h| h.top_level && (h.level == 2 || h.level == 3))
        // A heading with no text (an image without alt text) would be an empty link.
        .filter(|h| !h.text.is_empty());
    let sections = listed.clone().filter(|h| h.level == 2).count();
    let show = toc.unwrap_or(sections >= AUTO_MIN_SECTIONS);
    if !show {
        return Vec::new();
    }
    let mut items: Vec<TocItem> = Vec::new();
    let mut in_section = false;
    for h in listed {
        let item = TocItem {
            id: h.id.clone(),
            text: h.text.clone(),
            level: h.level,
            children: Vec::new(),
        };
        match items.last_mut() {
            Some(section) if h.level == 3 && in_section => section.children.push(item),
            _ => {
                in_section = h.level == 2;
                items.push(item);
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str, top_level: bool) -> Heading {
        Heading {
            id: id.into(),
            text: id.to_uppercase(),
            level,
            top_level,
        }
    }

    fn shape(items: &[TocItem]) -> Vec<(String, Vec<String>)> {
        items
            .iter()
            .map(|i| {
                (
                    i.id.clone(),
                    i.children.iter().map(|c| c.id.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn three_sections_get_a_table_with_their_subsections_nested() {
        let heads = [
            h(3, "intro", true),
            h(2, "a", true),
            h(3, "a1", true),
            h(4, "deep", true),
            h(2, "b", true),
            h(2, "quoted", false),
            h(3, "listed", false),
            h(2, "c", true),
        ];
        let got = shape(&toc(None, &heads));
        let want = [
            ("intro", vec![]),
            ("a", vec!["a1"]),
            ("b", vec![]),
            ("c", vec![]),
        ];
        let want: Vec<(String, Vec<String>)> = want
            .iter()
            .map(|(i, c)| (i.to_string(), c.iter().map(|c| c.to_string()).collect()))
            .collect();
        assert_eq!(got, want);
        assert_eq!(toc(None, &heads)[1].text, "A");
    }

    #[test]
    fn two_sections_get_none_unless_forced_and_false_turns_it_off() {
        let two = [h(2, "a", true), h(2, "b", true), h(2, "x", false)];
        assert!(toc(None, &two).is_empty());
        assert_eq!(toc(Some(true), &two).len(), 2);
        let three = [h(2, "a", true), h(2, "b", true), h(2, "c", true)];
        assert!(toc(Some(false), &three).is_empty());
        assert!(toc(Some(true), &[]).is_empty());
    }
}
