//! `serve`'s incremental update of one article: after each edit, the patched site is byte
//! for byte what a full build gives.

use crate::*;

/// The pages of a full in-memory build.
fn full(site: &Site) -> std::collections::BTreeMap<String, Vec<u8>> {
    let (built, _, _) =
        explainer::incremental::build_model(&site.opts()).unwrap_or_else(|e| panic!("{e}"));
    pages(built)
}

fn pages(built: Vec<explainer::Page>) -> std::collections::BTreeMap<String, Vec<u8>> {
    built
        .into_iter()
        .map(|p| {
            let bytes = match p.body {
                explainer::PageBody::Bytes(b) => b,
                explainer::PageBody::Copy(path) => std::fs::read(path).unwrap(),
            };
            (p.path, bytes)
        })
        .collect()
}

/// Edits `content/a.md`, applies the incremental update, and checks the patched site is
/// byte for byte what a full build of the edited site gives. Returns the pages rewritten.
fn incremental_matches_full(site: &Site, edited: &str) -> Vec<String> {
    change_matches_full(site, "content/a.md", || {
        site.write("content/a.md", edited.as_bytes())
    })
}

/// Fails unless each of `pages` was rewritten.
fn assert_rewrites(rewritten: &[String], pages: &[&str]) {
    for page in pages {
        assert!(
            rewritten.iter().any(|r| r == page),
            "{page} in {rewritten:?}"
        );
    }
}

/// Applies the patch an update gives to the pages of a build.
fn apply(
    pages: &mut std::collections::BTreeMap<String, Vec<u8>>,
    update: explainer::incremental::Update,
) {
    for gone in &update.removed {
        pages.remove(gone);
    }
    for page in update.pages {
        let explainer::PageBody::Bytes(b) = page.body else {
            panic!("generated page")
        };
        pages.insert(page.path, b);
    }
}

fn glossary_site() -> Site {
    Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .article("a", "", "THAAD only.")
        .article("b", "", "Yoon and THAAD.")
}

#[test]
fn an_edit_of_the_body_rewrites_only_the_article_when_nothing_else_changes() {
    let site = glossary_site();
    let rewritten = incremental_matches_full(&site, &format!("{}THAAD only, said again.", fm("")));
    assert_eq!(rewritten, ["a/index.html"]);
}

#[test]
fn a_new_mention_rewrites_the_entry_page_and_the_glossary_counts() {
    let site = glossary_site();
    let rewritten = incremental_matches_full(&site, &format!("{}THAAD, and now Yoon.", fm("")));
    assert_eq!(
        rewritten,
        [
            "a/index.html",
            "glossary/index.html",
            "glossary/yoon/index.html"
        ]
    );
}

#[test]
fn a_new_title_rewrites_the_index_feeds_and_backlinks() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    let rewritten = incremental_matches_full(
        &site,
        "---\ntitle: A new title\ndate: 2023-01-01\n---\nTHAAD only.",
    );
    assert_rewrites(
        &rewritten,
        &[
            "a/index.html",
            "index.html",
            "atom.xml",
            "sitemap.xml",
            "glossary/thaad/index.html",
        ],
    );
}

#[test]
fn highlight_css_comes_and_goes_with_the_last_code_block() {
    let fence = "\n\n```python\nx = 1\n```\n";
    let site = glossary_site();
    let rewritten = incremental_matches_full(&site, &format!("{}THAAD only.{fence}", fm("")));
    assert!(
        rewritten.contains(&"highlight.css".to_string()),
        "{rewritten:?}"
    );
    // The last fence goes: so does highlight.css (the helper compares the page sets).
    incremental_matches_full(&site, &format!("{}THAAD only.", fm("")));
}

#[test]
fn a_site_s_own_highlight_css_is_never_replaced_or_removed() {
    let fence = "\n\n```python\nx = 1\n```\n";
    let site = glossary_site().file("static/highlight.css", "/* mine */");
    incremental_matches_full(&site, &format!("{}THAAD only.{fence}", fm("")));
    incremental_matches_full(&site, &format!("{}THAAD only.", fm("")));
}

#[test]
fn a_new_via_rewrites_the_speaker_page() {
    let quoted = |via: &str| {
        format!(
            "{}“We will not negotiate,” Yoon said.",
            fm(&format!(
                "quotes:\n  - text: We will not negotiate\n    speaker: yoon\n    via: {via}\n"
            ))
        )
    };
    let site = glossary_site();
    site.write("content/a.md", quoted("thaad").as_bytes());
    let rewritten = incremental_matches_full(&site, &quoted("Yonhap"));
    assert!(
        rewritten.contains(&"glossary/yoon/index.html".to_string()),
        "{rewritten:?}"
    );
}

