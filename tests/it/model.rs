//! The model against theory and against its own definitions, one part at a time.
//!
//! Statistical checks compare a replication mean with its exact value using the standard
//! error over replications (z-scores) or the 95% Student t interval; seeds are fixed, so
//! every check is deterministic, and the tolerances come from the data, not from taste.

use std::path::Path;

use carecast::erlang::ErlangA;
use carecast::experiment::{self, RunResults};
use carecast::model::simulate;
use carecast::record::{self, Recorder};
use carecast::scenario::{Scenario, ScenarioFile};

fn load(file: &str, sets: &[&str]) -> Scenario {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    Scenario::load(&Path::new("scenarios").join(file), &sets)
        .unwrap_or_else(|e| panic!("{file} {sets:?}: {e}"))
}

fn run(sc: &Scenario) -> RunResults {
    experiment::run(sc, &|| {})
}

fn mean(r: &RunResults, kpi: &str) -> f64 {
    r.kpi(kpi).unwrap_or_else(|| panic!("no KPI {kpi}")).mean
}

/// (simulated mean - exact) / standard error of the mean over replications.
fn z(r: &RunResults, kpi: &str, exact: f64) -> f64 {
    let s = r.kpi(kpi).unwrap_or_else(|| panic!("no KPI {kpi}"));
    (s.mean - exact) / (s.std / (s.n as f64).sqrt())
}

fn assert_z(r: &RunResults, kpi: &str, exact: f64, limit: f64) {
    let zz = z(r, kpi, exact);
    assert!(
        zz.abs() <= limit,
        "{kpi}: simulated {} vs exact {exact}: z = {zz:.2} (limit {limit})",
        mean(r, kpi)
    );
}

fn assert_in_ci(r: &RunResults, kpi: &str, exact: f64) {
    let s = r.kpi(kpi).unwrap_or_else(|| panic!("no KPI {kpi}"));
    assert!(
        s.ci95_low <= exact && exact <= s.ci95_high,
        "{kpi}: {exact} outside the 95% CI [{}, {}]",
        s.ci95_low,
        s.ci95_high
    );
}

/// Asserts that the mean of per-replication `values` is within 4 standard errors of
/// `exact` (a check that holds with probability 0.99994 under the model, so a change of
/// random streams does not make it flaky, yet fails for any real bias of a few SE).
fn assert_mean_near(values: &[f64], exact: f64, what: &str) {
    let s = carecast::stats::Summary::of(values);
    let se = s.std / (s.n as f64).sqrt();
    assert!(
        (s.mean - exact).abs() <= 4.0 * se,
        "{what}: mean {} vs {exact} (se {se})",
        s.mean
    );
}

fn value(r: &RunResults, rep: usize, kpi: &str) -> f64 {
    let i = r
        .kpi_names
        .iter()
        .position(|n| n == kpi)
        .unwrap_or_else(|| panic!("no KPI {kpi}"));
    r.replications[rep].kpis[i]
}

fn example_scenarios() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("scenarios")
        .expect("scenarios/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 4, "{names:?}");
    names
}

#[test]
fn every_mention_is_accounted_for_in_every_replication_of_every_example() {
    for file in example_scenarios() {
        let sc = load(&file, &["replications=6"]);
        let r = run(&sc);
        for rep in 0..r.replications.len() {
            let m = value(&r, rep, "mentions");
            let accounted = value(&r, rep, "answered")
                + value(&r, rep, "dropped")
                + value(&r, rep, "open_at_end");
            assert!(m > 0.0, "{file}: no mentions");
            assert_eq!(
                m, accounted,
                "{file} replication {rep}: mentions != answered + dropped + open_at_end"
            );
            let shares: f64 = [
                "quick_effective",
                "quick_ineffective",
                "slow_effective",
                "slow_ineffective",
                "escalated",
                "ignored",
            ]
            .iter()
            .map(|k| value(&r, rep, k))
            .sum();
            assert!(
                (shares - 1.0).abs() < 1e-9,
                "{file}: outcome shares sum to {shares}"
            );
        }
    }
}

