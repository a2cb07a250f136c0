//! Inputs with units, as written on the command line: arrival rates (`120/h`), positive
//! durations (`6m`), shares (`0.8`, `80%`), the concurrency penalty and lists of positive
//! numbers (`1,1.8,2.4`). The parsers are plain functions returning a message that says
//! what is wrong and what is allowed.

use std::fmt;
use std::str::FromStr;

use super::format::num;
use crate::scenario::Duration;

/// An arrival rate with its time unit, as written on the command line: `120/h`, `2/min`,
/// `2880/d` (also `/s` and `/w`). Stored per minute.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Rate {
    per_min: f64,
}

impl Rate {
    /// A rate of `per_min` arrivals per minute.
    pub fn per_minute(per_min: f64) -> Self {
        Self { per_min }
    }

    /// Arrivals per minute.
    pub fn per_min(self) -> f64 {
        self.per_min
    }

    /// Arrivals per hour.
    pub fn per_hour(self) -> f64 {
        self.per_min * 60.0
    }
}

/// Why a rate string was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "`{input}` is not an arrival rate: {reason} (write a count per unit of time, e.g. 120/h, \
     2/min or 2880/d; units /s, /min, /h, /d, /w)"
)]
pub struct RateError {
    input: String,
    reason: String,
}

impl FromStr for Rate {
    type Err = RateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason: &str| RateError {
            input: s.to_string(),
            reason: reason.to_string(),
        };
        let text = s.trim();
        if text.is_empty() {
            return Err(err("it is empty"));
        }
        let Some((count, unit)) = text.split_once('/') else {
            return Err(err("it has no time unit"));
        };
        let count = count.trim();
        if count.is_empty() {
            return Err(err("the count before `/` is missing"));
        }
        let value: f64 = count
            .parse()
            .map_err(|_| err(&format!("`{count}` is not a number")))?;
        if !value.is_finite() {
            return Err(err("the count must be a finite number"));
        }
        if value <= 0.0 {
            return Err(err("the count must be greater than 0"));
        }
        let per_min = match unit.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "second" => value * 60.0,
            "m" | "min" | "minute" => value,
            "h" | "hr" | "hour" => value / 60.0,
            "d" | "day" => value / 1440.0,
            "w" | "wk" | "week" => value / 10080.0,
            "" => return Err(err("the time unit after `/` is missing")),
            other => return Err(err(&format!("unknown time unit `{other}`"))),
        };
        if !(per_min.is_finite() && per_min > 0.0) {
            return Err(err("the rate is out of range"));
        }
        Ok(Self { per_min })
    }
}

impl fmt::Display for Rate {
    /// Per hour (per day for rates below 0.1 per hour).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = self.per_hour();
        if h >= 0.1 {
            write!(f, "{}/h", num(h))
        } else {
            write!(f, "{}/d", num(h * 24.0))
        }
    }
}

/// Parses a duration that must be longer than zero (`6m`, `90s`, `1.5h`); the command
/// line's parser for `--handle`, `--patience` and `--target`.
///
/// # Errors
/// A message saying what is wrong and what is allowed.
pub fn parse_positive_duration(s: &str) -> Result<Duration, String> {
    if s.trim_start().starts_with('-') {
        return Err(format!(
            "`{s}` is negative: give a duration greater than 0 with a unit, e.g. 90s, 6m or 1.5h"
        ));
    }
    let d = s.parse::<Duration>().map_err(|e| e.to_string())?;
    if d.minutes() > 0.0 {
        Ok(d)
    } else {
        Err(format!(
            "`{s}` is zero: give a duration greater than 0, e.g. 90s, 6m or 1.5h"
        ))
    }
}

/// Parses a share strictly between 0 and 1, as a fraction (`0.8`) or a percentage
/// (`80%`); the command line's parser for `--sl` and `--max-abandon`.
///
/// # Errors
/// A message saying what is wrong and what is allowed.
pub fn parse_share(s: &str) -> Result<f64, String> {
    let text = s.trim();
    let (number, scale) = match text.strip_suffix('%') {
        Some(p) => (p.trim(), 100.0),
        None => (text, 1.0),
    };
    let value = number
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(|v| v / scale)
        .ok_or_else(|| format!("`{s}` is not a number: give a share such as 0.8 or 80%"))?;
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(format!(
            "`{s}` is out of range: give a share strictly between 0 and 1, such as 0.8 or 80%"
        ))
    }
}

/// Parses the concurrency penalty: a finite number `>= 0` (`0.1` = 10% slower per extra
/// conversation held).
///
/// # Errors
/// A message saying what is wrong and what is allowed.
pub fn parse_penalty(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Ok(_) => Err(format!(
            "`{s}` is out of range: give a finite number >= 0, e.g. 0.1 for 10% slower per \
             extra conversation"
        )),
        Err(_) => Err(format!(
            "`{s}` is not a number: give a finite number >= 0, e.g. 0.1"
        )),
    }
}

/// Parses a comma-separated list of finite numbers `> 0` (`1,1.8,2.4`); the command line's
/// parser for `--efficiency` and `--handle-factor`.
///
/// # Errors
/// A message naming the entry that is wrong and saying what is allowed.
pub fn parse_positive_list(s: &str) -> Result<Vec<f64>, String> {
    let allowed = "give comma-separated numbers greater than 0, one per number of \
                   conversations held, e.g. 1,1.8,2.4";
    if s.trim().is_empty() {
        return Err(format!("the list is empty: {allowed}"));
    }
    s.split(',')
        .map(|part| {
            let text = part.trim();
            match text.parse::<f64>() {
                Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
                Ok(_) => Err(format!(
                    "`{text}` in `{s}` is not a finite number > 0: {allowed}"
                )),
                Err(_) => Err(format!("`{text}` in `{s}` is not a number: {allowed}")),
            }
        })
        .collect()
}
