//! The week: weekdays, clock times and weekly windows (shifts, business hours).
//!
//! Minute 0 of the week is Monday 00:00; a run starting on another `start_day` is offset.

use serde::{Deserialize, Serialize};

use super::error::ScenarioError;
use super::named::{Named, serde_by_name};

/// Seconds in a minute.
pub const MINUTE_S: f64 = 60.0;
/// Minutes in an hour.
pub const HOUR_MIN: f64 = 60.0;
/// Minutes in a day.
pub const DAY_MIN: f64 = 1440.0;
/// Minutes in a week.
pub const WEEK_MIN: f64 = 10080.0;
/// Hours in a day.
pub const DAY_H: usize = 24;
/// Days in a week.
pub const WEEK_DAYS: usize = 7;
/// Hours in a week.
pub const WEEK_H: usize = 168;

/// The hour of the run (0 = the first) at `t_min >= 0`: `(t_min / 60) as usize`, bit for
/// bit, for every time a run reaches (at most twice the longest horizon, far below 2^32
/// hours), by way of a 32-bit conversion (a few instructions on x86-64 where a 64-bit
/// unsigned one takes a dozen).
#[inline]
pub(crate) fn hour_index(t_min: f64) -> usize {
    (t_min / 60.0) as u32 as usize
}

/// `t_min.rem_euclid(WEEK_MIN)`, bit for bit, without the slow generic `fmod` for the
/// times a run sees (finite, `0 < t_min < 2^53`).
///
/// The week count `k` comes from a rounded division and may be one off; `t_min - k week`
/// is then exact (the product is an integer, and Sterbenz's lemma covers the difference),
/// and so is the correction by one week, since the exact remainder is a multiple of the
/// unit in the last place of `t_min` below `t_min`.
#[inline]
pub(crate) fn week_minute(t_min: f64) -> f64 {
    if !(t_min > 0.0 && t_min < 9.007_199_254_740_992e15) {
        return t_min.rem_euclid(WEEK_MIN);
    }
    // Positive and below 2^53: truncation is the floor, without a call to `floor` (a
    // library call on targets without SSE4.1).
    let k = ((t_min / WEEK_MIN) as u64) as f64;
    let r = t_min - k * WEEK_MIN;
    if r < 0.0 {
        r + WEEK_MIN
    } else if r >= WEEK_MIN {
        r - WEEK_MIN
    } else {
        r
    }
}

/// Weekday names, Monday first, as used in scenario files.
pub const WEEKDAYS: [&str; WEEK_DAYS] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// A day of the week, as `start_day` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

serde_by_name!(Weekday, DaySet);

impl Named for Weekday {
    const ALL: &'static [Self] = &[
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    fn name(self) -> &'static str {
        WEEKDAYS[self as usize]
    }
}

impl Weekday {
    /// The day's index, 0 = Monday.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The day with index `i % 7` (0 = Monday).
    pub fn from_index(i: usize) -> Self {
        Self::ALL[i % WEEK_DAYS]
    }
}

/// An entry of a shift's `days` list: a weekday or a named set of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DaySet {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
    /// Monday to Friday.
    Weekdays,
    /// Saturday and Sunday.
    Weekend,
    /// Every day.
    All,
}

impl Named for DaySet {
    const ALL: &'static [Self] = &[
        DaySet::Mon,
        DaySet::Tue,
        DaySet::Wed,
        DaySet::Thu,
        DaySet::Fri,
        DaySet::Sat,
        DaySet::Sun,
        DaySet::Weekdays,
        DaySet::Weekend,
        DaySet::All,
    ];

    fn name(self) -> &'static str {
        match self {
            DaySet::Weekdays => "weekdays",
            DaySet::Weekend => "weekend",
            DaySet::All => "all",
            day => WEEKDAYS[day as usize],
        }
    }
}

impl DaySet {
    /// The day indices (0 = Monday) the entry stands for.
    pub fn days(self) -> std::ops::Range<usize> {
        match self {
            DaySet::Weekdays => 0..5,
            DaySet::Weekend => 5..WEEK_DAYS,
            DaySet::All => 0..WEEK_DAYS,
            day => {
                let d = day as usize;
                d..d + 1
            }
        }
    }
}

