//! Agents at work: shift ends (overtime, hand-backs, free slots in the next shift),
//! occupancy against slot utilisation, and the two concurrency models (a slowdown fixed
//! when a reply starts, or shared attention).
//!
//! Seeds are fixed; statistical checks use the standard error over replications (or the
//! 95% Student t interval of paired differences), never hard-coded outputs.

use carecast::erlang::{ErlangA, ErlangC};
use carecast::experiment::{self, RunResults};
use carecast::model::simulate;
use carecast::record::{self, Recorder};
use carecast::scenario::Scenario;
use carecast::stats::Summary;

fn scenario(text: &str, sets: &[&str]) -> Scenario {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    Scenario::from_toml(text, "test scenario", &sets).unwrap_or_else(|e| panic!("{e}"))
}

fn run(sc: &Scenario) -> RunResults {
    experiment::run(sc, &|| {})
}

fn values(r: &RunResults, kpi: &str) -> Vec<f64> {
    let i = r
        .kpi_names
        .iter()
        .position(|n| n == kpi)
        .unwrap_or_else(|| panic!("no KPI {kpi}"));
    r.replications.iter().map(|rep| rep.kpis[i]).collect()
}

fn mean(r: &RunResults, kpi: &str) -> f64 {
    r.kpi(kpi).unwrap_or_else(|| panic!("no KPI {kpi}")).mean
}

/// Asserts that the replication mean of `kpi` is within `limit` standard errors of
/// `exact`.
#[track_caller]
fn assert_z(r: &RunResults, kpi: &str, exact: f64, limit: f64) {
    let s = r.kpi(kpi).unwrap_or_else(|| panic!("no KPI {kpi}"));
    let z = (s.mean - exact) / (s.std / (s.n as f64).sqrt());
    assert!(
        z.abs() <= limit,
        "{kpi}: simulated {} vs exact {exact}: z = {z:.2} (limit {limit})",
        s.mean
    );
}

/// Every mention is accounted for in every replication:
/// `mentions = answered + dropped + open_at_end`.
#[track_caller]
fn assert_accounted(r: &RunResults, what: &str) {
    let (m, a, d, o) = (
        values(r, "mentions"),
        values(r, "answered"),
        values(r, "dropped"),
        values(r, "open_at_end"),
    );
    for i in 0..m.len() {
        assert!(m[i] > 0.0, "{what}: no mentions");
        assert_eq!(
            m[i],
            a[i] + d[i] + o[i],
            "{what} replication {i}: mentions != answered + dropped + open_at_end"
        );
    }
}

/// Two agents holding up to three conversations of ten replies each (3 minutes of work a
/// reply, the customer 40 minutes to answer: a conversation holds a slot for about 6.5
/// hours), on two short shifts a day with an hour between them. Agents alone used to keep
/// their conversations past the shift's end, unpaid, and come back to the second shift
/// with every slot still held.
const TWO_WINDOWS: &str = r#"
name = "two-windows"
horizon = "3d"
seed = 11
replications = 8

[arrivals]
rate_per_h = 2
profile = "flat"

[[channels]]
name = "dm"
share = 1.0
public = false

[[classes]]
name = "request"
share = 1.0
handle_time = { dist = "constant", value = "3m" }
replies = { dist = "constant", value = 10 }
expects_reply = 0.0

[customers]
think_time = { dist = "exponential", mean = "40m" }
escalate_to_phone = 0.0
repost = 0.0

[virality]
enabled = false

[staffing]
concurrency_penalty = 0.0

[[staffing.groups]]
name = "team"
agents = 2
concurrency = 3
cost_per_h = 30.0
shifts = [
  { days = ["all"], start = "08:00", end = "10:00" },
  { days = ["all"], start = "11:00", end = "13:00" },
]
"#;

/// First replies posted to measured mentions, and queue exits, with their times.
#[derive(Default)]
struct Replies {
    first_replies: Vec<f64>,
}

impl Recorder for Replies {
    fn first_reply(&mut self, e: &record::FirstReply) {
        self.first_replies.push(e.t_min);
    }
}

/// Minutes into the day.
fn time_of_day(t: f64) -> f64 {
    t.rem_euclid(1440.0)
}

