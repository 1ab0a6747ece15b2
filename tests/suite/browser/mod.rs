//! The default theme in a real headless Chromium: tooltips by hover, focus, Escape and
//! touch, containment at 320 px, dark mode and print, axe-core, and the site served under
//! a sub-path. `tools` finds or installs what they need; without it they say plainly
//! what they skipped, and with `CI` set they fail instead.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use headless_chrome::protocol::cdp::{Accessibility, Emulation, Input, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::{Value, json};

use super::*;

const ARTICLE: &str = "2022/thaad-not-subject-to-negotiations/index.html";

fn launch(path: PathBuf) -> Browser {
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--font-render-hinting=none",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .expect("launch options");
    Browser::new(options).expect("Chromium starts")
}

/// The example site, built into a temp folder.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        drafts: false,
        future: false,
        expired: false,
        lint: false,
    };
    explainer::build(&opts, &dir.path().join("public")).expect("example builds");
    dir
}

/// Serves `dir` on 127.0.0.1 under `prefix` (`/` or `/sub/path/`); returns the base URL.
fn serve(dir: PathBuf, prefix: &'static str) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = server.server_addr().to_ip().expect("ip").port();
    thread::spawn(move || {
        for request in server.incoming_requests() {
            let url = request
                .url()
                .split(['?', '#'])
                .next()
                .unwrap_or("/")
                .to_string();
            let file = url
                .strip_prefix(prefix)
                .filter(|rel| !rel.split('/').any(|c| c == ".."))
                .map(|rel| dir.join(rel))
                .map(|p| if p.is_dir() { p.join("index.html") } else { p })
                .filter(|p| p.is_file());
            let response = match file {
                Some(path) => {
                    let ct = content_type(&path);
                    tiny_http::Response::from_data(std::fs::read(&path).unwrap_or_default())
                        .with_header(tiny_http::Header::from_bytes("Content-Type", ct).unwrap())
                        .with_status_code(200)
                }
                None => tiny_http::Response::from_data(
                    std::fs::read(dir.join("404.html")).unwrap_or_default(),
                )
                .with_header(
                    tiny_http::Header::from_bytes("Content-Type", "text/html; charset=utf-8")
                        .unwrap(),
                )
                .with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
    format!("http://127.0.0.1:{port}{prefix}")
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(OsStr::to_str) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// A test page: a browser, a tab, and the example site served at `base`.
struct Page_ {
    _site: tempfile::TempDir,
    _browser: Browser,
    tab: Arc<Tab>,
    base: String,
    /// axe-core's script, for the tests that opened the page with [`open_for_axe`].
    axe: Option<String>,
}

fn open(test: &str, prefix: &'static str) -> Option<Page_> {
    let path = tools::chromium(test)?;
    let site = example_site();
    let base = serve(site.path().join("public"), prefix);
    let browser = launch(path);
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(20));
    Some(Page_ {
        _site: site,
        _browser: browser,
        tab,
        base,
        axe: None,
    })
}

/// [`open`], for a test that runs axe-core in its pages.
fn open_for_axe(test: &str, prefix: &'static str) -> Option<Page_> {
    let mut page = open(test, prefix)?;
    page.axe = Some(tools::axe(test)?);
    Some(page)
}

fn cdp<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("CDP parameters")
}

impl Page_ {
    fn go(&self, path: &str) -> &Self {
        self.tab
            .navigate_to(&format!("{}{path}", self.base))
            .unwrap();
        self.tab.wait_until_navigated().unwrap();
        self.tab.wait_for_element("body").unwrap();
        self
    }

    /// Evaluates an expression (awaiting a promise) and returns its value as JSON.
    fn js(&self, expr: &str) -> Value {
        let wrapped = format!(
            "Promise.resolve(eval({})).then(v => JSON.stringify(v === undefined ? null : v))",
            serde_json::to_string(expr).unwrap()
        );
        let r = self
            .tab
            .evaluate(&wrapped, true)
            .unwrap_or_else(|e| panic!("{expr}: {e}"));
        let text = r
            .value
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "null".into());
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    fn shown(&self, tip: &str) -> bool {
        self.js(&format!(
            "(() => {{ const t = document.getElementById('{tip}'); return !!t && !t.hidden && getComputedStyle(t).display !== 'none'; }})()"
        )) == json!(true)
    }

    fn wait_for(&self, what: &str, cond: impl Fn() -> bool) {
        wait_until(what, Duration::from_secs(10), cond);
    }

    /// Lets the page run every timer that falls due within `ms` from now. A page runs its
    /// timers in the order they fall due (of two due together, the one set first), so a
    /// timer set now for `ms` runs after all of them: waiting for it waits for the page's
    /// own events, however slow the machine, not for a guessed time.
    fn let_timers_run(&self, ms: u32) {
        self.js(&format!("new Promise(done => setTimeout(done, {ms}))"));
    }

    /// From now on, counts each time the element `id` is hidden (its `hidden` attribute
    /// set), even if it is shown again before anyone looks; [`Page_::hidings`] reads it.
    fn count_hidings(&self, id: &str) {
        self.js(&format!(
            "(() => {{ window.hidings = 0; new MutationObserver(records => {{ window.hidings += records.filter(r => r.oldValue === null && r.target.hidden).length; }}).observe(document.getElementById('{id}'), {{ attributes: true, attributeFilter: ['hidden'], attributeOldValue: true }}); }})()"
        ));
    }

    fn hidings(&self) -> u64 {
        self.js("window.hidings")
            .as_u64()
            .expect("count_hidings first")
    }

    fn rect(&self, selector: &str) -> (f64, f64, f64, f64) {
        let v = self.js(&format!(
            "(() => {{ const r = document.querySelector({selector:?}).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }})()"
        ));
        let a: Vec<f64> = v
            .as_array()
            .expect("rect")
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        (a[0], a[1], a[2], a[3])
    }

    fn mouse_to(&self, x: f64, y: f64) {
        self.tab
            .call_method(cdp::<Input::DispatchMouseEvent>(
                json!({"type": "mouseMoved", "x": x, "y": y}),
            ))
            .unwrap();
    }

    /// A real tap: Chromium synthesises the touch pointer events and the click.
    fn tap(&self, x: f64, y: f64) {
        self.tab
            .call_method(cdp::<Input::SynthesizeTapGesture>(
                json!({"x": x, "y": y, "gestureSourceType": "touch"}),
            ))
            .unwrap();
    }

    fn viewport(&self, width: u32, height: u32, mobile: bool) {
        self.tab
            .call_method(cdp::<Emulation::SetDeviceMetricsOverride>(
                json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
            ))
            .unwrap();
    }

    fn media(&self, media: &str, scheme: &str) {
        self.tab
            .call_method(cdp::<Emulation::SetEmulatedMedia>(
                json!({"media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]}),
            ))
            .unwrap();
    }

    fn screenshot(&self, name: &str) {
        let dir = std::env::var_os("EXPLAINER_SCREENSHOTS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots")
            });
        std::fs::create_dir_all(&dir).unwrap();
        let png = self
            .tab
            .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
            .unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Runs axe-core inside the page; returns the violations, one line each.
    fn axe(&self) -> Vec<String> {
        let source = self
            .axe
            .as_deref()
            .expect("a page opened with open_for_axe");
        self.js(source);
        let v = self.js(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))))",
        );
        serde_json::from_str(v.as_str().unwrap_or("[]")).unwrap()
    }
}

