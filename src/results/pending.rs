//! A results folder reserved before the work that fills it.
//!
//! [`reserve_dir`] checks the destination at once (not a file, not a non-empty folder, not
//! the folder the process runs in, a parent that can be written) and creates the hidden
//! temporary sibling `.NAME.partial-PID` the files will go into, with an owner file
//! naming the process ([`Owner`]). So a run that cannot save its results is refused
//! before it computes anything, and the temporary folder of a run that was killed can be
//! told apart from that of a run still going: on the next reservation of the same
//! destination, those whose owner is provably dead are removed, one whose owner still
//! runs makes the reservation fail, and any other is left alone (nothing without
//! carecast's owner file is touched; where the owner cannot be checked, off Linux or on
//! another host, the folder stays).

use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use super::atomic::{parent, sync_folder};
use super::owner::{Liveness, Owner};

/// The file inside a temporary results folder naming the process that made it (removed
/// just before the folder is renamed into place).
pub(crate) const OWNER_FILE: &str = ".carecast-owner";

/// A results folder that cannot be used: which, and why (a problem of the input).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("results folder `{dir}` {message}")]
pub struct OutDirError {
    /// The folder as given.
    pub dir: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl crate::Blame for OutDirError {
    /// An unusable results folder is the user's choice of folder: always input.
    fn is_input(&self) -> bool {
        true
    }
}

/// A results folder reserved by [`reserve_dir`]: its temporary sibling exists and is
/// ours. [`PendingDir::commit`] fills it and renames it into place; dropping it without
/// committing removes the temporary folder.
#[derive(Debug)]
pub struct PendingDir {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl PendingDir {
    /// The hidden temporary folder the files go into.
    pub fn temporary(&self) -> &Path {
        &self.tmp
    }

    /// Writes `files` (name, contents) into the temporary folder, each synced, and renames
    /// it to the destination (and syncs the parent). Fails if the destination was filled
    /// by someone else in the meantime; the temporary folder is then removed.
    pub fn commit<N, C>(mut self, files: &[(N, C)]) -> std::io::Result<()>
    where
        N: AsRef<str>,
        C: AsRef<[u8]>,
    {
        for (file, contents) in files {
            let mut f = fs::File::create(self.tmp.join(file.as_ref()))?;
            f.write_all(contents.as_ref())?;
            f.sync_all()?;
        }
        fs::remove_file(self.tmp.join(OWNER_FILE))?;
        sync_folder(&self.tmp)?;
        if self.target.exists() {
            if fs::read_dir(&self.target)?.next().is_some() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    format!(
                        "`{}` was filled by something else while this run computed; its results are not written",
                        self.target.display()
                    ),
                ));
            }
            fs::remove_dir(&self.target)?;
        }
        fs::rename(&self.tmp, &self.target)?;
        self.committed = true;
        sync_folder(parent(&self.target))
    }
}

impl Drop for PendingDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Reserves the new results folder `dir` before the work that fills it: refuses a file,
/// a non-empty folder, the current folder (or one holding it), a path not ending in a
/// name, and a parent that cannot be created or written; removes the temporary folders
/// of earlier runs into `dir` whose process is dead; refuses while another live process
/// has one; then creates this process's temporary folder and its owner file.
pub fn reserve_dir(dir: &Path) -> Result<PendingDir, OutDirError> {
    let fail = |message: String| OutDirError {
        dir: dir.display().to_string(),
        message,
    };
    let target = target_of(dir).map_err(fail)?;
    let parent = parent(&target).to_path_buf();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "results".into());
    fs::create_dir_all(&parent).map_err(|e| {
        fail(format!(
            "cannot be created: cannot create `{}`: {e}; choose another --out",
            parent.display()
        ))
    })?;
    clean_partials(&parent, &name).map_err(fail)?;
    let me = Owner::current();
    let tmp = parent.join(format!("{}{}", partial_prefix(&name), me.pid));
    fs::create_dir(&tmp).map_err(|e| {
        fail(format!(
            "cannot be written: cannot create `{}`: {e}; choose another --out",
            tmp.display()
        ))
    })?;
    let pending = PendingDir {
        target,
        tmp,
        committed: false,
    };
    let owner = pending.tmp.join(OWNER_FILE);
    fs::File::create(&owner)
        .and_then(|mut f| {
            f.write_all(me.to_text().as_bytes())?;
            f.sync_all()
        })
        .map_err(|e| {
            fail(format!(
                "cannot be written: cannot write `{}`: {e}; choose another --out",
                owner.display()
            ))
        })?;
    Ok(pending)
}

/// Whether a process has reserved `dir` (a temporary `.NAME.partial-PID` sibling exists),
/// so that a default folder name can avoid it.
pub(crate) fn is_reserved(dir: &Path) -> bool {
    let Some(name) = dir.file_name() else {
        return false;
    };
    let prefix = partial_prefix(&name.to_string_lossy());
    fs::read_dir(parent(dir)).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| partial_pid(&e.file_name().to_string_lossy(), &prefix).is_some())
    })
}

fn partial_prefix(name: &str) -> String {
    format!(".{name}.partial-")
}

