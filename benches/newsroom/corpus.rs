//! The generated corpus: deterministic news-like explainers and their glossary.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::made;

/// A small deterministic generator (xorshift64*), so every run builds the same corpus.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(crate) fn pick<'a>(&mut self, items: &'a [&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

pub(crate) const ACRONYMS: &[(&str, &str)] = &[
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

pub(crate) const FIRST: &[&str] = &[
    "Min", "Ji", "Seo", "Hye", "Dong", "Sung", "Young", "Kyung", "Jae", "Hyun", "Eun", "Tae",
    "Jin", "Soo", "Woo", "Ha", "Yeon", "Chul", "Ho", "Mi",
];
pub(crate) const LAST: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo",
    "Shin", "Kwon",
];
pub(crate) const WORDS: &[&str] = &[
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

pub(crate) struct Corpus {
    pub(crate) root: PathBuf,
    pub(crate) articles: usize,
}

/// The i-th person: an id and a name. The first 300 names are the last and first names'
/// combinations; past them, the given name's second syllable shifts by one for each
/// further 300, so every name stays unique.
pub(crate) fn person(i: usize) -> (String, String) {
    let name = format!(
        "{} {}-{}",
        LAST[i % LAST.len()],
        FIRST[(i / LAST.len()) % FIRST.len()],
        FIRST[(i * 7 + 3 + i / 300) % FIRST.len()].to_lowercase()
    );
    (format!("person-{i}"), name)
}

/// The benchmark's newsroom: 300 people, named and quoted, all in the glossary; each
/// article names its own cast of them and of the acronyms.
pub(crate) const NEWSROOM: Spec = Spec {
    articles: 0,
    people: 300,
    people_in_glossary: true,
    synthetic: 0,
    org_speakers: false,
    dense: false,
    links: Links::SeeAlso,
    named_synthetic: 0,
    newsroom_content: true,
};

/// The copy desk's corpus, for `check`: 700 glossary entries (the 20 acronyms and 680
/// people), and at the end of each article a list of related pages, written as plain
/// text; that list names one of 4,300 further entries, which only the 5,000-entry
/// variant's glossary defines.
pub(crate) const COPY_DESK: Spec = Spec {
    people: 680,
    links: Links::None,
    named_synthetic: 4300,
    newsroom_content: false,
    ..NEWSROOM
};

/// An article's internal links.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    /// One: "See also" another explainer, in the list after the quotation.
    SeeAlso,
    /// None: the same "See also" and a list of related pages at the end, as plain text.
    None,
    /// Five: the same two lists, linked: three to other explainers' pages, two to
    /// entries' pages with the entry's `#id` (`../../glossary/nato/index.html#nato`).
    Five,
}

/// What a generated site holds.
#[derive(Clone, Copy)]
pub(crate) struct Spec {
    pub(crate) articles: usize,
    /// People named in the articles' text (and quoted, unless `org_speakers`).
    pub(crate) people: usize,
    /// Whether the glossary defines those people (the 20 acronyms always are).
    pub(crate) people_in_glossary: bool,
    /// More entries, never mentioned unless `named_synthetic`.
    pub(crate) synthetic: usize,
    /// Quotes are attributed to the acronyms' organisations rather than to people, so the
    /// same articles build with a glossary of the 20 acronyms alone.
    pub(crate) org_speakers: bool,
    /// Every article names anyone: about 40 distinct entries an article instead of a
    /// cast of 11 on average: kept as a stress test.
    pub(crate) dense: bool,
    /// An article's internal links.
    pub(crate) links: Links,
    /// With any `links` but [`Links::SeeAlso`], article i's list of related pages names
    /// the synthetic entry `i % named_synthetic` (when non-zero).
    pub(crate) named_synthetic: usize,
    /// What a newsroom's explainers have beside their text: one article in five is a
    /// page bundle with a lead image (a 43 KB PNG beside its `index.md`), and "See also"
    /// links to the other explainer by its source file (`@/batch-001/explainer-01234.md`,
    /// as Zola writes it) rather than by its page. Every article has headings.
    pub(crate) newsroom_content: bool,
}

/// Who an article's text names. A news story has a cast: a few organisations and
/// people, named again and again (the example site's longest article has 16 entries).
/// The dense corpus names anyone in any sentence.
pub(crate) struct Cast {
    pub(crate) acronyms: Vec<usize>,
    pub(crate) people: Vec<usize>,
}

impl Cast {
    pub(crate) fn draw(rng: &mut Rng, people: usize, dense: bool) -> Cast {
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
    pub(crate) fn acronyms_only(&self) -> Cast {
        Cast {
            acronyms: self.acronyms.clone(),
            people: Vec::new(),
        }
    }
}

/// Writes a site: `articles` explainers and a glossary of the 20 acronyms, the people
/// when asked, and `synthetic` more entries.
pub(crate) fn generate(root: &Path, spec: Spec) -> Corpus {
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
        let text = article(i, articles, &spec, &mut rng);
        let file = root.join("content").join(source_path(i, &spec));
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, text).unwrap();
        if has_lead_image(i, &spec) {
            fs::write(file.with_file_name(LEAD_IMAGE), lead_image()).unwrap();
        }
    });
    Corpus {
        root: root.to_path_buf(),
        articles,
    }
}

