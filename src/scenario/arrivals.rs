//! Arrivals: a non-homogeneous Poisson process of mentions, its weekly profile (built-in,
//! hourly x daily, or 168 hourly values) and scheduled incidents that multiply the rate.
//!
//! The built-in profiles are shapes typical of consumer brands (`retail`), business to
//! business (`office`) and media (`evening`); every profile is normalised to average 1 over
//! the week, so `rate_per_h` is the weekly mean.

use serde::{Deserialize, Serialize};

use super::calendar::{DAY_H, WEEK_DAYS, WEEK_H};
use super::checks::{count, grouped, non_negative};
use super::duration::Duration;
use super::error::ScenarioError;
use super::incidents::IncidentTimeline;
use super::named::{Named, serde_by_name};

/// Largest mean arrival rate accepted, mentions per hour.
pub const MAX_RATE_PER_H: f64 = 10_000_000.0;

/// Largest factor an incident may put on the arrival rate.
pub const MAX_INCIDENT_MULTIPLIER: f64 = 1000.0;

/// Most incidents in one scenario. The incidents are looked up on a sorted timeline
/// ([`IncidentTimeline`], a binary search per lookup), so their number costs little run
/// time; the bound keeps the scenario file and its memory reasonable (a hundred thousand
/// covers an hourly incident for more than eleven years).
pub const MAX_INCIDENTS: usize = 100_000;

/// `[arrivals]` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArrivalsFile {
    /// Mean arrival rate over the week, mentions per hour.
    #[schemars(range(min = 0, max = MAX_RATE_PER_H))]
    pub rate_per_h: f64,
    /// A built-in weekly profile: `flat`, `retail`, `office` or `evening`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// 24 relative multipliers, one per hour of the day (with optional `daily`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly: Option<Vec<f64>>,
    /// 7 relative multipliers, Monday first (only with `hourly`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily: Option<Vec<f64>>,
    /// 168 relative multipliers, Monday 00:00 first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly: Option<Vec<f64>>,
    /// Scheduled spikes (outages, campaigns).
    #[serde(default)]
    pub incidents: Vec<IncidentFile>,
    /// A random busyness factor per day (gamma, mean 1), for day-to-day variation beyond
    /// the Poisson process (default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_variation: Option<DailyVariationFile>,
    /// A CSV of mentions replayed instead of the Poisson process (relative to the
    /// scenario file's folder).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<String>,
    /// The column mapping of the trace, a TOML file as `carecast fit --mapping` reads
    /// (relative to the scenario file's folder; default: the column names are guessed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace_mapping: Option<String>,
    /// The folder `trace` is relative to: the scenario file's folder, set by the loader.
    #[serde(skip)]
    pub folder: Option<std::path::PathBuf>,
}

/// `arrivals.daily_variation`: every simulated day's arrival rate is multiplied by its own
/// gamma-distributed factor with mean 1 and this coefficient of variation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DailyVariationFile {
    /// Standard deviation of the daily factor (its mean is 1); 0 turns it off.
    pub cv: f64,
}

/// Largest coefficient of variation of the daily busyness factor.
pub const MAX_DAILY_CV: f64 = 3.0;

/// `[[arrivals.incidents]]`: the arrival rate is multiplied during a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentFile {
    /// Label for reports.
    pub name: String,
    /// Offset from the start of the run, e.g. `"2d 10h"`.
    pub start: Duration,
    /// How long it lasts.
    pub duration: Duration,
    /// Factor on the arrival rate (> 0; 5 means five times the usual volume).
    pub multiplier: f64,
}

/// A built-in weekly profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// The same rate at every hour.
    Flat,
    /// Consumer brand: quiet nights, a lunch and an evening peak, busy Fridays, quieter
    /// Sundays.
    Retail,
    /// Business to business: office hours on weekdays.
    Office,
    /// Media and entertainment: evenings and weekends.
    Evening,
}

serde_by_name!(Profile);

impl Named for Profile {
    const ALL: &'static [Self] = &[
        Profile::Flat,
        Profile::Retail,
        Profile::Office,
        Profile::Evening,
    ];

    fn name(self) -> &'static str {
        match self {
            Profile::Flat => "flat",
            Profile::Retail => "retail",
            Profile::Office => "office",
            Profile::Evening => "evening",
        }
    }
}

