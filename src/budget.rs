//! The memory and the work a run will need, estimated from the scenario before any
//! replication runs: [`Budget::of`].
//!
//! The estimate walks the horizon hour by hour: the mentions offered in the hour (the
//! arrival rate, profile and incidents included) against what the agents on shift can
//! answer in it (agents net of shrinkage, times their speed, over the mean work of a
//! conversation of the scenario's mix; concurrency and its slowdown left out, so the
//! capacity is, if anything, too high). What is not answered waits, and an unanswered
//! public complaint spawns more: the share of the hour's mentions left waiting is
//! multiplied by the cascade size `1 / (1 - b)` of the branching ratio `b` (virality
//! offspring plus customers' reposts). A backlog cannot outgrow what `policy.max_age`
//! (or, without `answer_after_abandon`, the customers' patience) lets wait: the arrivals
//! of that long, each with the generations of its cascade born within it (one generation
//! per `virality.decay`). The largest backlog of the horizon is the predicted peak of
//! mentions in the system.
//!
//! A run whose predicted peak passes `limits.max_in_system` will have its replications
//! stopped there and reported as overloaded ([`crate::experiment`]): [`Budget::warning`]
//! says so before the run, in numbers. A run whose replications in progress would hold
//! more than [`MEMORY_CEILING`] bytes at once (the peak, capped by the limit, times the
//! memory of a mention, times the replications run at once) is refused by
//! [`Budget::check`], naming the cause and the ways out.

use crate::scenario::Scenario;
use crate::scenario::calendar::{HOUR_MIN, hours_inside};
use crate::scenario::limits::BYTES_PER_MENTION;

/// The most memory the replications in progress of one run may be estimated to hold,
/// bytes (4 GB).
pub const MEMORY_CEILING: f64 = 4e9;

/// Simulated mentions in all (replications times mentions per replication, cascades
/// included) past which [`Budget::warning`] says the run will take long.
pub const LONG_RUN_MENTIONS: f64 = 1e10;

/// The estimated needs of a run of a scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Mean mentions offered per hour over the horizon (exogenous arrivals).
    pub offered_per_h: f64,
    /// Mean mentions the agents on shift can answer per hour over the horizon.
    pub capacity_per_h: f64,
    /// Branching ratio of virality (offspring plus reposts; 0 without virality).
    pub branching: f64,
    /// Predicted largest number of mentions waiting at once in a replication.
    pub peak_in_system: f64,
    /// Predicted mentions waiting at the horizon.
    pub waiting_at_horizon: f64,
    /// Predicted mentions simulated in all the replications.
    pub mentions_in_all: f64,
    /// The scenario's `limits.max_in_system`.
    pub max_in_system: u64,
    /// Hours in the horizon.
    pub horizon_h: f64,
    /// Total agents of the scenario's groups.
    pub agents: u64,
}

impl Budget {
    /// The estimate for `sc` (cheap: one pass over the hours of the horizon).
    pub fn of(sc: &Scenario) -> Self {
        let work_min = mean_work_min(sc);
        let branching = sc.virality.as_ref().map_or(0.0, |v| v.offspring) + sc.customers.repost;
        let cascade = if branching < 1.0 {
            1.0 / (1.0 - branching)
        } else {
            f64::INFINITY
        };
        let on: Vec<[bool; crate::scenario::calendar::WEEK_H]> =
            sc.groups.iter().map(|g| hours_inside(&g.shifts)).collect();
        // Conversations an available agent finishes per hour (all of them without work).
        let per_agent_h = if work_min > 0.0 {
            HOUR_MIN / work_min
        } else {
            f64::INFINITY
        };
        let hours = (sc.horizon_min / HOUR_MIN).ceil().max(1.0) as usize;
        let wait_cap_h = wait_cap_h(sc);
        let (mut backlog, mut peak, mut offered, mut capacity, mut all) =
            (0.0f64, 0.0f64, 0.0, 0.0, 0.0);
        for h in 0..hours {
            let t = (h as f64 + 0.5) * HOUR_MIN;
            let arrivals = sc.arrival_rate_per_min(t) * HOUR_MIN;
            let how = sc.hour_of_week(t);
            let can: f64 = sc
                .groups
                .iter()
                .zip(&on)
                .filter(|(_, on)| on[how])
                .map(|(g, _)| f64::from(g.agents) * (1.0 - g.shrinkage) * g.speed)
                .sum::<f64>()
                * per_agent_h;
            let due = backlog + arrivals;
            let left = (due - can).max(0.0);
            let share_left = if due > 0.0 { left / due } else { 0.0 };
            // The mentions left waiting spawn their cascades; the answered ones little.
            let spawned = arrivals * share_left * (cascade - 1.0);
            backlog = left + spawned;
            if let Some(cap) = wait_cap_h {
                // What can wait at once: the arrivals of the longest wait, each with the
                // generations of its cascade born within it.
                backlog = backlog.min(arrivals * cascade_within(sc, branching, cap) * cap);
            }
            peak = peak.max(backlog);
            offered += arrivals;
            capacity += can;
            all += arrivals + spawned;
        }
        Budget {
            offered_per_h: offered / hours as f64,
            capacity_per_h: capacity / hours as f64,
            branching,
            peak_in_system: peak,
            waiting_at_horizon: backlog,
            mentions_in_all: all * f64::from(sc.replications),
            max_in_system: sc.max_in_system,
            horizon_h: sc.horizon_min / HOUR_MIN,
            agents: sc.groups.iter().map(|g| u64::from(g.agents)).sum(),
        }
    }

