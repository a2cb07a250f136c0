//! `[optimize]`: what `carecast optimize` may choose and within which bounds. Its decision
//! variables are head counts per *shift template* (a group, the days it works, a start
//! and a length); the templates are listed in the table (`templates`), read from a CSV
//! file (`templates_file`), or generated for every group, start and length on each single
//! day of the week. The table also bounds the head counts (per template, and per group
//! at its busiest hour), caps the weekly cost, and holds the settings of the search.
//!
//! The table is optional: without it the defaults below apply. A resolved scenario lists
//! a templates file's rows inline (`templates`), so that it reproduces the run without
//! the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::calendar::{self, DAY_MIN, DaySet, HOUR_MIN, WEEK_DAYS, WEEKDAYS};
use super::checks::count;
use super::duration::Duration;
use super::error::{ScenarioError, one_of};
use super::named::Named;
use super::staffing::MAX_AGENTS;

/// Most shift templates one `[optimize]` table may stand for (listed, read or generated).
/// Each is an integer variable of the covering problem.
pub const MAX_TEMPLATES: usize = 20_000;

/// Default bound on the heads of one template (`optimize.max_per_template`).
pub const DEFAULT_MAX_PER_TEMPLATE: u32 = 200;

/// Default spacing of generated start times (`optimize.start_step`), minutes.
pub const DEFAULT_START_STEP_MIN: u32 = 60;

/// Default lengths of generated templates (`optimize.lengths`), minutes.
pub const DEFAULT_LENGTHS_MIN: [u32; 4] = [240, 360, 480, 600];

/// Most iterations, replications and verification replications accepted.
pub const MAX_SEARCH_STEPS: i64 = 1_000_000;

/// `[optimize]` as written. [`OptimizeFile::default`] is an empty `[optimize]` table
/// (every default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OptimizeFile {
    /// Explicit shift templates (instead of generated ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<Vec<TemplateFile>>,
    /// A CSV file of templates (columns `group,days,start,length[,min,max]`), relative to
    /// the scenario file's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates_file: Option<String>,
    /// Generated templates: the groups to generate them for (default: every group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// Generated templates: spacing of the start times from 00:00 (default 1 h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_step: Option<Duration>,
    /// Generated templates: shift lengths (default 4, 6, 8 and 10 h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lengths: Option<Vec<Duration>>,
    /// Most heads on one template without its own `max` (default 200).
    #[serde(default = "d_max_per_template")]
    pub max_per_template: i64,
    /// Most agents of a group on shift at any one hour, by group name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub group_max: BTreeMap<String, i64>,
    /// Fewest agents of a group on shift at its busiest hour, by group name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub group_min: BTreeMap<String, i64>,
    /// Rounds of simulate-and-correct (default 12).
    #[serde(default = "d_iterations")]
    pub iterations: i64,
    /// Replications per simulation while searching (default 10).
    #[serde(default = "d_replications")]
    pub replications: i64,
    /// Replications of the final verification (default 40).
    #[serde(default = "d_verify_replications")]
    pub verify_replications: i64,
    /// Wall-clock budget of the whole search (default 10 min).
    #[serde(default = "d_time_budget")]
    pub time_budget: Duration,
    /// The folder `templates_file` is relative to: the scenario file's folder, set by the
    /// loader (none: the current directory). Not part of the file.
    #[serde(skip)]
    pub folder: Option<PathBuf>,
}

impl Default for OptimizeFile {
    fn default() -> Self {
        OptimizeFile {
            templates: None,
            templates_file: None,
            groups: None,
            start_step: None,
            lengths: None,
            max_per_template: d_max_per_template(),
            group_max: BTreeMap::new(),
            group_min: BTreeMap::new(),
            iterations: d_iterations(),
            replications: d_replications(),
            verify_replications: d_verify_replications(),
            time_budget: d_time_budget(),
            folder: None,
        }
    }
}

