//! `explainer serve`: one article edited, the incremental rebuilds timed.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// Makes the k-th version of an edited article.
pub(crate) type Edit<'a> = Box<dyn Fn(usize) -> String + 'a>;

/// Starts `explainer serve` on the site, edits one article in three ways, and reads the
/// time serve reports for each incremental rebuild (`rebuilt … in X ms`).
pub(crate) fn serve_edits(explainer: &Path, root: &Path) -> Option<Vec<(&'static str, f64)>> {
    use std::io::{BufRead, BufReader};
    let mut child = Command::new(explainer)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .ok()?;
    let mut lines = BufReader::new(child.stderr.take()?).lines();
    while !lines.next()?.ok()?.contains("serving the site at") {}
    let article = root.join("content/batch-000/explainer-00003.md");
    let original = fs::read_to_string(&article).ok()?;
    let mut results = Vec::new();
    let edits: [(&'static str, Edit<'_>); 3] = [
        (
            "a sentence added to the body",
            Box::new(|k| format!("{original}\nOne more sentence, number {k}.\n")),
        ),
        (
            "a new mention (entry pages change)",
            Box::new(|k| {
                format!(
                    "{original}\nNow the {} matters, edit {k}.\n",
                    if k % 2 == 0 { "IAEA" } else { "OPEC" }
                )
            }),
        ),
        (
            "a new title (index, feeds and backlinks change)",
            Box::new(|k| original.replacen("title: \"", &format!("title: \"Edit {k}: "), 1)),
        ),
    ];
    // The time serve reports for the next rebuild; None (and a note) for a full one.
    let mut next_rebuild = |what: &str| -> Option<Option<f64>> {
        loop {
            let line = lines.next()?.ok()?;
            if line.starts_with("rebuilt ") {
                return Some(
                    line.rsplit(" in ")
                        .next()?
                        .trim_end_matches(" ms")
                        .parse::<f64>()
                        .ok(),
                );
            }
            if line.starts_with("built ") {
                eprintln!("  serve rebuilt the whole site for: {what}");
                return Some(None);
            }
        }
    };
    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times.get(times.len() / 2).copied()
    };
    for (what, edit) in edits.iter() {
        let mut times = Vec::new();
        for k in 0..5 {
            fs::write(&article, edit(k)).ok()?;
            times.extend(next_rebuild(what)?);
        }
        results.extend(median(times).map(|m| (*what, m)));
    }
    fs::write(&article, &original).ok()?;
    next_rebuild("the original back")?;
    // A new article (a copy under another name and title), then the same deleted.
    let (mut added, mut deleted) = (Vec::new(), Vec::new());
    for k in 0..5 {
        let new = root.join(format!("content/batch-000/new-{k}.md"));
        fs::write(
            &new,
            original.replacen("title: \"", &format!("title: \"New {k}: "), 1),
        )
        .ok()?;
        added.extend(next_rebuild("a new article")?);
        fs::remove_file(&new).ok()?;
        deleted.extend(next_rebuild("a deleted article")?);
    }
    results
        .extend(median(added).map(|m| ("a new article (index, feeds and entry pages change)", m)));
    results.extend(median(deleted).map(|m| ("the same article deleted", m)));
    let _ = child.kill();
    let _ = child.wait();
    Some(results)
}