/// Like [`incremental_matches_full`], for a change made by `change` to any file.
fn change_matches_full(site: &Site, file: &str, change: impl FnOnce()) -> Vec<String> {
    let (built, _, mut model) =
        explainer::incremental::build_model(&site.opts()).unwrap_or_else(|e| panic!("{e}"));
    model.index_paths(); // as serve does, right after the build
    let mut patched = pages(built);
    change();
    let update = model
        .update(&site.root().join(file))
        .unwrap_or_else(|e| panic!("{e}"))
        .expect("incremental");
    let rewritten: Vec<String> = update.pages.iter().map(|p| p.path.clone()).collect();
    apply(&mut patched, update);
    let expected = full(site);
    for (path, bytes) in &expected {
        assert!(
            patched.get(path) == Some(bytes),
            "{path} differs from a full build"
        );
    }
    assert_eq!(patched.len(), expected.len(), "the same set of pages");
    rewritten
}

#[test]
fn a_new_article_is_added_without_a_full_rebuild() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    let rewritten = change_matches_full(&site, "content/sub/new.md", || {
        site.write(
            "content/sub/new.md",
            format!("{}Yoon on THAAD.", fm("")).as_bytes(),
        )
    });
    assert_rewrites(
        &rewritten,
        &[
            "sub/new/index.html",
            "index.html",
            "atom.xml",
            "glossary/yoon/index.html",
        ],
    );
}

#[test]
fn a_deleted_article_is_removed_without_a_full_rebuild() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    let rewritten = change_matches_full(&site, "content/b.md", || {
        std::fs::remove_file(site.root().join("content/b.md")).unwrap()
    });
    assert!(rewritten.contains(&"glossary/yoon/index.html".to_string()));
}

#[cfg(unix)]
#[test]
fn a_linked_article_whose_link_is_deleted_goes() {
    let site = glossary_site().file("elsewhere/x.md", &format!("{}Yoon.", fm("")));
    std::os::unix::fs::symlink(
        site.root().join("elsewhere/x.md"),
        site.root().join("content/x.md"),
    )
    .unwrap();
    let rewritten = change_matches_full(&site, "content/x.md", || {
        std::fs::remove_file(site.root().join("content/x.md")).unwrap()
    });
    assert_rewrites(&rewritten, &["index.html", "glossary/yoon/index.html"]);
}

#[test]
fn an_article_made_a_draft_leaves_and_comes_back() {
    let site = glossary_site();
    change_matches_full(&site, "content/b.md", || {
        site.write(
            "content/b.md",
            format!("{}Yoon.", fm("draft: true\n")).as_bytes(),
        )
    });
    change_matches_full(&site, "content/b.md", || {
        site.write("content/b.md", format!("{}Yoon.", fm("")).as_bytes())
    });
}

#[test]
fn files_a_build_does_not_read_change_nothing() {
    let site = glossary_site();
    for file in [
        "content/_private.md",
        "content/.hidden.md",
        "content/_d/x.md",
    ] {
        let rewritten = change_matches_full(&site, file, || {
            site.write(file, format!("{}THAAD.", fm("")).as_bytes())
        });
        assert!(rewritten.is_empty(), "{file}: {rewritten:?}");
    }
}

#[test]
fn a_new_slug_moves_the_page() {
    let site = glossary_site();
    incremental_matches_full(&site, &format!("{}THAAD only.", fm("slug: moved\n")));
}

#[test]
fn edits_that_reach_further_ask_for_a_full_rebuild() {
    let site = glossary_site();
    let (_, _, mut model) = explainer::incremental::build_model(&site.opts()).unwrap();
    for (file, front, why) in [
        ("a", "glossary:\n  moon:\n    name: Moon\n", "a new entry"),
        (
            "c",
            "glossary:\n  sun:\n    name: Sun\n",
            "a new file with its own entry",
        ),
        ("d", "slug: b\n", "a new file at another article's address"),
    ] {
        let file = format!("content/{file}.md");
        site.write(&file, format!("{}x", fm(front)).as_bytes());
        let update = model.update(&site.root().join(&file)).unwrap();
        assert!(update.is_none(), "{why}");
    }
    site.write(
        "content/a.md",
        format!("{}[x](term:nope)", fm("")).as_bytes(),
    );
    assert!(
        model.update(&site.root().join("content/a.md")).is_err(),
        "an error is reported"
    );
}

