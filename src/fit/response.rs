//! The observed first-response times against a simulation of the fitted scenario: do the
//! fitted arrivals, served by the fitted scenario's staffing (the built-in example's, a
//! guess), give the response times the history shows?
//!
//! Both sides measure the same cohort the same way. The times are those of the **first
//! reply of each mention that got one**: in the history, the rows with a first-reply
//! timestamp; in a simulated history, every mention of the run that got its first
//! response (a human's reply, the bot's answer, or its acknowledgement where the scenario
//! counts it) before the follow-up ended. Mentions never answered are left out of the
//! times (a quantile of answered mentions does not depend on how long an unanswered one
//! would have waited) and counted in one more measure, the share answered at all: in the
//! history every row without a first reply, whatever the reason; in the simulation every
//! mention dropped (by policy, age or patience) or still open at the end.
//!
//! Each simulated history covers the history's span (the fitted horizon). Per replication
//! the measures are computed as for the history; over replications they get the mean
//! with its 95% Student t interval, and the 95% range of **one** simulated history
//! (mean ± t · sd · √(1 + 1/n), a prediction interval): the observed history is one
//! history, so it is judged against the range, not against the interval of the mean.

use hdrhistogram::Histogram;
use rayon::prelude::*;
use serde::Serialize;

use super::FitError;
use super::observe::Observed;
use crate::format::fmt_value;
use crate::kpi::Unit;
use crate::model::simulate;
use crate::record::{Arrival, FirstReply, Recorder, RunEnd};
use crate::scenario::Scenario;
use crate::stats::{Summary, t_quantile_975};

/// Replications simulated by default.
pub const DEFAULT_REPLICATIONS: u32 = 20;

/// The quantiles of the first-response time compared.
pub const QUANTILES: [f64; 4] = [0.5, 0.8, 0.9, 0.95];

/// The times, minutes, at which the share answered within is compared.
pub const WITHIN_MIN: [f64; 2] = [30.0, 60.0];

/// The measures compared, in order: key (in JSON), label, unit.
pub const MEASURES: [(&str, &str, Unit); 7] = [
    ("p50_min", "median", Unit::Minutes),
    ("p80_min", "80th percentile", Unit::Minutes),
    ("p90_min", "90th percentile", Unit::Minutes),
    ("p95_min", "95th percentile", Unit::Minutes),
    ("within_30m", "answered within 30 min", Unit::Share),
    ("within_60m", "answered within 60 min", Unit::Share),
    ("answered", "answered at all", Unit::Share),
];

/// The measures that decide the verdict: the median and the 90th percentile.
const JUDGED: [usize; 2] = [0, 2];

/// The first responses of one history, observed or simulated.
#[derive(Debug, Clone)]
pub struct Responses {
    /// Mentions of the cohort.
    pub mentions: u64,
    /// First-response times of those answered, seconds.
    pub seconds: Histogram<u64>,
}

impl Responses {
    /// The values of [`MEASURES`], in order (times in minutes; the within shares are of
    /// the answered mentions; NaN without any).
    pub fn measures(&self) -> [f64; 7] {
        let h = &self.seconds;
        let answered = h.len();
        let mut out = [f64::NAN; 7];
        if answered > 0 {
            for (o, &q) in out.iter_mut().zip(&QUANTILES) {
                *o = h.value_at_quantile(q) as f64 / 60.0;
            }
            for (o, &m) in out[4..6].iter_mut().zip(&WITHIN_MIN) {
                *o = self.share_within(m);
            }
        }
        if self.mentions > 0 {
            out[6] = answered as f64 / self.mentions as f64;
        }
        out
    }

    /// Share of the answered mentions whose first reply came within `minutes`.
    pub fn share_within(&self, minutes: f64) -> f64 {
        let h = &self.seconds;
        if h.is_empty() {
            return f64::NAN;
        }
        let s = (minutes * 60.0).floor().max(0.0) as u64;
        h.count_between(0, s) as f64 / h.len() as f64
    }
}

/// A simulated history: the recorder of the cohort's arrivals and first responses.
struct Simulated {
    responses: Responses,
    overloaded: bool,
}

impl Recorder for Simulated {
    fn arrival(&mut self, _e: &Arrival) {
        self.responses.mentions += 1;
    }
    fn first_reply(&mut self, e: &FirstReply) {
        let s = (e.frt_min * 60.0).round().max(0.0) as u64;
        self.responses.seconds.saturating_record(s);
    }
    fn finish(&mut self, e: &RunEnd) {
        self.overloaded = e.overloaded.is_some();
    }
}

