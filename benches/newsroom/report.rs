//! Formatting, and the run's figures against the targets.

use std::time::Duration;

use crate::compare::Compared;
use crate::timing::Sample;

pub(crate) fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

pub(crate) fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// This run's figures against the targets of issue #5 (set for 10,000 articles).
pub(crate) fn print_targets(
    n: usize,
    c: &Compared,
    small_site: Option<Duration>,
    serve_slowest: Option<f64>,
    glossary_ratio: Option<(usize, f64)>,
) {
    let verdict = |met: bool| if met { "met" } else { "NOT met" };
    let ratio = |a: Option<Sample>, b: Option<Sample>| {
        a.zip(b)
            .map(|(a, b)| a.wall.as_secs_f64() / b.wall.as_secs_f64())
    };
    println!("## Issue #5's targets in this run ({n} articles; the targets are set for 10,000)");
    let peak = [c.rebuild, c.first]
        .iter()
        .flatten()
        .map(|s| s.peak_kib)
        .max();
    if let Some(kib) = peak {
        println!(
            "- peak memory ≤ 150 MiB: {} — {}",
            mib(kib),
            verdict(kib <= 150 * 1024)
        );
    }
    if let Some(wall) = small_site {
        println!(
            "- 10-article site ≤ 30 ms: {} — {}",
            ms(wall),
            verdict(wall <= Duration::from_millis(30))
        );
    }
    if let Some(slowest) = serve_slowest {
        println!(
            "- serve, one changed article ≤ 100 ms: slowest kind of change {slowest:.1} ms — {}",
            verdict(slowest <= 100.0)
        );
    }
    for (tool, sample, times) in [("Hugo", c.hugo, 5.0), ("Zola", c.zola, 6.0)] {
        if let (Some(re), Some(first)) = (ratio(sample, c.rebuild), ratio(sample, c.first)) {
            println!(
                "- ≥ {times:.0}× faster than {tool}: rebuild {re:.2}×, first build {first:.2}× — {}",
                verdict(re.min(first) >= times)
            );
        }
    }
    if let Some((articles, g)) = glossary_ratio {
        println!(
            "- 5,000-entry glossary ≤ 1.3× a 20-entry one ({articles} articles): {g:.2}× — {}",
            verdict(g <= 1.3)
        );
    }
    if let (Some(re), Some(first)) = (
        ratio(c.rebuild, c.floor_highlight),
        ratio(c.first, c.floor_highlight),
    ) {
        println!(
            "- within 2.5× the floor with syntect: rebuild {re:.2}× — {}; first build {first:.2}× — {}",
            verdict(re <= 2.5),
            verdict(first <= 2.5)
        );
    }
    println!();
}