#[test]
fn erlang_a_scenario_agrees_with_the_erlang_a_formulas() {
    let sc = load("erlang-a.toml", &[]);
    let r = run(&sc);
    let theory = ErlangA::new(2.0, 0.2, 0.1, 11).expect("valid Erlang A");
    assert_z(&r, "p_wait_pos", theory.p_wait_pos(), 3.0);
    assert_z(&r, "abandon_rate", theory.p_abandon(), 3.0);
    assert_z(&r, "wait_mean_min", theory.mean_wait(), 3.0);
    assert_z(&r, "occupancy", theory.occupancy(), 3.0);
    assert_z(&r, "queue_mean", theory.mean_queue(), 3.0);
}

#[test]
fn concurrency_without_penalty_is_more_servers_and_speed_is_a_faster_service() {
    // 5 agents holding 2 conversations each, no slowdown: M/M/10+M.
    let sc = load(
        "erlang-a.toml",
        &[
            "staffing.groups[0].agents=5",
            "staffing.groups[0].concurrency=2",
            "replications=16",
        ],
    );
    let r = run(&sc);
    let theory = ErlangA::new(2.0, 0.2, 0.1, 10).expect("valid");
    assert_z(&r, "p_wait_pos", theory.p_wait_pos(), 3.0);
    assert_z(&r, "abandon_rate", theory.p_abandon(), 3.0);
    // Agents twice as fast: mu = 0.4/min with 6 agents.
    let sc = load(
        "erlang-a.toml",
        &[
            "staffing.groups[0].agents=6",
            "staffing.groups[0].speed=2.0",
            "replications=16",
        ],
    );
    let r = run(&sc);
    let theory = ErlangA::new(2.0, 0.4, 0.1, 6).expect("valid");
    assert_z(&r, "p_wait_pos", theory.p_wait_pos(), 3.0);
    assert_z(&r, "abandon_rate", theory.p_abandon(), 3.0);
    assert_z(&r, "wait_mean_min", theory.mean_wait(), 3.0);
}

#[test]
fn with_ample_staff_the_recommend_rate_is_the_published_mix() {
    // Everyone is answered within their expectation (1 h), long before their patience
    // runs out, by agents of effectiveness e, so P(recommend) = 0.71 e + 0.33 (1 - e).
    let e = 0.8;
    let sc = load(
        "erlang-a.toml",
        &[
            "staffing.groups[0].agents=40",
            "staffing.groups[0].effectiveness=0.8",
            "classes[0].handle_time={ dist = \"constant\", value = \"1m\" }",
            "customers.expectation={ dist = \"constant\", value = \"1h\" }",
            "classes[0].patience={ dist = \"constant\", value = \"1d\" }",
            "horizon=\"3d\"",
            "warmup=\"0m\"",
        ],
    );
    let r = run(&sc);
    let quick = mean(&r, "quick_effective") + mean(&r, "quick_ineffective");
    assert!((quick - 1.0).abs() < 1e-12, "quick share {quick}");
    assert_in_ci(&r, "recommend_rate", 0.71 * e + 0.33 * (1.0 - e));
    assert_in_ci(&r, "quick_effective", e);
}

#[test]
fn common_random_numbers_staffing_never_changes_the_customers() {
    let a = run(&load("retail-week.toml", &["replications=4"]));
    let b = run(&load("night-shift.toml", &["replications=4"]));
    for rep in 0..4 {
        let exo = |r: &RunResults| value(r, rep, "mentions") - value(r, rep, "spawned_mentions");
        assert_eq!(
            exo(&a),
            exo(&b),
            "replication {rep}: exogenous arrivals differ between plans"
        );
    }
    assert!(
        mean(&b, "answered_within_30m") > mean(&a, "answered_within_30m"),
        "a night shift should help"
    );
}