pub(crate) fn sentence(rng: &mut Rng, cast: &Cast, words: &mut usize) -> String {
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

pub(crate) fn article(i: usize, total: usize, spec: &Spec, rng: &mut Rng) -> String {
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
            let target = match spec.newsroom_content {
                true => format!("@/{}", source_path(other, spec)),
                false => article_path(other),
            };
            let _ = writeln!(
                body,
                "- {}\n- {}\n- See also {}\n",
                sentence(rng, &plain, &mut words),
                sentence(rng, &plain, &mut words),
                link(
                    &format!("explainer {other}"),
                    &target,
                    spec.links != Links::None
                )
            );
        }
        if i.is_multiple_of(10) && section == 2 && !body.contains("```") {
            body.push_str("```python\nimport json\n\ndef load(path):\n    with open(path) as f:\n        return json.load(f)\n\nprint(load(\"data.json\")[\"missiles\"])\n```\n\n");
        }
    }
    if spec.links != Links::SeeAlso {
        related(&mut body, i, total, spec, &cast);
    }
    let image = match has_lead_image(i, spec) {
        true => format!(
            "image:\n  src: {LEAD_IMAGE}\n  alt: The scene of explainer {i}\n  credit: \"Photo: Newsroom Desk\"\n"
        ),
        false => String::new(),
    };
    format!(
        "---\ntitle: \"Explainer {i}: {}\"\ndate: {}\nauthor: Newsroom Desk\nsummary: \"{}\"\ntags: [Benchmark, Batch {}]\n{image}quotes:\n  - text: \"{quote_piece}\"\n    speaker: {speaker}\n---\n{body}",
        sentence(rng, &plain, &mut 0).trim_end_matches('.'),
        date(i),
        sentence(rng, &plain, &mut 0),
        i / 1000
    )
}

/// The name of a bundle's lead image.
pub(crate) const LEAD_IMAGE: &str = "lead.png";

/// Whether explainer `i` is a page bundle with a lead image: one in five.
fn has_lead_image(i: usize, spec: &Spec) -> bool {
    spec.newsroom_content && i % 5 == 1
}

/// Explainer `i`'s file under content/: a page bundle's `index.md`, or a file of its own.
fn source_path(i: usize, spec: &Spec) -> String {
    match has_lead_image(i, spec) {
        true => format!("batch-{:03}/explainer-{i:05}/index.md", i / 1000),
        false => format!("batch-{:03}/explainer-{i:05}.md", i / 1000),
    }
}

/// A lead image: a PNG of 128×110 pixels, one colour stored uncompressed (43 KB, the
/// weight of a small news photo), the same for every bundle.
fn lead_image() -> &'static [u8] {
    static PNG: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    PNG.get_or_init(|| crate::png::png(128, 110))
}

/// `[text](path)`, or the text alone.
fn link(text: &str, path: &str, linked: bool) -> String {
    if linked {
        format!("[{text}]({path})")
    } else {
        text.to_string()
    }
}

/// Explainer `n`'s page, relative to another explainer's.
fn article_path(n: usize) -> String {
    format!("../../batch-{:03}/explainer-{n:05}/index.html", n / 1000)
}

/// The list of related pages at the end of an article: two other explainers and the
/// pages of two entries the article names, an organisation and a person, each at the
/// entry's anchor; and a synthetic entry, named. Drawn from a generator of its own, so
/// the rest of the article is the same whatever `links` is.
fn related(body: &mut String, i: usize, total: usize, spec: &Spec, cast: &Cast) {
    let mut rng = Rng(0x5851_F42D_4C95_7F2D ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let linked = spec.links == Links::Five;
    let mut other = || (i + 1 + rng.below(total.max(2) - 1)) % total.max(1);
    let (a, b) = (other(), other());
    let organisation = ACRONYMS[cast.acronyms[rng.below(cast.acronyms.len())]]
        .0
        .to_lowercase();
    let someone = if cast.people.is_empty() {
        ACRONYMS[rng.below(ACRONYMS.len())].0.to_lowercase()
    } else {
        person(cast.people[rng.below(cast.people.len())]).0
    };
    let entry = |id: &str| format!("../../glossary/{id}/index.html#{id}");
    let _ = writeln!(
        body,
        "Related pages:\n\n- {}\n- {}\n- {}\n- {}",
        link(&format!("Explainer {a}"), &article_path(a), linked),
        link(&format!("Explainer {b}"), &article_path(b), linked),
        link(
            "The organisation in the glossary",
            &entry(&organisation),
            linked
        ),
        link("Someone quoted, in the glossary", &entry(&someone), linked),
    );
    if spec.named_synthetic > 0 {
        let _ = writeln!(
            body,
            "- Also in the news: Zeta{}x Term",
            i % spec.named_synthetic
        );
    }
    body.push('\n');
}

pub(crate) fn date(i: usize) -> String {
    let days = i % 9000;
    let (mut y, mut d) = (2000, days);
    while d >= 365 {
        d -= 365;
        y += 1;
    }
    format!("{y}-{:02}-{:02}", d / 28 % 12 + 1, d % 28 + 1)
}
