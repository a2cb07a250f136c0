//! The durable side of a sweep: the manifest, the append-only journal of finished points,
//! checksums and atomic file replacement.
//!
//! Each finished point is appended to `points.jsonl` as one line, written with a single
//! `write` and made durable with `sync_data` before the next. A line is
//! `{"check":"<FNV-1a 64 of the record text>","record":<record>}`; a line that is cut short
//! (the process was killed mid-write, the machine lost power) or whose checksum does not
//! match is never taken as a finished point. Numbers in the journal are written as strings
//! of Rust's shortest round-trip form and read back with Rust's exact parser, so a point
//! read from the journal is bit-for-bit the point that was computed. FNV-1a is the
//! Fowler–Noll–Vo hash (offset basis and primes from the IETF draft
//! draft-eastlake-fnv).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{Shard, SweepError};
use crate::results::{KpiMap, PointTargets};
use crate::stats::Summary;

/// The manifest file of a sweep folder.
pub const MANIFEST: &str = "sweep-manifest.json";
/// The journal of finished points.
pub const JOURNAL: &str = "points.jsonl";
/// The tidy table of results.
pub const POINTS_CSV: &str = "points.csv";
/// The JSON results.
pub const SWEEP_JSON: &str = "sweep.json";
/// The data dictionary of the KPIs.
pub const KPIS_JSON: &str = "kpis.json";
/// The tidy per-replication rows.
pub const REPLICATIONS_CSV: &str = "replications.csv";

/// Version of the manifest and journal formats.
pub const FORMAT: u32 = 1;

/// FNV-1a, 64 bits.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// FNV-1a, 128 bits, fed incrementally.
pub(crate) struct Fnv128(u128);

impl Fnv128 {
    pub(crate) fn new() -> Self {
        Fnv128(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d)
    }

    pub(crate) fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self
                .0
                .wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
        }
    }

    pub(crate) fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// One parameter as stored in the manifest. Values are TOML text (`24`, `"fifo"`, `0.5`),
/// so that they read back exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestParameter {
    /// Column name.
    pub name: String,
    /// Dotted scenario path.
    pub path: String,
    /// Grid values, as TOML text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// Latin hypercube lower end, as TOML text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    /// Latin hypercube upper end, as TOML text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    /// Latin hypercube: whole numbers only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integer: Option<bool>,
    /// `"decision"` or `"assumption"` (`None` in folders written before roles: the default
    /// by path applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// `sweep-manifest.json`: what a sweep folder holds. Written once, atomically, when the
/// sweep first starts; everything `points.csv` and `sweep.json` need besides the points'
/// results is here, so shard folders can be merged without the sweep file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version ([`FORMAT`]).
    pub format: u32,
    /// The carecast version that started the sweep.
    pub carecast_version: String,
    /// The sweep's fingerprint ([`SweepSpec::fingerprint`](super::SweepSpec::fingerprint)).
    pub fingerprint: String,
    /// The shard this folder computes; `None` for the whole sweep.
    pub shard: Option<Shard>,
    /// Sweep name.
    pub sweep: String,
    /// Base scenario name.
    pub base_scenario: String,
    /// `"grid"` or `"lhs"`.
    pub design: String,
    /// Seed of a Latin hypercube design.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lhs_seed: Option<u64>,
    /// Replications per point.
    pub replications: u32,
    /// Master seed.
    pub seed: u64,
    /// The parameters, in order.
    pub parameters: Vec<ManifestParameter>,
    /// Every point's parameter values (TOML text), by point index.
    pub points: Vec<Vec<String>>,
    /// The channel, group and class names of the points, which split KPI names into
    /// the columns of `replications.csv` (absent in a folder started before it was).
    #[serde(default)]
    pub segments: crate::results::tidy::Segments,
}

impl Manifest {
    /// Whether point `index` belongs to this folder's shard.
    pub fn owns(&self, index: usize) -> bool {
        self.shard.is_none_or(|s| s.owns(index))
    }

