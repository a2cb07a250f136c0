//! The output folder of a sweep before a run: free, holding this very sweep and shard
//! (resume), or holding something else (refused).

use std::path::Path;

use super::journal::{self, MANIFEST, Manifest};
use super::lock::LOCK;
use super::{Shard, SweepError};

/// What an output folder holds before a run.
pub(super) enum FolderState {
    /// Nothing of ours (missing or holding only subfolders): start here.
    Fresh,
    /// This sweep (same fingerprint, same shard): resume.
    Same,
}

/// Checks that `dir` is free or holds this very sweep and shard, changing nothing (its
/// lock file and temporary files do not count).
pub(super) fn inspect_folder(dir: &Path, manifest: &Manifest) -> Result<FolderState, SweepError> {
    let shown = dir.display().to_string();
    if !dir.exists() {
        return Ok(FolderState::Fresh);
    }
    if !dir.is_dir() {
        return Err(SweepError::Folder {
            dir: shown,
            message: "is not a folder; choose another --out".into(),
        });
    }
    let entries = std::fs::read_dir(dir).map_err(|error| SweepError::Read {
        path: shown.clone(),
        error,
    })?;
    let mut others = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if journal::is_temporary(&name) || name == LOCK {
            continue;
        }
        if !entry.path().is_dir() {
            others.push(name);
        }
    }
    match journal::read_manifest(dir)? {
        Some(found) if found.fingerprint != manifest.fingerprint => {
            let what = if found.sweep == manifest.sweep {
                format!(
                    "holds a different version of sweep `{}` (fingerprint {}{}), not this one (fingerprint {}): the sweep file, its base scenario, replications or seed changed",
                    found.sweep,
                    found.fingerprint,
                    if found.carecast_version == manifest.carecast_version {
                        String::new()
                    } else {
                        format!(", carecast {}", found.carecast_version)
                    },
                    manifest.fingerprint
                )
            } else {
                format!(
                    "holds another sweep, `{}` (fingerprint {}), not `{}` (fingerprint {})",
                    found.sweep, found.fingerprint, manifest.sweep, manifest.fingerprint
                )
            };
            Err(SweepError::Folder {
                dir: shown,
                message: format!(
                    "{what}; choose another --out, or delete that folder to start over"
                ),
            })
        }
        Some(found) if found.shard != manifest.shard => {
            let name = |s: Option<Shard>| match s {
                Some(s) => format!("shard {s}"),
                None => "the whole sweep".to_string(),
            };
            Err(SweepError::Folder {
                dir: shown,
                message: format!(
                    "holds {} of sweep `{}`, not {}; choose another --out",
                    name(found.shard),
                    found.sweep,
                    name(manifest.shard)
                ),
            })
        }
        Some(_) => Ok(FolderState::Same),
        None if others.is_empty() => Ok(FolderState::Fresh),
        None => {
            others.sort();
            Err(SweepError::Folder {
                dir: shown,
                message: format!(
                    "exists and is not a sweep folder (it holds `{}` but no {MANIFEST}); choose another --out",
                    others[0]
                ),
            })
        }
    }
}
