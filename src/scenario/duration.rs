//! Durations with units, as written in scenario files: `"90s"`, `"30m"`, `"1.5h"`, `"2d"`,
//! or compound `"2d 10h"`. Stored in minutes, the simulator's time unit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::calendar::{DAY_MIN, HOUR_MIN, MINUTE_S, WEEK_MIN};

/// A non-negative span of simulated time, in minutes.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Duration {
    minutes: f64,
}

impl Duration {
    /// A duration of `minutes` minutes.
    pub fn from_minutes(minutes: f64) -> Self {
        Self { minutes }
    }

    /// A duration of `hours` hours.
    pub fn from_hours(hours: f64) -> Self {
        Self {
            minutes: hours * HOUR_MIN,
        }
    }

    /// The length in minutes.
    pub fn minutes(self) -> f64 {
        self.minutes
    }
}

/// Why a duration string was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "`{input}` is not a duration: {reason} (write e.g. \"90s\", \"30m\", \"1.5h\", \"2d\" or \"2d 10h\")"
)]
pub struct DurationError {
    input: String,
    reason: &'static str,
}

impl FromStr for Duration {
    type Err = DurationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| DurationError {
            input: s.to_string(),
            reason,
        };
        let text = s.trim();
        if text.is_empty() {
            return Err(err("it is empty"));
        }
        let mut total = 0.0;
        let mut rest = text;
        while !rest.is_empty() {
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .ok_or_else(|| err("a number needs a unit (s, m, h, d or w)"))?;
            if num_len == 0 {
                return Err(err("expected a number"));
            }
            let value: f64 = rest[..num_len]
                .parse()
                .map_err(|_| err("the number is malformed"))?;
            let after = &rest[num_len..];
            let unit_len = after
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(after.len());
            let factor = match &after[..unit_len] {
                "s" | "sec" => 1.0 / MINUTE_S,
                "m" | "min" => 1.0,
                "h" => HOUR_MIN,
                "d" => DAY_MIN,
                "w" => WEEK_MIN,
                "" => return Err(err("a number needs a unit (s, m, h, d or w)")),
                _ => return Err(err("the unit must be s, m, h, d or w")),
            };
            total += value * factor;
            rest = after[unit_len..].trim_start();
        }
        if !total.is_finite() {
            return Err(err("it is too large"));
        }
        Ok(Duration { minutes: total })
    }
}

impl fmt::Display for Duration {
    /// Minutes, unless the value is a whole number of days or hours; always parses back to
    /// the same `f64`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.minutes;
        let whole = |unit: f64| {
            let v = m / unit;
            (v.fract() == 0.0 && v * unit == m && v != 0.0).then_some(v)
        };
        if let Some(d) = whole(DAY_MIN) {
            write!(f, "{d}d")
        } else if let Some(h) = whole(HOUR_MIN) {
            write!(f, "{h}h")
        } else {
            write!(f, "{m}m")
        }
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The strings [`Duration::from_str`] accepts, as a regular expression (for the JSON
/// Schema): one or more numbers each followed by a unit, spaces between them allowed. The
/// parser's one further rule, a total that fits a floating-point number, is not in it.
pub const DURATION_PATTERN: &str =
    r"^\s*(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:sec|min|s|m|h|d|w)\s*)+$";

impl schemars::JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": DURATION_PATTERN,
            "description": "A span of time with a unit: s (or sec), m (or min), h, d or w; compounds such as \"2d 10h\" add up. A bare number has no unit and is refused.",
            "examples": ["90s", "30m", "1.5h", "2d", "2d 10h"],
        })
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Duration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration with a unit, such as \"30m\", \"1.5h\" or \"2d\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Duration, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Duration, E> {
                Err(E::custom(format!(
                    "`{v}` has no unit: write a string such as \"{v}m\" or \"{v}h\""
                )))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Duration, E> {
                self.visit_i64(v as i64)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Duration, E> {
                Err(E::custom(format!(
                    "`{v}` has no unit: write a string such as \"{v}m\" or \"{v}h\""
                )))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(s: &str) -> f64 {
        s.parse::<Duration>()
            .map(Duration::minutes)
            .unwrap_or(f64::NAN)
    }

    #[test]
    fn parses_every_unit_and_compounds() {
        assert_eq!(min("90s"), 1.5);
        assert_eq!(min("30m"), 30.0);
        assert_eq!(min("1.5h"), 90.0);
        assert_eq!(min("2d"), 2880.0);
        assert_eq!(min("1w"), 10080.0);
        assert_eq!(min("2d 10h"), 2880.0 + 600.0);
        assert_eq!(min("1h30m"), 90.0);
        assert_eq!(min(" 45min "), 45.0);
    }

    #[test]
    fn refuses_missing_or_unknown_units() {
        for bad in ["", "30", "m", "3x", "-5m", "1..2h", "h30"] {
            assert!(bad.parse::<Duration>().is_err(), "{bad:?} was accepted");
        }
        let msg = "30"
            .parse::<Duration>()
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(msg.contains("unit"), "{msg}");
    }

    #[test]
    fn display_round_trips_exactly() {
        for m in [
            0.0,
            1.5,
            30.0,
            90.0,
            60.0,
            1440.0,
            2880.0,
            0.1,
            1.0 / 3.0,
            27.1,
            1e-9,
        ] {
            let d = Duration::from_minutes(m);
            let back: Duration = d.to_string().parse().expect("round trip");
            assert_eq!(back.minutes(), m, "{d}");
        }
        assert_eq!(Duration::from_minutes(1440.0).to_string(), "1d");
        assert_eq!(Duration::from_minutes(90.0).to_string(), "90m");
        assert_eq!(Duration::from_minutes(120.0).to_string(), "2h");
    }
}