/// `[[optimize.templates]]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateFile {
    /// The staffing group whose agents work it.
    pub group: String,
    /// Days it starts on, as in shifts: `mon`..`sun`, `weekdays`, `weekend`, `all`.
    pub days: Vec<DaySet>,
    /// Start, `HH:MM`.
    pub start: String,
    /// Length, at most 24 h (a shift past midnight ends the next day).
    pub length: Duration,
    /// Fewest heads (default 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min: i64,
    /// Most heads (default `max_per_template`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
}

fn is_zero(v: &i64) -> bool {
    *v == 0
}
fn d_max_per_template() -> i64 {
    i64::from(DEFAULT_MAX_PER_TEMPLATE)
}
fn d_iterations() -> i64 {
    12
}
fn d_replications() -> i64 {
    10
}
fn d_verify_replications() -> i64 {
    40
}
fn d_time_budget() -> Duration {
    Duration::from_minutes(10.0)
}

/// The checked `[optimize]`. [`Optimize::default`] is the table left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimize {
    /// Where the templates come from.
    pub templates: TemplateSource,
    /// Most heads on a template without its own bound.
    pub max_per_template: u32,
    /// Most agents of a group on shift at any one hour: (group index, bound), by index.
    pub group_max: Vec<(usize, u32)>,
    /// Fewest agents of a group on shift at its busiest hour: (group index, bound).
    pub group_min: Vec<(usize, u32)>,
    /// Rounds of simulate-and-correct.
    pub iterations: u32,
    /// Replications per simulation while searching.
    pub replications: u32,
    /// Replications of the final verification.
    pub verify_replications: u32,
    /// Wall-clock budget of the search, minutes.
    pub time_budget_min: f64,
}

impl Default for Optimize {
    fn default() -> Self {
        Optimize {
            templates: TemplateSource::Generated {
                groups: None,
                start_step_min: DEFAULT_START_STEP_MIN,
                lengths_min: DEFAULT_LENGTHS_MIN.to_vec(),
            },
            max_per_template: DEFAULT_MAX_PER_TEMPLATE,
            group_max: Vec::new(),
            group_min: Vec::new(),
            iterations: 12,
            replications: 10,
            verify_replications: 40,
            time_budget_min: 10.0,
        }
    }
}

/// Where the shift templates come from.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateSource {
    /// Every group of `groups` (all when `None`) x single day of the week x start every
    /// `start_step_min` from 00:00 x length of `lengths_min`.
    Generated {
        /// Group indices, in the order given; `None`: every group.
        groups: Option<Vec<usize>>,
        /// Spacing of the start times, minutes.
        start_step_min: u32,
        /// Lengths, minutes, in the order given.
        lengths_min: Vec<u32>,
    },
    /// Listed in the table or read from `templates_file`.
    Listed(Vec<TemplateSpec>),
}

/// One checked template of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateSpec {
    /// The group's index in `staffing.groups`.
    pub group: usize,
    /// The days as written.
    pub days: Vec<DaySet>,
    /// Start, minutes after midnight (0 to 1439).
    pub start_min: u32,
    /// Length, minutes (1 to 1440).
    pub length_min: u32,
    /// Fewest heads.
    pub min: u32,
    /// Most heads, if bounded on its own.
    pub max: Option<u32>,
}

/// `HH:MM` for minutes after midnight.
pub fn clock_text(min: u32) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

/// A duration that must be a whole number of minutes from 1 to 24 hours.
fn whole_minutes_in_day(path: &str, d: Duration) -> Result<u32, ScenarioError> {
    let m = d.minutes();
    if (1.0..=DAY_MIN).contains(&m) && m.fract() == 0.0 {
        Ok(m as u32)
    } else {
        Err(ScenarioError::invalid(
            path,
            format!("\"{d}\""),
            "a whole number of minutes from 1 minute to 24 hours, e.g. \"8h\"",
        ))
    }
}

/// A head count from 0 to [`MAX_AGENTS`].
fn heads(path: &str, v: i64) -> Result<u32, ScenarioError> {
    if (0..=i64::from(MAX_AGENTS)).contains(&v) {
        Ok(v as u32)
    } else {
        Err(ScenarioError::invalid(
            path,
            v,
            format!("a whole number of agents from 0 to {MAX_AGENTS}"),
        ))
    }
}

