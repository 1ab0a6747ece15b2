//! The `explainer` command line: parses flags, calls the library, prints diagnostics.

use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};
use explainer::serve::ServeOptions;
use explainer::{BuildOptions, Diagnostic, Error};

/// A build allocates many short-lived strings on every thread (Markdown events, template
/// values, page text); mimalloc's thread-local free lists serve them far faster than the
/// system allocator. Its `override` feature makes it the C code's `malloc` too (syntect's
/// regex engine allocates on every search).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Build annotated news explainers: Markdown articles with glossary tooltips and attributed quotes.
#[derive(Debug, Parser)]
#[command(name = "explainer", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    /// Diagnostics for people: the line, a caret and help (colour only on a terminal).
    Human,
    /// One JSON object per diagnostic and line, on standard output.
    Json,
}

/// Which articles a build takes besides the published ones.
#[derive(Debug, Clone, Copy, Args)]
struct Include {
    /// Include drafts (`draft: true`).
    #[arg(long)]
    drafts: bool,
    /// Include scheduled articles (a `date` still to come).
    #[arg(long)]
    future: bool,
    /// Include expired articles (an `expires` date that has passed).
    #[arg(long)]
    expired: bool,
}

impl Include {
    fn options(self, root: PathBuf, lint: bool) -> BuildOptions {
        BuildOptions {
            root,
            drafts: self.drafts,
            future: self.future,
            expired: self.expired,
            lint,
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder (default: ROOT/public).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        include: Include,
        /// Make the whole site beside the output and swap it in at once, rather than
        /// write only the changed pages in place (for a server reading the folder).
        #[arg(long)]
        atomic: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Validate and lint the site like a copy desk; write nothing.
    Check {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        include: Include,
        /// Treat warnings as errors (exit 1 when there is any).
        #[arg(long)]
        strict: bool,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Build, serve on 127.0.0.1, rebuild and reload on change.
    Serve {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port (0 picks a free one).
        #[arg(long, default_value_t = 4000)]
        port: u16,
        /// The address to listen on; only 127.0.0.1 unless you ask.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Preview the site under a sub-path, as it will be hosted (`/news/explained/`).
        #[arg(long, default_value = "/")]
        base_path: String,
        #[command(flatten)]
        include: Include,
        /// Also answer requests for this host name or address (repeatable): for a tunnel,
        /// or a preview on the local network with --bind. Without it, only localhost,
        /// 127.0.0.1, [::1] and the --bind address are answered.
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
    },
    /// Start a new site in DIR (which must be new or empty).
    New {
        /// The folder to create.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match run(cli.command, color) {
        Ok(code) => code,
        Err(e) => report_error(&e, color, Format::Human),
    }
}

fn run(command: Command, color: bool) -> Result<ExitCode, Error> {
    match command {
        Command::Build {
            root,
            out,
            include,
            atomic,
            format,
        } => {
            let write = match atomic {
                true => explainer::Write::Atomic,
                false => explainer::Write::InPlace,
            };
            let out = out.unwrap_or_else(|| explainer::default_out(&root));
            Ok(build(
                &include.options(root, false),
                &out,
                write,
                (color, format),
            ))
        }
        Command::Check {
            root,
            include,
            strict,
            format,
        } => Ok(check(&include.options(root, true), strict, color, format)),
        Command::Serve {
            root,
            port,
            bind,
            base_path,
            include,
            allow_host,
        } => {
            let opts = ServeOptions {
                root,
                drafts: include.drafts,
                future: include.future,
                expired: include.expired,
                bind,
                port,
                base_path: explainer::serve::normalize_base_path(&base_path)?,
                color,
                allowed_hosts: allow_host,
            };
            serve(&opts)
        }
        Command::New { dir } => new_site(&dir),
    }
}

/// `explainer build`: the warnings, then what was built where, and how fast.
fn build(
    opts: &BuildOptions,
    out: &std::path::Path,
    write: explainer::Write,
    (color, format): (bool, Format),
) -> ExitCode {
    let started = Instant::now();
    match explainer::build_with(opts, out, write) {
        Ok(report) => {
            print_diagnostics(&report.warnings, color, format);
            eprintln!(
                "built {} ({} files) into {} in {} ms",
                explainer::counted(report.articles, report.pages),
                report.files,
                out.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => report_error(&e, color, format),
    }
}

/// `explainer check`: the warnings and notes and a count of them; with `--strict`, any
/// warning fails (a note never does).
fn check(opts: &BuildOptions, strict: bool, color: bool, format: Format) -> ExitCode {
    let report = match explainer::check(opts) {
        Ok(report) => report,
        Err(e) => return report_error(&e, color, format),
    };
    print_diagnostics(&report.warnings, color, format);
    let warnings = report.warnings.iter().filter(|d| d.is_warning()).count();
    let notes = report.warnings.len() - warnings;
    let count = |n: usize, what: &str| {
        if n == 0 {
            String::new()
        } else {
            format!(", {n} {what}{}", plural(n))
        }
    };
    eprintln!(
        "checked {}: no errors{}{}",
        explainer::counted(report.articles, report.pages),
        count(warnings, "warning"),
        count(notes, "note"),
    );
    if strict && warnings > 0 {
        eprintln!("error: --strict treats the warnings as errors");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// `explainer serve`: runs until stopped.
fn serve(opts: &ServeOptions) -> Result<ExitCode, Error> {
    explainer::serve::serve(opts, |url| {
        eprintln!("serving the site at {url}  (Ctrl+C to stop)");
        let _ = std::io::stderr().flush();
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `explainer new DIR`, and what to do next.
fn new_site(dir: &Path) -> Result<ExitCode, Error> {
    explainer::scaffold::new_site(dir)?;
    eprintln!(
        "created a new site in {0}\nnext: cd {0} && explainer serve",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn report_error(e: &Error, color: bool, format: Format) -> ExitCode {
    match e {
        Error::Content(diagnostics) => {
            print_diagnostics(diagnostics, color, format);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: {errors} error{} in the content; nothing was written",
                plural(errors)
            );
            ExitCode::from(1)
        }
        Error::Usage(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        e => {
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], color: bool, format: Format) {
    match format {
        Format::Human => {
            for d in diagnostics {
                eprintln!("{}\n", d.render(color));
            }
        }
        Format::Json => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for d in diagnostics {
                let _ = writeln!(out, "{}", serde_json::to_string(d).unwrap_or_default());
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
