//! Running the tools: one timed run, tools taking turns, medians and ratios by round.
//!
//! A run's clock covers all the work a tool's run causes: the commands it is made of (a
//! first build's `rm -rf` of the previous output, then the build), any deletion a tool
//! leaves to a background process (a `.NAME.old-*` folder beside the output: the clock
//! runs until it is gone), and every process the tool left behind. The benchmark is
//! their subreaper, so their CPU time and memory are counted too.

use std::collections::VecDeque;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// How long one run may take before it is stopped and its tool counted as failed.
static TIMEOUT: OnceLock<Duration> = OnceLock::new();

/// Sets the time limit of every run, and makes this process the subreaper of the tools'
/// background processes, so a run can wait for them and count them.
pub(crate) fn init(timeout: Duration) {
    let _ = TIMEOUT.set(timeout);
    // SAFETY: prctl with an integer option; no pointers.
    unsafe { libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) };
}

pub(crate) fn timeout() -> Duration {
    *TIMEOUT.get_or_init(|| Duration::from_secs(60))
}

/// A run's wall time, CPU time (user and system, all threads of all its processes) and
/// peak resident memory (the largest of its processes').
#[derive(Clone, Copy, Default)]
pub(crate) struct Sample {
    pub(crate) wall: Duration,
    pub(crate) user: Duration,
    pub(crate) system: Duration,
    pub(crate) peak_kib: u64,
}

impl Sample {
    fn add(&mut self, usage: &libc::rusage) {
        let cpu = |t: libc::timeval| {
            Duration::from_secs(t.tv_sec.max(0) as u64)
                + Duration::from_micros(t.tv_usec.max(0) as u64)
        };
        self.user += cpu(usage.ru_utime);
        self.system += cpu(usage.ru_stime);
        self.peak_kib = self.peak_kib.max(usage.ru_maxrss as u64);
    }
}

/// Why a tool has no figure.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Failure {
    Failed,
    TimedOut(Duration),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Failed => write!(f, "failed"),
            Failure::TimedOut(t) => write!(f, "timed out (a run stopped after {} s)", t.as_secs()),
        }
    }
}

/// One timed run: commands run one after the other, and the outputs whose previous
/// trees the tool moved aside (`.NAME.old-*`) must be gone before the clock stops.
pub(crate) struct Job {
    steps: Vec<Command>,
    outputs: Vec<PathBuf>,
    /// Exit status 1 (the content has errors) counts as a run, not a failure.
    errors_allowed: bool,
}

impl Job {
    pub(crate) fn new(command: Command) -> Job {
        Job {
            steps: vec![command],
            outputs: Vec::new(),
            errors_allowed: false,
        }
    }

    /// Counts a run that ends reporting errors in the content (exit status 1) as a run:
    /// hostile input is meant to be refused, in bounded time. A crash still fails.
    pub(crate) fn errors_allowed(mut self) -> Job {
        self.errors_allowed = true;
        self
    }

    /// `rm -rf PATHS` first, inside the clock, as a person starting afresh would.
    pub(crate) fn after_removing(mut self, paths: &[PathBuf]) -> Job {
        let mut rm = Command::new("rm");
        rm.arg("-rf").arg("--").args(paths);
        self.steps.insert(0, rm);
        self
    }

    /// The clock stops once no `.NAME.old-*` is left beside `output`: deleting the output a
    /// build replaced is part of its cost, whichever process does it. Nothing to wait for
    /// when the tool deletes it itself before it returns, as explainer does.
    pub(crate) fn settling(mut self, output: &Path) -> Job {
        self.outputs.push(output.to_path_buf());
        self
    }
}

/// What a successful run measured, and the last line its last command wrote to
/// standard error (`checked 1000 articles: no errors`).
pub(crate) struct Ran {
    pub(crate) sample: Sample,
    pub(crate) said: String,
}

