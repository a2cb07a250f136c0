//! Tests of the shared-attention calculator: it is the exact model evaluated as is, it
//! equals Erlang A with one conversation per agent, its staffing search finds the fewest
//! agents, and its errors name the option at fault.

use super::*;
use crate::calc::{DEFAULT_PENALTY, Evaluation, Metrics, agents_needed, evaluate, render, report};
use crate::erlang::chat::efficiency_from_penalty;

fn inputs(arrivals_per_min: f64, handle_min: f64, patience_min: Option<f64>, k: u32) -> Inputs {
    Inputs {
        arrivals_per_min,
        handle_min,
        patience_min,
        first_reply_min: None,
        target_min: 5.0,
        concurrency: k,
        penalty: DEFAULT_PENALTY,
    }
}

const SHARED: Attention = Attention::Shared(Efficiency::Penalty);

fn taken(sl: f64) -> Targets {
    Targets {
        service_level: Some(sl),
        sl_measure: SlMeasure::Taken,
        max_abandon: None,
    }
}

fn metrics(e: &Evaluation) -> Metrics {
    e.metrics.expect("stable")
}

#[test]
fn one_conversation_per_agent_is_erlang_a() {
    for (agents, arrivals) in [(3_u32, 0.4), (13, 2.0), (40, 7.0)] {
        let i = inputs(arrivals, 6.0, Some(60.0), 1);
        let shared = metrics(&evaluate(&i, &SHARED, agents).expect("solves"));
        let fixed = metrics(&evaluate(&i, &Attention::Fixed, agents).expect("closed form"));
        for (name, a, b) in [
            ("P(wait > 0)", shared.p_wait_pos, fixed.p_wait_pos),
            ("mean wait", shared.mean_wait_min, fixed.mean_wait_min),
            ("mean queue", shared.mean_queue, fixed.mean_queue),
            ("taken within", shared.taken_within, fixed.taken_within),
            ("wait within", shared.wait_within, fixed.wait_within),
            ("occupancy", shared.occupancy, fixed.occupancy),
            (
                "P(abandon)",
                shared.p_abandon.expect("patience"),
                fixed.p_abandon.expect("patience"),
            ),
        ] {
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1e-300),
                "{agents}: {name} {a} vs {b}"
            );
        }
        assert_eq!(shared.answered_within, None);
        let s = shared.shared.expect("shared measures");
        assert!((s.slot_utilisation - fixed.occupancy).abs() < 1e-9);
        assert!((s.mean_time_in_service_min - 6.0).abs() < 1e-9);
    }
}

#[test]
fn the_calculator_reports_the_model_as_it_is() {
    let i = inputs(2.0, 6.0, Some(60.0), 3);
    let m = metrics(&evaluate(&i, &SHARED, 5).expect("solves"));
    let q = ChatModel::new(
        2.0,
        1.0 / 6.0,
        1.0 / 60.0,
        5,
        3,
        &efficiency_from_penalty(3, 0.1),
    )
    .expect("solves");
    assert_eq!(m.p_wait_pos, q.p_wait_pos());
    assert_eq!(m.taken_within, q.served_within(5.0));
    assert_eq!(m.occupancy, q.occupancy());
    let s = m.shared.expect("shared");
    assert_eq!(s.slot_utilisation, q.slot_utilisation());
    assert_eq!(s.throughput_per_h, 60.0 * q.throughput());
    assert_eq!(s.states, 56);
    // the tables: handle factors 1, 1.1, 1.2 are the penalty 0.1
    let factors = Attention::Shared(Efficiency::HandleFactors(vec![1.0, 1.1, 1.2]));
    let same = metrics(&evaluate(&i, &factors, 5).expect("solves"));
    assert!((same.p_wait_pos - m.p_wait_pos).abs() < 1e-12);
    let given = Attention::Shared(Efficiency::Given(vec![1.0, 1.8, 2.4]));
    let slower = metrics(&evaluate(&i, &given, 5).expect("solves"));
    assert!(slower.p_wait_pos > m.p_wait_pos, "2.4 < 2.5 at full load");
    // the exact model waits less than the fixed-slot approximation
    let approx = metrics(&evaluate(&i, &Attention::Fixed, 5).expect("closed form"));
    assert!(m.p_wait_pos < approx.p_wait_pos);
}

