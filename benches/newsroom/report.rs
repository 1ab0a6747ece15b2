//! Formatting: tables of runs, and the run's figures against the targets (the guards).

use std::time::Duration;

use crate::checks::Checked;
use crate::compare::{Compared, Modes};
use crate::timing::Series;

pub(crate) fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

pub(crate) fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// A ratio, or why there is none.
pub(crate) type Ratio = Result<f64, String>;

/// A row of a table: a label, the runs, and a ratio to print beside them (if any).
pub(crate) type Row<'a> = (String, &'a Series, Option<Ratio>);

/// A table: each row's median wall time, CPU time, peak memory, and a ratio (by round)
/// under the heading `ratio`, or "—" where none is asked.
pub(crate) fn print_table(rows: &[Row], ratio: &str) {
    println!("| tool | median | CPU: user + system | peak memory | {ratio} |");
    println!("|---|---|---|---|---|");
    for (name, series, r) in rows {
        let r = match r {
            None => "—".to_string(),
            Some(Ok(r)) => format!("{r:.2}×"),
            Some(Err(_)) => String::new(),
        };
        match (series.median(), series.failure) {
            (Some(s), _) => println!(
                "| {name} | {} | {} + {} | {} | {r} |",
                ms(s.wall),
                ms(s.user),
                ms(s.system),
                mib(s.peak_kib),
            ),
            (None, Some(failure)) => println!("| {name} | {failure} | | | |"),
            (None, None) => println!("| {name} | no runs | | | |"),
        }
    }
}

/// What the run measured, for the guards.
pub(crate) struct Figures {
    /// The comparison at the largest size, when it ran.
    pub(crate) builds: Option<Compared>,
    pub(crate) small_site: Option<Series>,
    pub(crate) serve_slowest: Option<f64>,
    /// The build's glossary comparison, and its size.
    pub(crate) glossary: Option<(usize, Ratio)>,
    /// check at each size.
    pub(crate) checks: Vec<Checked>,
}

/// Counts and prints the guards.
struct Guards {
    met: usize,
    total: usize,
}

impl Guards {
    /// A guard this run has no figure for, by choice (`--skip-others`) or because a tool
    /// is not installed: printed, not counted.
    fn not_measured(&self, what: &str, why: &str) {
        println!("- {what}: not measured ({why})");
    }

    /// One guard: `what`, the figure as printed, and whether it meets the target (a
    /// missing figure, a failed or stopped run, does not).
    fn line(&mut self, what: &str, figure: Result<(String, bool), String>) {
        self.total += 1;
        let (figure, met) = figure.unwrap_or_else(|why| (why, false));
        self.met += usize::from(met);
        println!(
            "- {what}: {figure} — {}",
            if met { "met" } else { "NOT met" }
        );
    }
}

/// This run's figures against the targets (set for 10,000 articles).
pub(crate) fn print_targets(largest: usize, f: &Figures) {
    println!(
        "## Guards: this run against the targets ({largest} articles at the largest; the targets are set for 10,000)"
    );
    let mut g = Guards { met: 0, total: 0 };
    let x = |r: f64| format!("{r:.2}×");
    if let Some(c) = &f.builds {
        let peak = [&c.explainer.rebuild, &c.explainer.first]
            .iter()
            .filter_map(|s| s.median())
            .map(|s| s.peak_kib)
            .max();
        g.line(
            "peak memory ≤ 150 MiB (build)",
            peak.map(|kib| (mib(kib), kib <= 150 * 1024))
                .ok_or_else(|| "explainer failed".to_string()),
        );
    }
    if let Some(small) = &f.small_site {
        g.line(
            "10-article site ≤ 30 ms (rebuild, start-up included)",
            small
                .median()
                .map(|s| (ms(s.wall), s.wall <= Duration::from_millis(30)))
                .ok_or_else(|| {
                    format!(
                        "explainer {}",
                        small.failure.map_or("failed".into(), |f| f.to_string())
                    )
                }),
        );
    }
    if let Some(slowest) = f.serve_slowest {
        g.line(
            "serve, one changed article ≤ 100 ms",
            Ok((
                format!("slowest kind of change {slowest:.1} ms"),
                slowest <= 100.0,
            )),
        );
    }
    if let Some(c) = &f.builds {
        for (tool, modes) in [("Hugo", &c.hugo), ("Zola", &c.zola)] {
            let rebuild_what = format!("rebuild ≥ 4× faster than {tool}");
            let first_what = format!("first build ≥ 3× faster than {tool}");
            let Some(Modes { rebuild, first }) = modes else {
                let why = format!("no {}", tool.to_lowercase());
                g.not_measured(&rebuild_what, &why);
                g.not_measured(&first_what, &why);
                continue;
            };
            for (what, peer, ours, times) in [
                (&rebuild_what, rebuild, &c.explainer.rebuild, 4.0),
                (&first_what, first, &c.explainer.first, 3.0),
            ] {
                g.line(what, peer.ratio_to(ours).map(|r| (x(r), r >= times)));
            }
        }
    }
    if let Some((articles, ratio)) = &f.glossary {
        g.line(
            &format!("build: a 5,000-entry glossary ≤ 1.3× a 20-entry one ({articles} articles)"),
            ratio.clone().map(|r| (x(r), r <= 1.3)),
        );
    }
    if let Some(c) = &f.builds {
        let rebuild = c
            .explainer
            .rebuild
            .ratio_to(&c.floor_highlight)
            .map_or_else(|why| why, x);
        g.line(
            "first build ≤ 3× the floor with syntect",
            c.explainer
                .first
                .ratio_to(&c.floor_highlight)
                .map(|r| (format!("{} (rebuild {rebuild})", x(r)), r <= 3.0)),
        );
    }
    for c in &f.checks {
        let n = c.articles;
        g.line(
            &format!("check ≤ 1.5× build ({n} articles, 700 entries)"),
            c.against_build.clone().map(|r| (x(r), r <= 1.5)),
        );
        if let Some(r) = &c.large_glossary {
            g.line(
                &format!("check: a 5,000-entry glossary ≤ 1.5× 700 entries ({n} articles)"),
                r.clone().map(|r| (x(r), r <= 1.5)),
            );
        }
        if let Some(r) = &c.links {
            g.line(
                &format!("check: 5 internal links an article ≤ 1.2× none ({n} articles)"),
                r.clone().map(|r| (x(r), r <= 1.2)),
            );
        }
    }
    println!("{} of {} met\n", g.met, g.total);
}