/// The article `random_edit_sequences…` edits, one field at a time, as an editor would.
#[derive(Clone, Default)]
struct Draft {
    /// Which article: its slug, when it has one, is its own.
    id: usize,
    /// Whether the file is there at all.
    exists: bool,
    title: usize,
    date: usize,
    options: [bool; 11],
    pieces: Vec<usize>,
    said: bool,
    quote: Option<usize>,
    block_quote: bool,
    error: bool,
}

const PIECES: &[&str] = &[
    "THAAD ",
    "Yoon ",
    "THAAD battery ",
    "the system ",
    "[the system](term:thaad) ",
    "[he](term:yoon) ",
    "plain words, ",
    "\n\n## A heading with THAAD\n\n",
    "`THAAD` in code ",
    "\n\n> “A quoted THAAD line.”\n\n",
    "Yoon Suk Yeol ",
    "\n\n```python\nx = \"THAAD\"\n```\n\n",
    "[the other](@/b.md#top) ",
];
const TITLES: &[&str] = &["A", "B", "\"“C” & <D>\""];
const DATES: &[&str] = &["2022-08-11", "2021-01-01", "2024-05-05"];
const OPTIONS: [&str; 11] = [
    "slug: moved\n",
    "tags: [Defence, Korea]\n",
    "summary: \"About THAAD.\"\n",
    "annotate: all\n",
    "annotate: none\n",
    "skip: [yoon]\n",
    "updated: 2025-01-01\n",
    "author: [Kim, Lee]\n",
    "source: {name: Yonhap, url: \"https://example.org/y\"}\n",
    "draft: true\n",
    "aliases: [old-moved/]\n",
];

impl Draft {
    /// Changes one thing: a word added or removed, the title, the date, an option, a
    /// quotation or its speaker, or an error made or fixed.
    fn edit(&mut self, rng: &mut Rng) {
        let mut next = |n: usize| rng.below(n);
        if next(12) == 0 {
            self.exists = !self.exists;
            return;
        }
        match next(9) {
            0 | 1 => self.pieces.push(next(PIECES.len())),
            2 if !self.pieces.is_empty() => {
                let at = next(self.pieces.len());
                self.pieces.remove(at);
            }
            3 => self.title = next(TITLES.len()),
            4 => self.date = next(DATES.len()),
            5 => {
                let o = next(OPTIONS.len());
                self.options[o] = !self.options[o];
                if o == 3 || o == 4 {
                    self.options[7 - o] = false; // one annotate mode at a time
                }
            }
            6 => self.said = !self.said,
            7 => {
                self.quote = match next(5) {
                    0 => None,
                    n => Some(n - 1),
                };
                self.block_quote = next(2) == 0;
            }
            _ => self.error = next(6) == 0,
        }
    }

    fn text(&self) -> String {
        let mut body: String = self.pieces.iter().map(|&p| PIECES[p]).collect();
        if self.said {
            body.push_str("“We will not negotiate,” Yoon said. ");
        }
        if self.error {
            body.push_str("[x](term:nope)");
        }
        let mut front = format!(
            "title: {}\ndate: {}\n",
            TITLES[self.title], DATES[self.date]
        );
        for (on, option) in self.options.iter().zip(OPTIONS) {
            if *on {
                front.push_str(&option.replace("moved", &format!("moved-{}", self.id)));
            }
        }
        let mut quotes = String::new();
        if let (true, Some(q)) = (self.said, self.quote) {
            let (speaker, via) = [
                ("yoon", ""),
                ("thaad", ""),
                ("yoon", "\n    via: thaad"),
                ("yoon", "\n    via: Yonhap"),
            ][q];
            quotes.push_str(&format!(
                "  - text: We will not negotiate\n    speaker: {speaker}{via}\n"
            ));
        }
        if self.block_quote && self.pieces.contains(&9) {
            quotes.push_str("  - text: A quoted THAAD line\n    speaker: yoon\n");
        }
        if !quotes.is_empty() {
            front.push_str("quotes:\n");
            front.push_str(&quotes);
        }
        format!("---\n{front}---\n{body}")
    }
}

