//! Parameter sweeps: one base scenario, some of its values varied over a design, every
//! point simulated with the same seed (`carecast sweep`, `carecast merge`).
//!
//! A sweep file names a base scenario, the parameters to vary by the same dotted paths as
//! `--set`, and a design: a full grid (the cartesian product of each parameter's values,
//! the first parameter varying slowest) or a Latin hypercube (McKay, Beckman and Conover
//! 1979) of `points` points over continuous or whole-number ranges. Every point is the base
//! scenario with the sweep's `set` overrides and the point's values; all points are
//! validated before anything runs.
//!
//! Every point runs its replications with the sweep's seed, so replication `i` of every
//! point draws the very same customers: differences between points are differences of
//! plans, not of luck (common random numbers). Points run in parallel on the current rayon
//! pool, one task per (point, replication); each point is summarised in replication order
//! once its last replication is in, so results never depend on the thread count.
//!
//! With an output folder, a sweep is **resumable**: each finished point is appended to the
//! journal `points.jsonl` (one checksummed line, synced to disk) as soon as it is done, and
//! a sweep started again on the same folder computes only the points that are missing. The
//! folder's `sweep-manifest.json` records the sweep's [fingerprint](SweepSpec::fingerprint);
//! a folder holding another sweep is refused, and so is one that another process is
//! writing into (it holds the folder's [`LOCK`], an OS file lock). A sweep can be split
//! into **shards** ([`Shard`]: points with `index % N == K`) run on different machines and
//! then [`merge`]d. The final `points.csv` and `sweep.json` are rendered from the journaled
//! points in index order only, so they are byte-identical whether the sweep ran in one go,
//! was interrupted and resumed, or was sharded and merged.
//!
//! # Example
//!
//! A 2 x 2 grid over the built-in scenario, one simulated day, 2 replications per point,
//! in memory (give [`SweepOptions::out`] a folder to get the files and resumability):
//!
//! ```
//! use carecast::sweep::{self, SweepOptions, SweepSpec};
//!
//! let spec = SweepSpec::from_toml(
//!     r#"
//!     name = "tiny"
//!     base = "builtin"
//!     set = ['horizon = "1d"', 'warmup = "0m"']
//!     replications = 2
//!     seed = 7
//!
//!     [[parameters]]
//!     name = "day_agents"
//!     path = "staffing.groups[0].agents"
//!     values = [16, 28]
//!
//!     [[parameters]]
//!     path = "policy.discipline"
//!     values = ["fifo", "lifo"]
//!     "#,
//!     "tiny.toml",
//!     ".".as_ref(),
//! )?;
//! assert_eq!(spec.points().len(), 4);
//!
//! let results = sweep::run(&spec, &SweepOptions::default(), &|| {})?;
//! for point in &results.points {
//!     let sla = point.kpi("answered_within_30m").expect("a reported KPI");
//!     println!("{}: answered_within_30m = {:.3}", spec.describe(point.index), sla.mean);
//! }
//! // More day agents answer more within 30 minutes (fifo: points 0 and 2).
//! let sla = |i: usize| results.points[i].kpi("answered_within_30m").map(|s| s.mean);
//! assert!(sla(2) > sla(0));
//! assert!(results.points_csv().starts_with("point,day_agents,policy.discipline,kpi,mean,"));
//! # Ok::<(), carecast::sweep::SweepError>(())
//! ```

mod error;
mod folder;
mod journal;
mod lock;
mod merge;
mod render;
mod spec;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

pub use journal::{
    FORMAT, JOURNAL, KPIS_JSON, MANIFEST, Manifest, ManifestParameter, POINTS_CSV,
    REPLICATIONS_CSV, SWEEP_JSON,
};
pub use spec::{
    Base, DEFAULT_LHS_SEED, Design, Domain, MAX_POINTS, Parameter, ParameterFile, Point, Role,
    SweepFile, SweepSpec, schema,
};

use crate::results::tidy::Segments;
use crate::results::{KpiMap, PointTargets};
use crate::stats::Summary;
pub use error::{Shard, SweepError};
pub use lock::LOCK;
pub use merge::merge;

use folder::{FolderState, inspect_folder};
use journal::Record;
use lock::{FolderLock, remove_stale_temporaries};

/// Where and what to run.
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// Output folder (journal, manifest, final files). `None`: in memory only, nothing
    /// written and nothing resumable.
    pub out: Option<PathBuf>,
    /// Run only this shard's points.
    pub shard: Option<Shard>,
}