#[test]
fn arrivals_follow_the_rate_profile_and_incidents() {
    // Rate 60/h only on Monday 10:00-11:00 (a weekly profile), x4 incident on the first one.
    let sc = load(
        "erlang-a.toml",
        &[
            "arrivals.profile=\"flat\"",
            "horizon=\"14d\"",
            "warmup=\"0m\"",
            "replications=40",
            "staffing.groups[0].agents=200",
        ],
    );
    // Profiles average 1 over the week, so the Monday hour carries 168 x rate.
    let mut file = ScenarioFile::from(&sc);
    file.arrivals.profile = None;
    file.arrivals.weekly = Some((0..168).map(|h| if h == 10 { 1.0 } else { 0.0 }).collect());
    file.arrivals.rate_per_h = 60.0 / 168.0;
    file.arrivals
        .incidents
        .push(carecast::scenario::file::IncidentFile {
            name: "spike".into(),
            start: "10h30m".parse().expect("duration"),
            duration: "30m".parse().expect("duration"),
            multiplier: 4.0,
        });
    let sc = Scenario::try_from(file).expect("valid");
    let r = run(&sc);
    let mut first = Vec::new();
    let mut second = Vec::new();
    for rep in &r.replications {
        for h in &rep.hourly {
            match h.hour {
                10 => first.push(h.arrivals as f64),
                178 => second.push(h.arrivals as f64),
                _ => assert_eq!(
                    h.arrivals, 0,
                    "arrivals outside the profile at hour {}",
                    h.hour
                ),
            }
        }
    }
    // First Monday: 30 min at 60/h + 30 min at 240/h = 150 expected; second: 60.
    assert_mean_near(&first, 150.0, "first Monday 10:00 arrivals");
    assert_mean_near(&second, 60.0, "second Monday 10:00 arrivals");
}

#[test]
fn twenty_thousand_incidents_multiply_the_rate_where_they_fall() {
    // 20,000 incidents of 0.036 min every 0.072 min over one day: x3 half of the time, so
    // twice the flat 60/h on average. (Looked up one by one, as they once were, these
    // took minutes; on the sorted timeline they cost a binary search per arrival.)
    let sc = load(
        "erlang-a.toml",
        &[
            "arrivals.profile=\"flat\"",
            "arrivals.rate_per_h=60",
            "horizon=\"1d\"",
            "warmup=\"0m\"",
            "replications=10",
        ],
    );
    let mut file = ScenarioFile::from(&sc);
    let n = 20_000;
    let step = 1440.0 / f64::from(n);
    file.arrivals.incidents = (0..n)
        .map(|i| carecast::scenario::file::IncidentFile {
            name: format!("i{i}"),
            start: carecast::scenario::duration::Duration::from_minutes(f64::from(i) * step),
            duration: carecast::scenario::duration::Duration::from_minutes(step / 2.0),
            multiplier: 3.0,
        })
        .collect();
    let sc = Scenario::try_from(file).expect("valid");
    assert_eq!(sc.arrivals.incidents.len(), n as usize);
    let r = run(&sc);
    let per_day: Vec<f64> = r
        .replications
        .iter()
        .map(|rep| rep.hourly.iter().map(|h| h.arrivals as f64).sum())
        .collect();
    assert_mean_near(&per_day, 2.0 * 1440.0, "arrivals in the day");
}