impl Profile {
    /// The profile as 24 hourly and 7 daily multipliers.
    pub fn shape(self) -> ([f64; DAY_H], [f64; WEEK_DAYS]) {
        match self {
            Profile::Flat => ([1.0; DAY_H], [1.0; WEEK_DAYS]),
            Profile::Retail => (
                [
                    0.30, 0.18, 0.12, 0.10, 0.10, 0.15, 0.30, 0.60, 0.95, 1.20, 1.35, 1.45, 1.55,
                    1.50, 1.40, 1.35, 1.35, 1.40, 1.50, 1.65, 1.70, 1.50, 1.05, 0.60,
                ],
                [1.0, 0.97, 0.97, 1.0, 1.08, 0.98, 0.86],
            ),
            Profile::Office => (
                [
                    0.10, 0.08, 0.06, 0.06, 0.08, 0.15, 0.40, 1.00, 1.80, 2.20, 2.30, 2.20, 1.90,
                    2.10, 2.20, 2.10, 1.80, 1.20, 0.70, 0.50, 0.40, 0.30, 0.20, 0.15,
                ],
                [1.1, 1.1, 1.1, 1.1, 1.0, 0.35, 0.25],
            ),
            Profile::Evening => (
                [
                    0.70, 0.45, 0.25, 0.15, 0.10, 0.10, 0.20, 0.40, 0.60, 0.75, 0.85, 0.95, 1.05,
                    1.05, 1.00, 1.00, 1.10, 1.30, 1.60, 1.95, 2.20, 2.30, 2.00, 1.30,
                ],
                [0.9, 0.9, 0.9, 0.95, 1.1, 1.2, 1.15],
            ),
        }
    }
}

/// How the weekly profile was given, kept so that a resolved scenario says it the same way.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileSource {
    /// `profile = "..."`, or nothing at all (`None`: flat).
    Builtin(Option<Profile>),
    /// `hourly` (24 values), with `daily` (7 values) if given.
    Hourly {
        /// Multipliers per hour of the day.
        hourly: Vec<f64>,
        /// Multipliers per day, Monday first.
        daily: Option<Vec<f64>>,
    },
    /// `weekly`: 168 values, Monday 00:00 first.
    Weekly(Vec<f64>),
}

/// A scheduled spike in arrivals.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    /// Label.
    pub name: String,
    /// Start, minutes from the start of the run.
    pub start_min: f64,
    /// End, minutes from the start of the run.
    pub end_min: f64,
    /// Length as given, minutes (`end_min` is `start_min + duration_min`).
    pub duration_min: f64,
    /// Factor on the arrival rate.
    pub multiplier: f64,
}

/// The arrival process.
#[derive(Debug, Clone, PartialEq)]
pub struct Arrivals {
    /// Mean rate over the week, per hour.
    pub rate_per_h: f64,
    /// Multipliers per hour of the week (Monday 00:00 first), averaging 1.
    pub profile: [f64; WEEK_H],
    /// How the profile was given.
    pub source: ProfileSource,
    /// Scheduled spikes.
    pub incidents: Vec<Incident>,
    /// The factor the incidents put on the rate, as a sorted timeline.
    pub timeline: IncidentTimeline,
    /// Coefficient of variation of the daily busyness factor (0: none).
    pub daily_cv: f64,
    /// Arrivals replayed from a file instead of the Poisson process (`arrivals.trace`).
    pub trace: Option<super::trace::Trace>,
}

impl Arrivals {
    /// The built-in profile's name, where one was named.
    pub fn profile_name(&self) -> Option<&'static str> {
        match self.source {
            ProfileSource::Builtin(Some(p)) => Some(p.name()),
            _ => None,
        }
    }
}

/// Hourly x daily multipliers as 168 values, Monday 00:00 first.
fn combine(hourly: &[f64; DAY_H], daily: &[f64; WEEK_DAYS]) -> [f64; WEEK_H] {
    let mut out = [0.0; WEEK_H];
    for (i, v) in out.iter_mut().enumerate() {
        *v = hourly[i % DAY_H] * daily[i / DAY_H];
    }
    out
}

impl TryFrom<&ArrivalsFile> for Arrivals {
    type Error = ScenarioError;