/// The results of one point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    /// Point index.
    pub index: usize,
    /// Parameter values, in parameter order.
    pub values: Vec<toml::Value>,
    /// KPI name and summary over replications, in report order.
    pub kpis: KpiMap<Summary>,
    /// The verdicts on its targets, in brief: `None` when the point sets none, or when it
    /// was journaled before verdicts were (unknown).
    pub targets: Option<PointTargets>,
}

impl PointResult {
    /// The summary of KPI `name`.
    pub fn kpi(&self, name: &str) -> Option<&Summary> {
        self.kpis.get(name)
    }

    /// Whether the point's plan keeps up, from its backlog KPIs
    /// ([`crate::sustain::assess_kpis`]).
    pub fn sustainability(&self) -> crate::sustain::Sustainability {
        crate::sustain::assess_kpis(|name| self.kpis.get(name).copied())
    }
}

/// The results of a sweep (or of one shard), in point order.
#[derive(Debug, Clone)]
pub struct SweepResults {
    /// The sweep's description, as stored in the folder.
    pub manifest: Manifest,
    /// Every finished point of the sweep (or of the shard), in index order.
    pub points: Vec<PointResult>,
    /// Points computed by this call.
    pub computed: usize,
    /// Points taken from an earlier, interrupted run's journal.
    pub reused: usize,
    /// Whether `points.csv` and `sweep.json` were (re)written by this call.
    pub wrote_files: bool,
    /// The output folder, if any.
    pub dir: Option<PathBuf>,
    records: BTreeMap<usize, Record>,
}

impl SweepResults {
    fn new(
        manifest: Manifest,
        records: BTreeMap<usize, Record>,
        computed: usize,
        reused: usize,
        wrote_files: bool,
        dir: Option<PathBuf>,
    ) -> Self {
        let points = records
            .iter()
            .map(|(index, record)| PointResult {
                index: *index,
                values: manifest.points[*index]
                    .iter()
                    .map(|t| spec::parse_value_text(t).unwrap_or(toml::Value::String(t.clone())))
                    .collect(),
                kpis: record.kpis.clone(),
                targets: record.targets.clone(),
            })
            .collect();
        SweepResults {
            manifest,
            points,
            computed,
            reused,
            wrote_files,
            dir,
            records,
        }
    }

    /// Whether every point of the sweep (or of the shard) is done.
    pub fn is_complete(&self) -> bool {
        self.points.len() == self.manifest.owned()
    }

    /// Whether any point has verdicts on its targets.
    pub fn has_targets(&self) -> bool {
        self.points.iter().any(|p| p.targets.is_some())
    }

    /// The index of the cheapest point meeting every target (by mean total cost), if
    /// any does.
    pub fn cheapest_meeting_targets(&self) -> Option<usize> {
        render::cheapest_meeting(&self.records)
    }

    /// The text of `points.csv`: `point,<parameters...>,kpi,mean,std,ci95_low,ci95_high,n`
    /// (then `meets_targets,targets_missed` when any point has verdicts).
    pub fn points_csv(&self) -> String {
        render::points_csv(&self.manifest, &self.records)
    }

    /// The text of `sweep.json`.
    pub fn sweep_json(&self) -> String {
        render::sweep_json_text(&self.manifest, &self.records)
    }
}

impl SweepSpec {
    /// The manifest of this sweep for `shard`.
    pub fn manifest(&self, shard: Option<Shard>) -> Manifest {
        let text = |v: &toml::Value| spec::value_text(v);
        let bound = |x: f64, integer: bool| {
            if integer {
                text(&toml::Value::Integer(x as i64))
            } else {
                text(&toml::Value::Float(x))
            }
        };
        Manifest {
            format: FORMAT,
            carecast_version: crate::results::VERSION.to_string(),
            fingerprint: self.fingerprint(),
            shard,
            sweep: self.name.clone(),
            base_scenario: self.base_name.clone(),
            design: self.design.kind().to_string(),
            lhs_seed: match self.design {
                Design::Lhs { seed, .. } => Some(seed),
                Design::Grid => None,
            },
            replications: self.replications,
            seed: self.seed,
            parameters: self
                .parameters
                .iter()
                .map(|p| {
                    let mut m = ManifestParameter {
                        name: p.name.clone(),
                        path: p.path.clone(),
                        values: None,
                        min: None,
                        max: None,
                        integer: None,
                        role: Some(p.role.as_str().to_string()),
                    };
                    match &p.domain {
                        Domain::Values(v) => m.values = Some(v.iter().map(text).collect()),
                        Domain::Uniform { min, max, integer } => {
                            m.min = Some(bound(*min, *integer));
                            m.max = Some(bound(*max, *integer));
                            m.integer = Some(*integer);
                        }
                    }
                    m
                })
                .collect(),
            points: self
                .points()
                .iter()
                .map(|p| p.values.iter().map(text).collect())
                .collect(),
            segments: self
                .points()
                .iter()
                .fold(Segments::default(), |mut all, p| {
                    all.extend(Segments::of(&p.scenario));
                    all
                }),
        }
    }