/// A weekly time window as written: `{ days = ["mon", "tue"], start = "09:00", end =
/// "17:00" }`. Kept as written next to the windows it stands for, so that a resolved
/// scenario says it the same way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// Days the window starts on: `mon`..`sun`, or `weekdays`, `weekend`, `all`.
    pub days: Vec<DaySet>,
    /// Start, `HH:MM`.
    pub start: String,
    /// End, `HH:MM` after the start; `HH:MM+1` ends on the next day.
    pub end: String,
}

impl Shift {
    /// The `days` entries' names, as written.
    pub fn day_names(&self) -> Vec<&'static str> {
        self.days.iter().map(|d| d.name()).collect()
    }
}

/// Expands a `days` list into sorted, distinct day indices.
pub fn days(path: &str, sets: &[DaySet]) -> Result<Vec<usize>, ScenarioError> {
    if sets.is_empty() {
        return Err(ScenarioError::invalid(path, "[]", "list at least one day"));
    }
    let mut out: Vec<usize> = sets.iter().flat_map(|s| s.days()).collect();
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Parses `HH:MM` (or `HH:MM+1` for the next day) into minutes after midnight.
pub fn clock(path: &str, text: &str) -> Result<f64, ScenarioError> {
    let bad = || {
        ScenarioError::invalid(
            path,
            format!("\"{text}\""),
            "a time of day `HH:MM` (00:00 to 24:00), with `+1` for the next day (\"06:00+1\")",
        )
    };
    let (hm, next_day) = match text.strip_suffix("+1") {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let (h, m) = hm.split_once(':').ok_or_else(bad)?;
    if !(1..=2).contains(&h.len()) || m.len() != 2 {
        return Err(bad());
    }
    let h: u32 = h.parse().map_err(|_| bad())?;
    let m: u32 = m.parse().map_err(|_| bad())?;
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(bad());
    }
    Ok(f64::from(h * 60 + m) + if next_day { DAY_MIN } else { 0.0 })
}

/// Weekly windows `[start, end)` in minutes of the week (Monday 00:00 = 0). A window may
/// run past the end of the week (Sunday night into Monday); `end - start <= 1 day`.
pub fn windows(path: &str, shift: &Shift) -> Result<Vec<(f64, f64)>, ScenarioError> {
    let days = days(&format!("{path}.days"), &shift.days)?;
    let start = clock(&format!("{path}.start"), &shift.start)?;
    let end = clock(&format!("{path}.end"), &shift.end)?;
    if start >= DAY_MIN {
        return Err(ScenarioError::invalid(
            format!("{path}.start"),
            format!("\"{}\"", shift.start),
            "a shift starts between 00:00 and 23:59",
        ));
    }
    if end <= start {
        return Err(ScenarioError::invalid(
            format!("{path}.end"),
            format!("\"{}\"", shift.end),
            format!(
                "the shift must end after it starts (\"{}\"); write \"{}+1\" for a shift that ends the next day",
                shift.start, shift.end
            ),
        ));
    }
    if end - start > DAY_MIN {
        return Err(ScenarioError::invalid(
            format!("{path}.end"),
            format!("\"{}\"", shift.end),
            format!(
                "a shift lasts at most 24 hours (it starts at \"{}\")",
                shift.start
            ),
        ));
    }
    Ok(days
        .into_iter()
        .map(|d| (d as f64 * DAY_MIN + start, d as f64 * DAY_MIN + end))
        .collect())
}

/// Whether weekly windows overlap (taking the wrap from Sunday to Monday into account).
pub fn overlapping(windows: &[(f64, f64)]) -> Option<((f64, f64), (f64, f64))> {
    let mut all: Vec<(f64, f64)> = Vec::new();
    for &(s, e) in windows {
        all.push((s, e));
        all.push((s + WEEK_MIN, e + WEEK_MIN));
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    all.windows(2)
        .find(|w| w[1].0 < w[0].1)
        .map(|w| (w[0], w[1]))
}

/// `mon 08:00-mon 16:00`: a window of the week, for messages.
pub(crate) fn show_window((s, e): (f64, f64)) -> String {
    let at = |m: f64| {
        let m = m.rem_euclid(WEEK_MIN);
        let d = (m / DAY_MIN) as usize;
        let in_day = m - d as f64 * DAY_MIN;
        format!(
            "{} {:02}:{:02}",
            WEEKDAYS[d.min(WEEK_DAYS - 1)],
            (in_day / HOUR_MIN) as u32,
            (in_day % HOUR_MIN) as u32
        )
    };
    format!("{}-{}", at(s), at(e))
}

/// 168 flags, `true` for hours of the week inside the windows.
pub fn hours_inside(windows: &[(f64, f64)]) -> [bool; WEEK_H] {
    let mut flags = [false; WEEK_H];
    for (h, flag) in flags.iter_mut().enumerate() {
        let mid = h as f64 * HOUR_MIN + HOUR_MIN / 2.0;
        *flag = windows
            .iter()
            .any(|&(s, e)| (mid >= s && mid < e) || (mid + WEEK_MIN >= s && mid + WEEK_MIN < e));
    }
    flags
}

#[cfg(test)]
mod tests {
    #[test]
    fn week_minute_is_rem_euclid_bit_for_bit() {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let check = |t: f64| {
            assert_eq!(
                super::week_minute(t).to_bits(),
                t.rem_euclid(super::WEEK_MIN).to_bits(),
                "{t}"
            );
        };
        for k in 0..2_000u32 {
            // Multiples of a week and their neighbours one ulp either side.
            let w = f64::from(k) * super::WEEK_MIN;
            for t in [w, f64::from_bits(w.to_bits() + 1), w.next_down().max(0.0)] {
                check(t);
            }
        }
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Times up to 520 weeks and beyond, with every kind of fraction.
            let t = (x >> 11) as f64 / (1u64 << 53) as f64 * 1.0e7;
            check(t);
            check(t.floor());
        }
        for t in [-1.0, -0.0, f64::INFINITY, f64::NAN, 1e300] {
            let (a, b) = (super::week_minute(t), t.rem_euclid(super::WEEK_MIN));
            assert!(
                a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
                "{t}"
            );
        }
    }

    use super::*;

    #[test]
    fn clock_times() {
        assert_eq!(clock("t", "09:30").ok(), Some(570.0));
        assert_eq!(clock("t", "24:00").ok(), Some(1440.0));
        assert_eq!(clock("t", "06:00+1").ok(), Some(1440.0 + 360.0));
        for bad in ["9", "25:00", "10:60", "ab:cd", "24:30", "10:000"] {
            assert!(clock("t", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shift_ending_before_it_starts_is_refused() {
        let s = Shift {
            days: vec![DaySet::Mon],
            start: "17:00".into(),
            end: "09:00".into(),
        };
        let err = windows("staffing.groups[0].shifts[0]", &s).expect_err("must fail");
        let msg = err.to_string();
        assert!(msg.contains("staffing.groups[0].shifts[0].end"), "{msg}");
        assert!(msg.contains("+1"), "{msg}");
    }

    #[test]
    fn overlap_detection_wraps_the_week() {
        let night_sun = (6.0 * DAY_MIN + 22.0 * 60.0, 7.0 * DAY_MIN + 6.0 * 60.0);
        let early_mon = (5.0 * 60.0, 9.0 * 60.0);
        assert!(overlapping(&[night_sun, early_mon]).is_some());
        assert!(overlapping(&[(0.0, 480.0), (480.0, 960.0)]).is_none());
    }

    #[test]
    fn day_sets_expand_to_sorted_distinct_days() {
        assert_eq!(
            days("d", &[DaySet::Weekend, DaySet::Mon, DaySet::Sun]).ok(),
            Some(vec![0, 5, 6])
        );
        assert_eq!(days("d", &[DaySet::All]).ok(), Some((0..7).collect()));
        assert!(days("d", &[]).is_err());
        assert_eq!(DaySet::Thu.name(), "thu");
        assert_eq!(Weekday::from_index(9), Weekday::Wed);
    }
}
