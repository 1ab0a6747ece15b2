//! The output contract: relative links, byte-identical output, atomic output,
//! containment, feeds, highlighting, templates and static files.

use std::io::Write;

use super::*;

#[test]
fn internal_links_are_relative() {
    let site = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .file("content/site.yaml", "base_url: https://example.org/sub/\n")
        .file("content/2022/deep/a.md", &(fm("") + "THAAD"));
    site.build_ok();
    for page in [
        "index.html",
        "2022/deep/a/index.html",
        "glossary/index.html",
        "glossary/thaad/index.html",
    ] {
        let html = site.read(page);
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let target = &part[..part.find('"').unwrap()];
                assert!(
                    !target.starts_with('/') || target.starts_with("//"),
                    "{page}: absolute-path link {target}"
                );
                if !target.starts_with("http") && !target.starts_with('#') {
                    let resolved = std::path::Path::new(page)
                        .parent()
                        .unwrap()
                        .join(target.split('#').next().unwrap());
                    let resolved = site.out().join(resolved);
                    assert!(resolved.exists(), "{page}: {target} does not resolve");
                }
            }
        }
    }
}

/// The same files written into two new sites, into the second in the reverse order, with
/// their folders made in that order too. A file system lists a folder in an order of its
/// own (tmpfs: the newest file first; ext4: by a hash of the name, the same in both), so
/// the sites are made where the two orders differ: the temp folder, or else /dev/shm.
/// Without such a place the test cannot see what it checks, and says so (under CI it
/// fails instead).
fn in_two_orders(files: &[(String, String)]) -> Option<(Site, Site)> {
    let listed = |dir: &std::path::Path| -> Vec<std::ffi::OsString> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect()
    };
    for parent in [std::env::temp_dir(), PathBuf::from("/dev/shm")] {
        if !parent.is_dir() {
            continue;
        }
        let (mut one, mut other) = (Site::new_in(&parent), Site::new_in(&parent));
        for (path, text) in files {
            one = one.file(path, text);
        }
        for (path, text) in files.iter().rev() {
            other = other.file(path, text);
        }
        let content = |s: &Site| listed(&s.root().join("content"));
        if content(&one) != content(&other) {
            return Some((one, other));
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but no file system here lists a folder in the order its files were made"
    );
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: no file system here lists a folder in the order its files were made"
    );
    None
}

#[test]
fn the_same_files_made_in_another_order_build_byte_identical_output() {
    // Articles and entries in several folders, entries defined in articles, static files
    // in a sub-folder, and articles that tie on date (and on title) in every list.
    let mut files: Vec<(String, String)> = vec![
        ("content/glossary.yaml".into(), GLOSSARY.into()),
        (
            "content/site.yaml".into(),
            "title: Ordered\nbase_url: https://example.org/\n".into(),
        ),
        ("static/img/map.svg".into(), "<svg/>".into()),
        ("static/notes.txt".into(), "notes".into()),
    ];
    for (i, folder) in ["", "2022/", "2022/deep/", "z/"].into_iter().enumerate() {
        for name in ["b", "a", "c"] {
            let front = format!(
                "---\ntitle: {}\ndate: 2022-01-0{}\nglossary:\n  e-{i}{name}:\n    name: Entry {i}{name}\n---\n",
                if name == "c" { "Same" } else { "Tied" },
                1 + i % 2
            );
            files.push((
                format!("content/{folder}{name}.md"),
                format!("{front}THAAD, Yoon and Entry {i}{name}.\n\n```rust\nfn x() {{}}\n```\n"),
            ));
        }
    }
    let Some((one, other)) = in_two_orders(&files) else {
        return;
    };
    one.build_ok();
    other.build_ok();
    assert_same_output(&one.out(), &other.out(), "made in another order");
}