#[test]
fn a_shift_end_pays_the_reply_in_hand_as_overtime_and_frees_the_next_shifts_slots() {
    let sc = scenario(TWO_WINDOWS, &[]);
    // New mentions get first replies in the second shift of every measured day.
    for rep in 0..sc.replications {
        let r = simulate(&sc, u64::from(rep), Replies::default());
        for day in 0..3 {
            let in_second = r
                .first_replies
                .iter()
                .filter(|&&t| (t / 1440.0) as u32 == day)
                .filter(|&&t| (660.0..780.0).contains(&time_of_day(t)))
                .count();
            assert!(
                in_second > 0,
                "replication {rep} day {day}: no new mention answered in the second shift"
            );
        }
    }
    let r = run(&sc);
    assert_accounted(&r, "two windows");
    // Overtime is paid, and it is only the reply in hand: at most 3 minutes of work plus
    // the 2-minute re-read, per agent and shift end (2 agents x 2 ends x 3 days).
    // (A reply is being written at a given shift end about one time in seven.)
    let overtime = values(&r, "overtime_h");
    assert!(
        overtime.iter().filter(|&&h| h > 0.0).count() >= overtime.len() / 2,
        "{overtime:?}"
    );
    let bound_h = 2.0 * 2.0 * 3.0 * 5.0 / 60.0;
    assert!(
        overtime.iter().all(|&h| h <= bound_h + 1e-9),
        "{overtime:?} > {bound_h}"
    );
    assert!(mean(&r, "handed_back") > 0.0);
    // Paid at 1.5 times the hourly cost, inside the agent cost and the total.
    let shift_h = 2.0 * 4.0 * 3.0;
    for (i, h) in overtime.iter().enumerate() {
        let cost = values(&r, "cost_agents")[i];
        let ot_cost = values(&r, "cost_overtime")[i];
        assert!((values(&r, "agent_hours")[i] - shift_h).abs() < 1e-9);
        assert!(
            (ot_cost - h * 30.0 * 1.5).abs() < 1e-6,
            "{ot_cost} for {h} h"
        );
        assert!((cost - (shift_h * 30.0 + ot_cost)).abs() < 1e-6, "{cost}");
        assert!(values(&r, "cost_total")[i] >= cost);
    }
    // The factor is the scenario's.
    let double = run(&scenario(TWO_WINDOWS, &["costs.overtime_factor=2.0"]));
    for (a, b) in values(&r, "cost_overtime")
        .iter()
        .zip(values(&double, "cost_overtime"))
    {
        assert!((b - a / 1.5 * 2.0).abs() < 1e-6, "{a} at 1.5, {b} at 2");
    }
}

#[test]
fn finishing_conversations_at_shift_end_pays_more_overtime_and_hands_nothing_back() {
    let hand_back = run(&scenario(TWO_WINDOWS, &[]));
    let finish = run(&scenario(
        TWO_WINDOWS,
        &["staffing.groups[0].at_shift_end=\"finish\""],
    ));
    assert_accounted(&finish, "finish");
    assert!(values(&finish, "handed_back").iter().all(|&n| n == 0.0));
    assert!(values(&hand_back, "handed_back").iter().all(|&n| n > 0.0));
    // Finishing a conversation means staying while the customer thinks: hours, against
    // minutes. Paired over the same customers, the difference is far outside noise.
    let diff: Vec<f64> = values(&finish, "overtime_h")
        .iter()
        .zip(values(&hand_back, "overtime_h"))
        .map(|(f, h)| f - h)
        .collect();
    let d = Summary::of(&diff);
    assert!(d.ci95_low > 1.0, "overtime finish - hand_back: {d:?}");
    assert!(mean(&finish, "cost_overtime") > mean(&hand_back, "cost_overtime"));
}

/// One agent on duty round the clock for Erlang-style checks: exponential work, one reply
/// per conversation, `agents`, `concurrency` and the attention model set by the caller.
const ROUND_THE_CLOCK: &str = include_str!("../../scenarios/erlang-a.toml");

#[test]
fn fixed_and_shared_attention_coincide_at_concurrency_one() {
    // Follow-ups, shift ends with hand-backs and re-reads, several groups: every KPI of
    // every replication is bit for bit the same.
    let base = [
        "classes[0].replies={ dist = \"empirical\", values = [1, 2, 3], weights = [0.5, 0.3, 0.2] }",
        "classes[0].followup_time={ dist = \"exponential\", mean = \"3m\" }",
        "staffing.concurrency_penalty=0.3",
        "staffing.groups[0].shifts=[{ days = [\"all\"], start = \"00:00\", end = \"11:00\" }, { days = [\"all\"], start = \"11:30\", end = \"24:00\" }]",
        "staffing.groups[0].shrinkage=0.1",
        "horizon=\"4d\"",
        "replications=4",
    ];
    let fixed = run(&scenario(ROUND_THE_CLOCK, &base));
    let mut sets = base.to_vec();
    sets.push("staffing.groups[0].attention=\"shared\"");
    let shared = run(&scenario(ROUND_THE_CLOCK, &sets));
    assert!(mean(&fixed, "handed_back") > 0.0, "the case hands back");
    for (a, b) in fixed.replications.iter().zip(&shared.replications) {
        for (i, (x, y)) in a.kpis.iter().zip(&b.kpis).enumerate() {
            assert_eq!(
                x.to_bits(),
                y.to_bits(),
                "{}: fixed {x}, shared {y}",
                fixed.kpi_names[i]
            );
        }
    }
}