    fn try_from(a: &ArrivalsFile) -> Result<Self, ScenarioError> {
        let rate_per_h = non_negative("arrivals.rate_per_h", a.rate_per_h)?;
        if rate_per_h > MAX_RATE_PER_H {
            return Err(ScenarioError::invalid(
                "arrivals.rate_per_h",
                rate_per_h,
                format!(
                    "at most {} mentions per hour",
                    grouped(MAX_RATE_PER_H as u64)
                ),
            ));
        }
        let (profile, source) = profile(a)?;
        count(
            "arrivals.incidents",
            a.incidents.len(),
            MAX_INCIDENTS,
            "[[arrivals.incidents]] tables",
        )?;
        let incidents = a
            .incidents
            .iter()
            .enumerate()
            .map(|(i, inc)| incident(&format!("arrivals.incidents[{i}]"), inc))
            .collect::<Result<Vec<_>, _>>()?;
        let daily_cv = match &a.daily_variation {
            None => 0.0,
            Some(d) => {
                let cv = non_negative("arrivals.daily_variation.cv", d.cv)?;
                if cv > MAX_DAILY_CV {
                    return Err(ScenarioError::invalid(
                        "arrivals.daily_variation.cv",
                        cv,
                        format!("at most {MAX_DAILY_CV}"),
                    ));
                }
                cv
            }
        };
        Ok(Arrivals {
            rate_per_h,
            profile,
            source,
            timeline: IncidentTimeline::of(&incidents),
            incidents,
            daily_cv,
            trace: None,
        })
    }
}

fn incident(p: &str, inc: &IncidentFile) -> Result<Incident, ScenarioError> {
    if inc.duration.minutes() <= 0.0 {
        return Err(ScenarioError::invalid(
            format!("{p}.duration"),
            format!("\"{}\"", inc.duration),
            "a duration > 0",
        ));
    }
    let multiplier = non_negative(&format!("{p}.multiplier"), inc.multiplier)?;
    if multiplier > MAX_INCIDENT_MULTIPLIER {
        return Err(ScenarioError::invalid(
            format!("{p}.multiplier"),
            multiplier,
            format!("at most {MAX_INCIDENT_MULTIPLIER}"),
        ));
    }
    Ok(Incident {
        name: inc.name.clone(),
        start_min: inc.start.minutes(),
        end_min: inc.start.minutes() + inc.duration.minutes(),
        duration_min: inc.duration.minutes(),
        multiplier,
    })
}

/// The normalised weekly profile and how it was given.
fn profile(a: &ArrivalsFile) -> Result<([f64; WEEK_H], ProfileSource), ScenarioError> {
    let given = [a.profile.is_some(), a.hourly.is_some(), a.weekly.is_some()];
    if given.iter().filter(|g| **g).count() > 1 {
        return Err(ScenarioError::invalid(
            "arrivals",
            "more than one of profile, hourly, weekly",
            "give one: a built-in `profile`, `hourly` (with optional `daily`) or `weekly`",
        ));
    }
    if a.daily.is_some() && a.hourly.is_none() {
        return Err(ScenarioError::invalid(
            "arrivals.daily",
            "daily without hourly",
            "`daily` goes with `hourly` (24 values)",
        ));
    }
    let check = |path: &str, v: &[f64], n: usize| -> Result<(), ScenarioError> {
        if v.len() != n {
            return Err(ScenarioError::invalid(
                path,
                format!("{} values", v.len()),
                format!("exactly {n} values"),
            ));
        }
        for (i, x) in v.iter().enumerate() {
            non_negative(&format!("{path}[{i}]"), *x)?;
        }
        Ok(())
    };
    let (mut weekly, source) = if let Some(w) = &a.weekly {
        check("arrivals.weekly", w, WEEK_H)?;
        let mut out = [0.0; WEEK_H];
        out.copy_from_slice(w);
        if !sum_is_finite(&out) {
            // Multipliers so large that their sum overflows: only their ratios matter.
            out = scaled_to_max(&out);
        }
        (out, ProfileSource::Weekly(w.clone()))
    } else if let Some(h) = &a.hourly {
        check("arrivals.hourly", h, DAY_H)?;
        let d = a.daily.clone().unwrap_or_else(|| vec![1.0; WEEK_DAYS]);
        check("arrivals.daily", &d, WEEK_DAYS)?;
        let mut hh = [0.0; DAY_H];
        hh.copy_from_slice(h);
        let mut dd = [0.0; WEEK_DAYS];
        dd.copy_from_slice(&d);
        let source = ProfileSource::Hourly {
            hourly: h.clone(),
            daily: a.daily.clone(),
        };
        let mut combined = combine(&hh, &dd);
        if !sum_is_finite(&combined) {
            // Products or their sum overflow: scale each list to its largest value first.
            combined = combine(&scaled_to_max(&hh), &scaled_to_max(&dd));
        }
        (combined, source)
    } else {
        let (h, d) = a.profile.unwrap_or(Profile::Flat).shape();
        (combine(&h, &d), ProfileSource::Builtin(a.profile))
    };
    let mean = weekly.iter().sum::<f64>() / WEEK_H as f64;
    if !(mean > 0.0 && mean.is_finite()) {
        return Err(ScenarioError::invalid(
            "arrivals",
            "all multipliers 0",
            "at least one multiplier > 0",
        ));
    }
    for v in &mut weekly {
        *v /= mean;
    }
    Ok((weekly, source))
}