/// Sequences of random edits to three articles (one of them created and deleted), each applied to the same model the way
/// `serve` applies them (falling back to a full build when an edit reaches further):
/// after every edit, the patched site is byte for byte what a full build gives.
/// `EXPLAINER_FUZZ_CASES=N` runs N edits instead of the default 200, and
/// `EXPLAINER_FUZZ_SEED` starts elsewhere.
#[test]
fn random_edit_sequences_patch_the_site_as_a_full_build_would() {
    let edits = from_env("EXPLAINER_FUZZ_CASES", 200);
    let site = glossary_site()
        .file("content/site.yaml", "base_url: https://example.org/\n")
        .article(
            "c",
            "quotes:\n  - text: \"No\"\n    speaker: yoon\n",
            "“No,” Yoon said of THAAD.",
        );
    let mut rng = Rng(from_env("EXPLAINER_FUZZ_SEED", 0x2026_1130) | 1);
    // Two articles edited in turn at random, so their edits meet on shared pages.
    // Three articles: a and b are there from the start, c comes and goes.
    let mut drafts = [0, 1, 2].map(|id| Draft {
        id,
        exists: id < 2,
        ..Draft::default()
    });
    let mut state: Option<(
        explainer::incremental::Model,
        std::collections::BTreeMap<String, Vec<u8>>,
    )> = None;
    let mut incremental = 0;
    for step in 0..edits {
        let which = rng.below(3);
        drafts[which].edit(&mut rng);
        let file = ["content/a.md", "content/b.md", "content/more/d.md"][which];
        let path = site.root().join(file);
        let version = if drafts[which].exists {
            let text = drafts[which].text();
            site.write(file, text.as_bytes());
            text
        } else {
            let _ = std::fs::remove_file(&path);
            "(deleted)".to_string()
        };
        let patched = match &mut state {
            Some((model, pages)) => match model.update(&path) {
                Ok(Some(update)) => {
                    apply(pages, update);
                    true
                }
                Ok(None) | Err(_) => false,
            },
            None => false,
        };
        if !patched {
            // What serve does: a full build, which is then the base of the next edit.
            state = explainer::incremental::build_model(&site.opts()).ok().map(
                |(built, _, mut model)| {
                    model.index_paths(); // as serve does, right after the build
                    (model, pages(built))
                },
            );
            continue;
        }
        incremental += 1;
        let expected = full(&site);
        let pages = &state.as_ref().expect("patched").1;
        for (path, bytes) in &expected {
            assert!(
                pages.get(path) == Some(bytes),
                "step {step}: {path} differs from a full build after this edit of {file}:\n{version}"
            );
        }
        assert_eq!(
            pages.len(),
            expected.len(),
            "step {step}: the same set of pages after this edit of {file}:\n{version}"
        );
    }
    eprintln!("{incremental} of {edits} edits were incremental");
    assert!(
        incremental * 3 > edits,
        "at least a third of the edits should be incremental; only {incremental} of {edits} were"
    );
}

/// Applies an edit as serve does: the incremental update, or a full build when the update
/// asks for one. Checks the result is a full build's and says whether it was incremental.
pub(super) fn serve_matches_full(site: &Site, file: &str, change: impl FnOnce()) -> bool {
    let (built, _, mut model) =
        explainer::incremental::build_model(&site.opts()).unwrap_or_else(|e| panic!("{e}"));
    model.index_paths();
    let mut patched = pages(built);
    change();
    let incremental = match model.update(&site.root().join(file)) {
        Ok(Some(update)) => {
            apply(&mut patched, update);
            true
        }
        Ok(None) => {
            patched = full(site);
            false
        }
        Err(e) => panic!("{e}"),
    };
    assert_eq!(patched, full(site), "serve's site is a full build's");
    incremental
}

#[test]
fn aliases_added_changed_or_removed_rebuild_the_site() {
    let site = glossary_site();
    let with = |aliases: &str, body: &str| format!("{}{body}", fm(aliases));
    for (front, body, incremental, page) in [
        ("aliases: [old/]\n", "THAAD.", false, Some("old/index.html")),
        (
            "aliases: [old/]\n",
            "THAAD and Yoon.",
            true,
            Some("old/index.html"),
        ),
        (
            "aliases: [older.html]\n",
            "THAAD.",
            false,
            Some("older.html"),
        ),
        ("", "THAAD.", false, None),
    ] {
        let was = serve_matches_full(&site, "content/a.md", || {
            site.write("content/a.md", with(front, body).as_bytes())
        });
        assert_eq!(was, incremental, "{front} {body}");
        let pages = full(&site);
        match page {
            Some(p) => assert!(
                pages.contains_key(p) && pages.contains_key("_redirects"),
                "{p}"
            ),
            None => assert!(
                !pages
                    .keys()
                    .any(|p| p == "_redirects" || p.starts_with("old"))
            ),
        }
    }
}

