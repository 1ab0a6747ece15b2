//! Newsroom-scale benchmark, run on demand: `cargo bench --bench newsroom`.
//!
//! Generates deterministic corpora of news-like explainers and times the release binary
//! (start-up included), each tool a separate process, tools taking turns round by round
//! (one warm-up round, then `--runs` rounds: A B C, A B C, …). Prints medians, CPU time,
//! peak memory and ratios, each ratio the median over the rounds of the two tools' times
//! in the same round; and ends with this run's figures against the targets (the guards).
//!
//! Sections, in order (`--only` picks some):
//!
//! - `builds`: at each size, explainer, two floors measured by this binary (the same
//!   bodies rendered by pulldown-cmark alone, without and with syntect on the code blocks)
//!   and Hugo and Zola on the same articles, with minimal templates, a feed of 50 and a
//!   sitemap (as explainer makes with a base URL), a taxonomy of the glossary entries each
//!   article names (a page for each listing its articles, as explainer's entry pages do,
//!   and an index of them, as its glossary); and what explainer makes
//!   of the articles' headings and lead images (anchor links, a table of contents, the
//!   image with its size) as their users make it. Each tool in two modes: a *first build* deletes the previous
//!   output (`rm -rf`) inside the clock, then builds; a *rebuild* builds over the previous
//!   output. Hugo writes over it in place; Zola deletes it itself (`--force`); explainer
//!   writes only the pages that changed (none) and removes what is stale, as its default
//!   build does. The floors are first builds. The largest size is run again on a dense
//!   corpus (about 40 entries an article rather than a cast of 11).
//! - `check`: `explainer check` beside `explainer build` (a rebuild) on the copy desk's
//!   corpus (700 glossary entries) at each size; at the largest, check again with a
//!   5,000-entry glossary (the same articles) and with five internal links an article
//!   (against none).
//! - `serve`: one article of the largest site edited in five ways, each rebuild's time
//!   as `explainer serve` reports it.
//! - `small`: a 10-article site, a rebuild with start-up, 20 runs.
//! - `glossary`: the same articles built with 20 glossary entries and with 5,000, at
//!   1,000 articles and at the largest size.
//! - `scaling`: each dimension of one article (paragraphs, words in a paragraph, quotation
//!   marks, mentions, links, nesting, …) and of the glossary grown 1× → 10× → 100×,
//!   `build` and `check` at each size; the benchmark exits with status 1 when a 10× input
//!   costs over 20× the time or a run's peak memory goes over its budget.
//!
//! Options (after `--`): `--sizes 1000,10000` `--runs 5` `--quick` (sizes 200,1000 and 3
//! runs), `--only builds,check,serve,small,glossary,scaling`, `--timeout SECS` (60: a run that
//! takes longer is stopped and its tool counted as failed), `--dir PATH` (default
//! /dev/shm/explainer-bench: use a tmpfs), `--skip-others` (no Hugo or Zola), `--hugo
//! PATH` (default: a `hugo` executable on PATH, else the binary inside the `hugo` Python
//! package), `--zola PATH` (default: `zola` on PATH, else Zola built once from its
//! release tag into target/peers/, from `--zola-git URL` or Zola's GitHub repository),
//! `--keep` (leave the generated sites
//! and the outputs in the folder; by default they are deleted at the end). See
//! docs/performance.md.