#[test]
fn a_tooltip_opens_on_hover_and_stays_while_the_pointer_moves_onto_it() {
    let Some(p) = open("browser hover", "/") else {
        return;
    };
    p.go(ARTICLE);
    assert_eq!(
        p.js("document.querySelectorAll('[title]').length"),
        json!(0),
        "no native title tooltip competes"
    );
    // The mention stands below the table of contents: bring it into the viewport, where
    // the pointer can reach it.
    p.js("document.querySelector(\"a.term[data-term='thaad']\").scrollIntoView({block: 'center'})");
    let (l, t, r, b) = p.rect("a.term[data-term='thaad']");
    p.mouse_to((l + r) / 2.0, (t + b) / 2.0);
    p.wait_for("the THAAD tooltip to open on hover", || {
        p.shown("tip-thaad")
    });
    p.screenshot("article-tooltip");
    // Travel from the term through the gap onto the tooltip: it stays open.
    let (tl, tt, tr, tb) = p.rect("#tip-thaad");
    let gap_y = if tt > b {
        (b + tt) / 2.0
    } else {
        (tb + t) / 2.0
    };
    p.count_hidings("tip-thaad");
    p.mouse_to((l + r) / 2.0, gap_y);
    // A slow hand: the page's clock passes twice the 200 ms a tooltip waits before it
    // closes while the pointer is in the gap.
    p.let_timers_run(400);
    assert!(
        p.shown("tip-thaad") && p.hidings() == 0,
        "the tooltip stays while the pointer crosses the gap, however slowly"
    );
    p.mouse_to((tl + tr) / 2.0, (tt + tb) / 2.0);
    p.let_timers_run(400);
    assert!(
        p.shown("tip-thaad") && p.hidings() == 0,
        "the tooltip stays while the pointer rests on it"
    );
    // Away from both: it closes.
    p.mouse_to(5.0, 5.0);
    p.wait_for("the tooltip to close when the pointer leaves", || {
        !p.shown("tip-thaad")
    });
}

