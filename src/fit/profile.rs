//! The weekly profile of the exogenous arrivals with its confidence bands, the incidents
//! (hours far above it), the day-to-day variation beyond Poisson and a hold-out check.

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// Hours in a week.
pub const WEEK_H: usize = 168;

/// z above which an hour is an incident candidate (about one false alarm in a billion
/// hours under the fitted variance).
pub const INCIDENT_Z: f64 = 6.0;

/// Least ratio of observed to expected for an incident hour.
pub const INCIDENT_RATIO: f64 = 2.0;

/// The fitted weekly profile.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekProfile {
    /// Mean rate of the exogenous arrivals outside incidents, per hour.
    pub rate_per_h: f64,
    /// 168 multipliers (Monday 00:00 first), averaging 1, smoothed over neighbouring hours.
    pub multipliers: Vec<f64>,
    /// Lower end of each multiplier's 95% band.
    pub low: Vec<f64>,
    /// Upper end of each multiplier's 95% band.
    pub high: Vec<f64>,
    /// The raw observed multipliers, before smoothing.
    pub observed: Vec<f64>,
}

/// An incident: consecutive hours far above the profile.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundIncident {
    /// First hour, from the start of the history.
    pub start_hour: usize,
    /// Hours it lasts.
    pub hours: usize,
    /// Mentions observed in it.
    pub observed: f64,
    /// Mentions the profile expects in it.
    pub expected: f64,
}

impl FoundIncident {
    /// Factor on the rate: observed over expected.
    pub fn multiplier(&self) -> f64 {
        self.observed / self.expected.max(1e-9)
    }
}

/// Day-to-day variation of the exogenous arrivals beyond Poisson.
#[derive(Debug, Clone, PartialEq)]
pub struct Dispersion {
    /// Days used.
    pub days: usize,
    /// Estimated coefficient of variation of a daily busyness factor (0: none found).
    pub cv: f64,
    /// p-value of the Poisson dispersion test (small: more variation than Poisson).
    pub p_value: f64,
}

impl Dispersion {
    /// Whether the variation is real enough to model: p < 0.01 and cv >= 0.02.
    pub fn significant(&self) -> bool {
        self.p_value < 0.01 && self.cv >= 0.02
    }
}

/// Mean absolute error of the hourly counts of a held-out last week.
#[derive(Debug, Clone, PartialEq)]
pub struct Holdout {
    /// Hours held out.
    pub hours: usize,
    /// Mean absolute error of the profile's prediction, mentions per hour.
    pub mae: f64,
    /// What pure Poisson noise would give around a perfect profile, mentions per hour.
    pub poisson_mae: f64,
}

/// Fits the profile to hourly `counts` (hour 0 at weekday `start_weekday` 00:00), leaving
/// out the hours `excluded` marks, with variance inflated by `cv` (daily variation).
pub fn fit(
    counts: &[u32],
    start_weekday: usize,
    excluded: &[bool],
    cv: f64,
) -> Option<WeekProfile> {
    let mut sum = [0.0; WEEK_H];
    let mut n = [0.0; WEEK_H];
    for (h, &c) in counts.iter().enumerate() {
        if !excluded.get(h).copied().unwrap_or(false) {
            let how = (start_weekday * 24 + h) % WEEK_H;
            sum[how] += f64::from(c);
            n[how] += 1.0;
        }
    }
    if n.contains(&0.0) {
        return None;
    }
    let raw: Vec<f64> = (0..WEEK_H).map(|i| sum[i] / n[i]).collect();
    let mean = raw.iter().sum::<f64>() / WEEK_H as f64;
    if mean <= 0.0 {
        return None;
    }
    let w = [0.15, 0.7, 0.15];
    let at = |i: usize, k: usize| (i + WEEK_H + k - 1) % WEEK_H;
    let smooth: Vec<f64> = (0..WEEK_H)
        .map(|i| (0..3).map(|k| w[k] * raw[at(i, k)]).sum())
        .collect();
    let smean = smooth.iter().sum::<f64>() / WEEK_H as f64;
    let mut low = Vec::with_capacity(WEEK_H);
    let mut high = Vec::with_capacity(WEEK_H);
    for i in 0..WEEK_H {
        // Variance of the smoothed mean: Poisson, independent from hour to hour, plus the
        // daily factor, which neighbouring hours share (so it does not average out).
        let poisson: f64 = (0..3)
            .map(|k| {
                let j = at(i, k);
                w[k] * w[k] * raw[j] / n[j]
            })
            .sum();
        let var = poisson + cv * cv * smooth[i] * smooth[i] / n[i];
        let half = 1.96 * var.sqrt();
        low.push(((smooth[i] - half) / smean).max(0.0));
        high.push((smooth[i] + half) / smean);
    }
    Some(WeekProfile {
        rate_per_h: smean,
        multipliers: smooth.iter().map(|v| v / smean).collect(),
        low,
        high,
        observed: raw.iter().map(|v| v / mean).collect(),
    })
}

/// The profile's expected count in hour `h`.
pub fn expected(p: &WeekProfile, start_weekday: usize, h: usize) -> f64 {
    p.rate_per_h * p.multipliers[(start_weekday * 24 + h) % WEEK_H]
}

