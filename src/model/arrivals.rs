//! Exogenous arrivals: a non-homogeneous Poisson process over the weekly profile and the
//! incidents, sampled exactly over its piecewise-constant rate by inverting the integrated
//! rate (an Exp(1) amount of it per arrival), and the class and channel of each arrival
//! drawn from their shares.

use rand::RngExt;
use rand_distr::{Distribution, Exp1, Gamma};

use super::Sim;
use super::event::Event;
use super::mention::draw_mention;
use super::routing::Routing;
use crate::engine::SimTime;
use crate::record::Recorder;
use crate::rng::{Purpose, stream};
use crate::scenario::Scenario;

/// The busyness factor of each simulated day (gamma, mean 1, coefficient of variation
/// `arrivals.daily_variation.cv`), drawn from their own stream so that turning them on
/// leaves the customers and the staffing draws unchanged. Empty when there is none.
pub(super) fn day_factors(sc: &Scenario, replication: u64) -> Vec<f64> {
    let cv = sc.arrivals.daily_cv;
    let Ok(gamma) = Gamma::new(1.0 / (cv * cv), cv * cv) else {
        return Vec::new();
    };
    if cv <= 0.0 {
        return Vec::new();
    }
    let days = (sc.horizon_min / 1440.0).ceil().max(1.0) as usize;
    let mut rng = stream(sc.seed, replication, Purpose::Busyness);
    (0..days).map(|_| gamma.sample(&mut rng)).collect()
}

/// Running sums of `shares`, the last one infinite so that every uniform finds a bin.
pub(super) fn cumulative(shares: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut acc = 0.0;
    let mut v: Vec<f64> = shares
        .map(|s| {
            acc += s;
            acc
        })
        .collect();
    if let Some(last) = v.last_mut() {
        *last = f64::INFINITY;
    }
    v
}

/// The bin of `cum` (from [`cumulative`]) that uniform `u` falls in.
fn pick(cum: &[f64], u: f64) -> usize {
    cum.partition_point(|&c| c <= u).min(cum.len() - 1)
}

/// A stretch of the horizon over which the arrival rate is constant: from a time to the
/// end of its hour or the next change of the incidents' timeline, whichever is first.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    pub(super) start: f64,
    pub(super) end: f64,
    /// Mentions per minute.
    pub(super) rate: f64,
}

impl Segment {
    /// No stretch: contains no time.
    pub(super) const EMPTY: Segment = Segment {
        start: f64::INFINITY,
        end: f64::NEG_INFINITY,
        rate: 0.0,
    };
}

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// The stretch of constant rate that holds `t`, from the one cached on the last
    /// call when it still holds `t` (arrivals move forward, many to a stretch).
    fn segment_at(&mut self, t: f64) -> Segment {
        let cached = self.arrival_segment;
        if t >= cached.start && t < cached.end {
            return cached;
        }
        let mut rate = self.sc.arrival_rate_per_min(t);
        if let Some(f) = self.day_factors.get((t / 1440.0) as usize) {
            rate *= f;
        }
        let mut end = ((t / 60.0).floor() + 1.0) * 60.0;
        if let Some(b) = self.sc.arrivals.timeline.next_change_after(t) {
            end = end.min(b);
        }
        // The rate, the end and the next change are the same from `t` to `end`.
        let seg = Segment {
            start: t,
            end,
            rate,
        };
        self.arrival_segment = seg;
        seg
    }

    /// Next arrival of the non-homogeneous Poisson process after `t`: an Exp(1) amount of
    /// integrated rate, walked across the piecewise-constant segments.
    pub(super) fn next_arrival_after(&mut self, mut t: f64) -> Option<f64> {
        if self.sc.arrivals.trace.is_some() {
            return self.next_replayed();
        }
        let mut need: f64 = Exp1.sample(&mut self.arrivals_rng);
        while t < self.horizon {
            let Segment {
                end: seg_end, rate, ..
            } = self.segment_at(t);
            let mass = rate * (seg_end - t);
            if mass >= need {
                return Some(t + need / rate);
            }
            need -= mass;
            t = seg_end;
        }
        None
    }

    /// An exogenous mention arrives: the next one is scheduled, this one's customer drawn.
    pub(super) fn on_arrival(&mut self) {
        let now = self.now();
        let replayed = self.replayed_labels();
        if let Some(t) = self.next_arrival_after(now) {
            self.q.schedule_lane(SimTime(t), Event::Arrival);
        }
        let rng = &mut self.customers_rng;
        let class = pick(&self.class_cum, rng.random::<f64>());
        let channel = pick(&self.channel_cum, rng.random::<f64>());
        let (class, channel) = (replayed.0.unwrap_or(class), replayed.1.unwrap_or(channel));
        let counted = now >= self.warmup;
        let k = self.new_slot();
        let m = &mut self.mentions[k.idx as usize];
        let rng = &mut self.customers_rng;
        draw_mention(self.sc, now, counted, rng, class, channel, None, m);
        self.admit(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(sets: &[&str]) -> Scenario {
        let mut all = vec!["horizon=\"400d\"".to_string(), "warmup=\"0m\"".to_string()];
        all.extend(sets.iter().map(|s| s.to_string()));
        Scenario::builtin(&all).expect("valid scenario")
    }

    #[test]
    fn daily_factors_have_mean_one_and_the_given_cv_on_their_own_stream() {
        let sc = scenario(&["arrivals.daily_variation={cv=0.3}"]);
        let f = day_factors(&sc, 0);
        assert_eq!(f.len(), 400);
        let n = f.len() as f64;
        let mean = f.iter().sum::<f64>() / n;
        let sd = (f.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        // Standard error of the mean: 0.3 / sqrt(400) = 0.015; 4 of them.
        assert!((mean - 1.0).abs() < 0.06, "mean {mean}");
        // The sample sd of a gamma with cv 0.3 over 400 days is within about 0.3 +- 0.04.
        assert!((sd - 0.3).abs() < 0.06, "sd {sd}");
        // Other plans (staffing, policy) see the very same days; other replications not.
        let other = scenario(&[
            "arrivals.daily_variation={cv=0.3}",
            "staffing.groups[0].agents=5",
            "policy.discipline=lifo",
        ]);
        assert_eq!(day_factors(&other, 0), f);
        assert_ne!(day_factors(&sc, 1), f);
        assert!(day_factors(&scenario(&[]), 0).is_empty());
    }

    #[test]
    fn a_daily_cv_out_of_range_is_refused_by_name() {
        let text = Scenario::builtin(&["arrivals.daily_variation={cv=7}".to_string()])
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string());
        assert!(text.contains("arrivals.daily_variation.cv"), "{text}");
        assert!(text.contains("at most 3"), "{text}");
    }

    #[test]
    fn every_uniform_falls_in_a_bin_of_its_share() {
        let cum = cumulative([0.25, 0.5, 0.25].into_iter());
        assert_eq!(cum, vec![0.25, 0.75, f64::INFINITY]);
        assert_eq!(pick(&cum, 0.0), 0);
        assert_eq!(pick(&cum, 0.25), 1);
        assert_eq!(pick(&cum, 0.7), 1);
        assert_eq!(pick(&cum, 0.999), 2);
    }
}