#[test]
fn a_tooltip_opens_on_keyboard_focus_and_escape_closes_it_without_moving_focus() {
    let Some(p) = open("browser focus", "/") else {
        return;
    };
    p.go(ARTICLE);
    let mut focused = Value::Null;
    for _ in 0..40 {
        p.tab.press_key("Tab").unwrap();
        focused = p.js("document.activeElement.getAttribute('data-term')");
        if focused.is_string() {
            break;
        }
    }
    let id = focused.as_str().expect("Tab reaches a term").to_string();
    assert!(
        p.shown(&format!("tip-{id}")),
        "focus opens the tooltip at once"
    );
    p.tab.press_key("Escape").unwrap();
    p.wait_for("Escape to close the tooltip", || {
        !p.shown(&format!("tip-{id}"))
    });
    assert_eq!(
        p.js("document.activeElement.getAttribute('data-term')"),
        json!(id),
        "focus stays on the term"
    );
    // An inline quote shows its speaker the same way.
    p.js("document.querySelector('.quote[data-speaker]').focus()");
    let tip =
        p.js("document.querySelector('.quote[data-speaker]').getAttribute('aria-describedby')");
    let tip = tip.as_str().unwrap().to_string();
    assert!(p.shown(&tip), "{:?}", p.js(&format!("[document.activeElement.outerHTML.slice(0, 120), !!document.getElementById('{tip}'), document.getElementById('{tip}') && document.getElementById('{tip}').hidden]")));
    assert!(
        p.js(&format!("document.getElementById('{tip}').textContent"))
            .as_str()
            .unwrap()
            .contains("Chinese Foreign Ministry")
    );
}

#[test]
fn a_tap_opens_the_tooltip_and_a_second_tap_follows_the_link() {
    let Some(p) = open("browser tap", "/") else {
        return;
    };
    p.tab
        .call_method(cdp::<Emulation::SetTouchEmulationEnabled>(
            json!({"enabled": true, "maxTouchPoints": 1}),
        ))
        .unwrap();
    p.viewport(390, 800, true);
    p.go(ARTICLE);
    // The lead image may put the first term below the fold: bring it into view to tap it.
    p.js("document.querySelector(\"a.term[data-term='moon']\").scrollIntoView({block: 'center'})");
    let (l, t, r, b) = p.rect("a.term[data-term='moon']");
    p.tap((l + r) / 2.0, (t + b) / 2.0);
    p.wait_for("a tap to open the tooltip", || p.shown("tip-moon"));
    assert!(
        p.tab.get_url().ends_with(ARTICLE),
        "the first tap does not navigate"
    );
    let (l, t, r, b) = p.rect("a.term[data-term='moon']");
    p.tap((l + r) / 2.0, (t + b) / 2.0);
    p.wait_for("the second tap to follow the link", || {
        p.tab.get_url().contains("glossary/moon/")
    });
}