    /// Number of points this folder's shard computes.
    pub fn owned(&self) -> usize {
        (0..self.points.len()).filter(|&i| self.owns(i)).count()
    }
}

/// A finished point's KPI summaries, as journaled.
pub(crate) type Kpis = KpiMap<Summary>;

/// A finished point, as journaled: its KPI summaries and the verdicts on its targets
/// (`None` when it sets none, or in a line journaled before verdicts were: unknown).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// KPI name and summary, in report order.
    pub kpis: Kpis,
    /// The verdicts, in brief.
    pub targets: Option<PointTargets>,
    /// Per replication, in order, its KPI values aligned with `kpis`; empty for a point
    /// with an overloaded replication (it reports no KPI) and in a line journaled before
    /// replications were.
    pub replications: Vec<Vec<f64>>,
}

fn num(x: f64) -> String {
    x.to_string()
}

/// The journal line of a finished point (with its trailing newline). A point without
/// verdicts is journaled as before verdicts were: no `targets` field.
pub(crate) fn record_line(fingerprint: &str, index: usize, record: &Record) -> String {
    let mut map = Map::new();
    for (name, s) in &record.kpis {
        map.insert(
            name.to_string(),
            json!([
                num(s.mean),
                num(s.std),
                num(s.ci95_low),
                num(s.ci95_high),
                s.n
            ]),
        );
    }
    let mut line = json!({ "sweep": fingerprint, "point": index, "kpis": Value::Object(map) });
    if let (false, Some(fields)) = (record.replications.is_empty(), line.as_object_mut()) {
        let rows: Vec<Value> = record
            .replications
            .iter()
            .map(|r| Value::Array(r.iter().map(|x| Value::String(num(*x))).collect()))
            .collect();
        fields.insert("replications".into(), Value::Array(rows));
    }
    if let (Some(t), Some(fields)) = (&record.targets, line.as_object_mut()) {
        fields.insert(
            "targets".into(),
            serde_json::to_value(t).unwrap_or(Value::Null),
        );
    }
    let text = line.to_string();
    format!(
        "{{\"check\":\"{:016x}\",\"record\":{text}}}\n",
        fnv1a64(text.as_bytes())
    )
}

const PREFIX: &str = "{\"check\":\"";
const MIDDLE: &str = "\",\"record\":";

/// Reads one complete journal line (without its newline): `None` unless the checksum
/// matches and the record is well formed. A line without `targets` (journaled before
/// verdicts were, or of a point setting none) reads with unknown verdicts.
pub(crate) fn parse_line(line: &str) -> Option<(String, usize, Record)> {
    let rest = line.strip_prefix(PREFIX)?;
    let check = u64::from_str_radix(rest.get(..16)?, 16).ok()?;
    let text = rest.get(16..)?.strip_prefix(MIDDLE)?.strip_suffix('}')?;
    if fnv1a64(text.as_bytes()) != check {
        return None;
    }
    let record: Value = serde_json::from_str(text).ok()?;
    let fingerprint = record.get("sweep")?.as_str()?.to_string();
    let index = usize::try_from(record.get("point")?.as_u64()?).ok()?;
    let mut kpis = Kpis::new();
    for (name, v) in record.get("kpis")?.as_object()? {
        let a = v.as_array()?;
        let f = |i: usize| a.get(i)?.as_str()?.parse::<f64>().ok();
        kpis.insert(
            name.clone(),
            Summary {
                mean: f(0)?,
                std: f(1)?,
                ci95_low: f(2)?,
                ci95_high: f(3)?,
                n: usize::try_from(a.get(4)?.as_u64()?).ok()?,
            },
        );
    }
    let targets = match record.get("targets") {
        None => None,
        Some(t) => Some(serde_json::from_value::<PointTargets>(t.clone()).ok()?),
    };
    let mut replications = Vec::new();
    if let Some(rows) = record.get("replications") {
        for row in rows.as_array()? {
            let values: Option<Vec<f64>> = row
                .as_array()?
                .iter()
                .map(|x| x.as_str()?.parse::<f64>().ok())
                .collect();
            replications.push(values?);
        }
    }
    let record = Record {
        kpis,
        targets,
        replications,
    };
    Some((fingerprint, index, record))
}