#[test]
fn shared_attention_at_full_efficiency_is_independent_servers_erlang_a_and_c() {
    // eff(k) = k: each reply at full speed whatever else the agent writes, so 5 agents
    // holding 2 conversations are 10 servers (the penalty is ignored when efficiency is
    // given).
    let sets = [
        "staffing.groups[0].agents=5",
        "staffing.groups[0].concurrency=2",
        "staffing.groups[0].attention=\"shared\"",
        "staffing.groups[0].efficiency=[1.0, 2.0]",
        "staffing.concurrency_penalty=0.5",
        "replications=16",
    ];
    let r = run(&scenario(ROUND_THE_CLOCK, &sets));
    assert_accounted(&r, "shared, Erlang A");
    let theory = ErlangA::new(2.0, 0.2, 0.1, 10).expect("valid");
    assert_z(&r, "p_wait_pos", theory.p_wait_pos(), 4.0);
    assert_z(&r, "abandon_rate", theory.p_abandon(), 4.0);
    assert_z(&r, "wait_mean_min", theory.mean_wait(), 4.0);
    assert_z(&r, "slot_utilisation", theory.occupancy(), 4.0);
    // The same through handle factors (h_k = 1) and without patience: Erlang C.
    let mut sets = sets.to_vec();
    sets[3] = "staffing.groups[0].handle_factor=[1.0, 1.0]";
    sets.extend(["arrivals.rate_per_h=96", "classes[0].expects_reply=0.0"]);
    let r = run(&scenario(ROUND_THE_CLOCK, &sets));
    let theory = ErlangC::new(1.6, 0.2, 10).expect("valid");
    assert_z(&r, "p_wait_pos", theory.p_wait_pos(), 4.0);
    assert_z(&r, "wait_mean_min", theory.mean_wait(), 4.0);
    assert_z(&r, "slot_utilisation", theory.occupancy(), 4.0);
}

#[test]
fn shared_attention_at_constant_efficiency_is_one_server_shared() {
    // One agent, 3 slots, total rate 1 whatever the number of replies: the number in the
    // system is that of an M/M/1 queue at rho = 0.8 (processor sharing is work-conserving
    // and the work exponential). So the agent writes a share rho of the time (occupancy),
    // holds E[min(n, 3)] slots, an arrival waits when 3 are held (rho^3), and
    // rho^4 / (1 - rho) mentions wait on average. A completion that were not rescheduled
    // at every change would break all four.
    let sets = [
        "staffing.groups[0].agents=1",
        "staffing.groups[0].concurrency=3",
        "staffing.groups[0].attention=\"shared\"",
        "staffing.groups[0].efficiency=[1.0, 1.0, 1.0]",
        "arrivals.rate_per_h=9.6",
        "classes[0].expects_reply=0.0",
        "horizon=\"60d\"",
        "warmup=\"2d\"",
        "replications=16",
    ];
    let r = run(&scenario(ROUND_THE_CLOCK, &sets));
    let rho: f64 = 0.8;
    assert_z(&r, "occupancy", rho, 4.0);
    assert_z(
        &r,
        "slot_utilisation",
        (rho + rho.powi(2) + rho.powi(3)) / 3.0,
        4.0,
    );
    assert_z(&r, "p_wait_pos", rho.powi(3), 4.0);
    assert_z(&r, "queue_mean", rho.powi(4) / (1.0 - rho), 4.0);
}

#[test]
fn occupancy_counts_writing_and_slot_utilisation_counts_held_conversations() {
    // Ample staff, one slot each, 3 replies of 5 minutes with 10 minutes of thinking
    // between them: a conversation holds its slot 35 minutes and its agent writes for 15
    // of them. With 2 mentions a minute and 200 agents: slot utilisation 0.35,
    // occupancy 0.15.
    let sets = [
        "staffing.groups[0].agents=200",
        "classes[0].replies={ dist = \"constant\", value = 3 }",
        "replications=8",
        "horizon=\"3d\"",
    ];
    let r = run(&scenario(ROUND_THE_CLOCK, &sets));
    assert_z(&r, "slot_utilisation", 2.0 * 35.0 / 200.0, 4.0);
    assert_z(&r, "occupancy", 2.0 * 15.0 / 200.0, 4.0);
    assert_z(&r, "occupancy.agents", 2.0 * 15.0 / 200.0, 4.0);
}

#[test]
fn every_mention_is_accounted_for_with_shared_attention_and_both_shift_end_rules() {
    for (attention, at_end) in [
        ("shared", "hand_back"),
        ("shared", "finish"),
        ("fixed", "finish"),
    ] {
        let mut sets = vec!["replications=4".to_string(), "horizon=\"14d\"".to_string()];
        for g in 0..3 {
            sets.push(format!("staffing.groups[{g}].attention=\"{attention}\""));
            sets.push(format!("staffing.groups[{g}].at_shift_end=\"{at_end}\""));
        }
        let sc = Scenario::builtin(&sets).expect("valid");
        let r = run(&sc);
        assert_accounted(&r, &format!("{attention} / {at_end}"));
        assert!(mean(&r, "overtime_h") > 0.0);
        let handed = mean(&r, "handed_back");
        assert_eq!(
            handed == 0.0,
            at_end == "finish",
            "{attention} {at_end}: {handed}"
        );
    }
}
