//! One streaming pass over a history: hourly counts, shares, distributions and the parent
//! links, in memory bounded by the span of the history, not by its number of rows.

use std::collections::{HashMap, VecDeque};
use std::io::Read;

use hdrhistogram::Histogram;

use super::FitError;
use crate::history::time::weekday_of_day;
use crate::history::{Field, HistoryReader};

/// Longest history accepted, days (ten years of hourly counts).
pub const MAX_SPAN_DAYS: usize = 3660;

/// Most distinct channel or class names.
pub const MAX_NAMES: usize = 1000;

/// How long a mention's id is remembered for its children to find it, minutes (30 days):
/// a child citing an older parent counts as a mention of its own.
pub const PARENT_WINDOW_MIN: f64 = 30.0 * 1440.0;

/// Most ids remembered at once; beyond it the oldest are forgotten first.
pub const MAX_REMEMBERED_IDS: usize = 1_000_000;

/// A label's mentions and how many of them closed private (of those that say).
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The name in the history.
    pub name: String,
    /// Mentions.
    pub count: u64,
    /// Mentions that say whether they closed private.
    pub with_private: u64,
    /// Mentions closed private.
    pub private: u64,
}

/// What one pass over a history observed.
#[derive(Debug)]
pub struct Observed {
    /// Rows read.
    pub rows: u64,
    /// Day count (since 1970-01-01) of the first mention's local date: the fit starts at
    /// its 00:00.
    pub first_day: i64,
    /// Weekday of that day, Monday 0.
    pub start_weekday: usize,
    /// Whole days covered.
    pub days: usize,
    /// Mentions per hour from the start that cite no parent (all, without a parent
    /// column): the exogenous arrivals.
    pub roots: Vec<u32>,
    /// All mentions per hour.
    pub all: Vec<u32>,
    /// Channels with their counts, in order of appearance.
    pub channels: Vec<Label>,
    /// Classes with their counts, in order of appearance.
    pub classes: Vec<Label>,
    /// Follower counts.
    pub followers: Option<Histogram<u64>>,
    /// Agent replies per mention (index: number of replies; the last bin holds more).
    pub replies: Option<Vec<u64>>,
    /// First-response times, seconds.
    pub response_s: Option<Histogram<u64>>,
    /// Whether the history has a parent column.
    pub has_parent: bool,
    /// Mentions whose parent was found.
    pub children: u64,
    /// Sum of the children's delays after their parents, minutes.
    pub child_delay_sum_min: f64,
    /// Mentions citing a parent that was not found (earlier than the window or absent).
    pub orphans: u64,
    /// Time of the last mention, minutes from the start.
    pub last_min: f64,
}

/// Largest value a distribution of the fit holds (follower counts, response seconds);
/// larger ones are recorded at it.
pub const MAX_RECORDED: u64 = 1 << 40;

/// A histogram from 1 to [`MAX_RECORDED`] at 3 significant digits. Its bounds are set up
/// front: `saturating_record` clamps at the highest value of the histogram as it is (it
/// does not grow one), so an auto-sized histogram would clamp at its initial 2048.
pub(crate) fn histogram() -> Result<Histogram<u64>, FitError> {
    Histogram::new_with_bounds(1, MAX_RECORDED, 3).map_err(|e| FitError::Internal(e.to_string()))
}

fn count_label(
    labels: &mut Vec<Label>,
    name: &str,
    private: Option<bool>,
    what: &str,
) -> Result<(), FitError> {
    let i = match labels.iter().position(|l| l.name == name) {
        Some(i) => i,
        None => {
            if labels.len() >= MAX_NAMES {
                return Err(FitError::Limit(format!(
                    "more than {MAX_NAMES} distinct {what} names; map a coarser column"
                )));
            }
            labels.push(Label {
                name: name.to_string(),
                count: 0,
                with_private: 0,
                private: 0,
            });
            labels.len() - 1
        }
    };
    let l = &mut labels[i];
    l.count += 1;
    if let Some(p) = private {
        l.with_private += 1;
        l.private += u64::from(p);
    }
    Ok(())
}

