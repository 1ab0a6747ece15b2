//! The site's local images: where an image path an author writes (in a body or in
//! `image:`) leads, which file that is (one beside the article in its page bundle, or one
//! in static/), and what its header says. Widths and heights are read from the header with
//! `imagesize`, so pages do not shift as images load; no image is decoded or resized.
//!
//! A path is resolved as the reader's browser will: relative to the article's page folder,
//! which for a bundle (`content/2024/x/index.md`) is the folder its files are copied to.
//! A path from the host's root (`/x.png`) would break under a sub-path, and one that climbs
//! above the site's root would leave the output: both are errors. A remote image (a URL
//! with a scheme, or `//host/…`) is left alone.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The files an image path may lead to: each output path with its file on disk.
#[derive(Debug, Default)]
pub(crate) struct SiteImages {
    files: BTreeMap<String, PathBuf>,
}

/// A local image found: where it is in the output and what its header says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageFile {
    /// Its path from the site root (`2024/x/map.png`).
    pub(crate) path: String,
    /// Its size in pixels, when the format has one (`None` for SVG).
    pub(crate) size: Option<(u32, u32)>,
    /// Its size in bytes.
    pub(crate) bytes: u64,
}

/// Why an image path leads to no usable image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ImageProblem {
    /// `/x.png` or `C:\x.png`: from the host's root, which breaks under a sub-path.
    Absolute,
    /// `../../../x.png`: above the site's root.
    ClimbsOut,
    /// No such file in the bundle or static/; the nearest, written as the author would.
    Missing { nearest: Option<String> },
    /// The file is no image its extension says it is (text, a truncated file).
    Bad(String),
}

impl SiteImages {
    /// The table of output path → file on disk (bundle files and static/).
    pub(crate) fn new(files: BTreeMap<String, PathBuf>) -> Self {
        SiteImages { files }
    }

    /// Resolves `src` written on the page at `folder` (`2024/x/`): `Ok(None)` for a remote
    /// image, left alone.
    pub(crate) fn resolve(
        &self,
        folder: &str,
        src: &str,
    ) -> Result<Option<ImageFile>, ImageProblem> {
        if is_remote(src) {
            return Ok(None);
        }
        let path = join(folder, src)?;
        let Some(disk) = self.files.get(&path) else {
            return Err(ImageProblem::Missing {
                nearest: self.nearest(folder, &path),
            });
        };
        let (size, bytes) = probe(disk).map_err(ImageProblem::Bad)?;
        Ok(Some(ImageFile { path, size, bytes }))
    }

    /// The nearest file, as a path from `folder`: a bundle's own by name, others from
    /// the root (`../../images/x.png`).
    fn nearest(&self, folder: &str, wanted: &str) -> Option<String> {
        let names = self.files.keys().map(String::as_str);
        let best = crate::diagnostic::did_you_mean(wanted, names)?;
        Some(match best.strip_prefix(folder) {
            Some(own) => own.to_string(),
            None => format!("{}{best}", crate::urls::root_of(folder)),
        })
    }
}

/// True for an image on another host (`https://…`, `//cdn…`) or inline (`data:`).
pub(crate) fn is_remote(src: &str) -> bool {
    if src.starts_with("//") {
        return true;
    }
    // A scheme of two or more letters: one letter is a Windows drive (`C:`).
    match src.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The output path `src` leads to from `folder`, its query and fragment left out and
/// percent-escapes decoded.
fn join(folder: &str, src: &str) -> Result<String, ImageProblem> {
    let src = src.split(['?', '#']).next().unwrap_or("");
    let src = percent_encoding::percent_decode_str(src).decode_utf8_lossy();
    if src.starts_with(['/', '\\']) || src.split_once(':').is_some() {
        return Err(ImageProblem::Absolute);
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in src.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(ImageProblem::ClimbsOut)?;
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// Reads an image's header: its size in pixels (none for SVG) and in bytes. A PNG must
/// also end with its closing chunk, so that a file cut short in a copy is caught here
/// rather than in a reader's browser.
fn probe(disk: &Path) -> Result<(Option<(u32, u32)>, u64), String> {
    let bytes = std::fs::metadata(disk).map_err(|e| e.to_string())?.len();
    let ext = disk
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if ext == "svg" {
        return Ok((None, bytes));
    }
    let size = imagesize::size(disk).map_err(|e| match e {
        imagesize::ImageError::NotSupported => {
            "it is no image (PNG, JPEG, GIF, WebP, AVIF) that a browser shows".to_string()
        }
        imagesize::ImageError::CorruptedImage => "it is a damaged image".to_string(),
        imagesize::ImageError::IoError(e) => format!("it cannot be read: {e}"),
    })?;
    if ext == "png" && !ends_with_png_end(disk) {
        return Err("it is a PNG cut short (it has no closing IEND chunk)".into());
    }
    let (w, h) = (size.width, size.height);
    let fits = |n: usize| u32::try_from(n).ok().filter(|&n| n > 0);
    match (fits(w), fits(h)) {
        (Some(w), Some(h)) => Ok((Some((w, h)), bytes)),
        _ => Err(format!("its header says it is {w}×{h} pixels")),
    }
}

/// True when a PNG file ends with the IEND chunk (length 0, type, CRC).
fn ends_with_png_end(disk: &Path) -> bool {
    const IEND: [u8; 12] = [0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xAE, 0x42, 0x60, 0x82];
    let mut tail = [0u8; 12];
    std::fs::File::open(disk)
        .and_then(|mut f| {
            f.seek(SeekFrom::End(-12))?;
            f.read_exact(&mut tail)
        })
        .is_ok_and(|()| tail == IEND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_from_the_page_folder_and_never_climb_out() {
        assert_eq!(join("2024/x/", "map.png"), Ok("2024/x/map.png".into()));
        assert_eq!(
            join("2024/x/", "./a/../map.png?v=1"),
            Ok("2024/x/map.png".into())
        );
        assert_eq!(
            join("2024/x/", "../../img/a%20b.png"),
            Ok("img/a b.png".into())
        );
        assert_eq!(
            join("2024/x/", "../../../x.png"),
            Err(ImageProblem::ClimbsOut)
        );
        assert_eq!(
            join("2024/x/", "..\\..\\..\\x.png"),
            Err(ImageProblem::ClimbsOut)
        );
        assert_eq!(join("2024/x/", "/x.png"), Err(ImageProblem::Absolute));
        assert_eq!(join("2024/x/", "C:\\x.png"), Err(ImageProblem::Absolute));
    }

    #[test]
    fn remote_images_are_told_apart_from_drives() {
        assert!(is_remote("https://example.org/x.png"));
        assert!(is_remote("//cdn.example.org/x.png"));
        assert!(is_remote("data:image/png;base64,AAAA"));
        assert!(!is_remote("C:\\x.png"));
        assert!(!is_remote("map.png"));
    }
}