#[test]
fn shifts_and_shrinkage_put_the_scheduled_agents_on_duty() {
    // One week from an empty start, with the teams of the first release.
    let sc = load(
        "retail-week.toml",
        &[
            "replications=8",
            "horizon=\"7d\"",
            "warmup=\"0m\"",
            "staffing.groups[0].agents=24",
            "staffing.groups[2].agents=18",
        ],
    );
    let r = run(&sc);
    for rep in &r.replications {
        for h in &rep.hourly {
            let (day, hod) = (h.hour_of_week / 24, h.hour_of_week % 24);
            let expected = match (day, hod) {
                (0..=4, 8..=15) => 24.0,
                (0..=4, 16..=23) => 22.0,
                (5..=6, 8..=21) => 18.0,
                _ => 0.0,
            };
            assert!(
                (h.agents_on_shift - expected).abs() < 1e-9,
                "hour {}: {} on shift",
                h.hour,
                h.agents_on_shift
            );
        }
    }
    // Net of 30% shrinkage: 24 x 0.7 = 16.8 available on average (a fractional agent by
    // coin flip per shift): check over all weekday day-shift hours of all replications.
    let avail: Vec<f64> = r
        .replications
        .iter()
        .flat_map(|rep| rep.hourly.iter())
        .filter(|h| h.hour_of_week / 24 < 5 && (8..16).contains(&(h.hour_of_week % 24)))
        .map(|h| h.agents_available)
        .collect();
    let m = avail.iter().sum::<f64>() / avail.len() as f64;
    assert!(
        avail.iter().all(|a| *a == 16.0 || *a == 17.0),
        "available agents are whole"
    );
    // 40 shifts (5 days x 8 reps), each 16 or 17 with P(17) = 0.8: mean 16.8, sd 0.4/sqrt(40).
    assert!(
        (m - 16.8).abs() < 4.0 * 0.4 / 40f64.sqrt(),
        "mean available {m}"
    );
    // Paid hours and their cost are exact.
    let hours = 24.0 * 8.0 * 5.0 + 22.0 * 8.0 * 5.0 + 18.0 * 14.0 * 2.0;
    assert!((mean(&r, "agent_hours") - hours).abs() < 1e-6);
    let cost = 24.0 * 40.0 * 32.0 + 22.0 * 40.0 * 36.0 + 18.0 * 28.0 * 38.0;
    let on_shift = mean(&r, "cost_agents") - mean(&r, "cost_overtime");
    assert!((on_shift - cost).abs() < 1e-6, "{on_shift} on shift");
}

/// Records waits per class and per follower count.
#[derive(Default)]
struct Waits {
    by_class: Vec<(f64, u64)>,
    exits: Vec<(f64, f64)>,
    max_wait: f64,
    drops: Vec<record::DropReason>,
    arrivals: u64,
    abandons: u64,
}

impl Recorder for Waits {
    fn arrival(&mut self, _e: &record::Arrival) {
        self.arrivals += 1;
    }
    fn abandon(&mut self, _e: &record::Abandon) {
        self.abandons += 1;
    }
    fn queue_exit(&mut self, e: &record::QueueExit) {
        if self.by_class.len() <= e.class {
            self.by_class.resize(e.class + 1, (0.0, 0));
        }
        self.by_class[e.class].0 += e.wait_min;
        self.by_class[e.class].1 += 1;
        self.exits.push((e.followers, e.wait_min));
        self.max_wait = self.max_wait.max(e.wait_min);
    }
    fn dropped(&mut self, e: &record::Drop) {
        self.drops.push(e.reason);
    }
}

fn overloaded(discipline: &str) -> Scenario {
    // Two equal classes, 9 agents for 10 Erlangs, patient customers who stay in the queue.
    let mut sc = ScenarioFile::from(&load(
        "erlang-a.toml",
        &[
            "staffing.groups[0].agents=9",
            "policy.answer_after_abandon=true",
            "horizon=\"2d\"",
            "warmup=\"0m\"",
            &format!("policy.discipline=\"{discipline}\""),
        ],
    ));
    let mut second = sc.classes[0].clone();
    second.name = "urgent".into();
    second.priority = 5;
    sc.classes[0].share = 0.5;
    second.share = 0.5;
    sc.classes.push(second);
    Scenario::try_from(sc).expect("valid")
}

