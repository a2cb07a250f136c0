//! Synthetic histories from known parameters (a weekly profile, incidents, a daily
//! busyness factor, self-excitation with parent ids), for checking that `carecast fit`
//! finds them again and for the example history shipped with the scenarios.

use std::io::Write;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Exp, Gamma, LogNormal, Poisson};

use crate::history::time::{self, Stamp};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// First day, days since 1970-01-01 (local date); the history starts at its 00:00.
    pub first_day: i64,
    /// UTC offset the timestamps are written in, minutes.
    pub offset_min: i32,
    /// Days generated.
    pub days: usize,
    /// Mean exogenous rate, per hour.
    pub rate_per_h: f64,
    /// 168 multipliers, Monday 00:00 first, averaging 1.
    pub weekly: Vec<f64>,
    /// Incidents: first hour, hours, factor on the rate.
    pub incidents: Vec<(usize, usize, f64)>,
    /// Coefficient of variation of a gamma daily factor (0: none).
    pub daily_cv: f64,
    /// Children per mention.
    pub branching: f64,
    /// Mean delay of a child, minutes.
    pub decay_min: f64,
    /// Channels and shares.
    pub channels: Vec<(String, f64)>,
    /// Classes and shares.
    pub classes: Vec<(String, f64)>,
    /// Seed.
    pub seed: u64,
}

fn pick(items: &[(String, f64)], u: f64) -> &str {
    let total: f64 = items.iter().map(|i| i.1).sum();
    let mut acc = 0.0;
    for (name, share) in items {
        acc += share / total;
        if u < acc {
            return name;
        }
    }
    items.last().map_or("", |i| i.0.as_str())
}

/// Writes the history as CSV (id, created_at, channel, class, followers,
/// first_response_at, replies, private, parent_id), in time order.
pub fn write(spec: &Spec, out: &mut dyn Write) -> std::io::Result<()> {
    let bad = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, e);
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let hours = spec.days * 24;
    let start_weekday = crate::history::time::weekday_of_day(spec.first_day);
    let cv2 = spec.daily_cv * spec.daily_cv;
    let busy = if cv2 > 0.0 {
        Some(Gamma::new(1.0 / cv2, cv2).map_err(|e| bad(e.to_string()))?)
    } else {
        None
    };
    let end = hours as f64 * 60.0;
    // (time, id, parent)
    let mut events: Vec<(f64, u64, Option<u64>)> = Vec::new();
    let mut next_id = 1u64;
    let mut day_factor = 1.0;
    for h in 0..hours {
        if h % 24 == 0 {
            day_factor = busy.map_or(1.0, |g| g.sample(&mut rng));
        }
        let mut rate = spec.rate_per_h * spec.weekly[(start_weekday * 24 + h) % 168] * day_factor;
        for &(s, n, m) in &spec.incidents {
            if (s..s + n).contains(&h) {
                rate *= m;
            }
        }
        let k = if rate > 0.0 {
            Poisson::new(rate)
                .map_err(|e| bad(e.to_string()))?
                .sample(&mut rng) as u64
        } else {
            0
        };
        for _ in 0..k {
            events.push((h as f64 * 60.0 + rng.random::<f64>() * 60.0, next_id, None));
            next_id += 1;
        }
    }
    if spec.branching > 0.0 {
        let kids = Poisson::new(spec.branching).map_err(|e| bad(e.to_string()))?;
        let delay = Exp::new(1.0 / spec.decay_min).map_err(|e| bad(e.to_string()))?;
        let mut i = 0;
        while i < events.len() {
            let (t, id, _) = events[i];
            let k = kids.sample(&mut rng) as u64;
            for _ in 0..k {
                let tc = t + delay.sample(&mut rng);
                if tc < end {
                    events.push((tc, next_id, Some(id)));
                    next_id += 1;
                }
            }
            i += 1;
        }
    }
    events.sort_by(|a, b| a.0.total_cmp(&b.0));
    let followers = LogNormal::new(200f64.ln(), 1.5).map_err(|e| bad(e.to_string()))?;
    let response = LogNormal::new(25f64.ln(), 1.0).map_err(|e| bad(e.to_string()))?;
    let zero_s = spec.first_day as f64 * 86_400.0 - f64::from(spec.offset_min) * 60.0;
    let stamp = |t_min: f64| {
        time::format(&Stamp {
            utc_s: zero_s + t_min * 60.0,
            offset_min: spec.offset_min,
        })
    };
    writeln!(
        out,
        "id,created_at,channel,class,followers,first_response_at,replies,private,parent_id"
    )?;
    for (t, id, parent) in events {
        let channel = pick(&spec.channels, rng.random::<f64>());
        let class = pick(&spec.classes, rng.random::<f64>());
        let f = followers.sample(&mut rng).round();
        let answered = rng.random::<f64>() < 0.8;
        let first = if answered {
            stamp(t + response.sample(&mut rng))
        } else {
            String::new()
        };
        let replies = if answered {
            1 + (rng.random::<f64>() * 3.0) as u32
        } else {
            0
        };
        let private = rng.random::<f64>() < 0.1;
        let parent = parent.map(|p| format!("m{p}")).unwrap_or_default();
        writeln!(
            out,
            "m{id},{},{channel},{class},{f},{first},{replies},{private},{parent}",
            stamp(t)
        )?;
    }
    Ok(())
}
