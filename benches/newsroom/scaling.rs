//! Scaling: each dimension of one article (or of the glossary) grown 1× → 10× → 100×,
//! `build` and `check` timed at each size. A stage that is linear costs about 10× for a
//! 10× input; the section fails when a 10× input costs over 20× the time, or a run's peak
//! memory goes over the budget, or a run crashes or times out. Hostile inputs may end in
//! content errors (exit status 1): refused in bounded time is what they must get.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::made;
use crate::report::{mib, ms};
use crate::timing::{Job, Series, repeat};

/// The most a 10× input may cost, in time.
const GROWTH_BOUND: f64 = 20.0;
/// The most memory any run here may take (the largest inputs are a few megabytes).
const PEAK_BUDGET_MIB: u64 = 200;

/// One dimension: its name, the size at 1×, and the article (front matter lines and
/// body) or glossary it makes at a size.
struct Dimension {
    name: &'static str,
    base: usize,
    make: fn(usize) -> Made,
}

/// What a dimension writes besides the shared site: the article's extra front matter and
/// body, and the glossary's extra entries.
#[derive(Default)]
struct Made {
    front: String,
    body: String,
    glossary: String,
}

fn body(body: String) -> Made {
    Made {
        body,
        ..Made::default()
    }
}

const WORDS: &[&str] = &[
    "officials",
    "said",
    "the",
    "battery",
    "would",
    "stay",
    "in",
    "place",
    "while",
    "talks",
    "went",
    "on",
    "over",
    "radar",
    "range",
    "and",
    "trade",
    "with",
    "its",
    "neighbours",
];

