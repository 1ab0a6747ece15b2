//! The `explainer` command line: parses flags, calls the library, prints diagnostics.

use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use explainer::serve::ServeOptions;
use explainer::{BuildOptions, Diagnostic, Error};

/// A build allocates many short-lived strings on every thread (Markdown events, template
/// values, page text); mimalloc's thread-local free lists serve them far faster than the
/// system allocator.
#[global_allocator]
static GLOBAL: Mimalloc = Mimalloc;

/// mimalloc, asked through its plain API whenever a plain block already has the alignment.
///
/// The `mimalloc` crate's allocator sends every request to `mi_malloc_aligned`, whose path
/// is about twice as long as `mi_malloc`'s (purpleprotocol/mimalloc_rust#170, open). A build
/// makes about 500 allocations per article, so that was 3% of its instructions.
/// mimalloc v2 rounds a request up to a size class (every multiple of 8 bytes up to 64,
/// multiples of 16 above) and lays a class's blocks end to end from a 16-aligned start, so a
/// request whose alignment is at most 16 and divides its size gets a block with that
/// alignment from `mi_malloc`. Any other request keeps the aligned call. The test
/// `plain_blocks_have_the_alignment_asked` checks this on every such size up to 4 KiB and on larger ones.
///
/// The `override` feature of `libmimalloc-sys` makes mimalloc the process's `malloc` and
/// `free` too, so C code linked in (oniguruma, under syntect) uses it as well; the test
/// `c_code_allocates_from_mimalloc` checks that.
struct Mimalloc;

/// The largest alignment a plain mimalloc block is sure to have (`MI_MAX_ALIGN_SIZE`).
const PLAIN_ALIGN: usize = 16;

fn plain(size: usize, align: usize) -> bool {
    align <= PLAIN_ALIGN && size % align == 0
}