/// What a journal held.
#[derive(Debug, Default)]
pub(crate) struct JournalContents {
    /// The valid records of this sweep's points, by index (first occurrence kept).
    pub records: BTreeMap<usize, Record>,
    /// Lines not kept: torn, bad checksum, another sweep, another shard, duplicates.
    pub dropped: usize,
}

/// Reads the journal in `dir` (empty if there is none), keeping only complete, valid
/// records of `manifest`'s sweep and shard.
pub(crate) fn read_journal(dir: &Path, manifest: &Manifest) -> Result<JournalContents, SweepError> {
    let path = dir.join(JOURNAL);
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(JournalContents::default()),
        Err(error) => {
            return Err(SweepError::Read {
                path: path.display().to_string(),
                error,
            });
        }
    };
    let mut out = JournalContents::default();
    let mut chunks: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    // The piece after the last newline was never finished (empty if the file ends well).
    if chunks.pop().is_some_and(|last| !last.is_empty()) {
        out.dropped += 1;
    }
    for chunk in chunks {
        let parsed = std::str::from_utf8(chunk).ok().and_then(parse_line);
        match parsed {
            Some((fp, index, record))
                if fp == manifest.fingerprint
                    && index < manifest.points.len()
                    && manifest.owns(index)
                    && !out.records.contains_key(&index) =>
            {
                out.records.insert(index, record);
            }
            _ => out.dropped += 1,
        }
    }
    Ok(out)
}

/// The journal text holding exactly `records`, in index order.
pub(crate) fn journal_text(fingerprint: &str, records: &BTreeMap<usize, Record>) -> String {
    records
        .iter()
        .map(|(i, k)| record_line(fingerprint, *i, k))
        .collect()
}

/// An open journal, appended to one durable line at a time.
pub(crate) struct Journal {
    file: fs::File,
    path: std::path::PathBuf,
}

impl Journal {
    pub(crate) fn open(dir: &Path) -> Result<Self, SweepError> {
        let path = dir.join(JOURNAL);
        let file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|source| write_error(&path, source))?;
        Ok(Journal { file, path })
    }

    /// Appends one line with a single write and waits until it is on disk.
    pub(crate) fn append(&mut self, line: &str) -> Result<(), SweepError> {
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|source| write_error(&self.path, source))
    }
}

pub(crate) fn write_error(path: &Path, source: std::io::Error) -> SweepError {
    SweepError::Write {
        path: path.display().to_string(),
        source,
    }
}

/// Temporary files are `.NAME.tmp-PID`; leftovers of a killed run are removed on start.
pub(crate) fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// Replaces `dir/name` with `contents` atomically (see
/// [`crate::results::write_file_atomically`]).
pub(crate) fn write_atomic(dir: &Path, name: &str, contents: &str) -> Result<(), SweepError> {
    let target = dir.join(name);
    crate::results::write_file_atomically(&target, contents.as_bytes())
        .map_err(|source| write_error(&target, source))
}

/// Reads `dir/sweep-manifest.json`: `Ok(None)` if there is none.
pub(crate) fn read_manifest(dir: &Path) -> Result<Option<Manifest>, SweepError> {
    let path = dir.join(MANIFEST);
    let text = match fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(SweepError::Read {
                path: path.display().to_string(),
                error,
            });
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| SweepError::Folder {
            dir: dir.display().to_string(),
            message: format!(
                "its {MANIFEST} is not a carecast sweep manifest ({e}); choose another folder"
            ),
        })
}

