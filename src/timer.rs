//! `EXPLAINER_TIMINGS=1`: how long each stage of a build takes, its CPU time and memory,
//! printed to standard error (for profiling; silent otherwise).

/// Prints how long each stage took when `EXPLAINER_TIMINGS` is set (for profiling).
pub(crate) struct StageTimer {
    start: std::time::Instant,
    last: std::sync::Mutex<std::time::Instant>,
    /// CPU time of the process's threads at the last mark (nanoseconds).
    last_cpu: std::sync::atomic::AtomicU64,
    on: bool,
}

/// CPU time of the process's live threads so far, from /proc (Linux only; 0 elsewhere):
/// a stage's CPU time over its wall time is how many cores it kept busy. A thread that has
/// ended (syntect's loader) no longer counts.
fn cpu_nanos() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}

impl StageTimer {
    pub(crate) fn new() -> Self {
        let now = std::time::Instant::now();
        let on = std::env::var_os("EXPLAINER_TIMINGS").is_some();
        StageTimer {
            start: now,
            last: std::sync::Mutex::new(now),
            last_cpu: std::sync::atomic::AtomicU64::new(if on { cpu_nanos() } else { 0 }),
            on,
        }
    }

    pub(crate) fn mark(&self, stage: &str) {
        if self.on {
            let now = std::time::Instant::now();
            // Resident memory now and at its peak, from /proc (Linux only).
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let field = |name: &str| {
                status
                    .lines()
                    .find(|l| l.starts_with(name))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<u64>().ok())
                    .map_or(0, |kb| kb / 1024)
            };
            let cpu = cpu_nanos();
            let cpu_ms = cpu.saturating_sub(
                self.last_cpu
                    .swap(cpu, std::sync::atomic::Ordering::Relaxed),
            ) as f64
                / 1e6;
            let wall_ms =
                (now - *self.last.lock().unwrap_or_else(|e| e.into_inner())).as_secs_f64() * 1000.0;
            eprintln!(
                "  {:>7.1} ms  {stage} (at {:.1} ms; CPU {cpu_ms:.0} ms; memory {} MiB, peak {} MiB)",
                wall_ms,
                (now - self.start).as_secs_f64() * 1000.0,
                field("VmRSS:"),
                field("VmHWM:")
            );
            *self.last.lock().unwrap_or_else(|e| e.into_inner()) = now;
        }
    }
}
