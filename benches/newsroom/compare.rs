//! explainer against the floors and the other generators on one corpus, each building
//! afresh (a first build) and over its previous output (a rebuild).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::corpus::Corpus;
use crate::floors::files_and_bytes;
use crate::made;
use crate::peers::{hugo_site, zola_site};
use crate::report::{Row as TableRow, ms, print_table};
use crate::timing::{Job, Series, Tool, take_turns};

/// What the runner compares, and where.
pub(crate) struct Tools {
    pub(crate) explainer: PathBuf,
    pub(crate) me: PathBuf,
    pub(crate) hugo: Option<PathBuf>,
    pub(crate) zola: Option<PathBuf>,
    pub(crate) dir: PathBuf,
}

/// A first build or a rebuild.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Over the tool's previous output, as an editor rebuilds.
    Rebuild,
    /// With the previous output deleted first (`rm -rf`, timed), as a machine building
    /// a fresh clone does.
    First,
}

/// A tool's two modes.
#[derive(Clone)]
pub(crate) struct Modes {
    pub(crate) rebuild: Series,
    pub(crate) first: Series,
}

/// What one corpus's comparison measured, for the guards at the end.
pub(crate) struct Compared {
    pub(crate) explainer: Modes,
    pub(crate) floor_highlight: Series,
    pub(crate) hugo: Option<Modes>,
    pub(crate) zola: Option<Modes>,
}

/// `explainer build --root ROOT --out OUT` over the previous output. explainer deletes the
/// output it replaced before it returns; should a build leave that to another process, the
/// clock still runs until the `.NAME.old-PID` folder is gone.
pub(crate) fn rebuild(explainer: &Path, root: &Path, out: &Path) -> Job {
    made(out);
    made(&pages_list(out));
    let mut c = Command::new(explainer);
    c.args(["build", "--root"]).arg(root).arg("--out").arg(out);
    Job::new(c).settling(out)
}

/// A first build: the previous output and the list of its pages a build keeps beside it
/// deleted (`rm -rf`, inside the clock), then `explainer build`.
pub(crate) fn first_build(explainer: &Path, root: &Path, out: &Path) -> Job {
    rebuild(explainer, root, out).after_removing(&[out.to_path_buf(), pages_list(out)])
}

/// The list of the output's pages a build keeps beside it (`.out-1000.pages`).
fn pages_list(out: &Path) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    out.with_file_name(format!(".{name}.pages"))
}

/// A contender of a comparison, and the mode it runs in.
struct Entrant<'a> {
    tool: Tool<'a>,
    mode: Mode,
}

