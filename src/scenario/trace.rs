//! Trace replay (`arrivals.trace`): a CSV of mentions whose arrival times, and channels and
//! classes where the file has them, replace the Poisson process. Read with the history
//! reader ([`crate::history`]); the times count from 00:00 of the first mention's day, in
//! the time zone it was written in, which must be the scenario's `start_day`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::calendar::Weekday;
use super::checks::Names;
use super::error::ScenarioError;
use super::named::Named;
use crate::history::time::weekday_of_day;
use crate::history::{Field, HistoryReader, Mapping};

/// Most arrivals a trace may hold (they are kept in memory for every replication).
pub const MAX_TRACE_ARRIVALS: usize = 5_000_000;

/// One replayed arrival.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TraceArrival {
    /// Minutes from the start of the run.
    pub t_min: f64,
    /// Index of its class, where the trace names one.
    pub class: Option<u32>,
    /// Index of its channel, where the trace names one.
    pub channel: Option<u32>,
}

/// A trace, read once and shared by every replication.
#[derive(Debug, Clone, PartialEq)]
pub struct Trace {
    /// The file as written in the scenario.
    pub path: String,
    /// The file the path resolved to (written back in a resolved scenario).
    pub resolved: PathBuf,
    /// The column mapping file the trace was read with, resolved (none: guessed columns).
    pub mapping: Option<PathBuf>,
    /// The arrivals in time order.
    pub arrivals: Arc<Vec<TraceArrival>>,
}

/// `path` relative to `folder` (none: the current directory), made absolute.
fn resolve(path: &str, folder: Option<&Path>) -> PathBuf {
    let joined = match folder {
        Some(f) if Path::new(path).is_relative() => f.join(path),
        _ => PathBuf::from(path),
    };
    std::path::absolute(&joined).unwrap_or(joined)
}

/// The column mapping of `arrivals.trace_mapping` = `path` (none: the default, guessed
/// columns), and the file it was read from.
fn read_mapping(
    path: Option<&str>,
    folder: Option<&Path>,
) -> Result<(Mapping, Option<PathBuf>), ScenarioError> {
    let Some(path) = path else {
        return Ok((Mapping::default(), None));
    };
    let resolved = resolve(path, folder);
    let refuse = |message: String| {
        ScenarioError::invalid(
            "arrivals.trace_mapping",
            format!("\"{path}\""),
            format!(
                "a readable column mapping file (TOML, relative to the scenario's folder): {message}"
            ),
        )
    };
    let text = std::fs::read_to_string(&resolved).map_err(|e| refuse(e.to_string()))?;
    let mut mapping = Mapping::default();
    mapping
        .add_file(&text, &resolved.display().to_string())
        .map_err(|e| refuse(e.to_string()))?;
    Ok((mapping, Some(resolved)))
}

/// Reads `arrivals.trace` = `path` with the column mapping file `mapping` (none: guessed
/// columns), both relative to `folder` (the scenario file's folder; none: the current
/// directory).
pub(crate) fn load(
    path: &str,
    mapping: Option<&str>,
    folder: Option<&Path>,
    start_day: Weekday,
    names: &Names<'_>,
) -> Result<Trace, ScenarioError> {
    let (columns, mapping) = read_mapping(mapping, folder)?;
    let resolved = resolve(path, folder);
    let refuse = |message: String| {
        ScenarioError::invalid(
            "arrivals.trace",
            format!("\"{path}\""),
            format!("a readable history CSV (relative to the scenario's folder): {message}"),
        )
    };
    let file = std::fs::File::open(&resolved).map_err(|e| refuse(e.to_string()))?;
    let origin = resolved.display().to_string();
    let mut reader = HistoryReader::new(std::io::BufReader::new(file), &origin, &columns)
        .map_err(|e| refuse(e.to_string()))?;
    let mut arrivals = Vec::new();
    let mut origin_s = None;
    while let Some(row) = reader.next_row().map_err(|e| refuse(e.to_string()))? {
        let zero = *origin_s.get_or_insert_with(|| {
            let day = row.time.local_day();
            (
                day,
                day as f64 * 86_400.0 - f64::from(row.time.offset_min) * 60.0,
            )
        });
        if arrivals.is_empty() {
            let first = Weekday::from_index(weekday_of_day(zero.0));
            if first != start_day {
                return Err(ScenarioError::invalid(
                    "start_day",
                    format!("\"{}\"", start_day.name()),
                    format!(
                        "the weekday the trace starts on, \"{}\" (arrivals.trace \"{path}\" counts from 00:00 of its first mention's day)",
                        first.name()
                    ),
                ));
            }
        }
        if arrivals.len() >= MAX_TRACE_ARRIVALS {
            return Err(refuse(format!(
                "at most {MAX_TRACE_ARRIVALS} mentions (line {})",
                row.line
            )));
        }
        let lookup = |field: Field, value: &Option<String>, known: &[&str]| {
            let Some(v) = value else { return Ok(None) };
            match known.iter().position(|k| k == v) {
                Some(i) => Ok(Some(i as u32)),
                None => Err(refuse(format!(
                    "line {}: {} {v:?} is not in the scenario; known: {}",
                    row.line,
                    field.name(),
                    known.join(", ")
                ))),
            }
        };
        arrivals.push(TraceArrival {
            t_min: (row.time.utc_s - zero.1) / 60.0,
            class: lookup(Field::Class, &row.class, &names.classes)?,
            channel: lookup(Field::Channel, &row.channel, &names.channels)?,
        });
    }
    Ok(Trace {
        path: path.to_string(),
        resolved,
        mapping,
        arrivals: Arc::new(arrivals),
    })
}