/// Runs a job to completion under the time limit and measures it.
pub(crate) fn measure(job: Job) -> Result<Ran, Failure> {
    let limit = timeout();
    // Untimed: anything an earlier, stopped run left behind.
    reap(true, Instant::now() + limit);
    let start = Instant::now();
    let deadline = start + limit;
    let mut sample = Sample::default();
    let mut said = String::new();
    for mut step in job.steps {
        said = run_step(&mut step, &mut sample, deadline, limit, job.errors_allowed)?;
    }
    for output in &job.outputs {
        while previous_outputs_left(output) {
            if Instant::now() > deadline {
                return Err(Failure::TimedOut(limit));
            }
            std::thread::sleep(Duration::from_micros(500));
        }
    }
    // The processes the tool left behind (explainer's `discard-previous`, reparented
    // here once the build exited): waited for and counted.
    sample.add_all(reap(false, deadline).ok_or(Failure::TimedOut(limit))?);
    sample.wall = start.elapsed();
    Ok(Ran { sample, said })
}

impl Sample {
    fn add_all(&mut self, usages: Vec<libc::rusage>) {
        for u in &usages {
            self.add(u);
        }
    }
}

/// Runs one command: its standard output discarded, its standard error read as it comes
/// (a copy desk's warnings can fill a pipe) and its last lines kept; stopped at the
/// deadline. Returns the last line it wrote.
fn run_step(
    cmd: &mut Command,
    sample: &mut Sample,
    deadline: Instant,
    limit: Duration,
    errors_allowed: bool,
) -> Result<String, Failure> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            eprintln!("  could not start {cmd:?}: {e}");
            Failure::Failed
        })?;
    let pid = child.id() as libc::pid_t;
    let stderr = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut tail = VecDeque::new();
        if let Some(stderr) = stderr {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tail.len() == 20 {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
        }
        tail
    });
    // A watchdog kills the child at the deadline. The child is only reaped once the
    // watchdog has stood down, so the pid it may kill is still the child's.
    let done = Arc::new((Mutex::new(false), Condvar::new()));
    let watchdog = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let (lock, wake) = &*done;
            let mut finished = lock.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if *finished {
                    return false;
                }
                let now = Instant::now();
                if now >= deadline {
                    // SAFETY: a signal to our own child, not yet reaped.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    return true;
                }
                finished = wake
                    .wait_timeout(finished, deadline - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        })
    };
    loop {
        // SAFETY: waits for our own child without reaping it (WNOWAIT); `info` is a local.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let r = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        if r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
            break;
        }
    }
    {
        let (lock, wake) = &*done;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        wake.notify_all();
    }
    let killed = watchdog.join().unwrap_or(false);
    let mut status = 0;
    // SAFETY: all-zero bytes are a valid rusage.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: reaps our own child, with valid pointers to locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    drop(child);
    let tail = reader.join().unwrap_or_default();
    if killed {
        eprintln!("  stopped after {} s: {cmd:?}", limit.as_secs());
        return Err(Failure::TimedOut(limit));
    }
    let ok = |code| code == 0 || (errors_allowed && code == 1);
    if r != pid || !libc::WIFEXITED(status) || !ok(libc::WEXITSTATUS(status)) {
        eprintln!(
            "  command failed: {cmd:?}\n{}",
            tail.iter().cloned().collect::<Vec<_>>().join("\n")
        );
        return Err(Failure::Failed);
    }
    sample.add(&usage);
    Ok(tail.back().cloned().unwrap_or_default())
}

/// Waits for every child process left (the tools' orphans, reparented here) until
/// there is none, and returns their resource usage; `None` at the deadline. With
/// `quick`, only collects those that have already exited.
fn reap(quick: bool, deadline: Instant) -> Option<Vec<libc::rusage>> {
    let mut usages = Vec::new();
    loop {
        let mut status = 0;
        // SAFETY: all-zero bytes are a valid rusage.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: waits for any child of ours, with valid pointers to locals.
        let r = unsafe { libc::wait4(-1, &mut status, libc::WNOHANG, &mut usage) };
        if r > 0 {
            usages.push(usage);
        } else if r == 0 && !quick {
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_micros(500));
        } else {
            // No child left (ECHILD), or only running ones when `quick`.
            return Some(usages);
        }
    }
}

/// True while a `.NAME.old-*` folder, a previous output being deleted, is beside `out`.
fn previous_outputs_left(out: &Path) -> bool {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return false;
    };
    let prefix = format!(".{}.old-", name.to_string_lossy());
    fs::read_dir(parent).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(&prefix))
    })
}