impl Tools {
    /// Times explainer, the two floors and the other generators on one corpus, each in
    /// both modes (the floors as first builds: they write every file), and prints a table
    /// of medians, peak memory and, for each tool, its time ÷ explainer's in the same mode
    /// and round.
    ///
    /// The tools take turns: one warm-up round, then `rounds` rounds in which each runs
    /// once. This machine's speed drifts by 15–25% from one minute to the next, and turns
    /// put every tool in the same minutes. Before each run the tool's input files are read
    /// (untimed), so each starts with them as fresh as its own previous run would leave
    /// them: on this machine a file untouched for a few seconds costs several times more
    /// to read, and Hugo's seconds-long turn would otherwise make whichever tool follows
    /// it pay for that.
    pub(crate) fn compare(&self, corpus: &Corpus, rounds: usize) -> Compared {
        let n = corpus.articles;
        let name = corpus
            .root
            .file_name()
            .map_or("site".into(), |n| n.to_string_lossy());
        let content = corpus.root.join("content");
        let (out, first_out) = (
            self.dir.join(format!("out-{n}")),
            self.dir.join(format!("first-out-{n}")),
        );
        let (floor_out, floor_hl_out) = (
            made(&self.dir.join("floor-out")),
            made(&self.dir.join("floor-highlight-out")),
        );
        let floor = |out: &Path, highlight: bool| {
            let mut c = Command::new(&self.me);
            c.arg("--floor").arg(&content).arg(out);
            if highlight {
                c.arg("--highlight");
            }
            Job::new(c).after_removing(&[out.to_path_buf()])
        };
        let root = &corpus.root;
        let mut rows = vec![
            Entrant {
                tool: Tool::new("explainer", &content, || {
                    rebuild(&self.explainer, root, &out)
                }),
                mode: Mode::Rebuild,
            },
            Entrant {
                tool: Tool::new("explainer", &content, || {
                    first_build(&self.explainer, root, &first_out)
                }),
                mode: Mode::First,
            },
            Entrant {
                tool: Tool::new("floor: pulldown-cmark", &content, || {
                    floor(&floor_out, false)
                }),
                mode: Mode::First,
            },
            Entrant {
                tool: Tool::new("floor: pulldown-cmark + syntect", &content, || {
                    floor(&floor_hl_out, true)
                }),
                mode: Mode::First,
            },
        ];
        if let Some(hugo) = &self.hugo {
            let site = self.dir.join(format!("hugo-{name}"));
            hugo_site(corpus, &site);
            for (mode, out) in [(Mode::Rebuild, "hugo-out"), (Mode::First, "hugo-first-out")] {
                let (site, out) = (site.clone(), made(&self.dir.join(out)));
                let tool = Tool::new("hugo", &site.join("content"), move || {
                    let mut c = Command::new(hugo);
                    c.args(["--quiet", "--source"])
                        .arg(&site)
                        .arg("--destination")
                        .arg(&out);
                    afresh(Job::new(c), mode, &out)
                });
                rows.push(Entrant { tool, mode });
            }
        }
        if let Some(zola) = &self.zola {
            let site = self.dir.join(format!("zola-{name}"));
            zola_site(corpus, &site);
            for (mode, out) in [(Mode::Rebuild, "zola-out"), (Mode::First, "zola-first-out")] {
                let (site, out) = (site.clone(), made(&self.dir.join(out)));
                // `--force`: Zola refuses an output folder that exists; with it, Zola
                // deletes the folder itself before it builds.
                let tool = Tool::new("zola", &site.join("content"), move || {
                    let mut c = Command::new(zola);
                    c.arg("--root")
                        .arg(&site)
                        .arg("build")
                        .arg("--output-dir")
                        .arg(&out)
                        .arg("--force");
                    afresh(Job::new(c), mode, &out)
                });
                rows.push(Entrant { tool, mode });
            }
        }
        let modes: Vec<Mode> = rows.iter().map(|r| r.mode).collect();
        let mut tools: Vec<Tool> = rows.into_iter().map(|r| r.tool).collect();
        let series = take_turns(&mut tools, rounds);
        let base = |mode: Mode| &series[if mode == Mode::Rebuild { 0 } else { 1 }];
        let table: Vec<TableRow> = series
            .iter()
            .zip(&modes)
            .enumerate()
            .map(|(i, (s, &mode))| {
                let label = match mode {
                    Mode::Rebuild => format!("{}, rebuild", s.name),
                    Mode::First if s.name.starts_with("floor") => s.name.clone(),
                    Mode::First => format!("{}, first build", s.name),
                };
                (label, s, (i > 1).then(|| s.ratio_to(base(mode))))
            })
            .collect();
        print_table(&table, "÷ explainer, same mode and round");
        println!(
            "(a first build deletes the previous output, `rm -rf`, inside the clock; a rebuild \
             builds over it, and explainer's clock includes deleting the output it replaced)"
        );
        // The first build against the floor with syntect too.
        let (first, floor_hl) = (&series[1], &series[3]);
        if let (Ok(wall), Some(a), Some(b)) =
            (first.ratio_to(floor_hl), first.median(), floor_hl.median())
        {
            // A CPU time under a millisecond is too coarse to divide by.
            let ratio = |a: Duration, b: Duration| {
                if b >= Duration::from_millis(1) {
                    format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64())
                } else {
                    "—".into()
                }
            };
            println!(
                "\nfirst build ÷ floor: pulldown-cmark + syntect: {wall:.2}× (CPU time: user {}, system {})",
                ratio(a.user, b.user),
                ratio(a.system, b.system)
            );
            self.file_system_share(&first_out, &floor_hl_out, a.wall, b.wall, rounds);
        }
        println!();
        let modes_of = |name: &str| {
            let found: Vec<&Series> = series.iter().filter(|s| s.name == name).collect();
            (found.len() == 2).then(|| Modes {
                rebuild: found[0].clone(),
                first: found[1].clone(),
            })
        };
        Compared {
            explainer: Modes {
                rebuild: series[0].clone(),
                first: series[1].clone(),
            },
            floor_highlight: series[3].clone(),
            hugo: modes_of("hugo"),
            zola: modes_of("zola"),
        }
    }

    /// How much of the first build's ratio to the floor is the file system's: the same
    /// number of files of the same average size as each output, made in parallel by
    /// `--pages-floor` (taking turns, each deleting its previous pages first, timed), with
    /// no other work. explainer's pages carry the tooltips, Key terms, JSON-LD and
    /// listings the floor's bare bodies do not.
    fn file_system_share(
        &self,
        first_out: &Path,
        floor_out: &Path,
        first: Duration,
        floor: Duration,
        rounds: usize,
    ) {
        let (Some((first_files, first_bytes)), Some((floor_files, floor_bytes))) =
            (files_and_bytes(first_out), files_and_bytes(floor_out))
        else {
            return;
        };
        let pages_out = made(&self.dir.join("pages-floor"));
        let mut tools = [
            Tool::new(
                "explainer's pages",
                Path::new(""),
                self.pages_floor(&pages_out, first_files, first_bytes),
            ),
            Tool::new(
                "the floor's pages",
                Path::new(""),
                self.pages_floor(&pages_out, floor_files, floor_bytes),
            ),
        ];
        let series = take_turns(&mut tools, rounds);
        let (Some(ours), Some(theirs)) = (series[0].median(), series[1].median()) else {
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
            series[0]
                .ratio_to(&series[1])
                .unwrap_or(secs(ours.wall) / secs(theirs.wall))
        );
        // An estimate: it takes the two kinds of work to add up, as they roughly do on
        // two busy cores.
        let (rest, floor_rest) = (
            secs(first) - secs(ours.wall),
            secs(floor) - secs(theirs.wall),
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

    /// `files` folders with an `index.html` of the average size of `bytes` over them,
    /// made by `--pages-floor` in `out`, its previous pages deleted first (timed).
    pub(crate) fn pages_floor(
        &self,
        out: &Path,
        files: u64,
        bytes: u64,
    ) -> impl FnMut() -> Job + use<'_> {
        let out = out.to_path_buf();
        move || {
            let mut c = Command::new(&self.me);
            c.arg("--pages-floor")
                .arg(&out)
                .arg(files.to_string())
                .arg((bytes / files.max(1)).to_string());
            Job::new(c).after_removing(std::slice::from_ref(&out))
        }
    }
}

/// A peer's job in a mode: a first build removes the previous output first.
fn afresh(job: Job, mode: Mode, out: &Path) -> Job {
    match mode {
        Mode::Rebuild => job,
        Mode::First => job.after_removing(&[out.to_path_buf()]),
    }
}