fn group_index(path: &str, name: &str, groups: &[&str]) -> Result<usize, ScenarioError> {
    groups
        .iter()
        .position(|g| *g == name)
        .ok_or_else(|| one_of(path, name, groups))
}

/// Checks one template at `p`.
fn template(p: &str, t: &TemplateFile, groups: &[&str]) -> Result<TemplateSpec, ScenarioError> {
    let group = group_index(&format!("{p}.group"), &t.group, groups)?;
    calendar::days(&format!("{p}.days"), &t.days)?;
    let start = calendar::clock(&format!("{p}.start"), &t.start)?;
    if start >= DAY_MIN || t.start.ends_with("+1") {
        return Err(ScenarioError::invalid(
            format!("{p}.start"),
            format!("\"{}\"", t.start),
            "a start between 00:00 and 23:59",
        ));
    }
    let length_min = whole_minutes_in_day(&format!("{p}.length"), t.length)?;
    let min = heads(&format!("{p}.min"), t.min)?;
    let max = t.max.map(|m| heads(&format!("{p}.max"), m)).transpose()?;
    if let Some(max) = max
        && max < min
    {
        return Err(ScenarioError::invalid(
            format!("{p}.max"),
            max,
            format!("at least the template's min ({min})"),
        ));
    }
    Ok(TemplateSpec {
        group,
        days: t.days.clone(),
        start_min: start as u32,
        length_min,
        min,
        max,
    })
}

