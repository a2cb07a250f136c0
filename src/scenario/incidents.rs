//! The incidents as a timeline: the sorted times where one starts or ends, and the factor
//! they put on the arrival rate between two such times, so that the factor at any time
//! and the next time it changes are found by binary search (O(log n) in the number of
//! incidents) instead of a scan of every incident.

use super::arrivals::Incident;

/// The factor the incidents put on the arrival rate, as a step function of time.
///
/// Between `bounds[j]` and `bounds[j + 1]` the factor is `factors[j]`; before the first
/// bound and from the last one on it is 1. An interval inside one incident has exactly
/// that incident's multiplier, and outside every incident exactly 1, so the rate is the
/// same number as when each incident is checked in turn; where incidents overlap, the
/// factor is the product of their multipliers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IncidentTimeline {
    /// Every incident's start and end, ascending, without repeats.
    bounds: Vec<f64>,
    /// `factors[j]`: the factor on `[bounds[j], bounds[j + 1])`.
    factors: Vec<f64>,
}

impl IncidentTimeline {
    /// The timeline of `incidents` (each active on `[start_min, end_min)`), in
    /// O(n log n).
    pub fn of(incidents: &[Incident]) -> Self {
        let mut bounds: Vec<f64> = incidents
            .iter()
            .flat_map(|i| [i.start_min, i.end_min])
            .filter(|b| !b.is_nan())
            .collect();
        bounds.sort_by(f64::total_cmp);
        bounds.dedup();
        // A sweep over the bounds: at each, the incidents starting there join the product
        // and those ending there leave it. The product is kept in a segment tree over the
        // incidents so that joining and leaving take O(log n).
        let mut tree = ProductTree::new(incidents.len());
        let mut starts: Vec<(usize, usize)> = Vec::with_capacity(incidents.len());
        let mut ends: Vec<(usize, usize)> = Vec::with_capacity(incidents.len());
        for (i, inc) in incidents.iter().enumerate() {
            if inc.start_min < inc.end_min {
                starts.push((position(&bounds, inc.start_min), i));
                ends.push((position(&bounds, inc.end_min), i));
            }
        }
        starts.sort_unstable();
        ends.sort_unstable();
        let (mut s, mut e) = (0, 0);
        let mut factors = Vec::with_capacity(bounds.len().saturating_sub(1));
        for j in 0..bounds.len().saturating_sub(1) {
            while e < ends.len() && ends[e].0 <= j {
                tree.set(ends[e].1, 1.0);
                e += 1;
            }
            while s < starts.len() && starts[s].0 <= j {
                tree.set(starts[s].1, incidents[starts[s].1].multiplier);
                s += 1;
            }
            factors.push(tree.product());
        }
        IncidentTimeline { bounds, factors }
    }

    /// The factor on the arrival rate at time `t_min`.
    pub fn factor_at(&self, t_min: f64) -> f64 {
        let after = self.bounds.partition_point(|&b| b <= t_min);
        match after.checked_sub(1) {
            Some(j) => self.factors.get(j).copied().unwrap_or(1.0),
            None => 1.0,
        }
    }

    /// The first time after `t_min` where the factor may change, if any.
    pub fn next_change_after(&self, t_min: f64) -> Option<f64> {
        let after = self.bounds.partition_point(|&b| b <= t_min);
        self.bounds.get(after).copied()
    }

    /// Whether no incident changes the rate anywhere.
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }
}

/// The index of `b` in `bounds` (which holds it).
fn position(bounds: &[f64], b: f64) -> usize {
    bounds.partition_point(|&x| x < b)
}

/// A segment tree of factors (1 by default) that keeps their product.
struct ProductTree {
    leaves: usize,
    nodes: Vec<f64>,
}

impl ProductTree {
    fn new(n: usize) -> Self {
        let leaves = n.next_power_of_two().max(1);
        ProductTree {
            leaves,
            nodes: vec![1.0; 2 * leaves],
        }
    }

    fn set(&mut self, i: usize, value: f64) {
        let mut k = self.leaves + i;
        self.nodes[k] = value;
        while k > 1 {
            k /= 2;
            self.nodes[k] = self.nodes[2 * k] * self.nodes[2 * k + 1];
        }
    }

    fn product(&self) -> f64 {
        self.nodes[1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(start_min: f64, end_min: f64, multiplier: f64) -> Incident {
        Incident {
            name: String::new(),
            start_min,
            end_min,
            duration_min: end_min - start_min,
            multiplier,
        }
    }

    /// The factor as each incident checked in turn gives it.
    fn scanned(incidents: &[Incident], t: f64) -> f64 {
        let mut r = 1.0;
        for inc in incidents {
            if t >= inc.start_min && t < inc.end_min {
                r *= inc.multiplier;
            }
        }
        r
    }

    #[test]
    fn the_timeline_agrees_with_a_scan_of_every_incident() {
        let incidents = [
            incident(10.0, 20.0, 3.0),
            incident(15.0, 30.0, 2.0),
            incident(40.0, 41.0, 0.5),
            incident(40.0, 45.0, 4.0),
            incident(100.0, 160.0, 0.0),
        ];
        let timeline = IncidentTimeline::of(&incidents);
        for k in 0..400 {
            let t = f64::from(k) * 0.5 - 5.0;
            assert_eq!(timeline.factor_at(t), scanned(&incidents, t), "at {t}");
        }
        assert_eq!(timeline.next_change_after(0.0), Some(10.0));
        assert_eq!(timeline.next_change_after(10.0), Some(15.0));
        assert_eq!(timeline.next_change_after(40.5), Some(41.0));
        assert_eq!(timeline.next_change_after(160.0), None);
        assert!(IncidentTimeline::of(&[]).is_empty());
        assert_eq!(IncidentTimeline::of(&[]).factor_at(3.0), 1.0);
    }

    #[test]
    fn one_incident_at_a_time_gives_its_multiplier_exactly() {
        // 100,000 back-to-back incidents with awkward multipliers: each interval's factor
        // is its incident's multiplier to the bit, and both lookups are binary searches.
        let n = 100_000;
        let incidents: Vec<Incident> = (0..n)
            .map(|i| {
                let s = f64::from(i) * 0.7;
                incident(s, s + 0.5, 1.0 + f64::from(i % 97) / 7.0)
            })
            .collect();
        let timeline = IncidentTimeline::of(&incidents);
        assert_eq!(timeline.bounds.len(), 2 * n as usize);
        for inc in incidents.iter().step_by(997) {
            let mid = (inc.start_min + inc.end_min) / 2.0;
            assert_eq!(timeline.factor_at(mid).to_bits(), inc.multiplier.to_bits());
            assert_eq!(timeline.factor_at(inc.end_min + 0.1), 1.0);
            assert_eq!(timeline.next_change_after(mid), Some(inc.end_min));
        }
    }
}