    /// Whether the replications are predicted to pass `limits.max_in_system`.
    pub fn overloads(&self) -> bool {
        self.peak_in_system > self.max_in_system as f64
    }

    /// Bytes the replications in progress are predicted to hold at once, `threads` of
    /// them at a time: the peak (capped by the limit) times the memory of a mention.
    pub fn memory_bytes(&self, threads: usize) -> f64 {
        self.peak_in_system.min(self.max_in_system as f64)
            * BYTES_PER_MENTION as f64
            * threads.max(1) as f64
    }

    /// The load against the capacity, in words: "at 1,000,000 mentions/h the 3 agents
    /// answer about 60/h: about 24,000,000 mentions would be waiting by the end of the
    /// horizon (1 day)".
    fn load_words(&self) -> String {
        let n = |x: f64| crate::format::thousands(x.min(1e18), 0);
        let virality = if self.branching > 0.0 {
            format!(
                " (with cascades of unanswered complaints, branching ratio {:.3})",
                self.branching
            )
        } else {
            String::new()
        };
        format!(
            "at {} mentions/h the {} agents answer about {}/h: about {} mentions would be waiting at the worst of the horizon ({}){virality}",
            n(self.offered_per_h),
            self.agents,
            n(self.capacity_per_h),
            n(self.peak_in_system),
            crate::format::human_minutes(self.horizon_h * HOUR_MIN),
        )
    }

    /// Refuses a run whose replications in progress would hold more than
    /// [`MEMORY_CEILING`] bytes, run `threads` at a time: the message names the cause
    /// and the ways out.
    pub fn check(&self, threads: usize) -> Result<(), String> {
        let bytes = self.memory_bytes(threads);
        if bytes <= MEMORY_CEILING {
            return Ok(());
        }
        Err(format!(
            "this run would need about {} of memory: {}, and limits.max_in_system = {} lets each of the {} replications in progress hold them ({} bytes a mention); add agents, shorten the horizon, lower limits.max_in_system or run fewer threads",
            gigabytes(bytes),
            self.load_words(),
            crate::format::thousands(self.max_in_system as f64, 0),
            threads.max(1),
            BYTES_PER_MENTION,
        ))
    }

    /// What to tell the user before the run, if anything: that its replications will be
    /// stopped as overloaded, or that it will take long.
    pub fn warning(&self) -> Option<String> {
        if self.overloads() {
            return Some(format!(
                "{} (≈{} per replication); each replication stops when more than limits.max_in_system = {} mentions are in the system and is reported as overloaded; add agents, shorten the horizon, or set limits.max_in_system",
                self.load_words(),
                gigabytes(self.peak_in_system * BYTES_PER_MENTION as f64),
                crate::format::thousands(self.max_in_system as f64, 0),
            ));
        }
        (self.mentions_in_all > LONG_RUN_MENTIONS).then(|| {
            format!(
                "this run simulates about {} mentions in all its replications: expect it to take hours; fewer replications or a shorter horizon would be quicker",
                crate::format::thousands(self.mentions_in_all.min(1e18), 0)
            )
        })
    }
}

/// `bytes` as "3.2 GB" or "250 MB" ("more than a million GB" beyond that).
fn gigabytes(bytes: f64) -> String {
    if !bytes.is_finite() || bytes >= 1e15 {
        "more than a million GB".to_string()
    } else if bytes >= 1e9 {
        format!("{:.1} GB", bytes / 1e9)
    } else {
        format!("{:.0} MB", (bytes / 1e6).max(1.0))
    }
}

/// Mean agent-minutes of work of a conversation (first reply and follow-ups, at speed 1)
/// over the answerable mix of channels and classes, net of what the bot answers alone.
fn mean_work_min(sc: &Scenario) -> f64 {
    let (mut weight, mut work) = (0.0, 0.0);
    for (ci, ch) in sc.channels.iter().enumerate() {
        for (ki, cl) in sc.classes.iter().enumerate().filter(|(_, c)| c.answer) {
            let w = ch.share * cl.share;
            let human = match &sc.bot {
                Some(b) if b.channels[ci] && b.classes[ki] => b.handover,
                _ => 1.0,
            };
            let follow_ups = (cl.replies.mean() - 1.0).max(0.0);
            let minutes = (cl.handle_time.mean() + follow_ups * cl.followup_time.mean())
                * ch.handle_time_factor
                * human;
            if w > 0.0 && minutes.is_finite() {
                weight += w;
                work += w * minutes;
            }
        }
    }
    // Nothing answerable, or nothing left to the agents: nothing waits for them.
    if weight > 0.0 { work / weight } else { 0.0 }
}

