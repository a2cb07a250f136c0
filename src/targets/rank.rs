//! Ranking plans by their targets: the plans meeting every target first, cheapest first,
//! then the others by the number of targets they miss and their cost. `carecast compare`
//! ranks its plans so, and `carecast sweep` names the cheapest point meeting every target.

use super::Verdicts;

/// Where a plan stands against its targets, for ranking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// Targets judged (0: the plan sets none, or its verdicts are unknown).
    pub targets: usize,
    /// Targets met.
    pub met: usize,
    /// Targets missed (mean on the wrong side).
    pub missed: usize,
    /// Mean total cost (the `cost_total` KPI); NaN when unknown.
    pub cost: f64,
}

impl Standing {
    /// The standing of a plan with verdicts `v` and mean total cost `cost`.
    pub fn of(v: &Verdicts, cost: f64) -> Self {
        Standing {
            targets: v.items.len(),
            met: v.count(super::Status::Meets),
            missed: v.missed(),
            cost,
        }
    }

    /// A plan whose verdicts are unknown (or that sets no target).
    pub fn unknown(cost: f64) -> Self {
        Standing {
            targets: 0,
            met: 0,
            missed: 0,
            cost,
        }
    }

    /// Whether the plan has targets and meets every one.
    pub fn meets_all(&self) -> bool {
        self.targets > 0 && self.met == self.targets
    }

    /// The sort key: meeting every target, then some targets judged, then none; within a
    /// class, fewer missed first, then cheaper (an unknown cost last).
    fn key(&self) -> (u8, usize, f64) {
        let class = if self.meets_all() {
            0
        } else if self.targets > 0 {
            1
        } else {
            2
        };
        let cost = if self.cost.is_nan() {
            f64::INFINITY
        } else {
            self.cost
        };
        (class, self.missed, cost)
    }
}

/// The plans' indices, best first: those meeting every target by cost, then those with
/// targets by the number missed and cost, then those without targets or verdicts by cost.
/// Ties keep the given order.
pub fn rank(standings: &[Standing]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..standings.len()).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (standings[a].key(), standings[b].key());
        ka.0.cmp(&kb.0)
            .then(ka.1.cmp(&kb.1))
            .then(ka.2.total_cmp(&kb.2))
    });
    order
}

/// The cheapest plan meeting every target, if any does.
pub fn cheapest_meeting(standings: &[Standing]) -> Option<usize> {
    rank(standings)
        .first()
        .copied()
        .filter(|&i| standings[i].meets_all())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(targets: usize, met: usize, missed: usize, cost: f64) -> Standing {
        Standing {
            targets,
            met,
            missed,
            cost,
        }
    }

    #[test]
    fn meeting_plans_come_first_by_cost_then_the_others_by_misses_and_cost() {
        let plans = [
            s(2, 1, 1, 100.0),    // cheap, misses one
            s(2, 2, 0, 300.0),    // meets, dear
            s(2, 2, 0, 200.0),    // meets, cheaper
            s(2, 0, 2, 50.0),     // misses both
            s(2, 1, 0, 90.0),     // one too close to call
            s(0, 0, 0, 10.0),     // no targets
            s(2, 1, 1, f64::NAN), // misses one, cost unknown
        ];
        assert_eq!(rank(&plans), [2, 1, 4, 0, 6, 3, 5]);
        assert_eq!(cheapest_meeting(&plans), Some(2));
        assert_eq!(cheapest_meeting(&plans[3..]), None);
        assert_eq!(cheapest_meeting(&[]), None);
        assert!(!Standing::unknown(1.0).meets_all());
    }
}