/// A measure over the simulated histories.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// Mean over replications.
    pub mean: f64,
    /// 95% confidence interval of the mean.
    pub ci95: [f64; 2],
    /// 95% range of one simulated history (prediction interval).
    pub range95: [f64; 2],
}

impl Estimate {
    fn of(values: &[f64], share: bool) -> Self {
        let s = Summary::of(values);
        let spread = if s.n >= 2 {
            t_quantile_975(s.n - 1) * s.std * (1.0 + 1.0 / s.n as f64).sqrt()
        } else {
            f64::NAN
        };
        let clip = |v: f64| {
            let v = v.max(0.0);
            if share { v.min(1.0) } else { v }
        };
        Estimate {
            mean: s.mean,
            ci95: [clip(s.ci95_low), clip(s.ci95_high)],
            range95: [clip(s.mean - spread), clip(s.mean + spread)],
        }
    }

    /// Where `observed` lies against the range: -1 below, 0 inside, 1 above (0 when
    /// either is unknown).
    fn side(&self, observed: f64) -> i8 {
        let [lo, hi] = self.range95;
        if !(observed.is_finite() && lo.is_finite() && hi.is_finite()) {
            0
        } else if observed < lo {
            -1
        } else if observed > hi {
            1
        } else {
            0
        }
    }
}

/// One measure, observed and simulated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Key, as in [`MEASURES`].
    pub key: &'static str,
    /// Label.
    pub label: &'static str,
    /// In the history.
    pub observed: f64,
    /// Over the simulated histories.
    pub simulated: Estimate,
    /// Whether the observed value lies in the 95% range of one simulated history.
    pub inside: bool,
}

/// Whether the fitted staffing reproduces the observed response times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The observed median and 90th percentile lie in the simulated range.
    Reproduced,
    /// The simulation answers slower than the history.
    SimulationSlower,
    /// The simulation answers faster than the history.
    SimulationFaster,
    /// Faster at one quantile, slower at the other.
    Mixed,
    /// Some replications had more mentions in the system than the scenario allows.
    Overloaded,
    /// The simulation answered no mention (every class unanswered, or no arrival).
    NothingAnswered,
}

/// The cumulative distributions of the first-response times of the answered mentions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cdf {
    /// Time grid, minutes.
    pub minutes: Vec<f64>,
    /// Share answered within each time, in the history.
    pub observed: Vec<f64>,
    /// The same over the simulated histories: mean.
    pub simulated: Vec<f64>,
    /// Lower end of the 95% range of one simulated history.
    pub low: Vec<f64>,
    /// Upper end.
    pub high: Vec<f64>,
}

/// The observed first responses against the simulated ones.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    /// Replications simulated.
    pub replications: u32,
    /// Their master seed.
    pub seed: u64,
    /// Mentions in the history.
    pub observed_mentions: u64,
    /// Of them, with a first reply.
    pub observed_answered: u64,
    /// Replications overloaded (their first responses are those until the overload).
    pub overloaded: u32,
    /// The measures.
    pub rows: Vec<Row>,
    /// The distributions.
    pub cdf: Cdf,
    /// The verdict.
    pub verdict: Verdict,
}

/// Simulates `scenario.replications` histories of the fitted `scenario` (on the current
/// rayon pool, calling `progress` after each) and compares their first responses with
/// those of `observed`; `None` when the history has no first-reply column or no reply.
pub fn compare(
    scenario: &Scenario,
    observed: &Observed,
    progress: &(dyn Fn() + Sync),
) -> Result<Option<Comparison>, FitError> {
    let Some(seconds) = observed.response_s.as_ref().filter(|h| !h.is_empty()) else {
        return Ok(None);
    };
    let history = Responses {
        mentions: observed.rows,
        seconds: seconds.clone(),
    };
    let empty = super::observe::histogram()?;
    let runs: Vec<Simulated> = (0..u64::from(scenario.replications))
        .into_par_iter()
        .map(|i| {
            let rec = Simulated {
                responses: Responses {
                    mentions: 0,
                    seconds: empty.clone(),
                },
                overloaded: false,
            };
            let r = simulate(scenario, i, rec);
            progress();
            r
        })
        .collect();
    Ok(Some(compare_with(
        &history,
        &runs.iter().map(|r| &r.responses).collect::<Vec<_>>(),
        runs.iter().filter(|r| r.overloaded).count() as u32,
        scenario.seed,
    )))
}