#[test]
fn disciplines_order_the_queue_as_documented() {
    let mean_wait = |sc: &Scenario| {
        let w = simulate(sc, 0, Waits::default());
        w.by_class
            .iter()
            .map(|(s, n)| s / *n as f64)
            .collect::<Vec<_>>()
    };
    let fifo = mean_wait(&overloaded("fifo"));
    let prio = mean_wait(&overloaded("priority"));
    assert!(
        (fifo[0] - fifo[1]).abs() < 0.2 * fifo[0],
        "FIFO treats classes alike: {fifo:?}"
    );
    assert!(
        prio[1] < 0.2 * prio[0],
        "priority serves `urgent` first: {prio:?}"
    );

    // Influence-first: the most-followed wait less than the least-followed.
    let w = simulate(&overloaded("influence"), 0, Waits::default());
    let mut exits = w.exits.clone();
    exits.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = exits.len();
    let avg = |s: &[(f64, f64)]| s.iter().map(|e| e.1).sum::<f64>() / s.len() as f64;
    assert!(
        avg(&exits[n * 9 / 10..]) < 0.5 * avg(&exits[..n / 2]),
        "influence-first"
    );

    // LIFO against FIFO in a stationary M/M/10 at rho = 0.95 (no abandonment): the same
    // mean wait (the discipline does not change the work), but waits far more spread out:
    // for the waiting customers Var(LIFO) / Var(FIFO) = (1 + rho) / (1 - rho) = 39.
    let stationary = |d: &str| {
        load(
            "erlang-a.toml",
            &[
                "staffing.groups[0].agents=10",
                "arrivals.rate_per_h=114",
                "classes[0].expects_reply=0.0",
                "horizon=\"28d\"",
                &format!("policy.discipline=\"{d}\""),
            ],
        )
    };
    let waits = |d: &str| {
        simulate(&stationary(d), 0, Waits::default())
            .exits
            .iter()
            .map(|e| e.1)
            .collect::<Vec<_>>()
    };
    let (f, l) = (
        carecast::stats::Summary::of(&waits("fifo")),
        carecast::stats::Summary::of(&waits("lifo")),
    );
    assert!(
        (l.mean - f.mean).abs() < 0.15 * f.mean,
        "same mean wait: {} vs {}",
        l.mean,
        f.mean
    );
    assert!(
        l.std > 2.5 * f.std,
        "LIFO spreads waits: sd {} vs {}",
        l.std,
        f.std
    );
    let f = run(&overloaded("fifo").with_run(None, Some(4)));
    let l = run(&overloaded("lifo").with_run(None, Some(4)));
    assert!(
        mean(&l, "frt_p50_min") < mean(&f, "frt_p50_min"),
        "newest first answers most quickly"
    );

    // Deadline-first runs and answers the same customers (work-conserving).
    let d = run(&overloaded("deadline").with_run(None, Some(4)));
    assert!((mean(&d, "answered") - mean(&f, "answered")).abs() < 0.02 * mean(&f, "answered"));
}

#[test]
fn max_age_drops_old_mentions_and_policy_drops_unanswered_classes() {
    let mut file = ScenarioFile::from(&overloaded("fifo"));
    file.staffing.groups[0].agents = 4;
    file.policy.max_age = Some("20m".parse().expect("duration"));
    file.classes[1].answer = false;
    let sc = Scenario::try_from(file).expect("valid");
    let w = simulate(&sc, 0, Waits::default());
    // Patience (10 min on average) runs out first for many; they stay in the queue
    // (answer_after_abandon) and the maximum age, scheduled then, still drops them.
    assert!(w.abandons > 0);
    assert!(w.max_wait <= 20.0 + 1e-9, "waited {} > max_age", w.max_wait);
    assert!(w.drops.contains(&record::DropReason::MaxAge));
    assert!(w.drops.contains(&record::DropReason::Policy));
    // Half the mentions are of the unanswered class (binomial: 4 standard errors).
    let policy = w
        .drops
        .iter()
        .filter(|r| **r == record::DropReason::Policy)
        .count() as f64;
    let share = policy / w.arrivals as f64;
    assert!(
        (share - 0.5).abs() < 4.0 * (0.25 / w.arrivals as f64).sqrt(),
        "{share}"
    );
}