#[test]
fn tooltips_stay_inside_a_320px_viewport() {
    let Some(p) = open("browser 320px", "/") else {
        return;
    };
    p.viewport(320, 640, true);
    p.go(ARTICLE);
    assert!(
        p.js("document.documentElement.scrollWidth")
            .as_f64()
            .unwrap()
            <= 320.0,
        "no horizontal scroll at 320 px"
    );
    let (_, _, nav_right, _) = p.rect(".site-nav");
    assert!(
        nav_right <= 320.0,
        "the header's navigation, menu included, ends at {nav_right}, past 320 px"
    );
    let ids: Vec<String> = serde_json::from_value(
        p.js("[...document.querySelectorAll('a.term')].map(a => a.dataset.term)"),
    )
    .unwrap();
    assert!(ids.len() > 5);
    for id in &ids {
        p.js(&format!("document.querySelector('a.term[data-term=\"{id}\"]').scrollIntoView({{block: 'center'}}); document.querySelector('a.term[data-term=\"{id}\"]').focus()"));
        p.wait_for("the tooltip", || p.shown(&format!("tip-{id}")));
        let (l, t, r, b) = p.rect(&format!("#tip-{id}"));
        assert!(
            l >= 0.0 && r <= 320.0,
            "{id}: tooltip {l}..{r} leaves the 320 px viewport"
        );
        assert!(
            t >= 0.0 && b <= 640.0,
            "{id}: tooltip {t}..{b} leaves the viewport vertically"
        );
    }
    p.js("document.querySelector('a.term[data-term=\"thaad\"]').focus()");
    p.screenshot("article-320px");
}

#[test]
fn opening_a_tooltip_moves_nothing_on_the_page() {
    let Some(p) = open("browser layout shift", "/") else {
        return;
    };
    p.go(ARTICLE);
    // Scrolled to the term first, so that focusing it scrolls nothing (the lead image may
    // put it below the fold): what is measured is the tooltip's effect alone.
    p.js("document.querySelector('a.term').scrollIntoView({block: 'center'})");
    let before = p.rect(".article-body");
    let height = p.js("document.documentElement.scrollHeight");
    p.js("document.querySelector('a.term').focus()");
    p.wait_for("the tooltip", || p.shown("tip-moon"));
    assert_eq!(p.rect(".article-body"), before);
    assert_eq!(p.js("document.documentElement.scrollHeight"), height);
}

#[test]
fn dark_mode_and_print_media() {
    let Some(p) = open_for_axe("browser dark and print", "/") else {
        return;
    };
    p.media("screen", "dark");
    p.go(ARTICLE);
    let bg = p.js("getComputedStyle(document.body).backgroundColor");
    assert_eq!(
        bg,
        json!("rgb(22, 24, 29)"),
        "dark background under prefers-color-scheme: dark"
    );
    p.js("document.querySelector('a.term').focus()");
    p.screenshot("article-dark");
    assert!(p.axe().is_empty(), "axe in dark mode: {:?}", p.axe());
    p.media("print", "light");
    assert_eq!(
        p.js("getComputedStyle(document.getElementById('tip-moon')).display"),
        json!("none"),
        "tooltips do not print"
    );
    assert_ne!(
        p.js("getComputedStyle(document.querySelector('.key-terms')).display"),
        json!("none"),
        "Key terms prints"
    );
    let after = p.js("getComputedStyle(document.querySelector('.source a'), '::after').content");
    assert!(
        after.as_str().unwrap().contains("attr(href)") || after.as_str().unwrap().contains("http"),
        "links show their targets: {after}"
    );
}

