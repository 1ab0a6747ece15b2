//! URL paths: Unicode NFC, lowercase, runs of spaces and punctuation made one `-`.

use unicode_normalization::UnicodeNormalization;

/// Slugifies one path component. The result never contains `/`, `\`, or `.`, so it can
/// never name a parent folder.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut push = |c: char| {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    };
    if text.is_ascii() {
        // ASCII is already in NFC, and lowercases one byte to one byte.
        text.bytes()
            .for_each(|b| push(char::from(b.to_ascii_lowercase())));
    } else {
        text.nfc().flat_map(char::to_lowercase).for_each(push);
    }
    out
}

/// Slugifies a `/`-separated path, dropping components that slugify to nothing
/// (`..`, `.`, empty). The result is a relative path with no way out of its folder.
pub(crate) fn slugify_path(path: &str) -> String {
    path.split(['/', '\\'])
        .map(slugify)
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_and_joins_runs_of_punctuation() {
        assert_eq!(slugify("THAAD Talks"), "thaad-talks");
        assert_eq!(
            slugify("  ‘Not subject’ -- to talks!  "),
            "not-subject-to-talks"
        );
    }

    #[test]
    fn keeps_unicode_letters_in_nfc() {
        assert_eq!(slugify("Cafe\u{301} 윤석열"), "café-윤석열");
    }

    #[test]
    fn ascii_takes_the_same_path_as_unicode() {
        // The ASCII fast path must agree with NFC + Unicode lowercasing on every byte.
        let all: String = (0u8..128).map(char::from).collect();
        let slow = |t: &str| {
            // The same text with one non-ASCII letter appended, then that letter removed.
            let s = slugify(&format!("{t}é"));
            s.strip_suffix('é')
                .map(|x| x.trim_end_matches('-').to_string())
        };
        for t in [
            all.as_str(),
            "THAAD Talks",
            "  a--B__c!!D  ",
            "x/y",
            "Ünïcode",
        ] {
            if t.is_ascii() {
                assert_eq!(Some(slugify(t)), slow(t), "{t:?}");
            }
        }
    }

    #[test]
    fn paths_cannot_climb_out() {
        assert_eq!(slugify_path("2022/THAAD Talks"), "2022/thaad-talks");
        assert_eq!(slugify_path("../../etc/passwd"), "etc/passwd");
        assert_eq!(slugify_path("/abs\\..\\x"), "abs/x");
        assert_eq!(slugify_path(".."), "");
    }
}