#[test]
fn patience_escalation_and_reposts_happen_at_their_rates() {
    // Two agents for ten Erlangs: most customers run out of patience.
    let sc = load(
        "erlang-a.toml",
        &[
            "staffing.groups[0].agents=2",
            "customers.escalate_to_phone=0.3",
            "costs.phone_call=7.5",
            "replications=8",
            "horizon=\"2d\"",
        ],
    );
    let r = run(&sc);
    let share: Vec<f64> = (0..8)
        .map(|i| value(&r, i, "phoned") / value(&r, i, "abandoned"))
        .collect();
    assert_mean_near(&share, 0.3, "escalation share");
    assert!((mean(&r, "cost_phone") - 7.5 * mean(&r, "phoned")).abs() < 1e-6);
}

#[test]
fn virality_of_ignored_complaints_is_a_branching_process() {
    // Public negative mentions that are never answered: each spawns Poisson(n) children,
    // which spawn in turn, so spawned / exogenous = n / (1 - n) (total progeny).
    let n = 0.4;
    let mut file = ScenarioFile::from(&load(
        "erlang-a.toml",
        &["replications=16", "warmup=\"0m\""],
    ));
    file.channels[0].public = true;
    file.classes[0].sentiment = carecast::scenario::Sentiment::Negative;
    file.classes[0].answer = false;
    file.virality.enabled = true;
    file.virality.offspring = n;
    file.virality.decay = "30m".parse().expect("duration");
    file.horizon = "3d".parse().expect("duration");
    let sc = Scenario::try_from(file).expect("valid");
    let r = run(&sc);
    let ratios: Vec<f64> = (0..r.replications.len())
        .map(|i| {
            value(&r, i, "spawned_mentions")
                / (value(&r, i, "mentions") - value(&r, i, "spawned_mentions"))
        })
        .collect();
    let s = carecast::stats::Summary::of(&ratios);
    let exact = n / (1.0 - n);
    // Children due after the horizon are cut off: a relative edge effect of about
    // decay / horizon (30 min / 3 days), far below the tolerance.
    assert!(
        (s.mean - exact).abs() <= 4.0 * s.std / (s.n as f64).sqrt() + 0.01 * exact,
        "{s:?} vs {exact}"
    );
    assert!(mean(&r, "largest_cascade") > 3.0);

    // Answering quickly quells the cascade: same scenario, answered at once.
    let mut file = ScenarioFile::from(&sc);
    file.classes[0].answer = true;
    file.staffing.groups[0].agents = 100;
    file.virality.after_quick = 0.0;
    file.customers.expectation = carecast::scenario::DistSpec::Constant {
        value: "1d".parse().expect("d"),
    };
    let quick = run(&Scenario::try_from(file).expect("valid"));
    assert!(mean(&quick, "spawned_mentions") < 0.2 * mean(&r, "spawned_mentions"));
}

#[test]
fn conversations_move_private_and_hold_slots_for_every_reply() {
    // Ample staff, 3 replies each: a conversation holds its slot for
    // handle + 2 x (think + follow-up) = 5 + 2 x (10 + 5) = 35 minutes on average.
    let sc = load(
        "erlang-a.toml",
        &[
            "staffing.groups[0].agents=200",
            "classes[0].replies={ dist = \"constant\", value = 3 }",
            "classes[0].private=0.25",
            "replications=8",
            "horizon=\"3d\"",
        ],
    );
    let r = run(&sc);
    // Slot utilisation = arrival rate x mean holding time / slots.
    assert_z(&r, "slot_utilisation", 2.0 * 35.0 / 200.0, 4.0);
    let share: Vec<f64> = (0..8)
        .map(|i| value(&r, i, "moved_private") / value(&r, i, "answered"))
        .collect();
    assert_mean_near(&share, 0.25, "moved private");
}

