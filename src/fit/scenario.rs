//! The fitted scenario: the built-in example's behaviour and staffing (edit them), with
//! the arrivals, channels, classes, followers, replies and self-excitation of the history.

use super::Fit;
use super::observe::Label;
use crate::history::time::weekday_of_day;
use crate::scenario::arrivals::DailyVariationFile;
use crate::scenario::calendar::Weekday;
use crate::scenario::dist::DistSpec;
use crate::scenario::duration::Duration;
use crate::scenario::file::{ChannelFile, ClassFile, IncidentFile, ScenarioFile};
use crate::scenario::{Scenario, ScenarioError, is_valid_name};

fn round(v: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (v * f).round() / f
}

/// Shares of labels, rounded, summing to 1 (the rounding put on the largest).
fn shares(labels: &[Label]) -> Vec<f64> {
    let total: u64 = labels.iter().map(|l| l.count).sum();
    let mut s: Vec<f64> = labels
        .iter()
        .map(|l| round(l.count as f64 / total.max(1) as f64, 4))
        .collect();
    let sum: f64 = s.iter().sum();
    if let Some(i) = (0..s.len()).max_by_key(|&i| labels[i].count) {
        s[i] = round(s[i] + 1.0 - sum, 4);
    }
    s
}

/// A history's label as a scenario name (letters, digits, `-`, `_`, `.`).
fn as_name(raw: &str) -> String {
    let mut n: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    if !n.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        n.insert(0, 'x');
        n.truncate(100);
    }
    n
}

/// The fitted scenario, named `name`, described as fitted from `source`.
pub fn scenario_file(fit: &Fit, name: &str, source: &str) -> Result<ScenarioFile, ScenarioError> {
    let base = Scenario::builtin(&[])?;
    let mut f = ScenarioFile::from(&base);
    let o = &fit.observed;
    f.name = if is_valid_name(name) {
        name.to_string()
    } else {
        "fitted".into()
    };
    f.description = format!(
        "Fitted by carecast fit from {source}: {} mentions over {} days.",
        o.rows, o.days
    );
    f.horizon = Duration::from_minutes(o.days as f64 * 1440.0);
    f.warmup = Duration::from_minutes(0.0);
    f.start_day = Weekday::from_index(weekday_of_day(o.first_day));
    let a = &mut f.arrivals;
    a.rate_per_h = round(fit.profile.rate_per_h, 3);
    a.profile = None;
    a.hourly = None;
    a.daily = None;
    a.weekly = Some(
        fit.profile
            .multipliers
            .iter()
            .map(|m| round(*m, 4))
            .collect(),
    );
    a.incidents = fit
        .incidents
        .iter()
        .enumerate()
        .map(|(i, inc)| IncidentFile {
            name: format!("incident-{}", i + 1),
            start: Duration::from_minutes(inc.start_hour as f64 * 60.0),
            duration: Duration::from_minutes(inc.hours as f64 * 60.0),
            multiplier: round(inc.multiplier(), 2),
        })
        .collect();
    a.daily_variation = (fit.daily_cv() > 0.0).then(|| DailyVariationFile {
        cv: round(fit.daily_cv(), 3),
    });
    if !o.channels.is_empty() {
        let template = f.channels[0].clone();
        let old = std::mem::take(&mut f.channels);
        f.channels = o
            .channels
            .iter()
            .zip(shares(&o.channels))
            .map(|(l, share)| {
                let name = as_name(&l.name);
                let like = old.iter().find(|c| c.name == name).unwrap_or(&template);
                ChannelFile {
                    name,
                    share,
                    ..like.clone()
                }
            })
            .collect();
    }
    if !o.classes.is_empty() {
        let template = f
            .classes
            .iter()
            .find(|c| c.name == "question")
            .unwrap_or(&f.classes[0])
            .clone();
        let old = std::mem::take(&mut f.classes);
        f.classes = o
            .classes
            .iter()
            .zip(shares(&o.classes))
            .map(|(l, share)| {
                let name = as_name(&l.name);
                let like = old.iter().find(|c| c.name == name).unwrap_or(&template);
                let mut c = ClassFile {
                    name,
                    share,
                    ..like.clone()
                };
                if l.with_private > 0 {
                    c.private = round(l.private as f64 / l.with_private as f64, 3);
                }
                c
            })
            .collect();
        // Targets and the bot may name the example's classes and channels: drop them.
        f.targets = None;
        f.bot = Default::default();
    }
    if let Some(h) = &o.followers {
        let median = h.value_at_quantile(0.5) as f64;
        let p90 = h.value_at_quantile(0.9) as f64;
        f.customers.followers = if p90 > median && median > 0.0 {
            DistSpec::Lognormal { median, p90 }
        } else {
            DistSpec::Constant { value: median }
        };
    }
    if let Some(r) = &o.replies {
        let values: Vec<f64> = (1..r.len())
            .filter(|&k| r[k] > 0)
            .map(|k| k as f64)
            .collect();
        let total: u64 = r[1..].iter().sum();
        if total > 0 {
            let weights = values
                .iter()
                .map(|&k| round(r[k as usize] as f64 / total as f64, 4))
                .collect();
            let spec = DistSpec::Empirical {
                values,
                weights: Some(weights),
            };
            for c in &mut f.classes {
                if c.answer {
                    c.replies = spec.clone();
                }
            }
        }
    }
    if let Some(h) = &fit.hawkes {
        f.virality.enabled = true;
        f.virality.offspring = round(h.branching.min(0.99), 3);
        f.virality.decay = Duration::from_minutes(round(h.decay_min, 1));
    }
    // It must read back as a valid scenario.
    Scenario::try_from(&f)?;
    Ok(f)
}