/// `n` words of plain prose, a full stop every twelve.
fn prose(n: usize, from: usize) -> String {
    let mut s = String::with_capacity(n * 7);
    for i in 0..n {
        let w = WORDS[(from + i * 7) % WORDS.len()];
        if i % 12 == 0 {
            if i > 0 {
                s.push_str(". ");
            }
            let mut c = w.chars();
            s.extend(c.next().map(|c| c.to_ascii_uppercase()));
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// A name the glossary can hold many of, all distinct words: `Varoka Telun 12`.
fn name(i: usize) -> String {
    const SYL: &[&str] = &[
        "va", "ro", "ka", "te", "lun", "mi", "so", "dar", "ne", "qui",
    ];
    let word = |mut k: usize| {
        let mut w = String::new();
        for _ in 0..3 {
            w.push_str(SYL[k % SYL.len()]);
            k /= SYL.len();
        }
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase())
            .into_iter()
            .chain(c)
            .collect::<String>()
    };
    format!("{} {}", word(i), word(i / 1000 + 7))
}

const DIMENSIONS: &[Dimension] = &[
    Dimension {
        name: "paragraphs in an article",
        base: 30,
        make: |n| {
            let mut s = String::new();
            for i in 0..n {
                if i % 10 == 0 {
                    let _ = writeln!(s, "## Part {i}\n");
                }
                let _ = writeln!(s, "{} THAAD and Moon Jae-in.\n", prose(60, i));
            }
            body(s)
        },
    },
    Dimension {
        name: "words in a paragraph",
        base: 1000,
        make: |n| body(format!("{} THAAD.\n", prose(n, 0))),
    },
    Dimension {
        name: "stray quotation marks in a paragraph",
        base: 1000,
        make: |n| body(format!("Three noes. {}\n", "“".repeat(n))),
    },
    Dimension {
        name: "quotations in an article",
        base: 300,
        make: |n| {
            let mut s = String::new();
            for i in 0..n {
                let _ = write!(s, "“{},” said Moon Jae-in. ", prose(8, i));
                if i % 10 == 9 {
                    s.push_str("\n\n");
                }
            }
            body(s)
        },
    },
    Dimension {
        name: "quotes in the front matter",
        base: 10,
        make: |n| {
            let mut front = String::from("quotes:\n");
            let mut s = String::new();
            for i in 0..n {
                let _ = writeln!(
                    front,
                    "  - text: quote number {i} of many\n    speaker: moon"
                );
                let _ = writeln!(s, "Moon Jae-in said “quote number {i} of many” again.\n");
            }
            Made {
                front,
                body: s,
                ..Made::default()
            }
        },
    },
    Dimension {
        name: "quotes missing from the body",
        base: 10,
        make: |n| {
            let mut front = String::from("quotes:\n");
            let mut s = String::new();
            for i in 0..n {
                let _ = writeln!(
                    front,
                    "  - text: missing quote {i} of many\n    speaker: moon"
                );
                let _ = writeln!(s, "{}\n", prose(20, i));
            }
            Made {
                front,
                body: s,
                ..Made::default()
            }
        },
    },
    Dimension {
        name: "mentions in an article",
        base: 300,
        make: |n| {
            let names = ["THAAD", "Moon Jae-in", "three noes", "Lotte", "Seongju"];
            let mut s = String::new();
            for i in 0..n {
                let _ = write!(s, "{} {} ", prose(5, i), names[i % names.len()]);
                if i % 10 == 9 {
                    s.push_str("\n\n");
                }
            }
            body(s)
        },
    },
    Dimension {
        name: "links in an article",
        base: 300,
        make: |n| {
            let mut s = String::new();
            for i in 0..n {
                let _ = match i % 3 {
                    0 => write!(s, "See [the other story](../other/) again. "),
                    1 => write!(s, "See [the system](term:thaad) again. "),
                    _ => write!(s, "See [a source](https://example.com/{i}) again. "),
                };
                if i % 10 == 9 {
                    s.push_str("\n\n");
                }
            }
            body(s)
        },
    },
    Dimension {
        name: "glossary entries",
        base: 50,
        make: |n| {
            let mut glossary = String::new();
            let mut s = String::new();
            for i in 0..n {
                let _ = writeln!(
                    glossary,
                    "e{i}:\n  name: {}\n  kind: organization\n  short: A body named in the news.\n",
                    name(i)
                );
                if i % 5 == 0 {
                    let _ = writeln!(s, "{} {}.\n", prose(10, i), name(i));
                }
            }
            Made {
                body: s,
                glossary,
                ..Made::default()
            }
        },
    },
    Dimension {
        name: "aliases of one entry",
        base: 30,
        make: |n| {
            let mut glossary = String::from(
                "many:\n  name: Many Names\n  short: One entry, many names.\n  aliases:\n",
            );
            let mut s = String::new();
            for i in 0..n {
                let _ = writeln!(glossary, "    - {}", name(i));
                let _ = writeln!(s, "{} {}.\n", prose(10, i), name(i));
            }
            Made {
                body: s,
                glossary,
                ..Made::default()
            }
        },
    },
    Dimension {
        name: "nested blockquotes",
        base: 1,
        make: |n| body(format!("{} Deep THAAD.\n", ">".repeat(n))),
    },
    Dimension {
        name: "nested lists",
        base: 1,
        make: |n| body(format!("{}Deep THAAD.\n", "- ".repeat(n))),
    },
    Dimension {
        name: "nested emphasis",
        base: 100,
        make: |n| body(format!("{0}THAAD{1}\n", "*".repeat(n), "*".repeat(n))),
    },
    Dimension {
        name: "open brackets",
        base: 100,
        make: |n| body(format!("{}THAAD](x)\n", "[".repeat(n))),
    },
    Dimension {
        name: "raw HTML tags",
        base: 100,
        make: |n| body(format!("{}\n", "<span>THAAD</span> ".repeat(n))),
    },
    Dimension {
        name: "headings with the same text",
        base: 100,
        make: |n| body("## Background\n\nTHAAD again.\n\n".repeat(n)),
    },
    Dimension {
        name: "lines of a code block",
        base: 100,
        make: |n| {
            body(format!(
                "```rust\n{}```\n",
                "let x = radar(range, 3);\n".repeat(n)
            ))
        },
    },
    Dimension {
        name: "length of a code line",
        base: 1000,
        make: |n| {
            body(format!(
                "```rust\nlet x = {}1;\n```\n",
                "a + ".repeat(n / 4)
            ))
        },
    },
    Dimension {
        name: "tags in the front matter",
        base: 30,
        make: |n| Made {
            front: format!(
                "tags: [{}]\n",
                (0..n)
                    .map(|i| format!("tag {i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            body: "THAAD.\n".into(),
            ..Made::default()
        },
    },
];

const GLOSSARY: &str = "\
thaad:
  name: THAAD
  expansion: Terminal High Altitude Area Defense
  short: US Army system that intercepts ballistic missiles in their final phase of flight.
  aliases: [THAAD battery]
three-noes:
  name: three noes
  short: Seoul's 2017 statement on THAAD.
moon:
  name: Moon Jae-in
  kind: person
  short: President of South Korea (2017–2022).
lotte:
  name: Lotte
  kind: organization
  short: South Korean conglomerate.
seongju:
  name: Seongju
  kind: place
  short: The county where the battery stands.
";

/// Writes the site of one dimension at size `n`: the shared glossary, a second article to
/// link to, and the grown article.
fn write_site(root: &Path, made: &Made) {
    let _ = fs::remove_dir_all(root);
    let content = root.join("content");
    fs::create_dir_all(&content).expect("make the site folder");
    let write = |name: &str, text: &str| fs::write(content.join(name), text).expect("write");
    write("site.yaml", "title: Scaling\nlanguage: en\n");
    write("glossary.yaml", &format!("{GLOSSARY}{}", made.glossary));
    write(
        "other.md",
        "---\ntitle: The other story\ndate: 2020-01-01\n---\nTHAAD, in short.\n",
    );
    write(
        "hostile.md",
        &format!(
            "---\ntitle: Grown\ndate: 2020-01-02\n{}---\n{}",
            made.front, made.body
        ),
    );
}

/// One measured size: its wall time and peak, or why there is none.
type Point = Result<(Duration, u64), String>;

fn point(series: &Series) -> Point {
    match (&series.failure, series.median()) {
        (Some(f), _) => Err(f.to_string()),
        (None, Some(s)) => Ok((s.wall, s.peak_kib)),
        (None, None) => Err("no runs".into()),
    }
}

/// Times every dimension; prints a table of each command at 1×, 10× and 100×, and returns
/// the dimensions that broke a bound.
pub(crate) fn scaling(explainer: &Path, dir: &Path, rounds: usize) -> Vec<String> {
    println!(
        "## Scaling: each dimension at 1×, 10× and 100× (one article, or the glossary), \
         median of {rounds}; bound: a 10× input costs at most {GROWTH_BOUND}× the time, \
         and no run takes over {PEAK_BUDGET_MIB} MiB\n"
    );
    println!("| dimension (1× =) | command | 1× | 10× | 100× | ×10 costs | ×100 costs | peak | |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut broken = Vec::new();
    for d in DIMENSIONS {
        let sizes = [d.base, d.base * 10, d.base * 100];
        let roots: Vec<PathBuf> = sizes
            .iter()
            .map(|&n| {
                let root = made(&dir.join(format!("scaling-{}-{n}", d.name.replace(' ', "-"))));
                write_site(&root, &(d.make)(n));
                root
            })
            .collect();
        for command in ["build", "check"] {
            let points: Vec<Point> = roots
                .iter()
                .map(|root| {
                    let out = made(&root.with_extension("out"));
                    point(&repeat(command, rounds, || {
                        let mut c = Command::new(explainer);
                        c.arg(command).arg("--root").arg(root);
                        if command == "build" {
                            c.arg("--out").arg(&out);
                        }
                        Job::new(c).errors_allowed()
                    }))
                })
                .collect();
            let mut problems = Vec::new();
            let shown: Vec<String> = points
                .iter()
                .map(|p| match p {
                    Ok((wall, _)) => ms(*wall),
                    Err(why) => {
                        problems.push(why.clone());
                        why.clone()
                    }
                })
                .collect();
            let mut growth = |a: &Point, b: &Point| match (a, b) {
                (Ok((a, _)), Ok((b, _))) => {
                    let g = b.as_secs_f64() / a.as_secs_f64().max(1e-6);
                    if g > GROWTH_BOUND {
                        problems.push(format!("a 10× input costs {g:.0}×"));
                    }
                    format!("{g:.1}×")
                }
                _ => "—".into(),
            };
            let g1 = growth(&points[0], &points[1]);
            let g2 = growth(&points[1], &points[2]);
            let peak = points
                .iter()
                .filter_map(|p| p.as_ref().ok().map(|&(_, k)| k))
                .max()
                .unwrap_or(0);
            if peak > PEAK_BUDGET_MIB * 1024 {
                problems.push(format!("peak {} over {PEAK_BUDGET_MIB} MiB", mib(peak)));
            }
            let verdict = if problems.is_empty() {
                "ok"
            } else {
                "**over**"
            };
            println!(
                "| {} ({}) | {command} | {} | {} | {} | {g1} | {g2} | {} | {verdict} |",
                d.name,
                d.base,
                shown[0],
                shown[1],
                shown[2],
                mib(peak)
            );
            if !problems.is_empty() {
                broken.push(format!("{}, {command}: {}", d.name, problems.join("; ")));
            }
        }
    }
    println!();
    for b in &broken {
        println!("over a bound: {b}");
    }
    broken
}
