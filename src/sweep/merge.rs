//! Merging the shard folders of a sweep into one: refusing missing, duplicate, foreign,
//! mis-split and unfinished shards, and writing the same files as an unsharded run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::folder::{FolderState, inspect_folder};
use super::journal::{self, JOURNAL, KPIS_JSON, MANIFEST, Manifest, POINTS_CSV, SWEEP_JSON};
use super::lock::{FolderLock, remove_stale_temporaries};
use super::{Shard, SweepError, SweepResults, write_final};

/// Merges the folders of shards `0/N` to `N-1/N` of one sweep, each complete, into `out`
/// (or only in memory with `None`). Refuses folders of different sweeps, a shard given
/// twice, a missing shard and unfinished shards, saying which, and an `out` that another
/// process is writing into (it holds the folder's [`super::LOCK`]). The merged
/// `points.csv` and `sweep.json` are byte-identical to those of the same sweep run
/// unsharded.
pub fn merge(dirs: &[PathBuf], out: Option<&Path>) -> Result<SweepResults, SweepError> {
    let fail = |message: String| SweepError::Merge { message };
    if dirs.is_empty() {
        return Err(fail("no shard folders given".into()));
    }
    let mut shards: Vec<(PathBuf, Manifest)> = Vec::new();
    for d in dirs {
        let m = journal::read_manifest(d)?.ok_or_else(|| {
            fail(format!(
                "`{}` is not a sweep folder (no {MANIFEST})",
                d.display()
            ))
        })?;
        if m.shard.is_some_and(|s| s.count == 0 || s.index >= s.count) {
            return Err(fail(format!(
                "`{}` has an invalid shard in its {MANIFEST}",
                d.display()
            )));
        }
        shards.push((d.clone(), m));
    }
    let (first_dir, first) = &shards[0];
    let shard_of = |m: &Manifest| m.shard.unwrap_or(Shard { index: 0, count: 1 });
    for (d, m) in &shards[1..] {
        if m.fingerprint != first.fingerprint {
            return Err(fail(format!(
                "`{}` holds a different sweep than `{}`: `{}` (fingerprint {}, carecast {}) against `{}` (fingerprint {}, carecast {})",
                d.display(),
                first_dir.display(),
                m.sweep,
                m.fingerprint,
                m.carecast_version,
                first.sweep,
                first.fingerprint,
                first.carecast_version
            )));
        }
        if shard_of(m).count != shard_of(first).count {
            return Err(fail(format!(
                "`{}` is shard {} but `{}` is shard {}: all shards must come from the same split into N",
                first_dir.display(),
                shard_of(first),
                d.display(),
                shard_of(m)
            )));
        }
    }
    let count = shard_of(first).count;
    let mut by_index: Vec<Option<&PathBuf>> = vec![None; count];
    for (d, m) in &shards {
        let k = shard_of(m).index;
        if let Some(other) = by_index[k] {
            return Err(fail(format!(
                "shard {k}/{count} is given twice: `{}` and `{}`",
                other.display(),
                d.display()
            )));
        }
        by_index[k] = Some(d);
    }
    let missing: Vec<String> = (0..count)
        .filter(|&k| by_index[k].is_none())
        .map(|k| format!("{k}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(fail(format!(
            "shard(s) {} of sweep `{}` missing: run `carecast sweep <file> --shard K/{count}` for each and pass every shard folder",
            missing.join(", "),
            first.sweep
        )));
    }
    let mut records = BTreeMap::new();
    for (d, m) in &shards {
        let contents = journal::read_journal(d, m)?;
        if contents.records.len() != m.owned() {
            return Err(fail(format!(
                "shard {} in `{}` is unfinished: {} of {} points done; finish it with `carecast sweep <file> --shard {} --out {}` (it resumes)",
                shard_of(m),
                d.display(),
                contents.records.len(),
                m.owned(),
                shard_of(m),
                d.display()
            )));
        }
        records.extend(contents.records);
    }
    let mut manifest = first.clone();
    manifest.shard = None;
    let total = records.len();
    let Some(out) = out else {
        return Ok(SweepResults::new(manifest, records, 0, total, false, None));
    };
    inspect_folder(out, &manifest)?;
    std::fs::create_dir_all(out).map_err(|e| SweepError::Folder {
        dir: out.display().to_string(),
        message: format!("cannot be created: {e}; choose another --out"),
    })?;
    let lock = FolderLock::acquire(out, std::time::Duration::ZERO)?;
    remove_stale_temporaries(out, &lock);
    if let FolderState::Same = inspect_folder(out, &manifest)? {
        let existing = journal::read_journal(out, &manifest)?;
        if existing.records.len() == total
            && existing.dropped == 0
            && out.join(POINTS_CSV).is_file()
            && out.join(SWEEP_JSON).is_file()
        {
            let dir = Some(out.to_path_buf());
            return Ok(SweepResults::new(manifest, records, 0, total, false, dir));
        }
    }
    journal::write_atomic(out, MANIFEST, &journal::manifest_text(&manifest))?;
    journal::write_atomic(
        out,
        JOURNAL,
        &journal::journal_text(&manifest.fingerprint, &records),
    )?;
    write_final(out, &manifest, &records)?;
    if let Ok(text) = std::fs::read_to_string(dirs[0].join(KPIS_JSON)) {
        journal::write_atomic(out, KPIS_JSON, &text)?;
    }
    Ok(SweepResults::new(
        manifest,
        records,
        0,
        total,
        true,
        Some(out.to_path_buf()),
    ))
}
