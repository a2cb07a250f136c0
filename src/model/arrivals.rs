//! Exogenous arrivals: a non-homogeneous Poisson process over the weekly profile and the
//! incidents, sampled exactly over its piecewise-constant rate by inverting the integrated
//! rate (an Exp(1) amount of it per arrival), and the class and channel of each arrival
//! drawn from their shares.

use rand::RngExt;
use rand_distr::{Distribution, Exp1};

use super::Sim;
use super::event::Event;
use super::mention::draw_mention;
use super::routing::Routing;
use crate::engine::SimTime;
use crate::record::Recorder;

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

impl<R: Recorder, P: Routing> Sim<'_, R, P> {
    /// Next arrival of the non-homogeneous Poisson process after `t`: an Exp(1) amount of
    /// integrated rate, walked across the piecewise-constant segments.
    pub(super) fn next_arrival_after(&mut self, mut t: f64) -> Option<f64> {
        let mut need: f64 = Exp1.sample(&mut self.arrivals_rng);
        while t < self.horizon {
            let rate = self.sc.arrival_rate_per_min(t);
            let mut seg_end = ((t / 60.0).floor() + 1.0) * 60.0;
            if let Some(b) = self.sc.arrivals.timeline.next_change_after(t) {
                seg_end = seg_end.min(b);
            }
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
        if let Some(t) = self.next_arrival_after(now) {
            self.q.schedule(SimTime(t), Event::Arrival);
        }
        let rng = &mut self.customers_rng;
        let class = pick(&self.class_cum, rng.random::<f64>());
        let channel = pick(&self.channel_cum, rng.random::<f64>());
        let counted = now >= self.warmup;
        let m = draw_mention(self.sc, now, counted, rng, class, channel, None);
        self.admit(m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
