//! Atomic writes: a file or a folder appears complete or not at all.
//!
//! A file is written to a temporary sibling (`.NAME.tmp-PID`), synced to disk, renamed
//! over its destination, and the folder holding it is synced so that the rename itself
//! survives a power cut (on Unix; elsewhere a folder cannot be opened to sync). A folder
//! is written the same way: its files go into a temporary sibling folder
//! (`.NAME.partial-PID`), each synced, and the folder is renamed into place once complete,
//! so an interrupted run never leaves a folder that looks finished.

use std::fs;
use std::io::Write as _;
use std::path::Path;

/// Replaces `path` with `bytes` atomically: a temporary sibling, synced, renamed over
/// `path`, then the parent folder synced. On failure the temporary file is removed.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_folder(parent(path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes `files` (name, contents) into a new folder `dir`, atomically: every file goes
/// into a temporary sibling folder, synced, which is renamed to `dir` once complete (and
/// the parent synced). Refuses an existing, non-empty `dir`.
pub fn write_dir_atomically<N, C>(dir: &Path, files: &[(N, C)]) -> std::io::Result<()>
where
    N: AsRef<str>,
    C: AsRef<[u8]>,
{
    let partial = PartialDir::create(dir)?;
    for (file, contents) in files {
        partial.write(file.as_ref(), contents.as_ref())?;
    }
    partial.commit()
}

/// A results folder being written: a temporary sibling of its destination
/// (`.NAME.partial-PID`) that files are written into, one by one or streamed, and that is
/// renamed into place by [`PartialDir::commit`]. Dropped without a commit, it is removed.
#[derive(Debug)]
pub struct PartialDir {
    dir: std::path::PathBuf,
    tmp: std::path::PathBuf,
    committed: bool,
}

impl PartialDir {
    /// Starts the folder `dir`: refuses an existing, non-empty `dir`, creates the
    /// temporary folder.
    pub fn create(dir: &Path) -> std::io::Result<Self> {
        if dir.exists() && fs::read_dir(dir)?.next().is_some() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "`{}` exists and is not empty; choose a new folder",
                    dir.display()
                ),
            ));
        }
        let parent = parent(dir);
        fs::create_dir_all(parent)?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "results".into());
        let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir(&tmp)?;
        Ok(PartialDir {
            dir: dir.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// Where the file `name` of the folder is written until the commit.
    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.tmp.join(name)
    }

    /// Writes the file `name` with `contents`, synced.
    pub fn write(&self, name: &str, contents: &[u8]) -> std::io::Result<()> {
        let mut f = fs::File::create(self.path(name))?;
        f.write_all(contents)?;
        f.sync_all()
    }

    /// Renames the folder into place, once every file in it is synced.
    pub fn commit(mut self) -> std::io::Result<()> {
        sync_folder(&self.tmp)?;
        if self.dir.exists() {
            fs::remove_dir(&self.dir)?;
        }
        fs::rename(&self.tmp, &self.dir)?;
        self.committed = true;
        sync_folder(parent(&self.dir))
    }
}

impl Drop for PartialDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// The folder holding `path` (`.` for a bare name).
fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes the entries of `dir` (a rename into it) durable.
fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_dir_refuses_to_overwrite() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("out");
        write_dir_atomically(&dir, &[("a.txt", "1")]).expect("first write");
        assert_eq!(
            fs::read_to_string(dir.join("a.txt")).ok().as_deref(),
            Some("1")
        );
        assert!(write_dir_atomically(&dir, &[("a.txt", "2")]).is_err());
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "no temporary folder left behind");
    }

    #[test]
    fn atomic_file_replaces_and_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("f.json");
        write_file_atomically(&path, b"one").expect("write");
        write_file_atomically(&path, b"two").expect("replace");
        assert_eq!(fs::read(&path).ok().as_deref(), Some(&b"two"[..]));
        let names: Vec<_> = fs::read_dir(tmp.path()).expect("ls").flatten().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");
        let missing = tmp.path().join("no/such/folder/f.json");
        assert!(write_file_atomically(&missing, b"x").is_err());
    }
}