// SAFETY: every block comes from mimalloc and goes back to it (`mi_free` takes blocks from
// either call); `plain` sends to the unaligned calls only the layouts they satisfy.
unsafe impl std::alloc::GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys as mi;
        let (size, align) = (layout.size(), layout.align());
        // SAFETY: plain C allocation calls; a null return is passed on as failure.
        unsafe {
            if plain(size, align) {
                mi::mi_malloc(size).cast()
            } else {
                mi::mi_malloc_aligned(size, align).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys as mi;
        let (size, align) = (layout.size(), layout.align());
        // SAFETY: as in `alloc`.
        unsafe {
            if plain(size, align) {
                mi::mi_zalloc(size).cast()
            } else {
                mi::mi_zalloc_aligned(size, align).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys as mi;
        let align = layout.align();
        // SAFETY: `ptr` came from this allocator; the new block keeps `align` as in `alloc`.
        unsafe {
            if plain(new_size, align) {
                mi::mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast(), new_size, align).cast()
            }
        }
    }
}

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
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Validate and lint the site like a copy desk; write nothing.
    Check {
        /// The site folder, holding content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check drafts too.
        #[arg(long)]
        drafts: bool,
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
        /// Serve drafts too.
        #[arg(long)]
        drafts: bool,
    },
    /// Start a new site in DIR (which must be new or empty).
    New {
        /// The folder to create.
        dir: PathBuf,
    },
    /// Internal: delete previous outputs a build moved aside (`.public.old-PID` only).
    #[command(name = "discard-previous", hide = true)]
    DiscardPrevious {
        /// The folders.
        paths: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match run(cli.command, color) {
        Ok(code) => code,
        Err(e) => report_error(&e, color, Format::Human),
    }
}

fn run(command: Command, color: bool) -> Result<ExitCode, Error> {
    let started = Instant::now();
    match command {
        Command::Build {
            root,
            out,
            drafts,
            format,
        } => {
            let out = out.unwrap_or_else(|| explainer::default_out(&root));
            let opts = BuildOptions {
                root,
                drafts,
                lint: false,
            };
            match explainer::build(&opts, &out) {
                Ok(report) => {
                    print_diagnostics(&report.warnings, color, format);
                    eprintln!(
                        "built {} article{} ({} files) into {} in {} ms",
                        report.articles,
                        plural(report.articles),
                        report.files,
                        out.display(),
                        started.elapsed().as_millis()
                    );
                    // The old tree is deleted by a detached process, after the build.
                    if let (Some(previous), Ok(me)) = (report.previous, std::env::current_exe()) {
                        previous.discard_in_background(&me);
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Ok(report_error(&e, color, format)),
            }
        }
        Command::Check {
            root,
            drafts,
            strict,
            format,
        } => {
            let opts = BuildOptions {
                root,
                drafts,
                lint: true,
            };
            match explainer::check(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.warnings, color, format);
                    let warnings = report.warnings.len();
                    eprintln!(
                        "checked {} article{}: no errors{}",
                        report.articles,
                        plural(report.articles),
                        if warnings == 0 {
                            String::new()
                        } else {
                            format!(", {warnings} warning{}", plural(warnings))
                        }
                    );
                    if strict && warnings > 0 {
                        eprintln!("error: --strict treats the warnings as errors");
                        return Ok(ExitCode::from(1));
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Ok(report_error(&e, color, format)),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            base_path,
            drafts,
        } => {
            let opts = ServeOptions {
                root,
                drafts,
                bind,
                port,
                base_path: explainer::serve::normalize_base_path(&base_path)?,
                color,
            };
            explainer::serve::serve(&opts, |url| {
                eprintln!("serving the site at {url}  (Ctrl+C to stop)");
                let _ = std::io::stderr().flush();
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New { dir } => {
            explainer::scaffold::new_site(&dir)?;
            eprintln!(
                "created a new site in {0}\nnext: cd {0} && explainer serve",
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::DiscardPrevious { paths } => {
            explainer::output::discard(&paths);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A build frees and allocates the same amounts over and over (a page per article; the
/// listing pages' large lists), and `serve` renders the same large pages on every edit. By
/// default mimalloc hands freed memory back to the system within milliseconds, so it was
/// faulted in and zeroed again and again: 7% of a build and a third of an edit's time in
/// `serve`. Keeping it costs no peak memory (the peak is what is live at once).
fn keep_freed_memory() {
    /// `mi_option_purge_delay` in mimalloc v2's `mi_option_t` (libmimalloc-sys names no
    /// constant for it): milliseconds before freed memory is returned, -1 for never.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a plain integer option of the allocator, before any other thread runs.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
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

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout};

    use super::{GLOBAL, plain};

    #[test]
    fn plain_blocks_have_the_alignment_asked() {
        let mut held = Vec::new();
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            let sizes = (align..=4096)
                .step_by(align)
                .chain((1..=64).map(|k| k * 1024 + align));
            for size in sizes {
                let layout = Layout::from_size_align(size, align).unwrap();
                // Several of each size, so blocks past a page's first are checked too.
                for _ in 0..3 {
                    // SAFETY: a non-zero size; each block is freed below with its layout.
                    let p = unsafe { GLOBAL.alloc(layout) };
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    held.push((p, layout));
                }
            }
            for (p, layout) in held.drain(..) {
                // Grown by a multiple of the alignment: the block keeps it.
                let grown = layout.size() * 2;
                // SAFETY: `p` came from GLOBAL with `layout`.
                let q = unsafe { GLOBAL.realloc(p, layout, grown) };
                assert!(!q.is_null());
                assert_eq!(q as usize % align, 0, "realloc to {grown}, align {align}");
                let grown = Layout::from_size_align(grown, align).unwrap();
                // SAFETY: `q` came from GLOBAL with `grown`.
                unsafe { GLOBAL.dealloc(q, grown) };
            }
        }
        // The routing itself: only alignments up to 16 that divide the size go plain.
        assert!(plain(48, 16) && plain(24, 8) && plain(3, 1));
        assert!(!plain(24, 16) && !plain(64, 32));
    }

    #[test]
    fn c_code_allocates_from_mimalloc() {
        unsafe extern "C" {
            fn malloc(size: usize) -> *mut std::ffi::c_void;
            fn free(p: *mut std::ffi::c_void);
        }
        for size in [16, 200, 5000, 1 << 20] {
            // SAFETY: C's malloc and free, each block freed once; checking where a block
            // lives reads nothing from it.
            unsafe {
                let p = malloc(size);
                assert!(!p.is_null());
                assert!(
                    libmimalloc_sys::mi_is_in_heap_region(p),
                    "a {size}-byte block from C's malloc is not mimalloc's"
                );
                free(p);
            }
        }
    }
}
