//! The lock of a sweep folder: one writer at a time.
//!
//! A sweep (or a merge) writing into a folder holds an exclusive OS file lock on the
//! folder's `.sweep.lock` from before it reads the journal until its final files are
//! written. The operating system releases it when the process ends, however it ends
//! (`kill -9` included), so a lock is never stale. The file itself stays (removing it
//! would let two processes lock two different files) and names its last holder
//! ([`Owner`]), for the message a second process gets. Temporary files of killed runs are
//! removed only under the lock.

use std::fs;
use std::io::{Seek as _, Write as _};
use std::path::Path;
use std::time::{Duration, Instant};

use super::SweepError;
use super::journal::{self, is_temporary};
use crate::results::owner::{Liveness, Owner, pid_liveness};

/// The lock file of a sweep folder.
pub const LOCK: &str = ".sweep.lock";

/// How often a waiting process tries the lock again.
const POLL: Duration = Duration::from_millis(200);

/// An exclusive lock on a sweep folder, released when dropped (or when the process ends),
/// or, on a file system that cannot lock files, the reason there is none.
#[derive(Debug)]
pub(crate) struct FolderLock {
    _file: fs::File,
    /// Why the folder could not be locked (the sweep then runs unprotected, as before
    /// locks existed).
    pub(crate) unavailable: Option<String>,
}

impl FolderLock {
    /// Takes the lock of `dir` (which must exist), waiting up to `wait` while another
    /// process holds it; then records this process as the holder. On a file system that
    /// cannot lock files, goes on without a lock and says why in `unavailable`.
    pub(crate) fn acquire(dir: &Path, wait: Duration) -> Result<FolderLock, SweepError> {
        let path = dir.join(LOCK);
        let shown = dir.display().to_string();
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| SweepError::Folder {
                dir: shown.clone(),
                message: format!(
                    "cannot be used: cannot open `{}`: {e}; choose another --out",
                    path.display()
                ),
            })?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) => {
                    let waited = started.elapsed();
                    if waited >= wait {
                        let holder = fs::read_to_string(&path)
                            .ok()
                            .and_then(|text| Owner::parse(&text))
                            .map_or_else(|| "pid unknown".to_string(), |o| o.describe());
                        return Err(SweepError::Locked {
                            dir: shown,
                            holder,
                            waited_s: if wait.is_zero() {
                                0
                            } else {
                                waited.as_secs().max(1)
                            },
                        });
                    }
                    std::thread::sleep(POLL.min(wait - waited));
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Ok(FolderLock {
                        _file: file,
                        unavailable: Some(e.to_string()),
                    });
                }
            }
        }
        let holder = Owner::current().to_text();
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(holder.as_bytes()))
            .and_then(|()| file.sync_data())
            .map_err(|source| journal::write_error(&path, source))?;
        Ok(FolderLock {
            _file: file,
            unavailable: None,
        })
    }
}

/// Removes the temporary files (`.NAME.tmp-PID`) that killed runs left in `dir`: only
/// under the lock, and, where processes can be checked (Linux), only those of a process
/// that no longer runs (a `carecast report` writing into the folder keeps its own).
pub(crate) fn remove_stale_temporaries(dir: &Path, _lock: &FolderLock) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_temporary(&name) {
            continue;
        }
        let pid = name
            .rsplit_once(".tmp-")
            .and_then(|(_, pid)| pid.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) if pid == me => true,
            Some(pid) => pid_liveness(pid, None) != Liveness::Alive,
            None => true,
        };
        if stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}