#[test]
fn the_output_does_not_depend_on_how_many_threads_build_it() {
    // Articles render in parallel and share caches filled by whichever thread comes first;
    // equal dates make the order of lists depend on ties being broken the same way. The
    // two builds are of the same files made in two orders, so the order files are found
    // in cannot hide a difference either.
    let mut files: Vec<(String, String)> = vec![
        ("content/glossary.yaml".into(), GLOSSARY.into()),
        (
            "content/site.yaml".into(),
            "title: Ordered\nbase_url: https://example.org/\n".into(),
        ),
    ];
    let mut rng = Rng(42);
    for i in 0..60 {
        let pieces = [
            "THAAD ",
            "Yoon ",
            "THAAD battery ",
            "words ",
            "“No,” Yoon said. ",
        ];
        let body: String = (0..12).map(|_| rng.pick(&pieces)).collect();
        let code = if i % 7 == 0 {
            "\n\n```rust\nfn x() {}\n```\n"
        } else {
            ""
        };
        let quote = if body.contains("“No,”") {
            "quotes:\n  - text: \"No\"\n    speaker: yoon\n"
        } else {
            ""
        };
        let date = ["2022-01-01", "2022-01-02"][rng.below(2)];
        files.push((
            // Three depths: fragments with relative links are cached per depth.
            format!("content/{}a{i}.md", ["", "d/", "d/e/"][i % 3]),
            format!(
                "---\ntitle: Article {}\ndate: {date}\n{quote}---\n{body}{code}",
                i % 5
            ),
        ));
    }
    let Some((one, other)) = in_two_orders(&files) else {
        return;
    };
    let build_with = |site: &Site, threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| explainer::build(&site.opts(), &site.out()))
            .unwrap_or_else(|e| panic!("{e}"));
    };
    build_with(&one, 1);
    build_with(&other, 8);
    assert!(tree(&one.out()).len() > 60, "every article is built");
    assert_same_output(&one.out(), &other.out(), "1 and 8 threads");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::new().article("a", "", "Good");
    site.build_ok();
    let before = listing(&site.out());
    site.write("content/b.md", b"---\ntitle: B\n---\n");
    site.error("missing-key");
    assert!(before == listing(&site.out()), "the output changed");
    assert!(
        std::fs::read_dir(site.root()).unwrap().all(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            !name.starts_with(".public") || name == ".public.pages"
        }),
        "no staging folder left behind"
    );
}

/// Moves the saved list of pages past the pages' own times, as when it was saved a while
/// after they were written (a large site's pages are): only then does the next build trust
/// it (a page as new as the list may have changed within the file clock's tick).
fn age_pages(site: &Site) {
    std::thread::sleep(std::time::Duration::from_millis(30));
    set_time(
        &site.root().join(".public.pages"),
        std::time::SystemTime::now(),
    );
}

/// Sets a file's modification time.
fn set_time(path: &std::path::Path, t: std::time::SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(t))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
fn an_unchanged_page_is_linked_from_the_previous_output_not_written_again() {
    let site = Site::new()
        .article("a", "", "Same")
        .article("b", "", "Before");
    site.build_ok();
    age_pages(&site);
    let meta = |p: &str| std::fs::metadata(site.out().join(p)).unwrap();
    let (a1, b1) = (meta("a/index.html"), meta("b/index.html"));
    site.write("content/b.md", format!("{}After", fm("")).as_bytes());
    site.build_ok();
    let (a2, b2) = (meta("a/index.html"), meta("b/index.html"));
    assert_eq!(
        a1.modified().unwrap(),
        a2.modified().unwrap(),
        "a kept its time"
    );
    assert!(site.read("b/index.html").contains("After"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(a1.ino(), a2.ino(), "a is the same file");
        assert_ne!(b1.ino(), b2.ino(), "b was written again");
    }
    // Whatever was linked, the output is what a first build makes.
    let fresh = site.root().join("fresh");
    explainer::build(&site.opts(), &fresh).unwrap();
    assert!(tree(&site.out()) == tree(&fresh));
}

#[test]
fn a_page_changed_in_the_output_is_written_again() {
    let site = Site::new().article("a", "", "Text");
    site.build_ok();
    let page = site.out().join("a/index.html");
    let good = std::fs::read(&page).unwrap();
    let mut bad = good.clone();
    bad[0] = b'#';
    // Changed in place (same file, same size): first within the file clock's tick of its
    // writing and of the list's saving, so its time stays what the list says and only
    // the list being as new as the page tells; then after the list aged, with a new time.
    for aged in [false, true] {
        if aged {
            age_pages(&site);
        }
        let written = std::fs::metadata(&page).unwrap().modified().unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&page)
            .and_then(|mut f| std::io::Write::write_all(&mut f, &bad))
            .unwrap();
        if !aged {
            set_time(&page, written);
            set_time(&site.root().join(".public.pages"), written);
        }
        site.build_ok();
        assert!(std::fs::read(&page).unwrap() == good, "aged list: {aged}");
    }
}

