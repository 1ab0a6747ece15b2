//! Fatal errors of the environment (I/O, templates, usage), as opposed to problems in
//! the content, which are [`Diagnostic`](crate::diagnostic::Diagnostic)s.

use std::path::PathBuf;

/// Why a build could not run or could not write.
#[derive(Debug)]
pub enum Error {
    /// Problems in the content: reported as diagnostics.
    Content(Vec<crate::diagnostic::Diagnostic>),
    /// The command was used wrongly (a missing site folder, a bad output folder).
    Usage(String),
    /// A file could not be read or written.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A template could not be loaded or rendered.
    Template {
        /// The template.
        name: String,
        /// Tera's message with its causes.
        message: String,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Content(d) => {
                let errors = d.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "the content has {errors} error{}",
                    if errors == 1 { "" } else { "s" }
                )
            }
            Error::Usage(m) => f.write_str(m),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Template { name, message } => write!(f, "template `{name}`: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Wraps an I/O error with its path.
pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { path, source }
}