#[test]
fn an_article_linked_by_source_that_moves_or_goes_rebuilds_the_site() {
    let site = glossary_site().article("c", "", "See [b](b.md#top).");
    site.write(
        "content/b.md",
        format!("{}## Top\n\nYoon.", fm("")).as_bytes(),
    );
    let moved = serve_matches_full(&site, "content/b.md", || {
        site.write(
            "content/b.md",
            format!("{}## Top\n\nYoon.", fm("slug: moved\n")).as_bytes(),
        )
    });
    assert!(!moved, "its new URL changes c's page");
    let page = String::from_utf8_lossy(&full(&site)["c/index.html"]).into_owned();
    assert!(page.contains(r#"href="../moved/index.html#top""#), "{page}");
    let edited = serve_matches_full(&site, "content/c.md", || {
        site.write(
            "content/c.md",
            format!("{}See [b](@/b.md) again.", fm("")).as_bytes(),
        )
    });
    assert!(edited, "an edit of the linking article is its own");
    let unlinked = serve_matches_full(&site, "content/a.md", || {
        site.write(
            "content/a.md",
            format!("{}THAAD.", fm("slug: elsewhere\n")).as_bytes(),
        )
    });
    assert!(unlinked, "no article links to a.md");
}

#[test]
fn headings_linked_by_source_changed_rebuild_the_site_which_reports_the_broken_link() {
    let site = glossary_site().article("c", "", "See [b](b.md#top).");
    site.write(
        "content/b.md",
        format!("{}## Top\n\nYoon.", fm("")).as_bytes(),
    );
    let kept = serve_matches_full(&site, "content/b.md", || {
        site.write(
            "content/b.md",
            format!("{}## Top\n\nYoon, THAAD.", fm("")).as_bytes(),
        )
    });
    assert!(kept, "the same headings: b's edit is its own");
    let (_, _, mut model) =
        explainer::incremental::build_model(&site.opts()).unwrap_or_else(|e| panic!("{e}"));
    site.write(
        "content/b.md",
        format!("{}## Bottom\n\nYoon.", fm("")).as_bytes(),
    );
    assert!(
        matches!(model.update(&site.root().join("content/b.md")), Ok(None)),
        "c's link to #top may lead nowhere now: the full build decides"
    );
    assert_eq!(site.error("unknown-heading").location.path, "content/c.md");
    site.write(
        "content/c.md",
        format!("{}See [b](b.md#bottom).", fm("")).as_bytes(),
    );
    let (_, _, mut model) =
        explainer::incremental::build_model(&site.opts()).unwrap_or_else(|e| panic!("{e}"));
    site.write(
        "content/c.md",
        format!("{}See [b](b.md#nowhere).", fm("")).as_bytes(),
    );
    match model.update(&site.root().join("content/c.md")) {
        Err(explainer::Error::Content(d)) => assert_eq!(d[0].code, "unknown-heading"),
        other => panic!("a link of the edited article to no heading: {other:?}"),
    }
}

/// The glossary with two reporters, and articles `a` by Kim and `b` by Lee.
fn bylined_site() -> Site {
    let reporters =
        "kim:\n  name: Kim Ji-won\n  kind: person\nlee:\n  name: Lee Min-ho\n  kind: person\n";
    Site::new()
        .file("content/glossary.yaml", &format!("{GLOSSARY}{reporters}"))
        .file("content/site.yaml", "base_url: https://example.org/\n")
        .article("a", "author: kim\n", "THAAD only.")
        .article("b", "author: Lee Min-ho\n", "Yoon and THAAD.")
}

#[test]
fn an_article_s_new_author_rewrites_both_author_pages_and_removes_an_empty_one() {
    let site = bylined_site();
    let rewritten = incremental_matches_full(&site, &format!("{}THAAD only.", fm("author: lee\n")));
    assert_rewrites(
        &rewritten,
        &[
            "a/index.html",
            "authors/lee/index.html",
            "glossary/kim/index.html",
            "glossary/lee/index.html",
            "index.html",
        ],
    );
    // Kim's page is gone with Kim's last article: the helper compares the page sets.
    assert!(!full(&site).contains_key("authors/kim/index.html"));
    // And comes back when Kim signs again.
    let rewritten =
        incremental_matches_full(&site, &format!("{}THAAD only.", fm("author: [kim, lee]\n")));
    assert_rewrites(
        &rewritten,
        &["authors/kim/index.html", "authors/lee/index.html"],
    );
}

#[test]
fn an_author_s_only_article_made_a_page_takes_their_author_page_away() {
    // A page's byline makes no author page, in a full build and in serve's update alike.
    let site = bylined_site();
    incremental_matches_full(
        &site,
        &format!("{}THAAD only.", fm("author: kim\nlayout: page\n")),
    );
    assert!(!full(&site).contains_key("authors/kim/index.html"));
}

#[test]
fn an_edited_summary_of_an_author_s_article_rewrites_their_page_only() {
    let site = bylined_site();
    let rewritten = incremental_matches_full(
        &site,
        &format!("{}THAAD only.", fm("author: kim\nsummary: New dek\n")),
    );
    assert_rewrites(
        &rewritten,
        &["a/index.html", "authors/kim/index.html", "index.html"],
    );
    assert!(
        !rewritten.iter().any(|p| p == "authors/lee/index.html"),
        "{rewritten:?}"
    );
    assert!(
        !rewritten.iter().any(|p| p == "glossary/kim/index.html"),
        "{rewritten:?}"
    );
}

#[test]
fn a_retitled_article_of_an_author_rewrites_their_page() {
    let site = bylined_site();
    let rewritten = incremental_matches_full(
        &site,
        "---\ntitle: Retitled\ndate: 2022-08-11\nauthor: kim\n---\nTHAAD only.",
    );
    assert_rewrites(&rewritten, &["authors/kim/index.html"]);
}

#[test]
fn a_page_edited_rewrites_only_itself() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    site.write(
        "content/a.md",
        format!("{}THAAD only.", fm("layout: page\n")).as_bytes(),
    );
    let rewritten = incremental_matches_full(
        &site,
        &format!("{}THAAD and Yoon, on a page.", fm("layout: page\n")),
    );
    assert_eq!(rewritten, ["a/index.html"]);
}

#[test]
fn a_story_made_a_page_and_back_leaves_and_enters_every_list() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    let story = format!("{}THAAD only.", fm(""));
    let page = format!("{}THAAD only.", fm("layout: page\n"));
    let rewritten = incremental_matches_full(&site, &page);
    let lists = [
        "a/index.html",
        "index.html",
        "atom.xml",
        "sitemap.xml",
        "glossary/index.html",
        "glossary/thaad/index.html",
    ];
    assert_rewrites(&rewritten, &lists);
    let rewritten = incremental_matches_full(&site, &story);
    assert_rewrites(&rewritten, &lists);
}