#[path = "newsroom/checks.rs"]
mod checks;
#[path = "newsroom/compare.rs"]
mod compare;
#[path = "newsroom/corpus.rs"]
mod corpus;
#[path = "newsroom/floors.rs"]
mod floors;
#[path = "newsroom/glossary.rs"]
mod glossary;
#[path = "newsroom/peers.rs"]
mod peers;
#[path = "../tests/suite/png.rs"]
mod png;
#[path = "newsroom/report.rs"]
mod report;
#[path = "newsroom/scaling.rs"]
mod scaling;
#[path = "newsroom/serve.rs"]
mod serve;
#[path = "newsroom/timing.rs"]
mod timing;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use compare::{Tools, rebuild};
use corpus::{NEWSROOM, Spec, generate};
use floors::{floor, pages_floor};
use peers::{hugo_binary, version, zola_binary};
use report::{Figures, mib, ms, print_targets};
use serve::serve_edits;
use timing::{repeat, settle};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--pages-floor") {
        pages_floor(
            Path::new(&args[2]),
            args[3].parse().unwrap_or(0),
            args[4].parse().unwrap_or(0),
        );
        return;
    }
    if args.get(1).map(String::as_str) == Some("--floor") {
        floor(
            Path::new(&args[2]),
            Path::new(&args[3]),
            args.get(4).is_some_and(|a| a == "--highlight"),
        );
        return;
    }
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let quick = args.iter().any(|a| a == "--quick");
    let skip_others = args.iter().any(|a| a == "--skip-others");
    let sizes: Vec<usize> = flag("--sizes")
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| {
            if quick {
                vec![200, 1000]
            } else {
                vec![1000, 10_000]
            }
        });
    let rounds: usize = flag("--runs")
        .and_then(|n| n.parse().ok())
        .unwrap_or(if quick { 3 } else { 5 });
    let timeout = flag("--timeout")
        .and_then(|n| n.parse().ok())
        .map_or(Duration::from_secs(60), Duration::from_secs_f64);
    timing::init(timeout);
    let only: Option<Vec<String>> =
        flag("--only").map(|s| s.split(',').map(|w| w.trim().to_string()).collect());
    const SECTIONS: [&str; 6] = ["builds", "check", "serve", "small", "glossary", "scaling"];
    if let Some(unknown) = only
        .iter()
        .flatten()
        .find(|w| !SECTIONS.contains(&w.as_str()))
    {
        eprintln!(
            "--only: no section `{unknown}` (sections: {})",
            SECTIONS.join(", ")
        );
        std::process::exit(2);
    }
    let section = |name: &str| only.as_ref().is_none_or(|o| o.iter().any(|w| w == name));
    let dir = PathBuf::from(flag("--dir").unwrap_or_else(|| "/dev/shm/explainer-bench".into()));
    let explainer = PathBuf::from(env!("CARGO_BIN_EXE_explainer"));
    let me = std::env::current_exe().unwrap();
    println!(
        "newsroom benchmark — {} cores, output in {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        dir.display()
    );
    // The other generators, as their users install them; each left out, with the reason
    // and how to install it, when it cannot be found.
    // Looked for only when the builds are compared: finding Zola may mean building it.
    let peer = |find: &dyn Fn() -> Result<PathBuf, String>, install: &str, version_arg: &str| {
        if skip_others || !section("builds") {
            return None;
        }
        match find() {
            Ok(path) => {
                println!("{}: {}", path.display(), version(&path, version_arg));
                Some(path)
            }
            Err(why) => {
                println!("({why}, so it is left out: {install})");
                None
            }
        }
    };
    let hugo = peer(
        &|| hugo_binary(flag("--hugo").map(PathBuf::from)),
        "install Hugo (extended) and put `hugo` on PATH, or pass --hugo PATH",
        "version",
    );
    let zola = peer(
        &|| zola_binary(flag("--zola").map(PathBuf::from), flag("--zola-git")),
        "install Zola and put `zola` on PATH, pass --zola PATH, or let the benchmark build it with network access",
        "--version",
    );
    println!(
        "tools take turns, one warm-up round then {rounds} rounds; medians; peak = largest \
         resident set of any run; a run stopped after {} s counts as failed\n",
        timeout.as_secs_f64()
    );

    let tools = Tools {
        explainer: explainer.clone(),
        me,
        hugo,
        zola,
        dir: dir.clone(),
    };
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let mut figures = Figures {
        builds: None,
        small_site: None,
        serve_slowest: None,
        glossary: None,
        checks: Vec::new(),
    };
    if section("builds") {
        for &n in &sizes {
            let corpus = generate(
                &dir.join(format!("site-{n}")),
                Spec {
                    articles: n,
                    ..NEWSROOM
                },
            );
            println!("## {n} articles");
            let compared = tools.compare(&corpus, rounds);
            if n == largest {
                figures.builds = Some(compared);
            }
        }
        // About 40 distinct entries an article rather than a cast: a stress test.
        let corpus = generate(
            &dir.join(format!("site-{largest}-dense")),
            Spec {
                articles: largest,
                dense: true,
                ..NEWSROOM
            },
        );
        println!(
            "## {largest} articles, dense corpus (every article names anyone: ~40 entries each)"
        );
        tools.compare(&corpus, rounds);
    }

    if section("check") {
        for &n in &sizes {
            figures
                .checks
                .push(tools.check_against_build(n, n == largest, rounds));
        }
    }

    // serve: one edited article in the largest site, rebuilt incrementally.
    if section("serve") {
        let root = dir.join(format!("site-{largest}"));
        if !root.exists() {
            generate(
                &root,
                Spec {
                    articles: largest,
                    ..NEWSROOM
                },
            );
        }
        if let Some(lines) = serve_edits(&explainer, &root) {
            figures.serve_slowest = lines.iter().map(|&(_, ms)| ms).reduce(f64::max);
            println!(
                "## serve, {largest} articles: one changed article re-rendered (median of 5 changes each)"
            );
            for (what, ms) in lines {
                println!("- {what}: {ms:.1} ms");
            }
            println!();
        }
    }

    // A small site, start-up included.
    if section("small") {
        let small = generate(
            &dir.join("site-10"),
            Spec {
                articles: 10,
                people: 20,
                ..NEWSROOM
            },
        );
        let out = dir.join("out-10");
        let series = repeat("explainer, 10 articles", 20, || {
            rebuild(&explainer, &small.root, &out)
        });
        if let Some(s) = series.median() {
            println!(
                "## 10 articles, a rebuild, start-up included: {} (peak {})\n",
                ms(s.wall),
                mib(s.peak_kib)
            );
        }
        figures.small_site = Some(series);
    }

    // Glossary size: the same articles with 20 entries and with 5,000, at 1,000 articles
    // and at the largest size.
    if section("glossary") {
        let mut glossary_sizes = vec![1000];
        glossary_sizes.extend(Some(largest).filter(|&n| n > 1000));
        for n in glossary_sizes {
            let ratio = tools.glossary_size(n, rounds);
            if n == largest.max(1000) {
                figures.glossary = Some((n, ratio));
            }
        }
    }

    // Each dimension of one article grown 1× → 10× → 100×.
    let broken = if section("scaling") {
        scaling::scaling(&explainer, &dir, rounds.min(3))
    } else {
        Vec::new()
    };

    print_targets(largest, &figures);

    if args.iter().any(|a| a == "--keep") {
        println!("(sites and outputs kept in {})", dir.display());
    } else {
        clean();
    }
    if !broken.is_empty() {
        std::process::exit(1);
    }
}

/// Every folder and file this run made (sites, outputs, explainer's lists of pages), so
/// that [`clean`] deletes exactly those and nothing else in `--dir`.
static MADE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Notes a path this run makes; returns it.
pub(crate) fn made(path: &Path) -> PathBuf {
    let mut all = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if !all.iter().any(|p| p == path) {
        all.push(path.to_path_buf());
    }
    path.to_path_buf()
}

/// Deletes what the run made (a few GB at 10,000 articles, in memory when `--dir` is on
/// tmpfs): the generator remakes the sites on every run anyway.
fn clean() {
    let all = std::mem::take(&mut *MADE.lock().unwrap_or_else(|e| e.into_inner()));
    for path in &all {
        // A build's previous output may still be being deleted beside it.
        settle(path);
        let _ = if path.is_dir() {
            fs::remove_dir_all(path)
        } else {
            fs::remove_file(path)
        };
    }
}
