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
    /// The arrivals in time order.
    pub arrivals: Arc<Vec<TraceArrival>>,
}

/// Reads `arrivals.trace` = `path`, relative to `folder` (the scenario file's folder;
/// none: the current directory).
pub(crate) fn load(
    path: &str,
    folder: Option<&Path>,
    start_day: Weekday,
    names: &Names<'_>,
) -> Result<Trace, ScenarioError> {
    let joined = match folder {
        Some(f) if Path::new(path).is_relative() => f.join(path),
        _ => PathBuf::from(path),
    };
    let resolved = std::path::absolute(&joined).unwrap_or(joined);
    let refuse = |message: String| {
        ScenarioError::invalid(
            "arrivals.trace",
            format!("\"{path}\""),
            format!("a readable history CSV (relative to the scenario's folder): {message}"),
        )
    };
    let file = std::fs::File::open(&resolved).map_err(|e| refuse(e.to_string()))?;
    let origin = resolved.display().to_string();
    let mut reader =
        HistoryReader::new(std::io::BufReader::new(file), &origin, &Mapping::default())
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
        arrivals: Arc::new(arrivals),
    })
}