#[test]
fn heading_anchors_are_named_by_their_words_and_their_heading() {
    let Some(p) = open("browser heading anchors", "/") else {
        return;
    };
    p.go(ARTICLE);
    // Each anchor's own node only: a whole tree holds properties newer than the protocol
    // this crate reads.
    let name = |backend: u32| -> String {
        let tree = p
            .tab
            .call_method(Accessibility::GetPartialAXTree {
                node_id: None,
                backend_node_id: Some(backend),
                object_id: None,
                fetch_relatives: Some(false),
            })
            .unwrap();
        let node = tree.nodes.first().expect("the anchor's node");
        node.name
            .as_ref()
            .and_then(|v| v.value.as_ref())
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let anchors: Vec<String> = p
        .tab
        .find_elements(".article-body .heading-anchor")
        .unwrap()
        .iter()
        .map(|e| name(e.backend_node_id))
        .collect();
    assert_eq!(
        anchors,
        [
            "Link to this section: What Beijing asked for",
            "Link to this section: How Seoul answered",
            "Link to this section: How THAAD came to South Korea",
        ]
    );
}

#[test]
fn axe_finds_no_violation_on_the_main_pages() {
    let Some(p) = open_for_axe("browser axe", "/") else {
        return;
    };
    for (path, shot) in [
        ("index.html", None),
        (ARTICLE, None),
        ("glossary/index.html", Some("glossary")),
        ("glossary/thaad/index.html", None),
        ("glossary/yoon/index.html", Some("speaker")),
        ("about/index.html", None),
        ("authors/aldgra-fredly/index.html", None),
    ] {
        p.go(path);
        let violations = p.axe();
        assert!(violations.is_empty(), "{path}: {violations:#?}");
        if let Some(name) = shot {
            p.screenshot(name);
        }
    }
}

#[test]
fn the_site_works_under_a_sub_path() {
    let Some(p) = open("browser sub-path", "/news/explained/") else {
        return;
    };
    p.go("index.html");
    for page in [
        "index.html",
        ARTICLE,
        "glossary/index.html",
        "glossary/yoon/index.html",
    ] {
        p.go(page);
        assert!(
            p.js("[...document.styleSheets].some(s => s.href && s.href.endsWith('style.css') && s.cssRules.length > 0)") == json!(true),
            "{page}: style.css loads under the sub-path"
        );
        // The browser resolves every relative link; each must land on a file of the site.
        let hrefs: Vec<String> = serde_json::from_value(p.js(
            "[...document.querySelectorAll('a[href], link[href], script[src]')].map(a => a.href || a.src).filter(h => h.startsWith(location.origin))",
        ))
        .unwrap();
        assert!(hrefs.len() > 3, "{page}: {hrefs:?}");
        for href in hrefs {
            let rel = href
                .strip_prefix(&p.base)
                .unwrap_or_else(|| panic!("{page}: {href} leaves the sub-path {}", p.base));
            let rel = rel.split('#').next().unwrap();
            let file = p._site.path().join("public").join(rel);
            let file = if rel.is_empty() || rel.ends_with('/') {
                file.join("index.html")
            } else {
                file
            };
            assert!(file.is_file(), "{page}: {href} does not resolve to a file");
        }
    }
    p.go(ARTICLE);
    p.js("document.querySelector('a.term').focus()");
    assert!(p.shown("tip-moon"), "the script loads under the sub-path");
}

#[test]
fn the_nu_html_checker_finds_no_error_on_any_page() {
    let Some(jar) = tools::vnu("Nu HTML Checker") else {
        return;
    };
    let site = example_site();
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "json", "--skip-non-html"])
        .arg(site.path().join("public"))
        .output()
        .expect("run vnu");
    let report: Value = serde_json::from_slice(&out.stderr)
        .or_else(|_| serde_json::from_slice(&out.stdout))
        .expect("vnu JSON");
    let messages = report["messages"].as_array().expect("messages");
    let pages = tree(&site.path().join("public"))
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count();
    assert!(pages >= 10, "checked {pages} pages");
    assert!(messages.is_empty(), "{:#?}", messages);
}

mod live_reload;
mod tools;
