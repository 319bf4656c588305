//! Reading a scenario file once: its bytes, bounded while reading, and their hash.
//!
//! Everything downstream (the batch key, the manifest, a shard) uses these bytes, so
//! provenance never depends on reading the path again: the file may be edited, moved
//! or be a pipe (`compare <(cat x.toml)`) without the record going wrong.

use super::{MAX_FILE_BYTES, Scenario, ScenarioError};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A scenario file's text as read, with the path it came from and its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioSource {
    /// The path as given (for messages and the manifest).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Lowercase hex SHA-256 of the text's bytes.
    pub sha256: String,
}

impl ScenarioSource {
    /// Reads `path` once, refusing more than [`MAX_FILE_BYTES`] however the file
    /// reports its size (`/dev/zero`, a pipe), and without hanging on a named pipe that
    /// nobody writes to.
    pub fn read(path: &Path) -> Result<Self, ScenarioError> {
        let read_err = |cause| ScenarioError::Read {
            path: path.to_path_buf(),
            cause,
        };
        let file = match open(path) {
            Ok(file) => file,
            // `scenarios/NAME.toml` outside the source tree: the bundled scenario.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return match super::bundled::named_by(path) {
                    Some((_, text)) => Ok(Self::from_text(path, text.to_string())),
                    None => Err(read_err(e)),
                };
            }
            Err(e) => return Err(read_err(e)),
        };
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(read_err)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ScenarioError::TooLarge {
                path: path.to_path_buf(),
                size: bytes.len() as u64,
            });
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            read_err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            ))
        })?;
        Ok(Self::from_text(path, text))
    }

    /// A source from text already in memory (a saved batch, a test).
    pub fn from_text(path: &Path, text: String) -> Self {
        let sha256 = hex_sha256(text.as_bytes());
        ScenarioSource {
            path: path.to_path_buf(),
            text,
            sha256,
        }
    }

    /// Parses and validates the text.
    pub fn parse(&self) -> Result<Scenario, ScenarioError> {
        Scenario::parse(&self.text, &self.path)
    }
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Opens a file for reading. A named pipe is opened without blocking (opening one
/// blocks until a writer appears), then switched back to blocking reads: a pipe with
/// a writer is read to its end, one without reads as empty.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    use std::os::unix::io::AsRawFd;
    let is_fifo = std::fs::metadata(path)?.file_type().is_fifo();
    if !is_fifo {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.is_dir() {
            return Err(std::io::Error::other("this is a folder, not a file"));
        }
        return Ok(file);
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function owns; no memory is passed.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn an_endless_file_is_refused_after_the_limit() {
        let err = ScenarioSource::read(Path::new("/dev/zero")).unwrap_err();
        assert!(matches!(err, ScenarioError::TooLarge { .. }), "{err}");
    }

    #[test]
    fn the_hash_is_of_the_bytes_read() {
        let s = ScenarioSource::from_text(Path::new("x"), String::new());
        assert_eq!(
            s.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
