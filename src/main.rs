//! The `explainer` command line: parses flags, calls the library, prints diagnostics.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use explainer::{BuildOptions, Diagnostic, Error};

/// Build annotated news explainers: Markdown articles with glossary tooltips and attributed quotes.
#[derive(Debug, Parser)]
#[command(name = "explainer", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// Build drafts too.
        #[arg(long)]
        drafts: bool,
    },
    /// Validate and lint the site; write nothing.
    Check {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let started = Instant::now();
    let result = match &cli.command {
        Command::Build { root, out, drafts } => {
            let out = out.clone().unwrap_or_else(|| explainer::default_out(root));
            let opts = BuildOptions {
                root: root.clone(),
                drafts: *drafts,
            };
            explainer::build(&opts, &out).map(|r| (r, Some(out)))
        }
        Command::Check { root, drafts } => {
            let opts = BuildOptions {
                root: root.clone(),
                drafts: *drafts,
            };
            explainer::check(&opts).map(|r| (r, None))
        }
    };
    match result {
        Ok((report, out)) => {
            print_diagnostics(&report.warnings, color);
            let ms = started.elapsed().as_millis();
            match out {
                Some(out) => eprintln!(
                    "built {} article{} ({} files) into {} in {ms} ms",
                    report.articles,
                    plural(report.articles),
                    report.files,
                    out.display()
                ),
                None => eprintln!(
                    "checked {} article{}: no errors{}",
                    report.articles,
                    plural(report.articles),
                    if report.warnings.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", {} warning{}",
                            report.warnings.len(),
                            plural(report.warnings.len())
                        )
                    }
                ),
            }
            ExitCode::SUCCESS
        }
        Err(Error::Content(diagnostics)) => {
            print_diagnostics(&diagnostics, color);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: the build failed with {errors} error{}; nothing was written",
                plural(errors)
            );
            ExitCode::from(1)
        }
        Err(Error::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic], color: bool) {
    for d in diagnostics {
        eprintln!("{}\n", d.render(color));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