/// Checks `[optimize]` against the scenario's group names (in `staffing.groups` order).
pub(crate) fn validate(
    f: Option<&OptimizeFile>,
    groups: &[&str],
) -> Result<Optimize, ScenarioError> {
    let Some(f) = f else {
        return Ok(Optimize::default());
    };
    let generated_keys = [
        ("groups", f.groups.is_some()),
        ("start_step", f.start_step.is_some()),
        ("lengths", f.lengths.is_some()),
    ];
    let listed = match (&f.templates, &f.templates_file) {
        (Some(_), Some(file)) => {
            return Err(ScenarioError::invalid(
                "optimize.templates_file",
                format!("\"{file}\" (with `templates`)"),
                "either `templates` or `templates_file`, not both",
            ));
        }
        (Some(list), None) => Some(
            list.iter()
                .enumerate()
                .map(|(i, t)| template(&format!("optimize.templates[{i}]"), t, groups))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        (None, Some(file)) => Some(read_templates(file, f.folder.as_deref(), groups)?),
        (None, None) => None,
    };
    let max_per_template = heads("optimize.max_per_template", f.max_per_template)?;
    let templates = match listed {
        Some(list) => {
            if let Some((key, _)) = generated_keys.iter().find(|(_, given)| *given) {
                return Err(ScenarioError::invalid(
                    format!("optimize.{key}"),
                    "given with listed templates",
                    "`groups`, `start_step` and `lengths` describe generated templates: leave \
                     them out with `templates` or `templates_file`",
                ));
            }
            let path = if f.templates.is_some() {
                "optimize.templates"
            } else {
                "optimize.templates_file"
            };
            if list.is_empty() {
                return Err(ScenarioError::invalid(
                    path,
                    "no templates",
                    "at least one template",
                ));
            }
            count(path, list.len(), MAX_TEMPLATES, "templates")?;
            for (i, t) in list.iter().enumerate() {
                if t.max.is_none() && t.min > max_per_template {
                    return Err(ScenarioError::invalid(
                        format!("{path}[{i}].min"),
                        t.min,
                        format!("at most optimize.max_per_template ({max_per_template})"),
                    ));
                }
            }
            TemplateSource::Listed(list)
        }
        None => generated(f, groups)?,
    };
    let bounds =
        |key: &str, map: &BTreeMap<String, i64>| -> Result<Vec<(usize, u32)>, ScenarioError> {
            let mut out = Vec::new();
            for (name, &v) in map {
                let path = format!("optimize.{key}.{name}");
                let g = group_index(&format!("optimize.{key}"), name, groups)?;
                out.push((g, heads(&path, v)?));
            }
            out.sort_unstable();
            Ok(out)
        };
    let group_max = bounds("group_max", &f.group_max)?;
    let group_min = bounds("group_min", &f.group_min)?;
    for &(g, lo) in &group_min {
        if let Some(&(_, hi)) = group_max.iter().find(|(h, _)| *h == g)
            && lo > hi
        {
            return Err(ScenarioError::invalid(
                format!("optimize.group_min.{}", groups[g]),
                lo,
                format!("at most optimize.group_max.{} ({hi})", groups[g]),
            ));
        }
    }
    let steps = |key: &str, v: i64| -> Result<u32, ScenarioError> {
        if (1..=MAX_SEARCH_STEPS).contains(&v) {
            Ok(v as u32)
        } else {
            Err(ScenarioError::invalid(
                format!("optimize.{key}"),
                v,
                format!("a whole number from 1 to {MAX_SEARCH_STEPS}"),
            ))
        }
    };
    let time_budget_min = f.time_budget.minutes();
    if !(time_budget_min.is_finite() && time_budget_min > 0.0) {
        return Err(ScenarioError::invalid(
            "optimize.time_budget",
            format!("\"{}\"", f.time_budget),
            "a duration > 0, e.g. \"10m\"",
        ));
    }
    Ok(Optimize {
        templates,
        max_per_template,
        group_max,
        group_min,
        iterations: steps("iterations", f.iterations)?,
        replications: steps("replications", f.replications)?,
        verify_replications: steps("verify_replications", f.verify_replications)?,
        time_budget_min,
    })
}

/// The generated templates' settings.
fn generated(f: &OptimizeFile, groups: &[&str]) -> Result<TemplateSource, ScenarioError> {
    let chosen = match &f.groups {
        None => None,
        Some(list) => {
            if list.is_empty() {
                return Err(ScenarioError::invalid(
                    "optimize.groups",
                    "[]",
                    "at least one group name (or leave `groups` out for every group)",
                ));
            }
            let mut out = Vec::new();
            for (i, n) in list.iter().enumerate() {
                let g = group_index(&format!("optimize.groups[{i}]"), n, groups)?;
                if out.contains(&g) {
                    return Err(ScenarioError::invalid(
                        format!("optimize.groups[{i}]"),
                        format!("\"{n}\""),
                        "each group once",
                    ));
                }
                out.push(g);
            }
            Some(out)
        }
    };
    let start_step_min = match f.start_step {
        Some(d) => whole_minutes_in_day("optimize.start_step", d)?,
        None => DEFAULT_START_STEP_MIN,
    };
    let lengths_min = match &f.lengths {
        None => DEFAULT_LENGTHS_MIN.to_vec(),
        Some(list) => {
            if list.is_empty() {
                return Err(ScenarioError::invalid(
                    "optimize.lengths",
                    "[]",
                    "at least one length, e.g. [\"8h\"]",
                ));
            }
            let mut out: Vec<u32> = Vec::new();
            for (i, d) in list.iter().enumerate() {
                let m = whole_minutes_in_day(&format!("optimize.lengths[{i}]"), *d)?;
                if out.contains(&m) {
                    return Err(ScenarioError::invalid(
                        format!("optimize.lengths[{i}]"),
                        format!("\"{d}\""),
                        "each length once",
                    ));
                }
                out.push(m);
            }
            out
        }
    };
    let n_groups = chosen.as_ref().map_or(groups.len(), Vec::len);
    let starts = (DAY_MIN as usize).div_ceil(start_step_min as usize);
    let n = n_groups * WEEK_DAYS * starts * lengths_min.len();
    if n > MAX_TEMPLATES {
        return Err(ScenarioError::invalid(
            "optimize.start_step",
            format!(
                "\"{}\" ({n} templates: {n_groups} group(s) x 7 days x {starts} starts x {} length(s))",
                Duration::from_minutes(f64::from(start_step_min)),
                lengths_min.len()
            ),
            format!(
                "at most {MAX_TEMPLATES} templates: a longer start_step, fewer lengths or fewer groups"
            ),
        ));
    }
    Ok(TemplateSource::Generated {
        groups: chosen,
        start_step_min,
        lengths_min,
    })
}

/// Reads `templates_file` (relative to `folder`, else the current directory).
fn read_templates(
    file: &str,
    folder: Option<&Path>,
    groups: &[&str],
) -> Result<Vec<TemplateSpec>, ScenarioError> {
    let path = match folder {
        Some(dir) => dir.join(file),
        None => PathBuf::from(file),
    };
    let shown = format!("\"{file}\"");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        ScenarioError::invalid(
            "optimize.templates_file",
            &shown,
            format!(
                "a readable CSV file (relative to the scenario's folder); `{}`: {e}",
                path.display()
            ),
        )
    })?;
    parse_templates_csv(&text, file, groups)
}

