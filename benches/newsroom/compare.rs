//! explainer against the floors and the other generators on one corpus; the glossary
//! size comparison.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::corpus::{Corpus, NEWSROOM, Spec, generate};
use crate::floors::files_and_bytes;
use crate::made;
use crate::peers::{hugo_site, zola_site};
use crate::report::{mib, ms};
use crate::timing::{Sample, Tool, build_command, runs, settle, take_turns};

/// What one corpus's comparison measured, for the summary against the targets.
pub(crate) struct Compared {
    pub(crate) rebuild: Option<Sample>,
    pub(crate) first: Option<Sample>,
    pub(crate) floor_highlight: Option<Sample>,
    pub(crate) hugo: Option<Sample>,
    pub(crate) zola: Option<Sample>,
}

/// What the runner compares, and where.
pub(crate) struct Tools {
    pub(crate) explainer: PathBuf,
    pub(crate) me: PathBuf,
    pub(crate) hugo: Option<PathBuf>,
    pub(crate) zola: Option<PathBuf>,
    pub(crate) dir: PathBuf,
}

impl Tools {
    /// Times explainer, the two floors and the other generators on one corpus, and prints
    /// a table of medians, peak memory and ratios.
    ///
    /// The tools take turns: one warm-up round, then `runs_here` rounds in which each tool
    /// runs once. This machine's speed drifts by 15–25% from one minute to the next, and
    /// turns put every tool in the same minutes. Before each run the tool's input files
    /// are read (untimed), so each starts with them as fresh as its own previous run would
    /// leave them: on this machine a file untouched for a few seconds costs several times
    /// more to read (see docs/performance.md), and Hugo's seconds-long turn would
    /// otherwise make whichever tool follows it pay for that.
    pub(crate) fn compare(&self, corpus: &Corpus, runs_here: usize) -> Compared {
        let out = self.dir.join(format!("out-{}", corpus.articles));
        let name = corpus
            .root
            .file_name()
            .map_or("site".into(), |n| n.to_string_lossy());
        let content = corpus.root.join("content");
        let floor_out = made(&self.dir.join("floor-out"));
        // The floors write into an empty folder, as explainer does (it deletes the previous
        // output in the background, after it has finished): emptied before each run, untimed.
        let floor = |highlight: bool| {
            settle(&floor_out);
            let _ = fs::remove_dir_all(&floor_out);
            let mut c = Command::new(&self.me);
            c.arg("--floor").arg(&content).arg(&floor_out);
            if highlight {
                c.arg("--highlight");
            }
            c
        };
        // A first build: no previous output, so no page can be linked from it and every
        // page is written (the previous output and its list removed before each run,
        // untimed). `explainer build` above rebuilds over its own previous output, as an
        // editor does.
        let first_out = self.dir.join(format!("first-out-{}", corpus.articles));
        let first = || {
            settle(&first_out);
            let _ = fs::remove_dir_all(&first_out);
            if let Some(parent) = first_out.parent() {
                let _ = fs::remove_file(parent.join(format!(
                    ".{}.pages",
                    first_out.file_name().unwrap_or_default().to_string_lossy()
                )));
            }
            build_command(&self.explainer, &corpus.root, &first_out)
        };
        let mut tools: Vec<Tool> = vec![
            Tool::new("explainer build", &content, || {
                build_command(&self.explainer, &corpus.root, &out)
            }),
            Tool::new(
                "explainer build, first (no previous output)",
                &content,
                first,
            ),
            Tool::new("floor: pulldown-cmark", &content, || floor(false)),
            Tool::new("floor: pulldown-cmark + syntect", &content, || floor(true)),
        ];
        if let Some(hugo) = &self.hugo {
            let site = self.dir.join(format!("hugo-{name}"));
            hugo_site(corpus, &site);
            let hugo_out = made(&self.dir.join("hugo-out"));
            tools.push(Tool::new("hugo", &site.join("content"), move || {
                settle(&hugo_out);
                let mut c = Command::new(hugo);
                c.args(["--quiet", "--source"])
                    .arg(&site)
                    .arg("--destination")
                    .arg(&hugo_out);
                c
            }));
        }
        if let Some(zola) = &self.zola {
            let site = self.dir.join(format!("zola-{name}"));
            zola_site(corpus, &site);
            let zola_out = made(&self.dir.join("zola-out"));
            tools.push(Tool::new("zola", &site.join("content"), move || {
                settle(&zola_out);
                let mut c = Command::new(zola);
                c.arg("--root")
                    .arg(&site)
                    .arg("build")
                    .arg("--output-dir")
                    .arg(&zola_out)
                    .arg("--force");
                c
            }));
        }
        let samples = take_turns(&mut tools, runs_here);
        let base = samples[0].map(|b| b.wall);
        println!("| tool | median | CPU: user + system | peak memory | explainer ÷ tool |");
        println!("|---|---|---|---|---|");
        for (tool, sample) in tools.iter().zip(&samples) {
            let name = tool.name;
            match sample {
                Some(s) => println!(
                    "| {name} | {} | {} + {} | {} | {} |",
                    ms(s.wall),
                    ms(s.user),
                    ms(s.system),
                    mib(s.peak_kib),
                    base.map_or("—".into(), |b| format!(
                        "{:.2}×",
                        b.as_secs_f64() / s.wall.as_secs_f64()
                    ))
                ),
                None => println!("| {name} | failed | | | |"),
            }
        }
        // The first build against the floor with syntect too.
        if let (Some(first), Some(floor)) = (samples[1], samples[3]) {
            let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-9);
            println!(
                "\nfirst build ÷ floor: pulldown-cmark + syntect: {:.2}× (CPU time: user {:.2}×, system {:.2}×)",
                ratio(first.wall, floor.wall),
                ratio(first.user, floor.user),
                ratio(first.system, floor.system)
            );
            self.file_system_share(&first_out, &floor_out, first, floor, runs_here);
        }
        println!();
        let find = |name: &str| {
            tools
                .iter()
                .position(|t| t.name == name)
                .and_then(|i| samples[i])
        };
        Compared {
            rebuild: samples[0],
            first: samples[1],
            floor_highlight: samples[3],
            hugo: find("hugo"),
            zola: find("zola"),
        }
    }

    /// How much of the first build's ratio to the floor is the file system's: the same
    /// number of files of the same average size as each output, made in parallel by
    /// `--pages-floor` (taking turns), with no other work. explainer's pages carry the
    /// tooltips, Key terms, JSON-LD and listings the floor's bare bodies do not.
    pub(crate) fn file_system_share(
        &self,
        first_out: &Path,
        floor_out: &Path,
        first: Sample,
        floor: Sample,
        runs_here: usize,
    ) {
        let (Some((first_files, first_bytes)), Some((floor_files, floor_bytes))) =
            (files_and_bytes(first_out), files_and_bytes(floor_out))
        else {
            return;
        };
        let pages_out = made(&self.dir.join("pages-floor"));
        let pages = |files: u64, bytes: u64| {
            let pages_out = pages_out.clone();
            move || {
                settle(&pages_out);
                let _ = fs::remove_dir_all(&pages_out);
                let mut c = Command::new(&self.me);
                c.arg("--pages-floor")
                    .arg(&pages_out)
                    .arg(files.to_string())
                    .arg((bytes / files.max(1)).to_string());
                c
            }
        };
        let mut tools = [
            Tool::new(
                "explainer's pages",
                Path::new(""),
                pages(first_files, first_bytes),
            ),
            Tool::new(
                "the floor's pages",
                Path::new(""),
                pages(floor_files, floor_bytes),
            ),
        ];
        let samples = take_turns(&mut tools, runs_here);
        let _ = fs::remove_dir_all(&pages_out);
        let (Some(ours), Some(theirs)) = (samples[0], samples[1]) else {
            return;
        };
        let secs = |d: Duration| d.as_secs_f64();
        println!(
            "file system alone, as many files of the same average size: explainer's first build \
             ({first_files} files, {:.0} MB) {} · the floor with syntect ({floor_files} files, \
             {:.0} MB) {} · ratio {:.2}×",
            first_bytes as f64 / 1e6,
            ms(ours.wall),
            floor_bytes as f64 / 1e6,
            ms(theirs.wall),
            secs(ours.wall) / secs(theirs.wall)
        );
        // An estimate: it takes the two kinds of work to add up, as they roughly do on
        // two busy cores.
        let (rest, floor_rest) = (
            secs(first.wall) - secs(ours.wall),
            secs(floor.wall) - secs(theirs.wall),
        );
        if rest > 0.0 && floor_rest > 0.0 {
            println!(
                "the rest, by difference: explainer {:.0} ms · the floor {:.0} ms · ratio {:.2}×",
                rest * 1e3,
                floor_rest * 1e3,
                rest / floor_rest
            );
        }
    }

    /// explainer on two sites, taking turns (see [`Tools::compare`]).
    pub(crate) fn pair(
        &self,
        a: &Corpus,
        b: &Corpus,
        runs_here: usize,
    ) -> (Option<Sample>, Option<Sample>) {
        let build = |site: &'static str, corpus: &Corpus| {
            let (root, out) = (corpus.root.clone(), self.dir.join(site));
            Tool::new(site, &corpus.root.join("content"), move || {
                build_command(&self.explainer, &root, &out)
            })
        };
        let mut tools = [build("out-g20", a), build("out-g5000", b)];
        let samples = take_turns(&mut tools, runs_here);
        (samples[0], samples[1])
    }

    /// The same `n` article files built with a glossary of 20 entries and with one of
    /// 5,000, and the file system alone making the extra entry pages.
    pub(crate) fn glossary_size(&self, n: usize, runs_here: usize) -> Option<f64> {
        // The same article files both times: only glossary.yaml differs.
        let same_articles = Spec {
            articles: n,
            org_speakers: true,
            ..NEWSROOM
        };
        let g20 = generate(
            &self.dir.join(format!("site-g20-{n}")),
            Spec {
                people_in_glossary: false,
                ..same_articles
            },
        );
        let g5k = generate(
            &self.dir.join(format!("site-g5000-{n}")),
            Spec {
                synthetic: 5000 - 20 - NEWSROOM.people,
                ..same_articles
            },
        );
        let (g20_t, g5k_t) = self.pair(&g20, &g5k, runs_here);
        // What the 4,980 extra entry pages cost the file system alone (their average size).
        let extra = 5000 - 20;
        let glossary_bytes =
            files_and_bytes(&self.dir.join("out-g5000/glossary")).map_or(0, |(_, bytes)| bytes);
        let pages_floor = runs(runs_here, || {
            settle(&made(&self.dir.join("pages-floor")));
            let _ = fs::remove_dir_all(self.dir.join("pages-floor"));
            let mut c = Command::new(&self.me);
            c.arg("--pages-floor")
                .arg(self.dir.join("pages-floor"))
                .arg(extra.to_string())
                .arg((glossary_bytes / 5001).to_string());
            c
        });
        if let (Some(a), Some(b)) = (g20_t, g5k_t) {
            println!(
                "## Glossary size, {n} articles: 20 entries {} · 5,000 entries {} · ratio {:.2}×",
                ms(a.wall),
                ms(b.wall),
                b.wall.as_secs_f64() / a.wall.as_secs_f64()
            );
            if let Some(f) = pages_floor {
                println!(
                    "floor: the file system alone making {extra} entry folders and pages: {} (so at best {:.2}×)",
                    ms(f.wall),
                    (a.wall + f.wall).as_secs_f64() / a.wall.as_secs_f64()
                );
            }
        }
        // Size alone: articles that name no one, so the 4,980 extra entries are never
        // mentioned and add only their pages, the glossary index and a larger automaton.
        let unnamed = Spec {
            people: 0,
            ..same_articles
        };
        let plain20 = generate(&self.dir.join(format!("site-g20-plain-{n}")), unnamed);
        let plain5k = generate(
            &self.dir.join(format!("site-g5000-plain-{n}")),
            Spec {
                synthetic: 5000 - 20,
                ..unnamed
            },
        );
        let (plain20_t, plain5k_t) = self.pair(&plain20, &plain5k, runs_here);
        if let (Some(a), Some(b)) = (plain20_t, plain5k_t) {
            println!(
                "size alone (articles name no one; the extra entries are never mentioned): 20 entries {} · 5,000 entries {} · ratio {:.2}×\n",
                ms(a.wall),
                ms(b.wall),
                b.wall.as_secs_f64() / a.wall.as_secs_f64()
            );
        }
        g20_t
            .zip(g5k_t)
            .map(|(a, b)| b.wall.as_secs_f64() / a.wall.as_secs_f64())
    }
}
