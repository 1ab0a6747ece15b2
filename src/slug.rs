//! URL paths: Unicode NFC, lowercase, runs of spaces and punctuation made one `-`.

use unicode_normalization::UnicodeNormalization;

/// Slugifies one path component. The result never contains `/`, `\`, or `.`, so it can
/// never name a parent folder.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.nfc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Slugifies a `/`-separated path, dropping components that slugify to nothing
/// (`..`, `.`, empty). The result is a relative path with no way out of its folder.
pub fn slugify_path(path: &str) -> String {
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
    fn paths_cannot_climb_out() {
        assert_eq!(slugify_path("2022/THAAD Talks"), "2022/thaad-talks");
        assert_eq!(slugify_path("../../etc/passwd"), "etc/passwd");
        assert_eq!(slugify_path("/abs\\..\\x"), "abs/x");
        assert_eq!(slugify_path(".."), "");
    }
}