/// Builds `site`, changes its page `a/index.html` in the output with `change` (given the
/// page's path and its bytes), puts the file's time back and ages the list of pages, then
/// builds again: the page must be written again, not linked from the changed file.
fn rebuilt_after(change: impl Fn(&std::path::Path, &[u8])) {
    let site = Site::new().article("a", "", "Text");
    site.build_ok();
    let page = site.out().join("a/index.html");
    let good = std::fs::read(&page).unwrap();
    let written = std::fs::metadata(&page).unwrap().modified().unwrap();
    change(&page, &good);
    set_time(&page, written);
    age_pages(&site);
    site.build_ok();
    assert!(std::fs::read(&page).unwrap() == good, "the page was linked");
}

#[test]
fn a_page_replaced_by_another_file_of_the_same_size_and_time_is_written_again() {
    // Only the inode tells this file from the one the list describes.
    rebuilt_after(|page, good| {
        let mut bad = good.to_vec();
        bad[0] = b'#';
        // Made beside it and moved over it, so it cannot take the freed inode.
        let new = page.with_extension("new");
        std::fs::write(&new, bad).unwrap();
        std::fs::rename(&new, page).unwrap();
    });
}

#[test]
fn a_page_grown_in_place_with_its_time_put_back_is_written_again() {
    // Only the size tells this file from the one the list describes.
    rebuilt_after(|page, _| {
        std::fs::OpenOptions::new()
            .append(true)
            .open(page)
            .and_then(|mut f| std::io::Write::write_all(&mut f, b"x"))
            .unwrap();
    });
}

#[test]
fn a_file_of_the_previous_output_is_never_written_into() {
    // Pages are linked from the previous output, so a file there can be shared with the new
    // output, and with a user's own hard link (a backup made with `cp -al`). A site file
    // replacing a page the build made (static/404.html here) must replace the linked file,
    // not write into it.
    let site = Site::new().article("a", "", "Text");
    site.build_ok();
    age_pages(&site);
    let backup = site.root().join("backup-404.html");
    std::fs::hard_link(site.out().join("404.html"), &backup).unwrap();
    let before = std::fs::read(&backup).unwrap();
    site.write("static/404.html", b"<p>Our own page</p>");
    site.build_ok();
    assert_eq!(site.read("404.html"), "<p>Our own page</p>");
    assert!(
        std::fs::read(&backup).unwrap() == before,
        "the linked file changed"
    );
}

#[test]
fn a_damaged_list_of_pages_only_means_pages_are_written() {
    let site = Site::new().article("a", "", "Text");
    site.build_ok();
    let first = tree(&site.out());
    for junk in ["", "explainer pages 1\nnot a line\n", "\u{0}\u{1}garbage"] {
        site.write(".public.pages", junk.as_bytes());
        site.build_ok();
        assert!(first == tree(&site.out()), "{junk:?}");
    }
}

#[test]
fn a_good_build_leaves_no_stale_file() {
    let site = Site::new().article("a", "", "x").article("b", "", "y");
    site.build_ok();
    assert!(site.exists("b/index.html"));
    std::fs::remove_file(site.root().join("content/b.md")).unwrap();
    site.build_ok();
    assert!(!site.exists("b/index.html"));
}