/// The comparison of `history` with the simulated histories `runs` (in replication
/// order), `overloaded` of them overloaded.
pub fn compare_with(
    history: &Responses,
    runs: &[&Responses],
    overloaded: u32,
    seed: u64,
) -> Comparison {
    let observed = history.measures();
    let per_run: Vec<[f64; 7]> = runs.iter().map(|r| r.measures()).collect();
    let rows: Vec<Row> = MEASURES
        .iter()
        .enumerate()
        .map(|(k, &(key, label, unit))| {
            let values: Vec<f64> = per_run.iter().map(|m| m[k]).collect();
            let simulated = Estimate::of(&values, unit == Unit::Share);
            Row {
                key,
                label,
                observed: observed[k],
                inside: simulated.side(observed[k]) == 0,
                simulated,
            }
        })
        .collect();
    let minutes = crate::kpi::distribution_grid();
    let mut cdf = Cdf {
        observed: minutes.iter().map(|&m| history.share_within(m)).collect(),
        simulated: Vec::with_capacity(minutes.len()),
        low: Vec::with_capacity(minutes.len()),
        high: Vec::with_capacity(minutes.len()),
        minutes,
    };
    for &m in &cdf.minutes {
        let values: Vec<f64> = runs.iter().map(|r| r.share_within(m)).collect();
        let e = Estimate::of(&values, true);
        cdf.simulated.push(e.mean);
        cdf.low.push(e.range95[0]);
        cdf.high.push(e.range95[1]);
    }
    let verdict = if overloaded > 0 {
        Verdict::Overloaded
    } else if JUDGED.iter().any(|&k| !rows[k].simulated.mean.is_finite()) {
        Verdict::NothingAnswered
    } else {
        // Observed above the simulated range: the simulation answers faster.
        let sides: Vec<i8> = JUDGED
            .iter()
            .map(|&k| rows[k].simulated.side(rows[k].observed))
            .collect();
        match (sides.contains(&1), sides.contains(&-1)) {
            (false, false) => Verdict::Reproduced,
            (true, false) => Verdict::SimulationFaster,
            (false, true) => Verdict::SimulationSlower,
            (true, true) => Verdict::Mixed,
        }
    };
    Comparison {
        replications: runs.len() as u32,
        seed,
        observed_mentions: history.mentions,
        observed_answered: history.seconds.len(),
        overloaded,
        rows,
        cdf,
        verdict,
    }
}

impl Comparison {
    /// The verdict in plain words, with what to do.
    pub fn sentence(&self) -> String {
        let (p50, p90) = (&self.rows[0], &self.rows[2]);
        let m = |v: f64| fmt_value(Unit::Minutes, v, "");
        let numbers = format!(
            "median {} and 90th percentile {} simulated, against {} and {} observed",
            m(p50.simulated.mean),
            m(p90.simulated.mean),
            m(p50.observed),
            m(p90.observed)
        );
        let guess = "the fitted scenario's staffing is the built-in example's, a guess";
        let main = self.headline(&numbers, guess);
        // The other time quantiles where they go the other way.
        let against = match self.verdict {
            Verdict::SimulationFaster => -1,
            Verdict::SimulationSlower => 1,
            _ => return main,
        };
        let other: Vec<String> = self.rows[..4]
            .iter()
            .filter(|r| r.simulated.side(r.observed) == against)
            .map(|r| {
                format!(
                    "the {} goes the other way ({} simulated, {} observed)",
                    r.label,
                    m(r.simulated.mean),
                    m(r.observed)
                )
            })
            .collect();
        if other.is_empty() {
            main
        } else {
            format!("{main} Not everywhere: {}.", other.join("; "))
        }
    }

    fn headline(&self, numbers: &str, guess: &str) -> String {
        match self.verdict {
            Verdict::Reproduced => format!(
                "The fitted scenario reproduces the observed response times ({numbers}: both within the range of one simulated history). Its staffing is still a guess (the built-in example's) that happens to fit: check it against your rota."
            ),
            Verdict::SimulationSlower => format!(
                "The fitted scenario answers slower than your team did ({numbers}): {guess}. Add agents or shorten handling (staffing.groups, handling) until the simulated times match, then plan from there."
            ),
            Verdict::SimulationFaster => format!(
                "The fitted scenario answers faster than your team did ({numbers}): {guess}, and likely more than your team had. Set staffing.groups to your rota (fewer agents, your shifts) until the simulated times match, then plan from there."
            ),
            Verdict::Mixed => format!(
                "The fitted scenario does not reproduce the shape of the observed response times ({numbers}): {guess}. Tune staffing.groups and handling to your team's, then compare again."
            ),
            Verdict::NothingAnswered => format!(
                "The fitted scenario answered no mention in {} simulated histories: nothing to compare. Check its classes (answer = true for those your team answers) and staffing.groups.",
                self.replications
            ),
            Verdict::Overloaded => format!(
                "The fitted scenario cannot keep up with the history's load: {} of {} simulated histories were overloaded, so {guess} and far too thin. Add agents (staffing.groups) and compare again.",
                self.overloaded, self.replications
            ),
        }
    }

