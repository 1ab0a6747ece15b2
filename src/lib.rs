//! explainer: a static site generator for annotated news explainers.
//!
//! The pipeline, one module a stage:
//! - [`content`]: discover and read site.yaml, glossary.yaml and the articles (walkdir, sorted)
//! - [`source`]: files and the byte offset → line and column index
//! - [`front`]: split and strictly parse front matter (serde_yaml), re-base error positions
//! - [`glossary`]: merge and validate every entry; one aho-corasick matcher
//! - [`markdown`]: parser options and the event chain
//! - [`annotate`]: mentions, `term:` links and quote attribution, as an event adapter
//! - [`highlight`]: syntect, loaded lazily, classed spans, light and dark CSS
//! - [`templates`]: Tera, built-in templates overridable from templates/, view structs
//! - [`site`]: wires the stages and collects every diagnostic
//! - [`output`]: writes into a fresh folder and swaps it into place
//! - [`diagnostic`]: problems rendered as `path:line:column` with the line and a caret
//! - [`lint`]: the copy desk of `check`
//! - [`serve`]: the live preview; [`scaffold`]: `explainer new`

pub mod annotate;
pub mod content;
pub mod diagnostic;
pub mod error;
pub mod front;
pub mod glossary;
pub mod highlight;
pub mod html;
pub mod lint;
pub mod manifest;
pub mod markdown;
pub mod output;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
pub mod templates;
pub mod theme;

use std::path::PathBuf;

pub use diagnostic::{Diagnostic, Severity};
pub use error::Error;
pub use site::BuildOptions;

/// What a successful build reports.
#[derive(Debug)]
pub struct BuildReport {
    /// Files written.
    pub files: usize,
    /// Articles built.
    pub articles: usize,
    /// Warnings met.
    pub warnings: Vec<Diagnostic>,
    /// The output this build replaced, moved aside: dropping the report deletes it, or
    /// hand it to [`output::Previous::discard_in_background`]. None after `check`.
    pub previous: Option<output::Previous>,
}

/// Builds the site into `out`, atomically: on any error the previous output is untouched.
pub fn build(opts: &BuildOptions, out: &std::path::Path) -> Result<BuildReport, Error> {
    output::check_out_dir(&opts.root, out)?;
    let staging = output::Staging::new(out)?;
    let generated = site::generate(opts, &staging)?;
    let files = staging.files();
    let previous = staging.commit()?;
    Ok(BuildReport {
        files,
        articles: generated.article_count,
        warnings: generated.warnings,
        previous: Some(previous),
    })
}

/// Runs every stage, templates included, plus the copy desk's lints; writes nothing.
pub fn check(opts: &BuildOptions) -> Result<BuildReport, Error> {
    let opts = BuildOptions {
        lint: true,
        ..opts.clone()
    };
    let sink = site::MemorySink::default();
    let generated = site::generate(&opts, &sink)?;
    Ok(BuildReport {
        files: sink.into_pages().len(),
        articles: generated.article_count,
        warnings: generated.warnings,
        previous: None,
    })
}

/// The default output folder of a site: `public/` inside it.
pub fn default_out(root: &std::path::Path) -> PathBuf {
    root.join("public")
}