/// Reads every row of `reader` once.
pub fn observe<R: Read>(mut reader: HistoryReader<R>) -> Result<Observed, FitError> {
    let has_parent = reader.has(Field::Parent) && reader.has(Field::Id);
    let mut o = Observed {
        rows: 0,
        first_day: 0,
        start_weekday: 0,
        days: 0,
        roots: Vec::new(),
        all: Vec::new(),
        channels: Vec::new(),
        classes: Vec::new(),
        followers: if reader.has(Field::Followers) {
            Some(histogram()?)
        } else {
            None
        },
        replies: reader.has(Field::Replies).then(|| vec![0; 52]),
        response_s: if reader.has(Field::FirstReply) {
            Some(histogram()?)
        } else {
            None
        },
        has_parent,
        children: 0,
        child_delay_sum_min: 0.0,
        orphans: 0,
        last_min: 0.0,
    };
    let mut origin_s = None;
    let mut ids: HashMap<String, f64> = HashMap::new();
    let mut order: VecDeque<(f64, String)> = VecDeque::new();
    while let Some(row) = reader.next_row()? {
        let zero = *origin_s.get_or_insert_with(|| {
            let day = row.time.local_day();
            o.first_day = day;
            o.start_weekday = weekday_of_day(day);
            day as f64 * 86_400.0 - f64::from(row.time.offset_min) * 60.0
        });
        let t_min = (row.time.utc_s - zero) / 60.0;
        let hour = (t_min / 60.0) as usize;
        if hour >= MAX_SPAN_DAYS * 24 {
            return Err(FitError::Limit(format!(
                "line {}: the history spans more than {MAX_SPAN_DAYS} days; fit a shorter stretch",
                row.line
            )));
        }
        if o.all.len() <= hour {
            o.all.resize(hour + 1, 0);
            o.roots.resize(hour + 1, 0);
        }
        o.all[hour] += 1;
        o.rows += 1;
        o.last_min = t_min;
        let mut root = true;
        if has_parent {
            if let Some(parent) = &row.parent {
                match ids.get(parent) {
                    Some(&tp) => {
                        o.children += 1;
                        o.child_delay_sum_min += t_min - tp;
                        root = false;
                    }
                    None => o.orphans += 1,
                }
            }
            if let Some(id) = row.id.clone() {
                while order.front().is_some_and(|(t, _)| {
                    t_min - t > PARENT_WINDOW_MIN || order.len() >= MAX_REMEMBERED_IDS
                }) {
                    if let Some((_, old)) = order.pop_front() {
                        ids.remove(&old);
                    }
                }
                ids.insert(id.clone(), t_min);
                order.push_back((t_min, id));
            }
        }
        if root {
            o.roots[hour] += 1;
        }
        if let Some(c) = &row.channel {
            count_label(&mut o.channels, c, row.private, "channel")?;
        }
        if let Some(c) = &row.class {
            count_label(&mut o.classes, c, row.private, "class")?;
        }
        if let (Some(h), Some(f)) = (o.followers.as_mut(), row.followers) {
            h.saturating_record(f.round() as u64);
        }
        if let (Some(r), Some(n)) = (o.replies.as_mut(), row.replies) {
            r[(n as usize).min(51)] += 1;
        }
        if let (Some(h), Some(first)) = (o.response_s.as_mut(), row.first_reply) {
            let s = first.utc_s - row.time.utc_s;
            if s < 0.0 {
                return Err(FitError::Limit(format!(
                    "line {}: the first reply is {:.0} s before the mention; a first reply comes after it",
                    row.line, -s
                )));
            }
            h.saturating_record(s.round() as u64);
        }
    }
    o.days = o.all.len().div_ceil(24).max(1);
    o.all.resize(o.days * 24, 0);
    o.roots.resize(o.days * 24, 0);
    Ok(o)
}