/// Waits (untimed, up to the time limit) until no previous output is being deleted
/// beside `out`, before its folder is deleted for good.
pub(crate) fn settle(out: &Path) {
    let deadline = Instant::now() + timeout();
    while previous_outputs_left(out) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    reap(true, deadline);
}

/// One contender in [`take_turns`]: its name, the files it reads, and how to make a run.
pub(crate) struct Tool<'a> {
    pub(crate) name: String,
    input: PathBuf,
    make: Box<dyn FnMut() -> Job + 'a>,
}

impl<'a> Tool<'a> {
    pub(crate) fn new(
        name: impl Into<String>,
        input: &Path,
        make: impl FnMut() -> Job + 'a,
    ) -> Tool<'a> {
        Tool {
            name: name.into(),
            input: input.to_path_buf(),
            make: Box::new(make),
        }
    }
}

/// A tool's measured runs, one for each round in order, until it failed or timed out
/// (then none after).
#[derive(Clone)]
pub(crate) struct Series {
    pub(crate) name: String,
    pub(crate) runs: Vec<Sample>,
    pub(crate) failure: Option<Failure>,
    /// The last line its last run wrote to standard error.
    pub(crate) said: String,
}

impl Series {
    /// Each measure's median over the runs (wall, user and system time each on its own)
    /// and the largest peak; `None` if the tool failed.
    pub(crate) fn median(&self) -> Option<Sample> {
        if self.failure.is_some() || self.runs.is_empty() {
            return None;
        }
        let middle = |f: fn(&Sample) -> Duration| {
            let mut v: Vec<Duration> = self.runs.iter().map(f).collect();
            v.sort();
            v[v.len() / 2]
        };
        Some(Sample {
            wall: middle(|s| s.wall),
            user: middle(|s| s.user),
            system: middle(|s| s.system),
            peak_kib: self.runs.iter().map(|s| s.peak_kib).max().unwrap_or(0),
        })
    }

    /// This tool's wall time ÷ `base`'s, in each round both ran: the median of those
    /// ratios. The reason, naming the tool, when either has no figure.
    pub(crate) fn ratio_to(&self, base: &Series) -> Result<f64, String> {
        for s in [self, base] {
            if let Some(failure) = s.failure {
                return Err(format!("{} {failure}", s.name));
            }
        }
        let mut ratios: Vec<f64> = self
            .runs
            .iter()
            .zip(&base.runs)
            .map(|(a, b)| a.wall.as_secs_f64() / b.wall.as_secs_f64().max(1e-9))
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios
            .get(ratios.len() / 2)
            .copied()
            .ok_or_else(|| format!("no runs of {} and {}", self.name, base.name))
    }
}

/// One warm-up round, then `rounds` rounds in which each tool runs once, in order, its
/// input read just before (untimed). A tool that fails or runs out of time is left out
/// of the rounds after.
pub(crate) fn take_turns(tools: &mut [Tool], rounds: usize) -> Vec<Series> {
    let mut series: Vec<Series> = tools
        .iter()
        .map(|t| Series {
            name: t.name.clone(),
            runs: Vec::new(),
            failure: None,
            said: String::new(),
        })
        .collect();
    for round in 0..=rounds {
        for (tool, got) in tools.iter_mut().zip(series.iter_mut()) {
            if got.failure.is_some() {
                continue;
            }
            let job = (tool.make)();
            warm(&tool.input);
            match measure(job) {
                Ok(ran) => {
                    if round > 0 {
                        got.runs.push(ran.sample);
                    }
                    got.said = ran.said;
                }
                Err(failure) => got.failure = Some(failure),
            }
        }
    }
    series
}

/// One tool's runs: a warm-up, then `rounds` measured.
pub(crate) fn repeat(name: &str, rounds: usize, make: impl FnMut() -> Job) -> Series {
    let mut tools = [Tool::new(name, Path::new(""), make)];
    take_turns(&mut tools, rounds).remove(0)
}

/// Reads every file under `dir` (nothing if it is empty or missing).
fn warm(dir: &Path) {
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