/// The manifest's JSON text.
pub(crate) fn manifest_text(m: &Manifest) -> String {
    serde_json::to_string_pretty(m).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_the_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        let mut h = Fnv128::new();
        h.write(b"a");
        assert_eq!(h.hex(), "d228cb696f1a8caf78912b704e4a8964");
    }

    fn kpis() -> Record {
        let kpis: Kpis = [
            (
                "answered_within_30m".into(),
                Summary::of(&[0.1, 0.2 + 1e-17, 0.30000000000000004]),
            ),
            ("one".into(), Summary::of(&[1.0 / 3.0])),
            ("none".into(), Summary::of(&[f64::NAN])),
            ("neg".into(), Summary::of(&[-0.0, -1e-300, 1e300])),
        ]
        .into_iter()
        .collect();
        Record {
            kpis,
            targets: None,
            replications: vec![vec![0.1, f64::NAN, -0.0, 1e300], vec![1.0 / 3.0; 4]],
        }
    }

    fn same(a: &Record, b: &Record) -> bool {
        let bits = |r: &Record| -> Vec<Vec<u64>> {
            r.replications
                .iter()
                .map(|v| {
                    v.iter()
                        .map(|x| if x.is_nan() { 0 } else { x.to_bits() })
                        .collect()
                })
                .collect()
        };
        a.targets == b.targets && same_kpis(&a.kpis, &b.kpis) && bits(a) == bits(b)
    }

    fn same_kpis(a: &Kpis, b: &Kpis) -> bool {
        let bits = |s: &Summary| {
            [s.mean, s.std, s.ci95_low, s.ci95_high]
                .map(|x| if x.is_nan() { 0 } else { x.to_bits() })
        };
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|((n1, s1), (n2, s2))| n1 == n2 && s1.n == s2.n && bits(s1) == bits(s2))
    }

    #[test]
    fn records_read_back_bit_for_bit() {
        let line = record_line("fp", 7, &kpis());
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        let (fp, index, back) = parse_line(line.trim_end_matches('\n')).expect("valid line");
        assert_eq!((fp.as_str(), index), ("fp", 7));
        assert!(same(&back, &kpis()), "{back:?}");
        let v: Value = serde_json::from_str(&line).expect("each line is JSON");
        assert_eq!(v["record"]["point"], 7);
        assert!(!line.contains("targets"), "no verdicts, no field: {line}");

        // With verdicts; a line without them (an older journal) reads as unknown.
        let mut with = kpis();
        with.targets = Some(PointTargets {
            meets_targets: false,
            targets: 2,
            targets_met: 1,
            targets_missed: 1,
            headline: "misses 1 of 2 targets".into(),
            not_met: vec!["misses at most 5% abandonment: 5.7% ± 0.5 pp".into()],
        });
        let line = record_line("fp", 7, &with);
        let (_, _, back) = parse_line(line.trim_end_matches('\n')).expect("valid line");
        assert!(same(&back, &with), "{back:?}");
        let old = record_line("fp", 7, &kpis());
        let (_, _, back) = parse_line(old.trim_end_matches('\n')).expect("old line");
        assert_eq!(back.targets, None);
        // A line journaled before replications were reads with none.
        let mut bare = kpis();
        bare.replications.clear();
        let line = record_line("fp", 7, &bare);
        assert!(!line.contains("replications"), "{line}");
        let (_, _, back) = parse_line(line.trim_end_matches('\n')).expect("bare line");
        assert!(back.replications.is_empty());
    }

    #[test]
    fn torn_or_altered_lines_are_refused() {
        let line = record_line("fp", 3, &kpis());
        let line = line.trim_end_matches('\n');
        for cut in [1, 10, 27, line.len() / 2, line.len() - 1] {
            assert!(parse_line(&line[..cut]).is_none(), "cut at {cut}");
        }
        let altered = line.replacen("\"point\":3", "\"point\":4", 1);
        assert!(parse_line(&altered).is_none());
        assert!(parse_line("").is_none());
        assert!(parse_line("{\"check\":\"zz\"}").is_none());
    }
}
