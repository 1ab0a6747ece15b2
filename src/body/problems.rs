//! What the annotator found in an article's body, as diagnostics: unknown `term:` ids,
//! script links, raw HTML left out, and quotes whose text is in no quotation.

use std::ops::Range;

use crate::article::Article;
use crate::article::sources::UnknownSource;
use crate::body::Rendered;
use crate::body::annotate::Problem;
use crate::diagnostic::{Diagnostic, Location, suggestion};
use crate::front::Seg;
use crate::glossary::Glossary;
use crate::images::ImageProblem;
use crate::model::normalize_quote;
use crate::source::SourceFile;

/// The problems of an article's body. `file` is the whole file, its body at `body_offset`.
pub(crate) fn report(
    a: &Article,
    file: &SourceFile,
    body_offset: usize,
    r: &Rendered,
    glossary: &Glossary,
    diags: &mut Vec<Diagnostic>,
) {
    let body_loc = |range: &Range<usize>| {
        Location::in_file(file, body_offset + range.start..body_offset + range.end)
    };
    for p in &r.findings.problems {
        diags.push(problem_diagnostic(p, body_loc, glossary));
    }
    quotes_not_found(a, &file.text[body_offset..], r, diags);
}

/// The diagnostic of a problem the annotator found.
fn problem_diagnostic(
    p: &Problem,
    body_loc: impl Fn(&Range<usize>) -> Location,
    glossary: &Glossary,
) -> Diagnostic {
    match p {
        Problem::UnknownTerm { range, id } => Diagnostic::error(
            "unknown-term",
            body_loc(range),
            format!("`term:{id}` names no glossary entry"),
        )
        .with_help_opt(suggestion(id, glossary.ids()).or_else(|| {
            Some(format!(
                "define `{id}` under `glossary:` in the front matter or in glossary.yaml"
            ))
        })),
        Problem::DangerousLink { range, url } => Diagnostic::error(
            "unsafe-link",
            body_loc(range),
            format!(
                "the link `{}` would run code in the reader's browser",
                url.chars().take(40).collect::<String>()
            ),
        )
        .with_help("link to an http, https or relative address"),
        Problem::UnknownSource { range, dest, why } => unknown_source(body_loc(range), dest, why),
        Problem::Image { range, src, why } => image_problem(body_loc(range), src, why),
        Problem::RawHtmlOmitted { range } => Diagnostic::warning(
            "raw-html",
            body_loc(range),
            "raw HTML is left out of the page",
        )
        .with_help(
            "write it in Markdown, or set `raw_html: true` in site.yaml if you trust every author",
        ),
    }
}

/// The error of a link by source file that leads to no article of this build: why, when
/// the build left the file out, else the nearest source path.
fn unknown_source(at: Location, dest: &str, why: &UnknownSource) -> Diagnostic {
    if let (Some(w), Some(left_out)) = (&why.wanted, &why.left_out) {
        let (message, help) = left_out.explain_file(&format!("content/{w}"));
        return Diagnostic::error(
            "unknown-source",
            at,
            format!("`{dest}` links to an article left out of this build: {message}"),
        )
        .with_help(help);
    }
    Diagnostic::error(
        "unknown-source",
        at,
        match &why.wanted {
            Some(w) => format!("`{dest}` links to `content/{w}`, which is no article of this build"),
            None => format!("`{dest}` climbs out of content/"),
        },
    )
    .with_help(match &why.nearest {
        Some(n) => format!("did you mean `{n}`?"),
        None => "link to an article's Markdown file, relative to this one or from content/ as `@/folder/name.md`".into(),
    })
}

/// An error for each of the article's quotes that attributed no quotation of `body`.
fn quotes_not_found(a: &Article, body: &str, r: &Rendered, diags: &mut Vec<Diagnostic>) {
    let missing: Vec<usize> = (r.findings.quote_hits.iter().enumerate())
        .filter(|&(i, &hits)| hits == 0 && !a.quotes[i].normalized.is_empty())
        .map(|(i, _)| i)
        .collect();
    if missing.is_empty() {
        return;
    }
    let texts: Vec<&str> = missing
        .iter()
        .map(|&i| a.quotes[i].normalized.as_str())
        .collect();
    let in_body = in_body(body, &texts);
    for (k, &i) in missing.iter().enumerate() {
        let help = if in_body[k] {
            "the text is in the body but not inside quotation marks or a blockquote: put the quotation in “…” or start its lines with `>`"
        } else {
            "copy a piece of the quotation exactly as it stands in the body (quotation marks and line breaks do not matter)"
        };
        diags.push(
            Diagnostic::error(
                "quote-not-found",
                a.at(&[Seg::Key("quotes"), Seg::Index(i), Seg::Key("text")]),
                "this quote's text is not in any quotation of the article",
            )
            .with_help(help),
        );
    }
}

/// For each of `texts` (normalized), whether it stands anywhere in `body`: one pass over
/// the body, however many texts there are.
fn in_body(body: &str, texts: &[&str]) -> Vec<bool> {
    let body = normalize_quote(body);
    let mut found = vec![false; texts.len()];
    let built = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .build(texts);
    if let Ok(ac) = built {
        for m in ac.find_overlapping_iter(&body) {
            found[m.pattern().as_usize()] = true;
        }
    }
    found
}

/// True when the article's own body has no error, so its page can be written now.
pub(crate) fn renders_cleanly(a: &Article, r: &Rendered) -> bool {
    let problem = r
        .findings
        .problems
        .iter()
        .any(|p| !matches!(p, Problem::RawHtmlOmitted { .. }));
    let missing_quote = a
        .quotes
        .iter()
        .zip(&r.findings.quote_hits)
        .any(|(q, &h)| h == 0 && !q.normalized.is_empty());
    !problem && !missing_quote
}

/// The diagnostic of an image path that leads to no image of the site.
pub(crate) fn image_problem(at: Location, src: &str, why: &ImageProblem) -> Diagnostic {
    let shown: String = src.chars().take(80).collect();
    match why {
        ImageProblem::Absolute => Diagnostic::error(
            "image-path",
            at,
            format!("the image `{shown}` starts at the host's root, which breaks under a sub-path"),
        )
        .with_help("write the path relative to the page: `map.png` beside a bundle's index.md, `../../images/map.png` for static/images/map.png"),
        ImageProblem::ClimbsOut => Diagnostic::error(
            "image-path",
            at,
            format!("the image `{shown}` climbs out of the site"),
        )
        .with_help("put the image beside the article (a page bundle) or in static/"),
        ImageProblem::Missing { nearest } => Diagnostic::error(
            "missing-image",
            at,
            format!("the image `{shown}` is no file of the site"),
        )
        .with_help(match nearest {
            Some(n) => format!("did you mean `{n}`?"),
            None => "put it beside the article's index.md (a page bundle) or in static/".into(),
        }),
        ImageProblem::Bad(why) => Diagnostic::error(
            "bad-image",
            at,
            format!("the image `{shown}` cannot be shown: {why}"),
        )
        .with_help("export it again as PNG, JPEG, GIF, WebP or AVIF"),
    }
}