    /// The comparison as lines of text: the cohort, a table and the verdict.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![
            format!(
                "first response, observed against {} simulated histories of the fitted scenario (seed {}), same span:",
                self.replications, self.seed
            ),
            format!(
                "  times are the first replies of the mentions that got one ({} of {} in the history); mentions never answered count only in \"answered at all\"",
                self.observed_answered, self.observed_mentions
            ),
            format!(
                "  {:<24} {:>10}  {:>10}  {:<22} {}",
                "", "observed", "simulated", "(95% CI of the mean)", "one simulated history (95%)"
            ),
        ];
        for (r, &(_, _, unit)) in self.rows.iter().zip(&MEASURES) {
            let v = |x: f64| fmt_value(unit, x, "");
            // An interval with its unit once: `4.5 to 4.7 min`, `89.3 to 89.9%`.
            let span = |[lo, hi]: [f64; 2]| {
                let lo = v(lo);
                let bare = lo
                    .trim_end_matches(" min")
                    .trim_end_matches('%')
                    .to_string();
                format!("{bare} to {}", v(hi))
            };
            let e = &r.simulated;
            out.push(format!(
                "  {:<24} {:>10}  {:>10}  {:<22} {}{}",
                r.label,
                v(r.observed),
                v(e.mean),
                format!("({})", span(e.ci95)),
                span(e.range95),
                if r.inside { "" } else { "  observed outside" }
            ));
        }
        out.push(format!("  verdict: {}", self.sentence()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn responses(mentions: u64, minutes: &[f64]) -> Responses {
        let mut seconds = crate::fit::observe::histogram().expect("histogram");
        for m in minutes {
            seconds.saturating_record((m * 60.0) as u64);
        }
        Responses { mentions, seconds }
    }

    #[test]
    fn measures_are_of_the_answered_mentions() {
        let r = responses(10, &[10.0, 20.0, 40.0, 90.0]);
        let m = r.measures();
        // Median of four values: the second (hdr's quantile is the value at or below).
        assert!((m[0] - 20.0).abs() < 0.1, "{m:?}");
        assert!((m[4] - 0.5).abs() < 1e-12 && (m[5] - 0.75).abs() < 1e-12);
        assert!((m[6] - 0.4).abs() < 1e-12);
        // Times beyond the first histogram's 2048 s are kept, not clamped.
        assert!(m[3] > 80.0, "{m:?}");
    }

    #[test]
    fn the_verdict_follows_the_range_of_one_history() {
        let runs: Vec<Responses> = (0..10)
            .map(|i| {
                let d = i as f64;
                responses(
                    100,
                    &[
                        9.0 + 0.2 * d,
                        10.0 + 0.2 * d,
                        11.0 + 0.2 * d,
                        30.0 + d,
                        31.0 + d,
                    ],
                )
            })
            .collect();
        let refs: Vec<&Responses> = runs.iter().collect();
        let same = compare_with(
            &responses(100, &[10.0, 10.5, 12.0, 33.0, 35.0]),
            &refs,
            0,
            1,
        );
        assert_eq!(same.verdict, Verdict::Reproduced, "{:?}", same.rows);
        let slow = compare_with(&responses(100, &[50.0, 60.0, 70.0, 90.0]), &refs, 0, 1);
        assert_eq!(slow.verdict, Verdict::SimulationFaster);
        assert!(slow.sentence().contains("faster than your team"));
        let fast = compare_with(&responses(100, &[1.0, 1.5, 2.0, 2.5]), &refs, 0, 1);
        assert_eq!(fast.verdict, Verdict::SimulationSlower);
        assert_eq!(
            compare_with(&responses(100, &[10.0]), &refs, 2, 1).verdict,
            Verdict::Overloaded
        );
        assert_eq!(same.cdf.minutes.len(), same.cdf.observed.len());
        let silent = [responses(100, &[]), responses(100, &[])];
        let silent: Vec<&Responses> = silent.iter().collect();
        let none = compare_with(&responses(100, &[10.0]), &silent, 0, 1);
        assert_eq!(none.verdict, Verdict::NothingAnswered);
        assert_eq!(none.rows[6].simulated.mean, 0.0);
    }
}