/// The columns of a templates file, required ones first.
const CSV_COLUMNS: [&str; 6] = ["group", "days", "start", "length", "min", "max"];

/// Parses the text of a templates file: a header row naming the columns `group`, `days`,
/// `start`, `length` and optionally `min`, `max`, then one template per row. Days are
/// separated by `|` (`mon|tue`); empty `min`/`max` cells take the defaults.
pub(crate) fn parse_templates_csv(
    text: &str,
    file: &str,
    groups: &[&str],
) -> Result<Vec<TemplateSpec>, ScenarioError> {
    let at = |line: u64, column: &str| {
        format!("optimize.templates_file ({file}) line {line}, column {column}")
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| {
            ScenarioError::invalid(
                format!("optimize.templates_file ({file}) line 1"),
                "(header)",
                format!("a CSV header row: {e}"),
            )
        })?
        .iter()
        .map(str::to_ascii_lowercase)
        .collect();
    let mut index = [None; CSV_COLUMNS.len()];
    for (i, name) in header.iter().enumerate() {
        match CSV_COLUMNS.iter().position(|c| c == name) {
            Some(k) if index[k].is_none() => index[k] = Some(i),
            _ => {
                return Err(one_of(&at(1, &(i + 1).to_string()), name, &CSV_COLUMNS)
                    .map_allowed(|a| format!("a column name, each once: {a}")));
            }
        }
    }
    if let Some(missing) = (0..4).find(|&k| index[k].is_none()) {
        return Err(ScenarioError::invalid(
            format!("optimize.templates_file ({file}) line 1"),
            format!("\"{}\"", header.join(",")),
            format!(
                "a header with the columns group, days, start, length (and optionally min, max); `{}` is missing",
                CSV_COLUMNS[missing]
            ),
        ));
    }
    let mut out = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(n as u64 + 2, |p| p.line());
            ScenarioError::invalid(
                format!("optimize.templates_file ({file}) line {line}"),
                "(row)",
                format!("a CSV row with the header's columns: {e}"),
            )
        })?;
        let line = record.position().map_or(n as u64 + 2, |p| p.line());
        let cell = |k: usize| index[k].and_then(|i| record.get(i)).unwrap_or("");
        let mut days = Vec::new();
        for d in cell(1).split('|').map(str::trim) {
            let Some(set) = DaySet::ALL.iter().copied().find(|s| s.name() == d) else {
                return Err(one_of(&at(line, "days"), d, &DaySet::names())
                    .map_allowed(|a| format!("days separated by `|`, each {a}")));
            };
            days.push(set);
        }
        let length: Duration = cell(3)
            .parse()
            .map_err(|e: super::duration::DurationError| {
                ScenarioError::invalid(
                    at(line, "length"),
                    format!("\"{}\"", cell(3)),
                    e.to_string(),
                )
            })?;
        let number = |k: usize| -> Result<Option<i64>, ScenarioError> {
            let v = cell(k);
            if v.is_empty() {
                return Ok(None);
            }
            v.parse().map(Some).map_err(|_| {
                ScenarioError::invalid(
                    at(line, CSV_COLUMNS[k]),
                    format!("\"{v}\""),
                    "a whole number of agents, or empty",
                )
            })
        };
        let raw = TemplateFile {
            group: cell(0).to_string(),
            days,
            start: cell(2).to_string(),
            length,
            min: number(4)?.unwrap_or(0),
            max: number(5)?,
        };
        let spec = template(
            &format!("optimize.templates_file ({file}) line {line}"),
            &raw,
            groups,
        )
        .map_err(|e| e.at_csv_column())?;
        out.push(spec);
    }
    Ok(out)
}