#[test]
fn the_bot_answers_instantly_and_hands_over_a_share() {
    let base = [
        "bot.enabled=true",
        "bot.delay=\"30s\"",
        "bot.effectiveness=0.3",
        "bot.cost_per_mention=0.1",
        "customers.expectation={ dist = \"constant\", value = \"1h\" }",
        "classes[0].patience={ dist = \"constant\", value = \"1d\" }",
        "replications=8",
        "horizon=\"2d\"",
        "warmup=\"0m\"",
    ];
    let mut sets = base.to_vec();
    sets.push("bot.handover=0.0");
    let r = run(&load("erlang-a.toml", &sets));
    for i in 0..8 {
        assert_eq!(
            value(&r, i, "bot_answered"),
            value(&r, i, "mentions") - value(&r, i, "open_at_end")
        );
    }
    assert!(
        (mean(&r, "frt_mean_min") - 0.5).abs() < 1e-9,
        "bot replies after its delay"
    );
    let rec: Vec<f64> = (0..8).map(|i| value(&r, i, "recommend_rate")).collect();
    assert_mean_near(&rec, 0.71 * 0.3 + 0.33 * 0.7, "bot recommend rate");
    assert!((mean(&r, "cost_bot") - 0.1 * mean(&r, "mentions")).abs() < 1e-6);
    assert_eq!(mean(&r, "occupancy"), 0.0, "no human work");

    let mut sets = base.to_vec();
    sets.push("bot.handover=0.5");
    let r = run(&load("erlang-a.toml", &sets));
    let share: Vec<f64> = (0..8)
        .map(|i| value(&r, i, "bot_answered") / value(&r, i, "mentions"))
        .collect();
    assert_mean_near(&share, 0.5, "bot-only share");
}

#[test]
fn off_hours_expectations_relax_only_for_the_non_strict() {
    // A 1-hour answer at night: quick for relaxed customers (expectation 40m x 3 = 2 h),
    // slow for strict ones (40 m). Business hours never: everyone is off-hours.
    let sc = load(
        "erlang-a.toml",
        &[
            "staffing.groups[0].agents=400",
            "classes[0].handle_time={ dist = \"constant\", value = \"1h\" }",
            "customers.expectation={ dist = \"constant\", value = \"40m\" }",
            "classes[0].patience={ dist = \"constant\", value = \"1d\" }",
            "customers.off_hours_strict=0.57",
            "customers.off_hours_relax=3.0",
            "customers.business_hours={ days = [\"mon\"], start = \"00:00\", end = \"00:01\" }",
            "replications=8",
            "horizon=\"2d\"",
            "start_day=\"tue\"",
        ],
    );
    let r = run(&sc);
    let quick: Vec<f64> = (0..8)
        .map(|i| value(&r, i, "quick_effective") + value(&r, i, "quick_ineffective"))
        .collect();
    assert_mean_near(&quick, 0.43, "quick share off-hours");
}

#[test]
fn warmup_mentions_are_simulated_but_not_counted() {
    let with = run(&load(
        "erlang-a.toml",
        &["replications=2", "horizon=\"2d\"", "warmup=\"1d\""],
    ));
    let without = run(&load(
        "erlang-a.toml",
        &["replications=2", "horizon=\"2d\"", "warmup=\"0m\""],
    ));
    for rep in 0..2 {
        let day_one =
            |r: &carecast::experiment::RunResults, f: fn(&carecast::kpi::HourRow) -> u64| -> u64 {
                r.replications[rep]
                    .hourly
                    .iter()
                    .filter(|h| h.hour < 24)
                    .map(f)
                    .sum()
            };
        // Simulated: the warm-up day sees the same arrivals as the same day measured.
        let arrived = day_one(&with, |h| h.arrivals);
        assert!(arrived > 2000, "{arrived}");
        assert_eq!(arrived, day_one(&without, |h| h.arrivals));
        // Not counted: none of its first replies, and about half the mentions.
        assert_eq!(day_one(&with, |h| h.answered), 0);
        assert!(day_one(&without, |h| h.answered) > 2000);
        assert!(value(&with, rep, "mentions") < 0.6 * value(&without, rep, "mentions"));
    }
}