#[test]
fn a_page_moved_to_another_url_changes_the_sitemap() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    site.write(
        "content/a.md",
        format!("{}Text.", fm("layout: page\n")).as_bytes(),
    );
    let rewritten = incremental_matches_full(
        &site,
        &format!("{}Text.", fm("layout: page\nslug: about\n")),
    );
    assert_rewrites(&rewritten, &["about/index.html", "sitemap.xml"]);
}

#[test]
fn a_story_rescheduled_to_the_future_leaves_the_site_and_comes_back() {
    let site = glossary_site().file("content/site.yaml", "base_url: https://example.org/\n");
    let later = "---\ntitle: A test\ndate: 2999-01-01\n---\nTHAAD only.";
    let rewritten = incremental_matches_full(&site, later);
    assert_rewrites(&rewritten, &["index.html", "glossary/thaad/index.html"]);
    incremental_matches_full(&site, &format!("{}THAAD only.", fm("")));
}

#[test]
fn a_menu_page_edited_in_place_is_patched_and_moved_rebuilds_everything() {
    let site = glossary_site().file("content/site.yaml", "menu:\n  - name: A\n    page: a.md\n");
    let rewritten = incremental_matches_full(&site, &format!("{}THAAD, edited.", fm("")));
    assert_eq!(rewritten, ["a/index.html"]);
    let (_, _, mut model) = explainer::incremental::build_model(&site.opts()).unwrap();
    site.write(
        "content/a.md",
        format!("{}THAAD.", fm("slug: moved\n")).as_bytes(),
    );
    let update = model.update(&site.root().join("content/a.md")).unwrap();
    assert!(update.is_none(), "a new URL in the menu is a full rebuild");
}