/// Hours far above the profile (z above [`INCIDENT_Z`] under Poisson plus daily variation
/// `cv`, and at least [`INCIDENT_RATIO`] times the expectation), grouped into incidents.
pub fn incidents(
    counts: &[u32],
    p: &WeekProfile,
    start_weekday: usize,
    cv: f64,
) -> Vec<FoundIncident> {
    above(counts, |h| expected(p, start_weekday, h), cv)
}

/// Incidents against a leave-one-out profile: each hour compared with the mean of the
/// same hour of the week in the other weeks, so that an incident does not hide itself by
/// raising its own expectation (the first pass, before any hour is left out).
pub fn first_incidents(counts: &[u32], start_weekday: usize) -> Vec<FoundIncident> {
    let mut sum = [0.0; WEEK_H];
    let mut n = [0.0; WEEK_H];
    for (h, &c) in counts.iter().enumerate() {
        let how = (start_weekday * 24 + h) % WEEK_H;
        sum[how] += f64::from(c);
        n[how] += 1.0;
    }
    let expected: Vec<f64> = counts
        .iter()
        .enumerate()
        .map(|(h, &c)| {
            let how = (start_weekday * 24 + h) % WEEK_H;
            if n[how] > 1.0 {
                (sum[how] - f64::from(c)) / (n[how] - 1.0)
            } else {
                f64::INFINITY
            }
        })
        .collect();
    above(counts, |h| expected[h], 0.0)
}

/// Hours whose count is far above `expected(h)`, grouped.
fn above(counts: &[u32], expected: impl Fn(usize) -> f64, cv: f64) -> Vec<FoundIncident> {
    let mut out: Vec<FoundIncident> = Vec::new();
    for (h, &c) in counts.iter().enumerate() {
        let e = expected(h).max(0.5);
        let c = f64::from(c);
        let z = (c - e) / (e + cv * cv * e * e).sqrt();
        if z > INCIDENT_Z && c >= INCIDENT_RATIO * e {
            match out.last_mut() {
                Some(last) if last.start_hour + last.hours == h => {
                    last.hours += 1;
                    last.observed += c;
                    last.expected += e;
                }
                _ => out.push(FoundIncident {
                    start_hour: h,
                    hours: 1,
                    observed: c,
                    expected: e,
                }),
            }
        }
    }
    out
}

/// The hours the incidents cover.
pub fn excluded(hours: usize, found: &[FoundIncident]) -> Vec<bool> {
    let mut ex = vec![false; hours];
    for f in found {
        for v in ex.iter_mut().skip(f.start_hour).take(f.hours) {
            *v = true;
        }
    }
    ex
}

/// Day-to-day variation: each day's total over the profile's expectation (incident hours
/// left out); the variance beyond Poisson is the squared cv of a daily factor. Corrected
/// for the part the profile itself absorbs (one value per weekday over the weeks seen).
pub fn dispersion(
    counts: &[u32],
    p: &WeekProfile,
    start_weekday: usize,
    ex: &[bool],
) -> Dispersion {
    let mut ratios = Vec::new();
    let mut inv_e = Vec::new();
    let mut chi2 = 0.0;
    for day in 0..counts.len() / 24 {
        let (mut c, mut e) = (0.0, 0.0);
        for h in day * 24..day * 24 + 24 {
            if !ex[h] {
                c += f64::from(counts[h]);
                e += expected(p, start_weekday, h);
            }
        }
        if e > 0.0 {
            ratios.push(c / e);
            inv_e.push(1.0 / e);
            chi2 += (c - e) * (c - e) / e;
        }
    }
    let days = ratios.len();
    if days < 3 {
        return Dispersion {
            days,
            cv: 0.0,
            p_value: 1.0,
        };
    }
    let n = days as f64;
    let mean = ratios.iter().sum::<f64>() / n;
    let var = ratios.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let weeks = (n / 7.0).max(1.0);
    let absorbed = if weeks > 1.0 {
        weeks / (weeks - 1.0)
    } else {
        1.0
    };
    let poisson = inv_e.iter().sum::<f64>() / n;
    let cv2 = ((var - poisson) * absorbed).max(0.0);
    let dof = (n - (n / weeks).min(7.0)).max(1.0);
    let p_value = ChiSquared::new(dof).map_or(1.0, |d| 1.0 - d.cdf(chi2));
    Dispersion {
        days,
        cv: cv2.sqrt(),
        p_value,
    }
}

/// Fits the profile on all but the last whole week and measures its error there.
pub fn holdout(counts: &[u32], start_weekday: usize, ex: &[bool], cv: f64) -> Option<Holdout> {
    if counts.len() < 3 * WEEK_H {
        return None;
    }
    let split = counts.len() - WEEK_H;
    let p = fit(&counts[..split], start_weekday, &ex[..split], cv)?;
    let (mut err, mut noise, mut hours) = (0.0, 0.0, 0usize);
    for h in split..counts.len() {
        if ex[h] {
            continue;
        }
        let e = expected(&p, start_weekday, h);
        err += (f64::from(counts[h]) - e).abs();
        noise += (2.0 * e / std::f64::consts::PI).sqrt();
        hours += 1;
    }
    (hours > 0).then(|| Holdout {
        hours,
        mae: err / hours as f64,
        poisson_mae: noise / hours as f64,
    })
}