    /// Point `index`'s values as `name = value, ...` (empty if there is no such point).
    pub fn describe(&self, index: usize) -> String {
        self.points()
            .get(index)
            .map(|p| self.describe_values(&p.values))
            .unwrap_or_default()
    }
}

/// The data dictionary (`kpis.json`) of a sweep: every KPI any point reports, in report
/// order, money in the base scenario's currency, and the measured period when every point
/// shares it.
pub fn dictionary(spec: &SweepSpec) -> crate::results::Dictionary {
    let points = spec.points();
    let mut names: Vec<String> = Vec::new();
    for p in points {
        for n in crate::kpi::kpi_names(&p.scenario) {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    let periods: Vec<f64> = points
        .iter()
        .map(|p| crate::kpi::measured_min(&p.scenario))
        .collect();
    let period = periods
        .first()
        .copied()
        .filter(|first| periods.iter().all(|p| p == first));
    let currency = points
        .first()
        .map_or(String::new(), |p| p.scenario.currency.clone());
    crate::results::Dictionary::of(&names, &currency, period)
}

/// The default output folder of merging the shard folders `dirs`: `results/<sweep>/`,
/// with the sweep's name read from the first folder's manifest.
pub fn merged_default_dir(dirs: &[PathBuf]) -> Result<PathBuf, SweepError> {
    let first = dirs.first().cloned().unwrap_or_default();
    let name = journal::read_manifest(&first)?
        .map(|m| m.sweep)
        .ok_or_else(|| SweepError::Merge {
            message: format!(
                "`{}` is not a sweep folder (no {MANIFEST})",
                first.display()
            ),
        })?;
    Ok(default_dir(&name, None))
}

/// A parameter value of the manifest (TOML text) as a person reads it: strings without
/// their quotes, other values as written.
pub fn display_value(text: &str) -> String {
    render::display_value(text)
}

/// The default output folder: `results/<sweep>/`, or `results/<sweep>/shard-K-of-N/`.
pub fn default_dir(sweep: &str, shard: Option<Shard>) -> PathBuf {
    let dir = Path::new("results").join(sweep);
    match shard {
        Some(s) => dir.join(format!("shard-{}-of-{}", s.index, s.count)),
        None => dir,
    }
}

/// A sweep about to run: the folder checked, the journal read, the missing points known.
/// [`run`] is `SweepRun::open(..)?.execute(..)`; open and execute separately to learn
/// how many points remain first (e.g. for a progress bar).
#[derive(Debug)]
pub struct SweepRun<'a> {
    spec: &'a SweepSpec,
    manifest: Manifest,
    dir: Option<PathBuf>,
    done: BTreeMap<usize, Record>,
    pending: Vec<usize>,
    resumed: bool,
    dropped: usize,
    files_present: bool,
    lock: Option<FolderLock>,
}

impl<'a> SweepRun<'a> {
    /// Checks the output folder (refusing one that holds another sweep or shard), takes
    /// its lock (refusing a folder another process is writing into: see [`LOCK`]), reads
    /// the journal of an earlier run, rewrites it atomically without any torn or invalid
    /// line, and writes the manifest of a fresh folder. The lock is held until
    /// [`SweepRun::execute`] returns (or the `SweepRun` is dropped).
    pub fn open(spec: &'a SweepSpec, options: &SweepOptions) -> Result<Self, SweepError> {
        Self::open_waiting(spec, options, std::time::Duration::ZERO)
    }

    /// As [`SweepRun::open`], but while another process holds the folder's lock, waits
    /// for it up to `wait` before refusing (for a requeued task whose previous run may
    /// still be ending).
    pub fn open_waiting(
        spec: &'a SweepSpec,
        options: &SweepOptions,
        wait: std::time::Duration,
    ) -> Result<Self, SweepError> {
        if let Some(s) = options.shard {
            Shard::new(s.index, s.count)?;
        }
        let manifest = spec.manifest(options.shard);
        let mut run = SweepRun {
            spec,
            dir: options.out.clone(),
            done: BTreeMap::new(),
            pending: Vec::new(),
            resumed: false,
            dropped: 0,
            files_present: false,
            lock: None,
            manifest,
        };
        if let Some(dir) = &options.out {
            // Refuse a folder of something else before creating anything in it; look
            // again under the lock, as its last holder may have written since.
            inspect_folder(dir, &run.manifest)?;
            std::fs::create_dir_all(dir).map_err(|e| SweepError::Folder {
                dir: dir.display().to_string(),
                message: format!("cannot be created: {e}; choose another --out"),
            })?;
            let lock = FolderLock::acquire(dir, wait)?;
            let state = inspect_folder(dir, &run.manifest)?;
            remove_stale_temporaries(dir, &lock);
            run.lock = Some(lock);
            match state {
                FolderState::Fresh => {
                    journal::write_atomic(dir, MANIFEST, &journal::manifest_text(&run.manifest))?;
                }
                FolderState::Same => {
                    run.resumed = true;
                    let contents = journal::read_journal(dir, &run.manifest)?;
                    if contents.dropped > 0 {
                        journal::write_atomic(
                            dir,
                            JOURNAL,
                            &journal::journal_text(&run.manifest.fingerprint, &contents.records),
                        )?;
                    }
                    run.done = contents.records;
                    run.dropped = contents.dropped;
                    run.files_present =
                        dir.join(POINTS_CSV).is_file() && dir.join(SWEEP_JSON).is_file();
                }
            }
        }
        if let Some(dir) = &options.out {
            journal::write_atomic(
                dir,
                KPIS_JSON,
                &crate::results::json::to_text(&dictionary(spec)),
            )?;
        }
        run.pending = (0..spec.points().len())
            .filter(|&i| run.manifest.owns(i) && !run.done.contains_key(&i))
            .collect();
        Ok(run)
    }

    /// Why the output folder could not be locked, when its file system cannot lock files:
    /// nothing then keeps a second process from writing into it at the same time.
    pub fn lock_warning(&self) -> Option<&str> {
        self.lock.as_ref()?.unavailable.as_deref()
    }

    /// Points of the sweep (or shard) in all.
    pub fn total(&self) -> usize {
        self.manifest.owned()
    }

    /// Points already done by an earlier run.
    pub fn done(&self) -> usize {
        self.done.len()
    }

    /// Points still to compute.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Whether the folder held this sweep already (an earlier run to resume or a finished
    /// sweep).
    pub fn resumed(&self) -> bool {
        self.resumed
    }

    /// Journal lines of the earlier run that were dropped as torn or invalid (their points
    /// are computed again).
    pub fn dropped_lines(&self) -> usize {
        self.dropped
    }

    /// Computes the missing points in parallel on the current rayon pool, journaling each
    /// as it finishes and calling `progress` after each, then writes `points.csv` and
    /// `sweep.json` (not for a shard: [`merge`] the shards). A folder that already holds
    /// the finished sweep and its files is left untouched.
    pub fn execute(self, progress: &(dyn Fn() + Sync)) -> Result<SweepResults, SweepError> {
        let SweepRun {
            spec,
            manifest,
            dir,
            done,
            pending,
            files_present,
            lock,
            ..
        } = self;
        let reused = done.len();
        let finished_before =
            pending.is_empty() && dir.is_some() && (files_present || manifest.shard.is_some());
        if finished_before {
            return Ok(SweepResults::new(manifest, done, 0, reused, false, dir));
        }
        let journal = match &dir {
            Some(d) if !pending.is_empty() => Some(Mutex::new(journal::Journal::open(d)?)),
            _ => None,
        };
        let records = Mutex::new(done);
        let fingerprint = manifest.fingerprint.clone();
        compute(spec, &pending, &|index, record| {
            if let Some(j) = &journal {
                let line = journal::record_line(&fingerprint, index, &record);
                j.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .append(&line)?;
            }
            records
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(index, record);
            progress();
            Ok(())
        })?;
        let records = records.into_inner().unwrap_or_else(PoisonError::into_inner);
        let mut wrote = false;
        if let (Some(d), None) = (&dir, manifest.shard) {
            write_final(d, &manifest, &records)?;
            wrote = true;
        }
        drop(lock);
        Ok(SweepResults::new(
            manifest,
            records,
            pending.len(),
            reused,
            wrote,
            dir,
        ))
    }
}

fn write_final(
    dir: &Path,
    manifest: &Manifest,
    records: &BTreeMap<usize, Record>,
) -> Result<(), SweepError> {
    journal::write_atomic(dir, POINTS_CSV, &render::points_csv(manifest, records))?;
    journal::write_atomic(
        dir,
        REPLICATIONS_CSV,
        &render::replications_csv(manifest, records),
    )?;
    journal::write_atomic(dir, SWEEP_JSON, &render::sweep_json_text(manifest, records))
}

/// One replication of a point, as a point needs it: its KPI values and, for the
/// verdicts, its service-level counts, and whether it was overloaded.
type Replication = (Vec<f64>, Vec<crate::kpi::ServiceCounts>, bool);

/// Runs every replication of the `pending` points in parallel, one task per (point,
/// replication); a point is summarised in replication order when its last replication is
/// in, its verdicts evaluated when it sets targets, and handed to `sink` (from whichever
/// thread finished it).
fn compute(
    spec: &SweepSpec,
    pending: &[usize],
    sink: &(dyn Fn(usize, Record) -> Result<(), SweepError> + Sync),
) -> Result<(), SweepError> {
    let reps = spec.replications as usize;
    let slots: Vec<Mutex<Vec<Option<Replication>>>> =
        pending.iter().map(|_| Mutex::new(Vec::new())).collect();
    let remaining: Vec<Mutex<usize>> = pending.iter().map(|_| Mutex::new(reps)).collect();
    (0..pending.len() * reps)
        .into_par_iter()
        .try_for_each(|job| {
            let (k, r) = (job / reps, job % reps);
            let point = &spec.points()[pending[k]];
            let result = crate::experiment::replicate(&point.scenario, r as u64);
            let kpis = (result.kpis, result.service, result.overloaded.is_some());
            let finished = {
                let mut slot = slots[k].lock().unwrap_or_else(PoisonError::into_inner);
                if slot.is_empty() {
                    slot.resize(reps, None);
                }
                slot[r] = Some(kpis);
                let mut left = remaining[k].lock().unwrap_or_else(PoisonError::into_inner);
                *left -= 1;
                (*left == 0).then(|| std::mem::take(&mut *slot))
            };
            let Some(values) = finished else {
                return Ok(());
            };
            let names = crate::kpi::kpi_names(&point.scenario);
            let rows: Vec<&[f64]> = values
                .iter()
                .map(|v| v.as_ref().map_or(&[][..], |(kpis, _, _)| kpis.as_slice()))
                .collect();
            // A point with an overloaded replication reports no KPI and misses every
            // target, as a run does (crate::experiment).
            let overloaded = values.iter().any(|v| v.as_ref().is_some_and(|r| r.2));
            let summaries = if overloaded {
                vec![crate::stats::Summary::of(&[]); names.len()]
            } else {
                crate::experiment::summarize(names.len(), &rows)
            };
            let targets = point.scenario.targets.any().then(|| {
                if overloaded {
                    return crate::targets::evaluate_with(&point.scenario, &|_| None, &[])
                        .overloaded();
                }
                let service: Vec<&[crate::kpi::ServiceCounts]> = values
                    .iter()
                    .map(|v| v.as_ref().map_or(&[][..], |(_, s, _)| s.as_slice()))
                    .collect();
                let by_name = |name: &str| {
                    let i = names.iter().position(|n| n == name)?;
                    Some(
                        rows.iter()
                            .map(|r| r.get(i).copied().unwrap_or(f64::NAN))
                            .collect(),
                    )
                };
                crate::targets::evaluate_with(&point.scenario, &by_name, &service)
            });
            let replications = if overloaded {
                Vec::new()
            } else {
                rows.iter().map(|r| r.to_vec()).collect()
            };
            let record = Record {
                kpis: names.iter().cloned().zip(summaries).collect(),
                targets: targets.as_ref().and_then(PointTargets::of),
                replications,
            };
            sink(pending[k], record)
        })
}

/// Runs a sweep: [`SweepRun::open`] then [`SweepRun::execute`].
pub fn run(
    spec: &SweepSpec,
    options: &SweepOptions,
    progress: &(dyn Fn() + Sync),
) -> Result<SweepResults, SweepError> {
    SweepRun::open(spec, options)?.execute(progress)
}

#[cfg(test)]
mod tests;