/// The fewest agents meeting `targets`, by evaluating 1, 2, 3, ... in turn.
fn linear_search(i: &Inputs, targets: &Targets) -> u32 {
    (1..=200)
        .find(|&c| {
            evaluate(i, &SHARED, c)
                .ok()
                .and_then(|e| e.metrics)
                .is_some_and(|m| targets.met_by(&m))
        })
        .expect("reachable")
}

#[test]
fn staffing_finds_the_fewest_agents() {
    let cases = [
        (inputs(2.0, 6.0, Some(60.0), 3), taken(0.8)),
        (inputs(2.0, 6.0, None, 3), taken(0.95)),
        (
            inputs(4.0, 10.0, Some(20.0), 2),
            Targets {
                service_level: None,
                sl_measure: SlMeasure::Taken,
                max_abandon: Some(0.02),
            },
        ),
        (
            inputs(0.5, 20.0, Some(30.0), 4),
            Targets {
                max_abandon: Some(0.05),
                ..taken(0.9)
            },
        ),
    ];
    for (i, t) in &cases {
        let found = agents_needed(i, &SHARED, t).expect("reachable");
        assert_eq!(found, linear_search(i, t), "{i:?} {t:?}");
        // the approximation is pessimistic: it never needs fewer
        let approx = agents_needed(i, &Attention::Fixed, t).expect("reachable");
        assert!(
            approx >= found,
            "{i:?}: approximation {approx} < exact {found}"
        );
    }
    let r = report(&cases[0].0, &SHARED, None, &cases[0].1, 3).expect("report");
    let needed = r.agents_needed.expect("staffing");
    let rows = r.rows.expect("rows");
    assert_eq!(rows.first().map(|e| e.agents), Some(needed - 2));
    assert_eq!(rows.last().map(|e| e.agents), Some(needed + 3));
    assert!(rows.iter().all(|e| e.meets == Some(e.agents >= needed)));
}

#[test]
fn too_few_patient_agents_are_unstable_rows() {
    // 12 Erlangs of work; at 3 conversations an agent does 2.5 times the work: 4.8 agents
    let i = inputs(2.0, 6.0, None, 3);
    assert!(matches!(
        evaluate(&i, &SHARED, 4),
        Err(CalcError::Unstable { agents: 4, .. })
    ));
    assert!(evaluate(&i, &SHARED, 5).is_ok());
    let r = report(&i, &SHARED, None, &taken(0.5), 1).expect("report");
    let rows = r.rows.expect("rows");
    assert!(rows.iter().any(|e| !e.stable && e.metrics.is_none()));
    assert!(rows.iter().all(|e| e.stable || e.meets == Some(false)));
}

#[test]
fn errors_name_the_option() {
    let i = inputs(2.0, 6.0, Some(60.0), 3);
    let check = |err: CalcError, option: &str, needles: &[&str]| {
        let msg = err.to_string();
        assert!(msg.starts_with(option), "{msg}");
        for n in needles {
            assert!(msg.contains(n), "{msg} lacks {n}");
        }
    };
    let answered = Targets {
        sl_measure: SlMeasure::Answered,
        ..taken(0.8)
    };
    check(
        agents_needed(&i, &SHARED, &answered).unwrap_err(),
        "--sl-measure",
        &["--sl-measure taken", "--attention fixed"],
    );
    let with_reply = Inputs {
        first_reply_min: Some(2.0),
        ..i
    };
    check(
        report(&with_reply, &SHARED, Some(5), &Targets::default(), 1).unwrap_err(),
        "--first-reply",
        &["one reply per conversation"],
    );
    check(
        evaluate(&i, &Attention::Shared(Efficiency::Given(vec![1.0, 1.8])), 5).unwrap_err(),
        "--efficiency",
        &["1,1.8", "give 3", "--concurrency 3"],
    );
    check(
        evaluate(
            &i,
            &Attention::Shared(Efficiency::HandleFactors(vec![1.0, 0.0, 1.2])),
            5,
        )
        .unwrap_err(),
        "--handle-factor",
        &["finite number > 0"],
    );
    // beyond the exact model's size: a clear error, not a panic (refused before solving)
    let big = inputs(2.0, 6.0, Some(60.0), 5);
    let max = SHARED.max_agents(&big);
    assert_eq!(max, 44, "C(49, 5) = 1,906,884 <= 2,000,000 < C(50, 5)");
    check(
        evaluate(&big, &SHARED, max + 1).unwrap_err(),
        "--agents",
        &[
            "45 agents",
            "2118760 load states",
            "up to 44 agents",
            "--attention fixed",
        ],
    );
    // a target only reached beyond it: 500 Erlangs at 5 conversations (4.17 each) need
    // more than 120 agents just to keep up
    let heavy = inputs(500.0 / 6.0, 6.0, None, 5);
    check(
        agents_needed(&heavy, &SHARED, &taken(0.8)).unwrap_err(),
        "--sl",
        &[
            "not reached",
            "44 agents",
            "--concurrency 5",
            "--attention fixed",
        ],
    );
    // the flags
    assert_eq!(
        Attention::from_options(false, None, None),
        Ok(Attention::Fixed)
    );
    assert_eq!(Attention::from_options(true, None, None), Ok(SHARED));
    check(
        Attention::from_options(false, Some(vec![1.0, 1.8]), None).unwrap_err(),
        "--attention",
        &["--attention shared"],
    );
    check(
        Attention::from_options(true, Some(vec![1.0]), Some(vec![1.0])).unwrap_err(),
        "--efficiency",
        &["--handle-factor"],
    );
}