#[test]
fn a_slug_cannot_leave_the_output_folder() {
    let site = Site::new().article("a", "slug: ../../escape\n", "x");
    site.build_ok();
    assert!(site.exists("escape/index.html"));
    assert!(!site.root().parent().unwrap().join("escape").exists());
}

#[test]
fn two_articles_with_the_same_path_are_an_error() {
    let site = Site::new()
        .article("a", "slug: same\n", "x")
        .article("b", "slug: Same\n", "y");
    let d = site.error("duplicate-path");
    assert_eq!(d.related.len(), 1);
    assert_eq!(d.location.line, 4);
}

#[test]
fn a_javascript_link_is_an_error() {
    let site = Site::new().article("a", "", "Click [here](javascript:alert(1)).");
    let d = site.error("unsafe-link");
    assert_eq!((d.location.line, d.location.column), (5, 7));
}

#[test]
fn raw_html_is_omitted_with_a_warning_unless_allowed() {
    let site = Site::new().article(
        "a",
        "",
        "Hi <b onclick=\"x()\">there</b>\n\n<div>block</div>\n",
    );
    let report = site.build().unwrap();
    assert!(report.warnings.iter().any(|d| d.code == "raw-html"));
    let html = site.read("a/index.html");
    assert!(!html.contains("onclick") && !html.contains("<div>block"));
    let allowed = Site::new()
        .file("content/site.yaml", "raw_html: true\n")
        .article("a", "", "Hi <b>there</b>");
    allowed.build_ok();
    assert!(allowed.read("a/index.html").contains("<b>there</b>"));
}

#[test]
fn feeds_and_sitemap_only_with_base_url() {
    let site = Site::new().article("a", "", "x");
    site.build_ok();
    assert!(!site.exists("atom.xml") && !site.exists("sitemap.xml"));
    let site = Site::new()
        .file("content/site.yaml", "base_url: https://example.org/sub\n")
        .article("a", "summary: S & T\n", "x");
    site.build_ok();
    let atom = site.read("atom.xml");
    assert!(atom.contains(
        "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/sub/a/\"/>"
    ));
    assert!(atom.contains("<summary>S &amp; T</summary>"));
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://example.org/sub/a/</loc>")
    );
}

#[test]
fn a_404_page_is_written() {
    let site = Site::new().article("a", "", "x");
    site.build_ok();
    assert!(site.read("404.html").contains("Page not found"));
}

#[test]
fn fenced_code_is_highlighted_with_classes_and_theme_css() {
    let site = Site::new().article("a", "", "```rust\nlet x = 1;\n```\n");
    site.build_ok();
    let html = site.read("a/index.html");
    assert!(html.contains("<span class=\"hl-"), "{html}");
    assert!(html.contains("highlight.css"));
    let css = site.read("highlight.css");
    assert!(css.contains("prefers-color-scheme: dark"));
    let plain = Site::new().article("a", "", "No code");
    plain.build_ok();
    assert!(!plain.exists("highlight.css"));
}

#[test]
fn templates_override_the_built_in_ones_file_by_file() {
    let site = Site::new()
        .file("templates/index.html", "CUSTOM {{ articles | length }}")
        .article("a", "", "x");
    site.build_ok();
    assert_eq!(site.read("index.html"), "CUSTOM 1");
    assert!(
        site.read("a/index.html").contains("<article"),
        "other templates stay built-in"
    );
}

#[test]
fn a_template_looping_over_a_map_sees_a_fixed_order() {
    // Tera's maps hash with a key drawn at random for each process: unless they keep their
    // order, a theme that loops over `extra` or a date writes its keys in another order
    // on every build.
    let site = Site::new()
        .file(
            "templates/article.html",
            "{% for k, v in article.extra %}{{ k }}={{ v }};{% endfor %}|{% for k, v in article.date %}{{ k }};{% endfor %}|{{ article.extra }}",
        )
        .article(
            "a",
            "extra:\n  golf: 7\n  alpha: 1\n  echo: 5\n  charlie: 3\n  bravo: 2\n  foxtrot: 6\n  delta: 4\n",
            "x",
        );
    site.build_ok();
    assert_eq!(
        site.read("a/index.html"),
        "alpha=1;bravo=2;charlie=3;delta=4;echo=5;foxtrot=6;golf=7;|rfc3339;iso;display;|\
         {&quot;alpha&quot;: 1, &quot;bravo&quot;: 2, &quot;charlie&quot;: 3, &quot;delta&quot;: 4, \
         &quot;echo&quot;: 5, &quot;foxtrot&quot;: 6, &quot;golf&quot;: 7}"
    );
}