impl ScenarioError {
    /// `... line 3.start` said as `... line 3, column start`.
    fn at_csv_column(self) -> Self {
        match self {
            ScenarioError::Invalid {
                path,
                value,
                allowed,
            } => {
                let path = match path.rsplit_once('.') {
                    Some((head, column)) if head.contains(" line ") && !column.contains(' ') => {
                        format!("{head}, column {column}")
                    }
                    _ => path,
                };
                ScenarioError::Invalid {
                    path,
                    value,
                    allowed,
                }
            }
            other => other,
        }
    }
}

/// `[optimize]` for a resolved file: none for the default table, else every key spelled
/// out (listed templates inline, whether they were listed or read from a file).
pub(crate) fn to_file(o: &Optimize, groups: &[&str]) -> Option<OptimizeFile> {
    if *o == Optimize::default() {
        return None;
    }
    let name = |g: usize| groups.get(g).map_or_else(String::new, |n| n.to_string());
    let (templates, chosen, start_step, lengths) = match &o.templates {
        TemplateSource::Generated {
            groups: chosen,
            start_step_min,
            lengths_min,
        } => (
            None,
            chosen
                .as_ref()
                .map(|list| list.iter().map(|&g| name(g)).collect()),
            Some(Duration::from_minutes(f64::from(*start_step_min))),
            Some(
                lengths_min
                    .iter()
                    .map(|&m| Duration::from_minutes(f64::from(m)))
                    .collect(),
            ),
        ),
        TemplateSource::Listed(list) => (
            Some(
                list.iter()
                    .map(|t| TemplateFile {
                        group: name(t.group),
                        days: t.days.clone(),
                        start: clock_text(t.start_min),
                        length: Duration::from_minutes(f64::from(t.length_min)),
                        min: i64::from(t.min),
                        max: t.max.map(i64::from),
                    })
                    .collect(),
            ),
            None,
            None,
            None,
        ),
    };
    let bounds = |list: &[(usize, u32)]| -> BTreeMap<String, i64> {
        list.iter().map(|&(g, v)| (name(g), i64::from(v))).collect()
    };
    Some(OptimizeFile {
        templates,
        templates_file: None,
        groups: chosen,
        start_step,
        lengths,
        max_per_template: i64::from(o.max_per_template),
        group_max: bounds(&o.group_max),
        group_min: bounds(&o.group_min),
        iterations: i64::from(o.iterations),
        replications: i64::from(o.replications),
        verify_replications: i64::from(o.verify_replications),
        time_budget: Duration::from_minutes(o.time_budget_min),
        folder: None,
    })
}

/// `mon`, `weekdays` or `mon|tue`: days as a templates file writes them.
pub fn days_text(days: &[DaySet]) -> String {
    days.iter().map(|d| d.name()).collect::<Vec<_>>().join("|")
}

/// `Mon`: a weekday's name as labels write it.
pub fn weekday_label(d: usize) -> String {
    let n = WEEKDAYS[d % WEEK_DAYS];
    let mut c = n.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// `Mon 02:00-03:00` for hour `h` of the week (Monday 00:00-01:00 = 0).
pub fn hour_label(h: usize) -> String {
    let start = (h % 24) as u32 * HOUR_MIN as u32;
    format!(
        "{} {}-{}",
        weekday_label(h / 24),
        clock_text(start),
        clock_text(start + HOUR_MIN as u32)
    )
}

#[cfg(test)]
mod tests;