/// The mentions of a cascade born within `hours` of its root (the root included): one
/// generation per `virality.decay`, `1 + b + b² + ...` up to the last generation born in
/// time.
fn cascade_within(sc: &Scenario, b: f64, hours: f64) -> f64 {
    let decay_h = sc.virality.as_ref().map_or(0.0, |v| v.decay_min / HOUR_MIN);
    if b <= 0.0 {
        return 1.0;
    }
    let generations = if decay_h > 0.0 {
        (hours / decay_h).floor().min(1e6)
    } else {
        1e6
    };
    if b < 1.0 {
        (1.0 - b.powf(generations + 1.0)) / (1.0 - b)
    } else {
        generations + 1.0
    }
}

/// How long, hours, a mention can wait at most: `policy.max_age`, or without
/// `answer_after_abandon` the customers' mean patience (the longest of the classes').
fn wait_cap_h(sc: &Scenario) -> Option<f64> {
    let age = sc.policy.max_age_min.map(|m| m / HOUR_MIN);
    let patience = (!sc.policy.answer_after_abandon).then(|| {
        sc.classes
            .iter()
            .map(|c| c.patience.mean())
            .fold(0.0, f64::max)
            / HOUR_MIN
    });
    match (age, patience) {
        (Some(a), Some(p)) => Some(a.min(p)),
        (a, p) => a.or(p).filter(|h| h.is_finite()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin(sets: &[&str]) -> Scenario {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        Scenario::builtin(&sets).expect("valid")
    }

    #[test]
    fn the_default_plan_keeps_up_and_a_flood_does_not() {
        let fine = Budget::of(&builtin(&[]));
        assert!(!fine.overloads(), "{fine:?}");
        assert!(fine.warning().is_none());
        assert!(fine.check(2).is_ok());
        assert!(fine.peak_in_system < 1e5, "{fine:?}");

        let flood = Budget::of(&builtin(&[
            "arrivals.rate_per_h=1e6",
            "horizon=\"1d\"",
            "warmup=\"0m\"",
        ]));
        assert!(flood.overloads(), "{flood:?}");
        assert!(flood.peak_in_system > 1e7, "{flood:?}");
        let w = flood.warning().expect("a warning");
        assert!(w.contains("limits.max_in_system"), "{w}");
        assert!(w.contains("add agents"), "{w}");
        // Capped by the default limit, two replications at a time stay within the ceiling.
        assert!(flood.check(2).is_ok());
        let unbounded = Budget::of(&builtin(&[
            "arrivals.rate_per_h=1e6",
            "horizon=\"1d\"",
            "warmup=\"0m\"",
            "limits.max_in_system=100000000",
        ]));
        let refusal = unbounded.check(2).expect_err("too much memory");
        assert!(refusal.contains("GB of memory"), "{refusal}");
        assert!(refusal.contains("lower limits.max_in_system"), "{refusal}");
    }

    #[test]
    fn near_critical_virality_on_an_unstaffed_team_overloads() {
        let sets = [
            "virality.offspring=0.799",
            "customers.repost=0.2",
            "horizon=\"52w\"",
            "staffing.groups[0].agents=0",
            "staffing.groups[1].agents=0",
            "staffing.groups[2].agents=0",
        ];
        // The default drops what waits three days (policy.max_age): the backlog stays
        // bounded (a replication holds some 30,000 open mentions at the horizon).
        let bounded = Budget::of(&builtin(&sets));
        assert!((bounded.branching - 0.999).abs() < 1e-12, "{bounded:?}");
        assert_eq!(bounded.capacity_per_h, 0.0);
        assert!(!bounded.overloads(), "{bounded:?}");
        assert!(bounded.peak_in_system > 3e4, "{bounded:?}");
        // Without the drop, one endless cascade.
        let mut open = sets.to_vec();
        open.push("policy.max_age=\"520w\"");
        let b = Budget::of(&builtin(&open));
        assert!(b.overloads(), "{b:?}");
    }

    #[test]
    fn max_age_bounds_the_backlog() {
        let sets = ["arrivals.rate_per_h=1e6", "horizon=\"1d\"", "warmup=\"0m\""];
        let open = Budget::of(&builtin(&sets));
        let mut capped = sets.to_vec();
        capped.push("policy.max_age=\"1h\"");
        let capped = Budget::of(&builtin(&capped));
        assert!(
            capped.peak_in_system < open.peak_in_system / 5.0,
            "{capped:?}"
        );
    }
}