#[test]
fn safe_marks_strings_and_shows_anything_else_as_text() {
    // explainer replaces Tera's `safe` with one that does not copy; it must behave the same.
    let site = Site::new()
        .file(
            "templates/index.html",
            "[{{ site.title | safe }}][{{ site.title }}][{{ articles | length | safe }}][{{ site.title | upper | safe }}]",
        )
        .file("content/site.yaml", "title: \"<b>A & B</b>\"\n")
        .article("a", "", "x");
    site.build_ok();
    assert_eq!(
        site.read("index.html"),
        "[<b>A & B</b>][&lt;b&gt;A &amp; B&lt;/b&gt;][1][<B>A & B</B>]"
    );
}

#[test]
fn a_broken_template_is_a_clear_error() {
    let site = Site::new()
        .file("templates/index.html", "{% if %}")
        .article("a", "", "x");
    match site.build() {
        Err(explainer::Error::Template { message, .. }) => assert!(!message.is_empty()),
        other => panic!("expected a template error, got {other:?}"),
    }
}

#[test]
fn static_files_are_copied_and_override_the_theme() {
    let site = Site::new()
        .file("static/img/map.png", "PNG")
        .file("static/style.css", "/* mine */")
        .article("a", "", "x");
    site.build_ok();
    assert_eq!(site.read("img/map.png"), "PNG");
    assert_eq!(site.read("style.css"), "/* mine */");
    assert!(site.exists("explainer.js"));
}

#[test]
fn the_output_folder_cannot_be_the_site_itself() {
    let site = Site::new().article("a", "", "x");
    match explainer::build(&site.opts(), site.root()) {
        Err(explainer::Error::Usage(m)) => assert!(m.contains("holds the site")),
        other => panic!("{other:?}"),
    }
    assert!(site.root().join("content/a.md").exists());
}

#[test]
fn entry_fragments_are_themable_and_link_right_at_every_depth() {
    let site = Site::new()
        .file("content/glossary.yaml", GLOSSARY)
        .file(
            "templates/tooltip.html",
            "<div role=\"tooltip\" id=\"tip-{{ e.id }}\">TIP {{ e.name }} {{ root }}{{ e.path }}</div>\n",
        )
        .file(
            "templates/key_term.html",
            "<dt>KEY {{ e.name }}</dt><dd><a href=\"{{ root }}{{ e.path }}\">more</a></dd>\n",
        )
        .article("a", "", "THAAD and Yoon.")
        .article("2022/b", "", "Yoon and THAAD.")
        .article("2022/deep/c", "", "THAAD again.");
    site.build_ok();
    let shallow = site.read("a/index.html");
    assert!(
        shallow.contains("TIP THAAD ../glossary/thaad/index.html"),
        "{shallow}"
    );
    assert!(shallow.contains("KEY Yoon Suk Yeol</dt><dd><a href=\"../glossary/yoon/index.html\""));
    let deeper = site.read("2022/b/index.html");
    assert!(
        deeper.contains("TIP THAAD ../../glossary/thaad/index.html"),
        "{deeper}"
    );
    // Key terms keep the order of first mention, tooltips one per entry.
    let yoon = deeper.find("KEY Yoon").unwrap();
    assert!(yoon < deeper.find("KEY THAAD").unwrap());
    assert_eq!(deeper.matches("TIP THAAD").count(), 1);
    let deepest = site.read("2022/deep/c/index.html");
    assert!(deepest.contains("TIP THAAD ../../../glossary/thaad/index.html"));
    assert!(!deepest.contains("TIP Yoon"), "only this page's entries");
}
