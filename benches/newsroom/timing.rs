//! Running the tools: one measured run, turns, medians.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::made;

/// A run's wall time, CPU time (user and system, all threads) and peak resident memory.
#[derive(Clone, Copy)]
pub(crate) struct Sample {
    pub(crate) wall: Duration,
    pub(crate) user: Duration,
    pub(crate) system: Duration,
    pub(crate) peak_kib: u64,
}

/// Runs a command to completion and measures it (wait4 gives the child's peak RSS).
pub(crate) fn measure(cmd: &mut Command) -> Option<Sample> {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with valid pointers to locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if r != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        let mut err = String::new();
        if let Some(mut e) = child.stderr {
            use std::io::Read;
            let _ = e.read_to_string(&mut err);
        }
        eprintln!(
            "  command failed: {:?}\n{}",
            cmd,
            err.lines().take(20).collect::<Vec<_>>().join("\n")
        );
        return None;
    }
    let cpu = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    Some(Sample {
        wall,
        user: cpu(usage.ru_utime),
        system: cpu(usage.ru_stime),
        peak_kib: usage.ru_maxrss as u64,
    })
}

/// Each measure's median over the runs (wall, user and system time each on its own), and
/// the largest peak.
pub(crate) fn median(samples: Vec<Sample>) -> Sample {
    let middle = |f: fn(&Sample) -> Duration| {
        let mut v: Vec<Duration> = samples.iter().map(f).collect();
        v.sort();
        v[v.len() / 2]
    };
    Sample {
        wall: middle(|s| s.wall),
        user: middle(|s| s.user),
        system: middle(|s| s.system),
        peak_kib: samples.iter().map(|s| s.peak_kib).max().unwrap_or(0),
    }
}

/// One contender in [`Tools::compare`]: how to start a run, and the files it reads.
pub(crate) struct Tool<'a> {
    pub(crate) name: &'static str,
    pub(crate) input: PathBuf,
    pub(crate) make: Box<dyn FnMut() -> Command + 'a>,
}

impl<'a> Tool<'a> {
    pub(crate) fn new(
        name: &'static str,
        input: &Path,
        make: impl FnMut() -> Command + 'a,
    ) -> Tool<'a> {
        Tool {
            name,
            input: input.to_path_buf(),
            make: Box::new(make),
        }
    }
}

/// One warm-up round, then `rounds` rounds in which each tool runs once, its input read
/// just before; the median of each tool's runs (`None` if one failed).
pub(crate) fn take_turns(tools: &mut [Tool], rounds: usize) -> Vec<Option<Sample>> {
    let mut samples: Vec<Option<Vec<Sample>>> = vec![Some(Vec::new()); tools.len()];
    for round in 0..=rounds {
        for (tool, got) in tools.iter_mut().zip(samples.iter_mut()) {
            if got.is_none() {
                continue;
            }
            let mut command = (tool.make)();
            warm(&tool.input);
            let sample = measure(&mut command);
            match (sample, got.as_mut()) {
                (Some(s), Some(list)) if round > 0 => list.push(s),
                (Some(_), _) => {}
                (None, _) => *got = None,
            }
        }
    }
    samples.into_iter().map(|s| s.map(median)).collect()
}

/// Reads every file under `dir` (nothing if it is empty or missing).
pub(crate) fn warm(dir: &Path) {
    if dir.as_os_str().is_empty() {
        return;
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|f| {
        let _ = fs::read(f);
    });
}

pub(crate) fn runs(n: usize, mut make: impl FnMut() -> Command) -> Option<Sample> {
    // One warm-up run, then n measured runs.
    measure(&mut make())?;
    let samples: Option<Vec<Sample>> = (0..n).map(|_| measure(&mut make())).collect();
    samples.map(median)
}

/// `explainer build --root ROOT --out OUT`, once the previous build's output is gone.
///
/// A build renames the output it replaces aside and deletes it in a detached process once
/// it has finished (`explainer discard-previous`). Back-to-back runs would time that
/// deletion (about 140 ms of one core at 10,000 articles) against the next run, while the
/// floors' previous output is deleted before they start, untimed; so each run waits for
/// it first, as any build started by a person would.
pub(crate) fn build_command(explainer: &Path, root: &Path, out: impl AsRef<Path>) -> Command {
    made(out.as_ref());
    // The list of the output's pages a build keeps beside it (`.out-1000.pages`).
    if let (Some(parent), Some(name)) = (out.as_ref().parent(), out.as_ref().file_name()) {
        made(&parent.join(format!(".{}.pages", name.to_string_lossy())));
    }
    settle(out.as_ref());
    let mut c = Command::new(explainer);
    c.args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out.as_ref());
    c
}

/// Waits (up to 10 s) until no `.NAME.old-PID` folder, the output a build replaced and
/// is deleting in the background, remains beside `out`: whatever runs next, explainer or
/// another tool, starts on an idle machine.
pub(crate) fn settle(out: &Path) {
    let Some(parent) = out.parent() else {
        return;
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline
        && fs::read_dir(parent).is_ok_and(|entries| {
            entries.flatten().any(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.starts_with('.') && name.contains(".old-")
            })
        })
    {
        std::thread::sleep(Duration::from_millis(5));
    }
}
