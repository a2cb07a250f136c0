//! The week: weekdays, clock times, weekly windows and the built-in arrival profiles.
//!
//! Minute 0 of the week is Monday 00:00; a run starting on another `start_day` is offset.

use super::error::ScenarioError;
use super::file::ShiftFile;

/// Minutes in a day.
pub const DAY_MIN: f64 = 1440.0;
/// Minutes in a week.
pub const WEEK_MIN: f64 = 10080.0;
/// Hours in a week.
pub const WEEK_H: usize = 168;

/// Weekday names, Monday first, as used in scenario files.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Index of a weekday name (0 = Monday).
pub fn weekday(path: &str, name: &str) -> Result<usize, ScenarioError> {
    WEEKDAYS.iter().position(|d| *d == name).ok_or_else(|| {
        ScenarioError::invalid(
            path,
            format!("\"{name}\""),
            "one of mon, tue, wed, thu, fri, sat, sun",
        )
    })
}

/// " (did you mean `mon`?)" for near misses such as `monday` or `mondy`.
fn day_hint(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let by_prefix = WEEKDAYS
        .iter()
        .find(|d| lower.len() >= 3 && lower.starts_with(**d));
    let names = WEEKDAYS
        .iter()
        .copied()
        .chain(["weekdays", "weekend", "all"]);
    by_prefix
        .copied()
        .or_else(|| super::error::nearest(&lower, names))
        .map(|d| format!(" (did you mean `{d}`?)"))
        .unwrap_or_default()
}

/// Expands a `days` list (names and `weekdays`, `weekend`, `all`) into day indices.
pub fn days(path: &str, names: &[String]) -> Result<Vec<usize>, ScenarioError> {
    if names.is_empty() {
        return Err(ScenarioError::invalid(path, "[]", "list at least one day"));
    }
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match name.as_str() {
            "weekdays" => out.extend(0..5),
            "weekend" => out.extend(5..7),
            "all" => out.extend(0..7),
            other => {
                let p = format!("{path}[{i}]");
                out.push(WEEKDAYS.iter().position(|d| *d == other).ok_or_else(|| {
                    ScenarioError::invalid(
                        p,
                        format!("\"{other}\""),
                        format!(
                            "a day: mon..sun, or weekdays, weekend, all{}",
                            day_hint(other)
                        ),
                    )
                })?);
            }
        }
    }
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
pub fn windows(path: &str, shift: &ShiftFile) -> Result<Vec<(f64, f64)>, ScenarioError> {
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

/// 168 flags, `true` for hours of the week inside the windows.
pub fn hours_inside(windows: &[(f64, f64)]) -> [bool; WEEK_H] {
    let mut flags = [false; WEEK_H];
    for (h, flag) in flags.iter_mut().enumerate() {
        let mid = h as f64 * 60.0 + 30.0;
        *flag = windows
            .iter()
            .any(|&(s, e)| (mid >= s && mid < e) || (mid + WEEK_MIN >= s && mid + WEEK_MIN < e));
    }
    flags
}

/// Names of the built-in weekly profiles.
pub const PROFILES: [&str; 4] = ["flat", "retail", "office", "evening"];

/// A built-in profile as 24 hourly and 7 daily multipliers.
pub fn builtin_profile(name: &str) -> Option<([f64; 24], [f64; 7])> {
    let flat_day = [1.0; 7];
    match name {
        "flat" => Some(([1.0; 24], flat_day)),
        // Consumer brand: quiet nights, a lunch peak and an evening peak, busy Fridays,
        // quieter Sundays.
        "retail" => Some((
            [
                0.30, 0.18, 0.12, 0.10, 0.10, 0.15, 0.30, 0.60, 0.95, 1.20, 1.35, 1.45, 1.55, 1.50,
                1.40, 1.35, 1.35, 1.40, 1.50, 1.65, 1.70, 1.50, 1.05, 0.60,
            ],
            [1.0, 0.97, 0.97, 1.0, 1.08, 0.98, 0.86],
        )),
        // Business-to-business: office hours on weekdays.
        "office" => Some((
            [
                0.10, 0.08, 0.06, 0.06, 0.08, 0.15, 0.40, 1.00, 1.80, 2.20, 2.30, 2.20, 1.90, 2.10,
                2.20, 2.10, 1.80, 1.20, 0.70, 0.50, 0.40, 0.30, 0.20, 0.15,
            ],
            [1.1, 1.1, 1.1, 1.1, 1.0, 0.35, 0.25],
        )),
        // Media and entertainment: evenings and weekends.
        "evening" => Some((
            [
                0.70, 0.45, 0.25, 0.15, 0.10, 0.10, 0.20, 0.40, 0.60, 0.75, 0.85, 0.95, 1.05, 1.05,
                1.00, 1.00, 1.10, 1.30, 1.60, 1.95, 2.20, 2.30, 2.00, 1.30,
            ],
            [0.9, 0.9, 0.9, 0.95, 1.1, 1.2, 1.15],
        )),
        _ => None,
    }
}

/// Hourly x daily multipliers as 168 values, Monday 00:00 first.
pub fn combine(hourly: &[f64; 24], daily: &[f64; 7]) -> [f64; WEEK_H] {
    let mut out = [0.0; WEEK_H];
    for (i, v) in out.iter_mut().enumerate() {
        *v = hourly[i % 24] * daily[i / 24];
    }
    out
}

#[cfg(test)]
mod tests {
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
        let s = ShiftFile {
            days: vec!["mon".into()],
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
    fn profiles_exist_and_are_positive() {
        for name in PROFILES {
            let (h, d) = builtin_profile(name).expect(name);
            assert!(combine(&h, &d).iter().all(|v| *v > 0.0));
        }
        assert_eq!(
            days("d", &["weekend".into(), "mon".into()]).ok(),
            Some(vec![0, 5, 6])
        );
    }
}
