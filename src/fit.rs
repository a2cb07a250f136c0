//! `carecast fit`: a scenario from a history of mentions. One streaming pass
//! ([`observe`]) gathers hourly counts and distributions; then the weekly profile with its
//! bands, the incidents, the day-to-day variation ([`profile`]) and, where mentions cite
//! their parents, the self-excitation ([`hawkes`]) are estimated, and [`scenario`] writes
//! them into a scenario file that `carecast run` reads.

pub mod hawkes;
pub mod observe;
pub mod profile;
pub mod report;
pub mod response;
pub mod scenario;
pub mod synth;

use std::io::Read;

use crate::history::time::civil_of_days;
use crate::history::{HistoryError, HistoryReader};
use crate::scenario::named::Named;

pub use hawkes::HawkesFit;
pub use observe::Observed;
pub use profile::{Dispersion, FoundIncident, Holdout, WeekProfile};

/// Why a history cannot be fitted.
#[derive(Debug, thiserror::Error)]
pub enum FitError {
    /// The file cannot be read or a row is bad.
    #[error(transparent)]
    History(#[from] HistoryError),
    /// The history is beyond what a fit holds, or too short to fit.
    #[error("{0}")]
    Limit(String),
    /// A bug: something that cannot happen did.
    #[error("internal error: {0}")]
    Internal(String),
}

impl crate::Blame for FitError {
    fn is_input(&self) -> bool {
        !matches!(self, FitError::Internal(_))
    }
}

/// Everything fitted.
#[derive(Debug)]
pub struct Fit {
    /// What the pass over the history saw.
    pub observed: Observed,
    /// Weekly profile of the exogenous arrivals, incidents left out.
    pub profile: WeekProfile,
    /// Incidents found.
    pub incidents: Vec<FoundIncident>,
    /// Day-to-day variation.
    pub dispersion: Dispersion,
    /// Error of the profile on a held-out last week (with three weeks or more).
    pub holdout: Option<Holdout>,
    /// Self-excitation, where mentions cite parents.
    pub hawkes: Option<HawkesFit>,
}

/// Reads and fits a history.
pub fn fit<R: Read>(reader: HistoryReader<R>) -> Result<Fit, FitError> {
    let observed = observe::observe(reader)?;
    let counts = &observed.roots;
    let start = observed.start_weekday;
    if observed.days < 7 {
        return Err(FitError::Limit(format!(
            "the history covers {} day(s); a weekly profile needs at least 7 (better: several weeks)",
            observed.days
        )));
    }
    let too_short =
        || FitError::Limit("every hour of the week must be observed at least once".into());
    // Two passes: incidents found against a first profile are left out of the second.
    let mut ex = profile::excluded(counts.len(), &profile::first_incidents(counts, start));
    let mut p = profile::fit(counts, start, &ex, 0.0).ok_or_else(too_short)?;
    let mut disp = profile::dispersion(counts, &p, start, &ex);
    let mut incidents = Vec::new();
    for _ in 0..2 {
        let cv = if disp.significant() { disp.cv } else { 0.0 };
        incidents = profile::incidents(counts, &p, start, cv);
        ex = profile::excluded(counts.len(), &incidents);
        p = profile::fit(counts, start, &ex, cv).ok_or_else(too_short)?;
        disp = profile::dispersion(counts, &p, start, &ex);
    }
    let cv = if disp.significant() { disp.cv } else { 0.0 };
    let holdout = profile::holdout(counts, start, &ex, cv);
    let hawkes = if observed.has_parent {
        hawkes::fit(
            observed.children,
            observed.child_delay_sum_min,
            &observed.all,
            observed.days as f64 * 1440.0,
        )
    } else {
        None
    };
    Ok(Fit {
        observed,
        profile: p,
        incidents,
        dispersion: disp,
        holdout,
        hawkes,
    })
}

impl Fit {
    /// The daily-variation cv written into the scenario (0 when not significant).
    pub fn daily_cv(&self) -> f64 {
        if self.dispersion.significant() {
            self.dispersion.cv
        } else {
            0.0
        }
    }

    /// What was fitted and how well, as lines of text.
    pub fn summary(&self) -> Vec<String> {
        let o = &self.observed;
        let p = &self.profile;
        let mut out = vec![format!(
            "{} mentions over {} days from {} ({}), {:.1} per hour on average",
            o.rows,
            o.days,
            civil_of_days(o.first_day),
            crate::scenario::calendar::Weekday::from_index(o.start_weekday).name(),
            o.rows as f64 / (o.days as f64 * 24.0)
        )];
        let peak = p.multipliers.iter().copied().fold(0.0, f64::max);
        let width = (0..profile::WEEK_H)
            .map(|i| (p.high[i] - p.low[i]) / p.multipliers[i].max(1e-9))
            .sum::<f64>()
            / profile::WEEK_H as f64;
        out.push(format!(
            "weekly profile: {:.1} exogenous mentions per hour outside incidents, peak x{peak:.2}; 95% bands +-{:.0}% on average",
            p.rate_per_h,
            width * 50.0
        ));
        if let Some(h) = &self.holdout {
            out.push(format!(
                "hold-out (last week, {} hours): mean absolute error {:.2} mentions per hour; Poisson noise alone gives {:.2}",
                h.hours, h.mae, h.poisson_mae
            ));
        }
        let d = &self.dispersion;
        out.push(if d.significant() {
            format!(
                "day-to-day variation beyond Poisson: cv {:.3} over {} days (p = {:.2e}), written as arrivals.daily_variation",
                d.cv, d.days, d.p_value
            )
        } else {
            format!(
                "day-to-day variation: none beyond Poisson (cv {:.3}, p = {:.2}) over {} days",
                d.cv, d.p_value, d.days
            )
        });
        out.push(format!("incidents found: {}", self.incidents.len()));
        for (i, inc) in self.incidents.iter().enumerate() {
            out.push(format!(
                "  {}: {} (day {}) {:02}:00, {} h, {:.0} mentions against {:.0} expected (x{:.1})",
                i + 1,
                crate::format::weekday_label(o.start_weekday + inc.start_hour / 24),
                inc.start_hour / 24 + 1,
                inc.start_hour % 24,
                inc.hours,
                inc.observed,
                inc.expected,
                inc.multiplier()
            ));
        }
        match (&self.hawkes, o.has_parent) {
            (Some(h), _) => {
                let (nl, nh) = h.branching_ci();
                let (dl, dh) = h.decay_ci();
                out.push(format!(
                    "self-excitation: branching ratio {:.3} (95% CI {nl:.3} to {nh:.3}), mean delay {:.1} min ({dl:.1} to {dh:.1}); {} of {} mentions cite a parent",
                    h.branching, h.decay_min, h.children, h.mentions
                ));
            }
            (None, true) => out.push("self-excitation: too few children found to fit".into()),
            (None, false) => {
                out.push("self-excitation: no id and parent columns, not fitted".into())
            }
        }
        if let Some(r) = &o.response_s {
            out.push(format!(
                "first response (observed, {} mentions): median {:.1} min, p90 {:.1} min",
                r.len(),
                r.value_at_quantile(0.5) as f64 / 60.0,
                r.value_at_quantile(0.9) as f64 / 60.0
            ));
        }
        out
    }
}
