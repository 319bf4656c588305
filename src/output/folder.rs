//! An output folder claimed by one command at a time.
//!
//! Two commands writing into one folder (a compare and a sweep started together with
//! the same `--out`) would leave a mix of files that no manifest describes. A command
//! therefore holds an exclusive lock on `FOLDER/.teamsim.lock` for as long as it
//! writes there; a second command is refused at once with a message. Because only the
//! holder of the lock writes, staging folders left by a command that was killed
//! (`.teamsim-staging-*`) are known to be dead and are removed when the folder is
//! claimed. The lock file is removed when the command ends; one left by a killed
//! command is not locked, and is taken over by the next.

use super::{OutputError, io_err};
use std::fs::File;
use std::path::{Path, PathBuf};

/// Name of the lock file inside an output folder.
pub const LOCK_FILE: &str = ".teamsim.lock";
/// Prefix of staging folders inside an output folder.
pub const STAGING_PREFIX: &str = ".teamsim-staging-";

/// An output folder this process holds the lock of; released on drop.
#[derive(Debug)]
pub struct OutputFolder {
    dir: PathBuf,
    lock: Option<File>,
    created: bool,
}

impl OutputFolder {
    /// Creates `dir` if needed, takes its lock (refusing if another command holds it)
    /// and removes staging folders that a killed command left behind.
    pub fn claim(dir: &Path) -> Result<Self, OutputError> {
        let created = !dir.exists();
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        let mut folder = OutputFolder {
            dir: dir.to_path_buf(),
            lock: None,
            created,
        };
        let path = dir.join(LOCK_FILE);
        // A lock file removed by its holder between our open and our lock would be
        // locked in vain: check that the file locked is still the one at the path.
        for _ in 0..10 {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(io_err(&path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(OutputError::Busy {
                        path: dir.to_path_buf(),
                    });
                }
                Err(std::fs::TryLockError::Error(cause)) => {
                    return Err(OutputError::Io { path, cause });
                }
            }
            if same_file(&file, &path) {
                folder.lock = Some(file);
                folder.remove_dead_staging()?;
                return Ok(folder);
            }
        }
        Err(OutputError::Busy {
            path: dir.to_path_buf(),
        })
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Refuses a folder that already holds anything besides the lock, unless `force`:
    /// earlier results are never replaced by accident. Called before any work starts.
    pub fn check_fresh(&self, force: bool) -> Result<(), OutputError> {
        if force {
            return Ok(());
        }
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_name() != LOCK_FILE)
                    .map(|e| {
                        let name = e.file_name().to_string_lossy().into_owned();
                        if e.path().is_dir() {
                            format!("{name}/")
                        } else {
                            name
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        if names.is_empty() {
            return Ok(());
        }
        names.sort();
        let shown = 4;
        let more = names.len().saturating_sub(shown);
        names.truncate(shown);
        Err(OutputError::Exists {
            path: self.dir.clone(),
            names,
            more,
        })
    }

    fn remove_dead_staging(&self) -> Result<(), OutputError> {
        let entries = std::fs::read_dir(&self.dir).map_err(io_err(&self.dir))?;
        for entry in entries.filter_map(Result::ok) {
            let is_staging = entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(STAGING_PREFIX));
            if is_staging {
                let path = entry.path();
                std::fs::remove_dir_all(&path).map_err(io_err(&path))?;
            }
        }
        Ok(())
    }
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        if let Some(lock) = self.lock.take() {
            // The lock file goes while it is still locked: a command that opened it
            // meanwhile finds, once it holds the lock, that the path no longer names
            // the file it locked, and tries again (see `claim`).
            let _ = std::fs::remove_file(self.dir.join(LOCK_FILE));
            drop(lock);
            if self.created {
                // A folder this command created and left empty goes again.
                let _ = std::fs::remove_dir(&self.dir);
            }
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_claim_is_refused_until_the_first_ends() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o");
        let first = OutputFolder::claim(&out).unwrap();
        let err = OutputFolder::claim(&out).unwrap_err();
        assert!(matches!(err, OutputError::Busy { .. }), "{err}");
        drop(first);
        // Created and left empty: gone again.
        assert!(!out.exists());
        let _again = OutputFolder::claim(&out).unwrap();
    }

    #[test]
    fn dead_staging_folders_are_removed_and_the_lock_is_not_output() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".teamsim-staging-abc")).unwrap();
        let folder = OutputFolder::claim(dir.path()).unwrap();
        assert!(!dir.path().join(".teamsim-staging-abc").exists());
        folder.check_fresh(false).unwrap();
    }
}
