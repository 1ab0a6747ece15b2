//! The floors: the same bodies rendered by pulldown-cmark alone (with and without
//! syntect), and the file system alone making as many pages.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The floor: read each article, drop its front matter, parse and render the body with
/// pulldown-cmark, optionally highlight fenced code with syntect, write one HTML file per
/// article; in parallel, as explainer does. Runs in a child process (`--floor`).
pub(crate) fn floor(content: &Path, out: &Path, highlight: bool) {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let syntaxes = highlight.then(syntect::parsing::SyntaxSet::load_defaults_newlines);
    files.par_iter().for_each(|path| {
        let text = fs::read_to_string(path).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
        let mut html = String::with_capacity(body.len() * 3 / 2);
        let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES);
        match &syntaxes {
            None => pulldown_cmark::html::push_html(&mut html, parser),
            Some(ss) => {
                let mut in_code: Option<(String, String)> = None;
                let events = parser.filter_map(|e| match e {
                    pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(
                        pulldown_cmark::CodeBlockKind::Fenced(lang),
                    )) => {
                        in_code = Some((lang.to_string(), String::new()));
                        None
                    }
                    pulldown_cmark::Event::Text(t) if in_code.is_some() => {
                        in_code.as_mut().unwrap().1.push_str(&t);
                        None
                    }
                    pulldown_cmark::Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                        let (lang, code) = in_code.take().unwrap_or_default();
                        let syntax = ss
                            .find_syntax_by_token(&lang)
                            .unwrap_or_else(|| ss.find_syntax_plain_text());
                        let mut g = syntect::html::ClassedHTMLGenerator::new_with_class_style(
                            syntax,
                            ss,
                            syntect::html::ClassStyle::SpacedPrefixed { prefix: "hl-" },
                        );
                        for line in syntect::util::LinesWithEndings::from(&code) {
                            let _ = g.parse_html_for_line_which_includes_newline(line);
                        }
                        Some(pulldown_cmark::Event::Html(
                            format!("<pre><code>{}</code></pre>", g.finalize()).into(),
                        ))
                    }
                    e => Some(e),
                });
                pulldown_cmark::html::push_html(&mut html, events);
            }
        }
        let rel = path.strip_prefix(content).unwrap().with_extension("");
        let dir = out.join(rel);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), html).unwrap();
    });
}

/// The file system's part of a page: `count` folders with an `index.html` of `bytes`
/// each, made in parallel as explainer makes entry pages. Runs in a child process
/// (`--pages-floor`).
pub(crate) fn pages_floor(out: &Path, count: usize, bytes: usize) {
    let page = vec![b'x'; bytes];
    fs::create_dir_all(out).unwrap();
    (0..count).into_par_iter().for_each(|i| {
        let dir = out.join(format!("entry-{i}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), &page).unwrap();
    });
}

/// How many files a folder holds, and their bytes (`None` if it cannot be read).
pub(crate) fn files_and_bytes(dir: &Path) -> Option<(u64, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata().ok()?.len();
        }
    }
    (files > 0).then_some((files, bytes))
}
