//! Newsroom-scale benchmark, run on demand: `cargo bench --bench newsroom`.
//!
//! Generates a deterministic corpus of news-like explainers, then times `explainer build`
//! (the release binary, start-up included) against floors measured in the same run: the
//! same bodies parsed, rendered and written by pulldown-cmark alone, without and with
//! syntect on the code blocks; and Hugo and Zola on the same articles when they are
//! installed. Prints medians, peak memory and ratios. See docs/performance.md.
//!
//! Each article names a cast of a few acronyms and people, as a news story does (11
//! distinct entries on average); the largest size is also run on the dense corpus of the first
//! sessions (about 40), as a stress test. The glossary comparison (20 entries against
//! 5,000) runs at 1,000 articles and at the largest size.
//!
//! Options (after `--`): `--sizes 1000,10000` `--runs 5` `--dir PATH` (use a tmpfs)
//! `--quick` (sizes 200,1000 and 3 runs), `--skip-others` (no Hugo or Zola), `--hugo PATH`
//! (default: `hugo` on PATH, else the binary of the `hugo` Python package), `--zola PATH`
//! (default: `zola` on PATH), `--keep` (leave the generated sites and the outputs in the
//! folder; by default they are deleted at the end).

#[path = "newsroom/compare.rs"]
mod compare;
#[path = "newsroom/corpus.rs"]
mod corpus;
#[path = "newsroom/floors.rs"]
mod floors;
#[path = "newsroom/peers.rs"]
mod peers;
#[path = "newsroom/report.rs"]
mod report;
#[path = "newsroom/serve.rs"]
mod serve;
#[path = "newsroom/timing.rs"]
mod timing;

use std::fs;
use std::path::{Path, PathBuf};

use compare::Tools;
use corpus::{NEWSROOM, Spec, generate};
use floors::{floor, pages_floor};
use peers::{hugo_binary, version, zola_binary};
use report::{mib, ms, print_targets};
use serve::serve_edits;
use timing::{build_command, runs, settle};

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
    let run_count: usize = flag("--runs")
        .and_then(|n| n.parse().ok())
        .unwrap_or(if quick { 3 } else { 5 });
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
    let peer = |found: Result<PathBuf, String>, install: &str, version_arg: &str| match found {
        _ if skip_others => None,
        Ok(path) => {
            println!("{}: {}", path.display(), version(&path, version_arg));
            Some(path)
        }
        Err(why) => {
            println!("({why}, so it is left out: {install})");
            None
        }
    };
    let hugo = peer(
        hugo_binary(flag("--hugo").map(PathBuf::from)),
        "install Hugo (extended) and put `hugo` on PATH, or pass --hugo PATH",
        "version",
    );
    let zola = peer(
        zola_binary(flag("--zola").map(PathBuf::from)),
        "install Zola and put `zola` on PATH, or pass --zola PATH",
        "--version",
    );
    println!(
        "medians of {run_count} runs after one warm-up; peak = largest resident set of any run\n"
    );

    let tools = Tools {
        explainer: explainer.clone(),
        me: me.clone(),
        hugo,
        zola,
        dir: dir.clone(),
    };
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let mut at_largest = None;
    for &n in &sizes {
        let corpus = generate(
            &dir.join(format!("site-{n}")),
            Spec {
                articles: n,
                ..NEWSROOM
            },
        );
        println!("## {n} articles");
        let compared = tools.compare(&corpus, run_count);
        if n == largest {
            at_largest = Some(compared);
        }
    }
    // The corpus of sessions 1 to 3, about 40 distinct entries an article: a stress test.
    if let Some(&n) = sizes.iter().max() {
        let corpus = generate(
            &dir.join(format!("site-{n}-dense")),
            Spec {
                articles: n,
                dense: true,
                ..NEWSROOM
            },
        );
        println!("## {n} articles, dense corpus (every article names anyone: ~40 entries each)");
        tools.compare(&corpus, run_count);
    }

    // serve: one edited article in the largest site, rebuilt incrementally.
    let mut serve_slowest = None;
    if let Some(&n) = sizes.iter().max() {
        let root = dir.join(format!("site-{n}"));
        if let Some(lines) = serve_edits(&explainer, &root) {
            serve_slowest = lines.iter().map(|&(_, ms)| ms).reduce(f64::max);
            println!(
                "## serve, {n} articles: one changed article re-rendered (median of 5 changes each)"
            );
            for (what, ms) in lines {
                println!("- {what}: {ms:.1} ms");
            }
            println!();
        }
    }

    // A small site, start-up included.
    let small = generate(
        &dir.join("site-10"),
        Spec {
            articles: 10,
            people: 20,
            ..NEWSROOM
        },
    );
    let small_site = runs(20, || {
        build_command(&explainer, &small.root, dir.join("out-10"))
    });
    if let Some(s) = small_site {
        println!(
            "## 10 articles, start-up included: {} (peak {})\n",
            ms(s.wall),
            mib(s.peak_kib)
        );
    }

    // Glossary size: the same articles with 20 entries and with 5,000, at 1,000 articles
    // and at the largest size (the archive of the issue).
    let mut glossary_sizes = vec![1000];
    glossary_sizes.extend(sizes.iter().max().filter(|&&n| n > 1000));
    let mut glossary_ratio = None;
    for n in glossary_sizes {
        let ratio = tools.glossary_size(n, run_count);
        if n == largest.max(1000) {
            glossary_ratio = ratio.map(|r| (n, r));
        }
    }

    if let Some(c) = at_largest {
        print_targets(
            largest,
            &c,
            small_site.map(|s| s.wall),
            serve_slowest,
            glossary_ratio,
        );
    }

    if args.iter().any(|a| a == "--keep") {
        println!("(sites and outputs kept in {})", dir.display());
    } else {
        clean();
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