/// Whether the values and their sum are finite (each value is finite and >= 0 already).
fn sum_is_finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite()) && values.iter().sum::<f64>().is_finite()
}

/// `values` divided by their largest (unchanged when all are 0): the same ratios, none
/// above 1, so neither products of two lists nor sums of 168 values overflow.
fn scaled_to_max<const N: usize>(values: &[f64; N]) -> [f64; N] {
    let max = values.iter().copied().fold(0.0, f64::max);
    if max > 0.0 {
        values.map(|v| v / max)
    } else {
        *values
    }
}

impl From<&Arrivals> for ArrivalsFile {
    fn from(a: &Arrivals) -> Self {
        let (profile, hourly, daily, weekly) = match &a.source {
            ProfileSource::Builtin(p) => (*p, None, None, None),
            ProfileSource::Hourly { hourly, daily } => {
                (None, Some(hourly.clone()), daily.clone(), None)
            }
            ProfileSource::Weekly(w) => (None, None, None, Some(w.clone())),
        };
        ArrivalsFile {
            rate_per_h: a.rate_per_h,
            profile,
            hourly,
            daily,
            weekly,
            incidents: a
                .incidents
                .iter()
                .map(|i| IncidentFile {
                    name: i.name.clone(),
                    start: Duration::from_minutes(i.start_min),
                    duration: Duration::from_minutes(i.duration_min),
                    multiplier: i.multiplier,
                })
                .collect(),
            daily_variation: (a.daily_cv > 0.0).then_some(DailyVariationFile { cv: a.daily_cv }),
            trace: a.trace.as_ref().map(|t| t.resolved.display().to_string()),
            trace_mapping: a
                .trace
                .as_ref()
                .and_then(|t| t.mapping.as_ref())
                .map(|m| m.display().to_string()),
            folder: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile_of(text: &str) -> Result<[f64; WEEK_H], ScenarioError> {
        let file: ArrivalsFile = toml::from_str(&format!("rate_per_h = 10\n{text}")).expect("toml");
        Arrivals::try_from(&file).map(|a| a.profile)
    }

    #[test]
    fn huge_multipliers_keep_their_ratios_instead_of_overflowing() {
        let hourly = |first: &str| {
            let rest = vec!["1"; DAY_H - 1].join(", ");
            format!("hourly = [{first}, {rest}]")
        };
        let huge = profile_of(&hourly("1e308")).expect("huge hourly");
        let plain = profile_of(&hourly("1")).expect("flat hourly");
        assert!(huge.iter().all(|v| v.is_finite()));
        assert!((huge.iter().sum::<f64>() - WEEK_H as f64).abs() < 1e-9);
        // Hour 0 of each day carries all the mentions, the others almost none.
        assert!((huge[0] - DAY_H as f64).abs() < 1e-9, "{}", huge[0]);
        assert!(huge[1] < 1e-300);
        assert_eq!(plain, [1.0; WEEK_H]);
        let weekly = format!("weekly = [1e307, {}]", vec!["1e307"; WEEK_H - 1].join(", "));
        assert_eq!(profile_of(&weekly).expect("huge weekly"), [1.0; WEEK_H]);
        let daily = format!(
            "{}\ndaily = [1e300, 1e300, 1e300, 1e300, 1e300, 1e300, 1e300]",
            hourly("1e300")
        );
        let both = profile_of(&daily).expect("huge hourly and daily");
        assert!((both[0] - DAY_H as f64).abs() < 1e-9, "{}", both[0]);
    }

    #[test]
    fn profiles_are_positive_and_named_as_in_files() {
        for &p in Profile::ALL {
            let (h, d) = p.shape();
            assert!(combine(&h, &d).iter().all(|v| *v > 0.0));
            let text = toml::Value::try_from(p).map(|v| v.to_string());
            assert_eq!(text.ok(), Some(format!("\"{}\"", p.name())));
        }
    }
}