#[test]
fn groups_serve_only_their_channels() {
    // Two channels; the team of the second has nobody: only the first is ever answered.
    let mut file = ScenarioFile::from(&load(
        "erlang-a.toml",
        &["replications=4", "horizon=\"2d\"", "warmup=\"0m\""],
    ));
    let mut second = file.channels[0].clone();
    second.name = "dm".into();
    file.channels[0].share = 0.7;
    second.share = 0.3;
    file.channels.push(second);
    file.staffing.groups[0].channels = Some(vec!["chat".into()]);
    let mut idle = file.staffing.groups[0].clone();
    idle.name = "dm-team".into();
    idle.agents = 0;
    idle.channels = Some(vec!["dm".into()]);
    file.staffing.groups.push(idle);
    let r = run(&Scenario::try_from(file).expect("valid"));
    for i in 0..4 {
        assert!(
            value(&r, i, "frt_mean_min.dm").is_nan(),
            "nobody answers dm"
        );
        let chat_share = value(&r, i, "answered") / value(&r, i, "mentions");
        assert!((chat_share - 0.7).abs() < 0.05, "{chat_share}");
    }
}

#[test]
fn impressions_follow_followers_reach_and_recommendation() {
    // Every author has 100 followers and 10% see a post: 10 impressions per post.
    let base = [
        "customers.followers={ dist = \"constant\", value = 100 }",
        "outcomes.reach=0.1",
        "replications=8",
        "horizon=\"2d\"",
        "warmup=\"0m\"",
        "channels[0].public=true",
    ];
    // Negative mentions that are never answered (no agents; dropped at max_age):
    // non-recommenders (95%) spread 10 each.
    let mut sets = base.to_vec();
    sets.extend([
        "classes[0].sentiment=\"negative\"",
        "staffing.groups[0].agents=0",
        "policy.max_age=\"1h\"",
    ]);
    let r = run(&load("erlang-a.toml", &sets));
    let per: Vec<f64> = (0..8)
        .map(|i| value(&r, i, "negative_impressions") / value(&r, i, "mentions"))
        .collect();
    assert_mean_near(&per, 9.5, "negative impressions per mention");
    assert_eq!(mean(&r, "positive_impressions"), 0.0);
    // Quick effective answers: recommenders (71%) share praise with probability 0.5.
    let mut sets = base.to_vec();
    sets.extend([
        "staffing.groups[0].agents=40",
        "staffing.groups[0].effectiveness=1.0",
        "outcomes.share_positive=0.5",
        "customers.expectation={ dist = \"constant\", value = \"1d\" }",
        "classes[0].patience={ dist = \"constant\", value = \"1d\" }",
    ]);
    let r = run(&load("erlang-a.toml", &sets));
    let per: Vec<f64> = (0..8)
        .map(|i| value(&r, i, "positive_impressions") / value(&r, i, "answered"))
        .collect();
    assert_mean_near(&per, 0.71 * 0.5 * 10.0, "positive impressions per answer");
    assert_eq!(
        mean(&r, "negative_impressions"),
        0.0,
        "neutral mentions spread no complaints"
    );
}

#[test]
fn social_media_answers_late_by_default() {
    // Same overload as the Erlang A case, but frustrated customers stay in the queue.
    let r = run(&load(
        "erlang-a.toml",
        &[
            "policy.answer_after_abandon=true",
            "replications=4",
            "horizon=\"3d\"",
            "staffing.groups[0].agents=10",
        ],
    ));
    assert!(mean(&r, "abandoned") > 0.0);
    assert_eq!(mean(&r, "dropped"), 0.0, "nobody leaves");
    assert!(
        mean(&r, "slow_effective") + mean(&r, "slow_ineffective") > 0.0,
        "late answers happen"
    );
}
