//! What the browser tests need besides this crate: Chromium, axe-core and the Nu HTML
//! Checker (npm packages, installed into `tests/browser/node_modules`) and Java. The npm
//! tools are installed the first time a test asks for them, once, under a lock that the
//! other tests and any other test process wait on. A tool that cannot be had fails the
//! test under `CI`; elsewhere the test says in one line what it skipped and why, and
//! passes, so that `cargo test` works on any machine.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Where Chromium is (`CHROME`, or `chromium`, `chromium-browser` or `google-chrome` on
/// `PATH`), or `None` once the test has said it skipped.
pub(super) fn chromium(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("CHROME").map(PathBuf::from).or_else(|| {
        ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find_map(on_path)
    });
    if found.is_none() {
        unavailable(
            test,
            "no Chromium on this machine (install Debian's `chromium`, or set CHROME)",
        );
    }
    found
}

/// axe-core's script, or `None` once the test has said it skipped.
pub(super) fn axe(test: &str) -> Option<String> {
    let path = npm_tools(test)?.join(AXE);
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// The Nu HTML Checker's jar, with Java there to run it, or `None` once the test has
/// said it skipped.
pub(super) fn vnu(test: &str) -> Option<PathBuf> {
    if on_path("java").is_none() {
        unavailable(
            test,
            "no Java on this machine to run the Nu HTML Checker (install `default-jre-headless`)",
        );
        return None;
    }
    Some(npm_tools(test)?.join(VNU))
}

const AXE: &str = "axe-core/axe.min.js";
const VNU: &str = "vnu-jar/build/dist/vnu.jar";

/// `tests/browser/node_modules` with both tools in it, installed if need be.
fn npm_tools(test: &str) -> Option<PathBuf> {
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    match INSTALLED.get_or_init(|| install(&dir)) {
        Ok(modules) => Some(modules.clone()),
        Err(why) => {
            unavailable(test, why);
            None
        }
    }
}

fn installed(modules: &Path) -> bool {
    modules.join(AXE).is_file() && modules.join(VNU).is_file()
}

/// Runs `npm ci` in `dir` unless its tools are there, holding a lock file so that two
/// test processes never install at once (an install cut short is simply run again).
fn install(dir: &Path) -> Result<PathBuf, String> {
    let modules = dir.join("node_modules");
    if installed(&modules) {
        return Ok(modules);
    }
    let lock = File::create(dir.join(".install.lock"))
        .and_then(|f| f.lock().map(|()| f))
        .map_err(|e| format!("cannot lock {}: {e}", dir.display()))?;
    if installed(&modules) {
        return Ok(modules);
    }
    let _ = writeln!(
        std::io::stderr(),
        "installing the browser tests' tools once: npm ci --prefix tests/browser"
    );
    let npm = Command::new("npm")
        .arg("ci")
        .arg("--prefix")
        .arg(dir)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .output();
    drop(lock);
    let why = match npm {
        Err(e) => format!("npm cannot run ({e}): install Node.js and npm"),
        Ok(out) if !out.status.success() => format!(
            "`npm ci --prefix tests/browser` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        ),
        Ok(_) if installed(&modules) => return Ok(modules),
        Ok(_) => format!("`npm ci --prefix tests/browser` left out {AXE} or {VNU}"),
    };
    Err(why)
}

/// Says that `test` cannot run, and why: a failure under CI, a line and a pass elsewhere.
fn unavailable(test: &str, why: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set, and {test} cannot run: {why}"
    );
    // Written past the test harness's capture, so it shows in a plain `cargo test`.
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// The program `name` as `PATH` finds it.
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}
