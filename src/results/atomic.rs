//! Atomic writes: a file or a folder appears complete or not at all.
//!
//! A file is written to a temporary sibling (`.NAME.tmp-PID`), synced to disk, renamed
//! over its destination, and the folder holding it is synced so that the rename itself
//! survives a power cut (on Unix; elsewhere a folder cannot be opened to sync). A folder
//! is written the same way: its files go into a temporary sibling folder
//! (`.NAME.partial-PID`), each synced, and the folder is renamed into place once complete,
//! so an interrupted run never leaves a folder that looks finished ([`reserve_dir`]
//! creates that temporary folder before the work, and cleans up those of dead runs).

use std::fs;
use std::io::Write as _;
use std::path::Path;

use super::pending::reserve_dir;

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
/// the parent synced). Refuses an existing, non-empty `dir` (see [`reserve_dir`], which
/// checks `dir` before the work that fills it).
pub fn write_dir_atomically<N, C>(dir: &Path, files: &[(N, C)]) -> std::io::Result<()>
where
    N: AsRef<str>,
    C: AsRef<[u8]>,
{
    let pending = reserve_dir(dir)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::AlreadyExists, e.to_string()))?;
    pending.commit(files)
}

/// The folder holding `path` (`.` for a bare name).
pub(super) fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes the entries of `dir` (a rename into it) durable.
pub(super) fn sync_folder(dir: &Path) -> std::io::Result<()> {
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
