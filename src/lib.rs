//! explainer: a static site generator for annotated news explainers.
//!
//! The stages of a build, in order, one module each:
//! - `content`: discover and read site.yaml, glossary.yaml and the articles (walkdir, sorted)
//! - `front`: split and strictly parse front matter (serde_yaml), re-base error positions
//! - `glossary`: merge and validate every entry; one aho-corasick matcher
//! - `article`: each article's front matter validated against the site, its URL chosen
//! - `body`: an article's body through the event chain: parse, `annotate` (mentions,
//!   `term:` links, quotes, the link and HTML policy), `highlight` (syntect), then HTML;
//!   `problems` reports what the chain found
//! - `pages`: the article page, the listing pages (each declaring what it shows), JSON-LD;
//!   `templates` (Tera, view structs) and `urls` (every URL the site makes)
//! - `check`: what `explainer check` adds, the copy desk (`lint`) and the link check
//! - `output`: writes into a fresh folder and swaps it into place
//!
//! `site` wires the stages; [`incremental`] is `serve`'s update of one article beside
//! it; [`serve`] is the live preview and [`scaffold`] `explainer new`. Below the stages,
//! `model` holds the types they share, `markdown` the Markdown dialect (parser options,
//! and Markdown that is not a body, such as glossary definitions), `source` the one byte offset → line and column
//! index, `clock` the build's now (`SOURCE_DATE_EPOCH` or the system clock), and
//! `diagnostic` renders problems.

mod article;
mod body;
mod bundles;
mod check;
mod clock;
mod content;
mod diagnostic;
mod error;
mod front;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
mod glossary;
mod html;
mod images;
pub mod incremental;
mod limits;
mod markdown;
mod menu;
mod model;
mod output;
mod pages;
pub mod scaffold;
pub mod serve;
mod sink;
mod site;
mod slug;
mod source;
mod templates;
mod theme;
mod timer;
mod urls;
mod walk;

use std::path::PathBuf;

pub use diagnostic::{Diagnostic, Location, Severity};
pub use error::Error;
pub use output::Write;
pub use sink::{Page, PageBody};
pub use site::BuildOptions;

/// What a successful build reports.
#[derive(Debug)]
pub struct BuildReport {
    /// Files the site has.
    pub files: usize,
    /// Articles built (stories, which the lists show).
    pub articles: usize,
    /// Pages built (`layout: page`, which no list shows).
    pub pages: usize,
    /// Warnings met.
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site into `out`, in place: on any error the previous output is untouched,
/// and only the pages whose bytes changed are written.
pub fn build(opts: &BuildOptions, out: &std::path::Path) -> Result<BuildReport, Error> {
    build_with(opts, out, Write::InPlace)
}

/// Builds the site into `out`, putting its pages in place as `write` says.
pub fn build_with(
    opts: &BuildOptions,
    out: &std::path::Path,
    write: Write,
) -> Result<BuildReport, Error> {
    output::check_out_dir(&opts.root, out)?;
    let staging = output::Staging::new(out, write)?;
    let built = site::generate(opts, &staging)?;
    let files = staging.files();
    staging.commit()?;
    Ok(BuildReport {
        files,
        articles: built.articles.iter().filter(|a| a.is_listed()).count(),
        pages: built.articles.iter().filter(|a| !a.is_listed()).count(),
        warnings: built.warnings,
    })
}

/// Runs every stage, templates included, plus the copy desk's lints; writes nothing.
pub fn check(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let opts = BuildOptions {
        lint: true,
        ..opts.clone()
    };
    let sink = check::LinkTargets::default();
    let mut built = site::generate(&opts, &sink)?;
    check::links::check(&built.articles, &built.links, &sink, &mut built.warnings);
    diagnostic::sort(&mut built.warnings);
    Ok(BuildReport {
        files: sink.len(),
        articles: built.articles.iter().filter(|a| a.is_listed()).count(),
        pages: built.articles.iter().filter(|a| !a.is_listed()).count(),
        warnings: built.warnings,
    })
}

/// How many articles and pages a build made, as its last line says it: `3 articles and 1
/// page`, or `3 articles` without pages.
pub fn counted(articles: usize, pages: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match pages {
        0 => format!("{articles} article{}", plural(articles)),
        _ => format!(
            "{articles} article{} and {pages} page{}",
            plural(articles),
            plural(pages)
        ),
    }
}

/// The default output folder of a site: `public/` inside it.
pub fn default_out(root: &std::path::Path) -> PathBuf {
    root.join("public")
}