/// The process id in a temporary folder's name `PREFIX<digits>`.
fn partial_pid(file: &str, prefix: &str) -> Option<u32> {
    let digits = file.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The destination `dir` stands for, or why it cannot be one.
fn target_of(dir: &Path) -> Result<PathBuf, String> {
    let ends_in_name = matches!(dir.components().next_back(), Some(Component::Normal(_)));
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.file_type().is_symlink() => Err(
            "is a symbolic link; give the folder it points to, or a new folder, with --out".into(),
        ),
        Ok(meta) if !meta.is_dir() => Err("is a file, not a folder; choose another --out".into()),
        Ok(_) => {
            let mut entries = fs::read_dir(dir).map_err(|e| format!("cannot be read: {e}"))?;
            if entries.next().is_some() {
                return Err("exists and is not empty; choose a new folder".into());
            }
            let canonical = fs::canonicalize(dir).map_err(|e| format!("cannot be read: {e}"))?;
            let cwd = std::env::current_dir().and_then(fs::canonicalize);
            if cwd.is_ok_and(|cwd| cwd.starts_with(&canonical)) {
                return Err("is the folder carecast runs in (or holds it): a results folder is written under a hidden name and renamed into place once complete, which cannot be done to the current folder; give a new folder, e.g. `--out run-1`, or run from another folder".into());
            }
            if canonical.file_name().is_none() {
                return Err("is the root of the file system; choose a new folder".into());
            }
            Ok(if ends_in_name {
                dir.to_path_buf()
            } else {
                canonical
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if ends_in_name {
                // `new/.` is `new`: the rename needs the name itself.
                Ok(dir.components().collect())
            } else {
                Err("does not end in a folder name; choose a new folder".into())
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(
            "cannot be created: part of its path is a file, not a folder; choose another --out"
                .into(),
        ),
        Err(e) => Err(format!("cannot be used: {e}; choose another --out")),
    }
}

/// Removes the temporary folders of earlier runs into `parent/name` whose owner is dead;
/// then fails if one's owner still runs. Leaves alone anything without carecast's owner
/// file and anything whose owner cannot be checked.
fn clean_partials(parent: &Path, name: &str) -> Result<(), String> {
    let prefix = partial_prefix(name);
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let me = Owner::current();
    let mut busy: Option<String> = None;
    for entry in entries.flatten() {
        let Some(pid) = partial_pid(&entry.file_name().to_string_lossy(), &prefix) else {
            continue;
        };
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let path = entry.path();
        let owner = fs::read_to_string(path.join(OWNER_FILE))
            .ok()
            .and_then(|text| Owner::parse(&text))
            .filter(|o| o.pid == pid);
        match owner {
            // Without start times (off Linux) an owner under this process id cannot be
            // told from this process: like a folder without an owner file, below.
            Some(o) if o.pid == me.pid && me.start.is_none() => {
                let _ = fs::remove_dir_all(&path);
            }
            Some(o) if o == me => {
                busy = Some("is being written by this very process already".into());
            }
            Some(o) => match o.liveness() {
                Liveness::Dead => {
                    let _ = fs::remove_dir_all(&path);
                }
                Liveness::Alive => {
                    busy = Some(format!(
                        "is being written by another carecast ({}); wait for it to finish or choose another --out",
                        o.describe()
                    ));
                }
                Liveness::Unknown => {}
            },
            // Named with this very process id but not ours: an earlier process with the
            // same id left it (as earlier versions, without an owner file, did).
            None if pid == me.pid => {
                let _ = fs::remove_dir_all(&path);
            }
            None => {}
        }
    }
    busy.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reservation_dropped_unused_leaves_nothing() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("out");
        let pending = reserve_dir(&dir).expect("reserve");
        assert!(pending.temporary().join(OWNER_FILE).is_file());
        assert!(is_reserved(&dir));
        if cfg!(target_os = "linux") {
            assert!(
                reserve_dir(&dir).is_err(),
                "a second reservation by the same process is refused"
            );
        }
        drop(pending);
        assert_eq!(fs::read_dir(tmp.path()).expect("ls").count(), 0);
        assert!(!is_reserved(&dir));
    }

    #[test]
    fn a_committed_folder_holds_exactly_its_files() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("out");
        fs::create_dir(&dir).expect("an empty folder is fine");
        reserve_dir(&dir)
            .expect("reserve")
            .commit(&[("a.txt", "1")])
            .expect("commit");
        let names: Vec<String> = fs::read_dir(&dir)
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.txt"], "no owner file in the results");
        assert_eq!(fs::read_dir(tmp.path()).expect("ls").count(), 1);
    }

    #[test]
    fn unusable_destinations_are_refused_before_anything_is_created() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("file.txt");
        fs::write(&file, "x").expect("write");
        let full = tmp.path().join("full");
        fs::create_dir(&full).expect("mkdir");
        fs::write(full.join("keep.txt"), "x").expect("write");
        for (dir, says) in [
            (file.clone(), "is a file"),
            (full.clone(), "is not empty"),
            (file.join("sub"), "cannot be created"),
            (tmp.path().join("new/.."), "does not end in a folder name"),
        ] {
            let e = reserve_dir(&dir).expect_err("refused");
            assert!(e.to_string().contains(says), "{}: {e}", dir.display());
        }
        let mut names: Vec<String> = fs::read_dir(tmp.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["file.txt", "full"]);
    }
}
