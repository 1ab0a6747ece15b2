//! `explainer check`, the copy desk, beside `explainer build` on the copy desk's corpus
//! (700 glossary entries); and at the largest size, check with a 5,000-entry glossary and
//! with five internal links an article, each against the same articles without.

use std::path::Path;
use std::process::Command;

use crate::compare::{Tools, rebuild};
use crate::corpus::{COPY_DESK, Links, Spec, generate};
use crate::report::{Ratio, Row, print_table};
use crate::timing::{Job, Tool, take_turns};

/// What the check comparison at one size measured: each a ratio of medians by round, or
/// why there is none; the variants only at the largest size.
pub(crate) struct Checked {
    pub(crate) articles: usize,
    /// check ÷ build (a rebuild), 700 entries.
    pub(crate) against_build: Ratio,
    /// check with 5,000 entries ÷ check with 700, the same articles.
    pub(crate) large_glossary: Option<Ratio>,
    /// check with five internal links an article ÷ check with none.
    pub(crate) links: Option<Ratio>,
}

/// `explainer check --root ROOT`, as a person runs it (its diagnostics on standard error).
fn check(explainer: &Path, root: &Path) -> Job {
    let mut c = Command::new(explainer);
    c.args(["check", "--root"]).arg(root);
    Job::new(c)
}

impl Tools {
    /// Times `explainer check` and `explainer build` on the copy desk's corpus of `n`
    /// articles, taking turns; with `variants`, also check with a 5,000-entry glossary
    /// and with five internal links an article.
    pub(crate) fn check_against_build(&self, n: usize, variants: bool, rounds: usize) -> Checked {
        let spec = Spec {
            articles: n,
            ..COPY_DESK
        };
        let site = generate(&self.dir.join(format!("site-desk-{n}")), spec);
        let out = self.dir.join(format!("out-desk-{n}"));
        let content = site.root.join("content");
        let variant_sites = variants.then(|| {
            let linked = generate(
                &self.dir.join(format!("site-desk-{n}-links")),
                Spec {
                    links: Links::Five,
                    ..spec
                },
            );
            // The same article files: only glossary.yaml differs.
            let large = generate(
                &self.dir.join(format!("site-desk-{n}-g5000")),
                Spec {
                    synthetic: COPY_DESK.named_synthetic,
                    ..spec
                },
            );
            (linked, large)
        });
        let mut tools = vec![
            Tool::new("explainer, rebuild", &content, || {
                rebuild(&self.explainer, &site.root, &out)
            }),
            Tool::new("explainer check", &content, || {
                check(&self.explainer, &site.root)
            }),
        ];
        if let Some((linked, large)) = &variant_sites {
            tools.push(Tool::new(
                "explainer check, 5 internal links an article",
                &linked.root.join("content"),
                || check(&self.explainer, &linked.root),
            ));
            tools.push(Tool::new(
                "explainer check, 5,000 glossary entries",
                &large.root.join("content"),
                || check(&self.explainer, &large.root),
            ));
        }
        println!(
            "## check, {n} articles (700 glossary entries, a cast of them an article; no internal links)"
        );
        let series = take_turns(&mut tools, rounds);
        let ratios: Vec<Option<Ratio>> = series
            .iter()
            .enumerate()
            .map(|(i, s)| match i {
                0 => None,
                1 => Some(s.ratio_to(&series[0])),
                _ => Some(s.ratio_to(&series[1])),
            })
            .collect();
        let table: Vec<Row> = series
            .iter()
            .zip(ratios.iter().cloned())
            .map(|(s, r)| (s.name.clone(), s, r))
            .collect();
        print_table(
            &table,
            "÷ the row it is compared with, same round (check ÷ build; a variant ÷ check)",
        );
        for s in series.iter().skip(1) {
            if !s.said.is_empty() {
                println!("- {}, its last run said: {}", s.name, s.said);
            }
        }
        println!();
        Checked {
            articles: n,
            against_build: series[1].ratio_to(&series[0]),
            large_glossary: variants.then(|| series[3].ratio_to(&series[1])),
            links: variants.then(|| series[2].ratio_to(&series[1])),
        }
    }
}