#[test]
fn report_and_rendering() {
    let i = inputs(2.0, 6.0, Some(60.0), 3);
    let r = report(&i, &SHARED, Some(5), &taken(0.8), 2).expect("report");
    assert_eq!(r.model.name(), "Erlang Chat");
    assert!(r.approximation.is_none());
    let json = serde_json::to_value(&r).expect("serializes");
    assert_eq!(json["model"], "Erlang Chat");
    assert_eq!(json["inputs"]["attention"], "shared");
    assert_eq!(
        json["inputs"]["efficiency"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(json["inputs"]["efficiency_from"]["from"], "penalty");
    let row = &json["result"];
    assert!(row["answered_within"].is_null(), "{row}");
    for key in [
        "slot_utilisation",
        "conversations_per_busy_agent",
        "mean_time_in_service_min",
        "throughput_per_h",
        "taken_within",
        "p_abandon",
    ] {
        assert!(row[key].is_number(), "{key} in {row}");
    }
    assert!(json["measures"]["slot_utilisation"].is_string());
    let text = render(&r);
    for needle in [
        "Erlang Chat",
        "shared attention",
        "slots in use",
        "taken within 5 min",
        "answered within 5 min",
        "n/a",
        "fewest",
        "the simulator's occupancy",
        "slot_utilisation",
    ] {
        assert!(text.contains(needle), "lacks {needle}:\n{text}");
    }
    assert!(!text.contains("approximation"), "{text}");
    // the fixed report says nothing about shared attention
    let fixed = report(&i, &Attention::Fixed, Some(5), &taken(0.8), 2).expect("report");
    let json = serde_json::to_value(&fixed).expect("serializes");
    assert_eq!(json["inputs"]["attention"], "fixed");
    assert!(json["inputs"].get("efficiency").is_none());
    assert!(json["result"].get("slot_utilisation").is_none());
    assert!(json["measures"].get("slot_utilisation").is_none());
}

#[test]
fn the_search_gallops_from_the_start_either_way() {
    use crate::calc::staffing::fewest;
    for answer in [1_u32, 2, 7, 37, 38, 100] {
        for start in [1_u32, 5, 36, 37, 38, 39, 90, 100] {
            let mut calls = 0;
            let found = fewest(1, 100, start, |c| {
                calls += 1;
                Ok(c >= answer)
            });
            assert_eq!(found, Ok(Some(answer)), "answer {answer} from {start}");
            // a start near the answer needs few evaluations
            if start.abs_diff(answer) <= 1 {
                assert!(calls <= 4, "{calls} calls from {start} to {answer}");
            }
        }
    }
    assert_eq!(fewest(1, 100, 50, |_| Ok(false)), Ok(None));
    assert_eq!(fewest(10, 100, 3, |c| Ok(c >= 5)), Ok(Some(10)));
    let err = CalcError::Unsolved {
        agents: 3,
        reason: "x".into(),
    };
    assert_eq!(fewest(1, 100, 50, |_| Err(err.clone())), Err(err));
}
