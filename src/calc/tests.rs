//! Tests of the calculator: parsing, validation, textbook values, the staffing search,
//! concurrency, rendering and formatting.

use super::format::{fmt_minutes, num, pct};
use super::*;
use crate::erlang::{ErlangA, ErlangC};
use crate::scenario::Duration;

fn rate(s: &str) -> f64 {
    s.parse::<Rate>().map(Rate::per_min).unwrap_or(f64::NAN)
}

/// The share answered within t, which the Erlang C and A rows always have.
#[track_caller]
fn answered(m: &Metrics) -> f64 {
    m.answered_within
        .expect("Erlang C and A compute answered within t")
}

fn inputs(arrivals_per_min: f64, handle_min: f64, patience_min: Option<f64>) -> Inputs {
    Inputs {
        arrivals_per_min,
        handle_min,
        patience_min,
        target_min: 30.0,
        concurrency: 1,
        penalty: DEFAULT_PENALTY,
        first_reply_min: None,
    }
}

#[test]
fn rates_parse_with_every_unit() {
    assert_eq!(rate("120/h"), 2.0);
    assert_eq!(rate("2/min"), 2.0);
    assert_eq!(rate("2880/d"), 2.0);
    assert_eq!(rate("2/m"), 2.0);
    assert_eq!(rate(" 120 / hour "), 2.0);
    assert_eq!(rate("0.5/s"), 30.0);
    assert_eq!(rate("20160/w"), 2.0);
    assert_eq!(rate("1.5/h"), 0.025);
    assert_eq!(rate("1e3/h"), 1000.0 / 60.0);
    let r: Rate = "120/h".parse().expect("valid");
    assert_eq!(r.per_hour(), 120.0);
    assert_eq!(r.to_string(), "120/h");
    assert_eq!(Rate::per_minute(0.5).to_string(), "30/h");
    assert_eq!(Rate::per_minute(0.005).to_string(), "0.3/h");
    assert_eq!(Rate::per_minute(0.001).to_string(), "1.44/d");
    assert_eq!(Rate::per_minute(0.0001).to_string(), "0.144/d");
}

#[test]
fn rates_are_refused_with_a_reason() {
    for (bad, reason) in [
        ("120", "no time unit"),
        ("", "empty"),
        ("120/", "missing"),
        ("/h", "missing"),
        ("abc/h", "not a number"),
        ("-5/h", "greater than 0"),
        ("0/h", "greater than 0"),
        ("inf/h", "finite"),
        ("NaN/h", "finite"),
        ("120/y", "unknown time unit `y`"),
        ("120/h/h", "unknown time unit"),
    ] {
        let err = bad.parse::<Rate>().map(|_| ()).unwrap_err().to_string();
        assert!(err.contains(reason), "{bad:?}: {err}");
        assert!(err.contains("120/h, 2/min or 2880/d"), "{bad:?}: {err}");
    }
}

#[test]
fn shares_durations_and_penalties_parse_or_refuse() {
    assert_eq!(parse_share("0.8"), Ok(0.8));
    assert_eq!(parse_share("80%"), Ok(0.8));
    assert_eq!(parse_share(" 5 %"), Ok(0.05));
    for bad in ["0", "1", "1.5", "-0.1", "abc", "", "NaN", "100%"] {
        assert!(parse_share(bad).is_err(), "{bad:?} was accepted");
    }
    assert_eq!(
        parse_positive_duration("6m").map(Duration::minutes),
        Ok(6.0)
    );
    assert_eq!(
        parse_positive_duration("90s").map(Duration::minutes),
        Ok(1.5)
    );
    for bad in ["0m", "-6m", "6", "6x", ""] {
        assert!(
            parse_positive_duration(bad).is_err(),
            "{bad:?} was accepted"
        );
    }
    assert!(
        parse_positive_duration("0s")
            .unwrap_err()
            .contains("greater than 0")
    );
    assert!(
        parse_positive_duration("-1h")
            .unwrap_err()
            .contains("greater than 0")
    );
    assert!(parse_positive_duration("6").unwrap_err().contains("unit"));
    assert_eq!(parse_penalty("0"), Ok(0.0));
    assert_eq!(parse_penalty("0.25"), Ok(0.25));
    for bad in ["-0.1", "inf", "x"] {
        assert!(parse_penalty(bad).is_err(), "{bad:?} was accepted");
    }
}

#[test]
fn inputs_are_validated_by_option() {
    let good = inputs(2.0, 1.0, Some(10.0));
    assert_eq!(good.validate(), Ok(()));
    for (bad, option) in [
        (
            Inputs {
                arrivals_per_min: 0.0,
                ..good
            },
            "--arrivals",
        ),
        (
            Inputs {
                handle_min: -1.0,
                ..good
            },
            "--handle",
        ),
        (
            Inputs {
                patience_min: Some(f64::NAN),
                ..good
            },
            "--patience",
        ),
        (
            Inputs {
                target_min: 0.0,
                ..good
            },
            "--target",
        ),
        (
            Inputs {
                concurrency: 0,
                ..good
            },
            "--concurrency",
        ),
        (
            Inputs {
                penalty: -0.5,
                ..good
            },
            "--penalty",
        ),
    ] {
        match bad.validate() {
            Err(CalcError::Invalid { option: o, .. }) => assert_eq!(o, option),
            other => panic!("{option}: {other:?}"),
        }
    }
    let no_patience = inputs(2.0, 1.0, None);
    let t = Targets {
        service_level: None,
        sl_measure: SlMeasure::Taken,
        max_abandon: Some(0.05),
    };
    assert!(matches!(
        t.validate(&no_patience),
        Err(CalcError::Invalid {
            option: "--max-abandon",
            ..
        })
    ));
}

#[test]
fn textbook_erlang_c() {
    // a = 2 Erlangs, c = 3: P(wait > 0) = 4/9
    let e = evaluate(&inputs(2.0, 1.0, None), &Attention::Fixed, 3).expect("stable");
    let m = e.metrics.expect("measures");
    assert!((m.p_wait_pos - 4.0 / 9.0).abs() < 1e-12, "{}", m.p_wait_pos);
    assert!((m.occupancy - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(m.p_abandon, None);
    assert_eq!(m.wait_within, m.taken_within);
    assert!(answered(&m) < m.taken_within);
}

#[test]
fn erlang_c_overload_is_refused_with_the_load() {
    let err = evaluate(&inputs(2.0, 1.0, None), &Attention::Fixed, 2).unwrap_err();
    assert_eq!(
        err,
        CalcError::Unstable {
            agents: 2,
            load: 2.0
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains("unstable: offered load 2 Erlangs needs more than 2 agents")
            && msg.contains("--agents")
            && msg.contains("--patience"),
        "{msg}"
    );
    // Erlang A accepts the same load
    assert!(evaluate(&inputs(2.0, 1.0, Some(5.0)), &Attention::Fixed, 2).is_ok());
}

/// Whether `c` agents meet `targets`, recomputed directly with the erlang module.
fn meets_direct(i: &Inputs, t: &Targets, c: u32) -> bool {
    let mu = 1.0 / i.slot_handle_min();
    let nu = 1.0 / i.slot_first_reply_min();
    let servers = c * i.concurrency;
    match i.patience_min {
        None => match ErlangC::new(i.arrivals_per_min, mu, servers) {
            Ok(q) => t.service_level.is_none_or(|s| {
                let within = match t.sl_measure {
                    SlMeasure::Taken => q.service_level(i.target_min),
                    SlMeasure::Answered => q.wait_plus_exp_within(i.target_min, nu),
                };
                within >= s
            }),
            Err(_) => false,
        },
        Some(p) => {
            let q = ErlangA::new(i.arrivals_per_min, mu, 1.0 / p, servers).expect("valid");
            t.service_level.is_none_or(|s| {
                let within = match t.sl_measure {
                    SlMeasure::Taken => q.served_within(i.target_min),
                    SlMeasure::Answered => q.served_plus_exp_within(i.target_min, nu),
                };
                within >= s
            }) && t.max_abandon.is_none_or(|a| q.p_abandon() <= a)
        }
    }
}

#[test]
fn staffing_returns_the_fewest_agents_meeting_the_targets() {
    let cases = [
        (
            inputs(2.0, 6.0, None),
            Targets {
                service_level: Some(0.8),
                sl_measure: SlMeasure::Taken,
                max_abandon: None,
            },
        ),
        (
            Inputs {
                target_min: 0.5,
                ..inputs(2.0, 6.0, None)
            },
            Targets {
                service_level: Some(0.95),
                sl_measure: SlMeasure::Taken,
                max_abandon: None,
            },
        ),
        (
            inputs(2.0, 1.0, None),
            Targets {
                service_level: Some(0.5),
                sl_measure: SlMeasure::Taken,
                max_abandon: None,
            },
        ),
        (
            inputs(0.01, 1.0, None),
            Targets {
                service_level: Some(0.3),
                sl_measure: SlMeasure::Taken,
                max_abandon: None,
            },
        ),
        (
            inputs(2.0, 6.0, Some(60.0)),
            Targets {
                service_level: Some(0.8),
                sl_measure: SlMeasure::Taken,
                max_abandon: None,
            },
        ),
        (
            inputs(2.0, 6.0, Some(60.0)),
            Targets {
                service_level: None,
                sl_measure: SlMeasure::Taken,
                max_abandon: Some(0.05),
            },
        ),
        (
            Inputs {
                target_min: 1.0,
                ..inputs(2.0, 6.0, Some(10.0))
            },
            Targets {
                service_level: Some(0.9),
                sl_measure: SlMeasure::Taken,
                max_abandon: Some(0.01),
            },
        ),
        (
            inputs(600.0, 1.0, Some(2.0)),
            Targets {
                service_level: Some(0.99),
                sl_measure: SlMeasure::Taken,
                max_abandon: None,
            },
        ),
        (
            Inputs {
                concurrency: 3,
                penalty: 0.2,
                ..inputs(2.0, 6.0, Some(60.0))
            },
            Targets {
                service_level: Some(0.8),
                sl_measure: SlMeasure::Taken,
                max_abandon: Some(0.02),
            },
        ),
        (
            Inputs {
                concurrency: 2,
                ..inputs(2.0, 6.0, None)
            },
            Targets {
                service_level: Some(0.8),
                sl_measure: SlMeasure::Taken,
                max_abandon: None,
            },
        ),
    ];
    let answered = |service_level: f64, max_abandon: Option<f64>| Targets {
        service_level: Some(service_level),
        sl_measure: SlMeasure::Answered,
        max_abandon,
    };
    let answered_cases = [
        (
            Inputs {
                first_reply_min: Some(2.0),
                ..inputs(2.0, 6.0, None)
            },
            answered(0.8, None),
        ),
        (
            Inputs {
                first_reply_min: Some(2.0),
                target_min: 5.0,
                ..inputs(2.0, 6.0, Some(60.0))
            },
            answered(0.8, Some(0.05)),
        ),
        (
            Inputs {
                concurrency: 3,
                penalty: 0.2,
                ..inputs(2.0, 20.0, Some(60.0))
            },
            answered(0.6, None),
        ),
    ];
    for (i, t) in cases.into_iter().chain(answered_cases) {
        let c =
            agents_needed(&i, &Attention::Fixed, &t).unwrap_or_else(|e| panic!("{i:?} {t:?}: {e}"));
        assert!(
            meets_direct(&i, &t, c),
            "{i:?} {t:?}: {c} agents should meet"
        );
        assert!(
            c == 1 || !meets_direct(&i, &t, c - 1),
            "{i:?} {t:?}: {} agents also meet",
            c - 1
        );
        // and it agrees with a plain upward search when that is cheap
        if c < 200 {
            let linear = (1..).find(|&k| meets_direct(&i, &t, k)).expect("found");
            assert_eq!(c, linear, "{i:?} {t:?}");
        }
        let s = staff(&i, &Attention::Fixed, &t, 4).expect("table");
        assert_eq!(s.agents_needed, c);
        assert_eq!(
            s.rows.first().map(|r| r.agents),
            Some(c.saturating_sub(2).max(1))
        );
        assert_eq!(s.rows.last().map(|r| r.agents), Some(c + 4));
        for row in &s.rows {
            assert_eq!(row.meets, Some(row.agents >= c), "{row:?}");
        }
    }
}

#[test]
fn staffing_below_the_minimum_marks_unstable_rows() {
    // load 11.5 Erlangs: 12 agents are stable, 11 and 10 are not
    let i = inputs(11.5, 1.0, None);
    let t = Targets {
        service_level: Some(0.01),
        sl_measure: SlMeasure::Taken,
        max_abandon: None,
    };
    let s = staff(&i, &Attention::Fixed, &t, 1).expect("table");
    assert_eq!(s.agents_needed, 12);
    let unstable: Vec<u32> = s
        .rows
        .iter()
        .filter(|r| !r.stable)
        .map(|r| r.agents)
        .collect();
    assert_eq!(unstable, [10, 11]);
    assert!(
        s.rows
            .iter()
            .filter(|r| !r.stable)
            .all(|r| r.metrics.is_none())
    );
}

#[test]
fn unreachable_targets_name_the_option() {
    let t = Targets {
        service_level: Some(0.8),
        sl_measure: SlMeasure::Taken,
        max_abandon: None,
    };
    let err = agents_needed(&inputs(200_000.0, 1.0, None), &Attention::Fixed, &t).unwrap_err();
    assert!(
        matches!(
            err,
            CalcError::Unreachable {
                option: "--sl",
                max: MAX_AGENTS,
                ..
            }
        ),
        "{err:?}"
    );
    let err = agents_needed(
        &inputs(200_000.0, 1.0, Some(5.0)),
        &Attention::Fixed,
        &Targets {
            service_level: None,
            sl_measure: SlMeasure::Taken,
            max_abandon: Some(0.01),
        },
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            CalcError::Unreachable {
                option: "--max-abandon",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("not reachable with up to 100000 agents"),
        "{err}"
    );
    let none = agents_needed(
        &inputs(2.0, 1.0, None),
        &Attention::Fixed,
        &Targets::default(),
    )
    .unwrap_err();
    assert!(matches!(none, CalcError::Invalid { .. }));
}

#[test]
fn concurrency_maps_to_parallel_slower_servers() {
    let i = Inputs {
        concurrency: 3,
        penalty: 0.1,
        ..inputs(2.0, 6.0, Some(60.0))
    };
    let slot = 6.0 * (1.0 + 0.1 * 2.0);
    assert!((i.slot_handle_min() - slot).abs() < 1e-12);
    assert!((i.agent_load() - 2.0 * slot / 3.0).abs() < 1e-12);
    assert_eq!(i.offered_load(), 12.0);
    match i.queue(5).expect("valid") {
        Queue::A(q) => {
            assert_eq!(q.servers, 15);
            assert_eq!(q.arrival_rate, 2.0);
            assert!((q.service_rate - 1.0 / slot).abs() < 1e-15);
            assert!((q.abandon_rate - 1.0 / 60.0).abs() < 1e-15);
            let expected = ErlangA::new(2.0, 1.0 / slot, 1.0 / 60.0, 15).expect("valid");
            let m = evaluate(&i, &Attention::Fixed, 5)
                .expect("ok")
                .metrics
                .expect("measures");
            assert_eq!(m.p_wait_pos, expected.p_wait_pos());
            assert_eq!(m.p_abandon, Some(expected.p_abandon()));
        }
        other => panic!("{other:?}"),
    }
    let c = Inputs {
        patience_min: None,
        ..i
    };
    match c.queue(6).expect("stable") {
        Queue::C(q) => {
            assert_eq!(q.servers, 18);
            assert!((q.service_rate - 1.0 / slot).abs() < 1e-15);
        }
        other => panic!("{other:?}"),
    }
    // 2 * 7.2 = 14.4 slot Erlangs need more than 4.8 agents of 3 slots
    assert_eq!(
        c.queue(4).unwrap_err(),
        CalcError::Unstable {
            agents: 4,
            load: 4.8
        }
    );
    assert!(
        i.approximation()
            .expect("labelled")
            .starts_with("approximation:")
    );
    assert_eq!(inputs(2.0, 6.0, None).approximation(), None);
    // no slowdown: K slots per agent behave like K times the agents
    let fast = Inputs { penalty: 0.0, ..c };
    let plain = Inputs {
        concurrency: 1,
        ..fast
    };
    let a = evaluate(&fast, &Attention::Fixed, 5)
        .expect("ok")
        .metrics
        .expect("m");
    let b = evaluate(&plain, &Attention::Fixed, 15)
        .expect("ok")
        .metrics
        .expect("m");
    assert_eq!(a, b);
}

#[test]
fn large_systems_stay_finite() {
    for i in [inputs(1900.0, 1.0, None), inputs(2400.0, 1.0, Some(2.0))] {
        let m = evaluate(&i, &Attention::Fixed, 2000)
            .expect("ok")
            .metrics
            .expect("m");
        for v in [
            m.occupancy,
            m.p_wait_pos,
            m.wait_within,
            m.taken_within,
            answered(&m),
        ] {
            assert!((0.0..=1.0).contains(&v), "{i:?}: {m:?}");
        }
        assert!(
            m.mean_wait_min.is_finite() && m.mean_queue.is_finite(),
            "{m:?}"
        );
    }
}

#[test]
fn report_and_rendering() {
    let i = inputs(2.0, 6.0, Some(60.0));
    let t = Targets {
        service_level: Some(0.8),
        sl_measure: SlMeasure::Taken,
        max_abandon: Some(0.05),
    };
    let r = report(&i, &Attention::Fixed, Some(14), &t, 6).expect("report");
    let text = render(&r);
    assert!(text.contains("Erlang A (M/M/c+M)"), "{text}");
    assert!(text.contains("agents needed:"), "{text}");
    assert!(text.contains("← fewest"), "{text}");
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(json["model"], "Erlang A");
    assert_eq!(json["inputs"]["arrivals_per_h"], 120.0);
    assert!(json["rows"].as_array().is_some_and(|r| !r.is_empty()));
    assert!(json.get("approximation").is_none());
    let err = report(&i, &Attention::Fixed, None, &Targets::default(), 6).unwrap_err();
    assert!(err.to_string().contains("--agents"), "{err}");
}

#[test]
fn formatting_helpers() {
    assert_eq!(num(12.0), "12");
    assert_eq!(num(0.16666666), "0.1667");
    assert_eq!(num(2880.0), "2880");
    assert_eq!(pct(4.0 / 9.0), "44.4%");
    assert_eq!(pct(0.0), "0%");
    assert_eq!(pct(1e-9), "<0.01%");
    assert_eq!(pct(0.999_999), ">99.99%");
    assert_eq!(fmt_minutes(0.5), "30 s");
    assert_eq!(fmt_minutes(6.0), "6 min");
    assert_eq!(fmt_minutes(90.0), "1.5 h");
    assert_eq!(fmt_minutes(59.0), "59 min");
    assert_eq!(fmt_minutes(180.0), "3 h");
}

#[test]
fn taken_and_answered_within_are_both_reported() {
    // The README's example at 13 agents: taken within 5 min 86.7%, answered 40.3% (the
    // first reply being the whole 6-minute conversation).
    let i = Inputs {
        target_min: 5.0,
        ..inputs(2.0, 6.0, Some(60.0))
    };
    let m = evaluate(&i, &Attention::Fixed, 13)
        .expect("ok")
        .metrics
        .expect("measures");
    assert_eq!(pct(m.taken_within), "86.7%");
    assert_eq!(pct(answered(&m)), "40.3%");
    // Answered never exceeds taken, for either model, with or without concurrency.
    for patience in [None, Some(60.0), Some(2.0)] {
        for (concurrency, first_reply) in [(1, None), (1, Some(0.5)), (3, Some(4.0))] {
            let i = Inputs {
                concurrency,
                first_reply_min: first_reply,
                ..inputs(2.0, 6.0, patience)
            };
            for agents in 5..30 {
                let Ok(e) = evaluate(&i, &Attention::Fixed, agents) else {
                    continue;
                };
                let m = e.metrics.expect("measures");
                assert!(answered(&m) <= m.taken_within, "{i:?} {agents}: {m:?}");
                assert!(m.taken_within <= m.wait_within, "{i:?} {agents}: {m:?}");
            }
        }
    }
    // A shorter first reply brings answered up towards taken.
    let quick = Inputs {
        first_reply_min: Some(1e-3),
        ..i
    };
    let m = evaluate(&quick, &Attention::Fixed, 13)
        .expect("ok")
        .metrics
        .expect("measures");
    assert!((m.taken_within - answered(&m)).abs() < 1e-3, "{m:?}");
    // Text and JSON name both.
    let t = Targets {
        service_level: Some(0.4),
        sl_measure: SlMeasure::Answered,
        max_abandon: None,
    };
    let r = report(&i, &Attention::Fixed, None, &t, 2).expect("report");
    assert_eq!(r.agents_needed, Some(13));
    let text = render(&r);
    for needle in [
        "taken in 5 min",
        "answered in 5 min",
        "queue wait + first-reply time ≤ 5 min",
        "answered within 5 min (first reply posted; --sl-measure answered)",
        "mean first-reply time",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    let json = serde_json::to_value(&r).expect("json");
    assert_eq!(json["targets"]["sl_measure"], "answered");
    assert_eq!(json["inputs"]["first_reply_min"], 6.0);
    assert_eq!(json["inputs"]["first_reply_given"], false);
    let row = &json["rows"][0];
    for key in ["taken_within", "answered_within", "wait_within"] {
        assert!(row[key].is_f64(), "{key} in {row}");
    }
    assert!(json["measures"]["answered_within"].is_string());
}

#[test]
fn answered_targets_beyond_the_first_reply_are_refused() {
    // 1 − e^{−5/6} = 56.5% of 6-minute replies are written within 5 minutes.
    let i = Inputs {
        target_min: 5.0,
        ..inputs(2.0, 6.0, Some(60.0))
    };
    let t = Targets {
        service_level: Some(0.8),
        sl_measure: SlMeasure::Answered,
        max_abandon: None,
    };
    let err = agents_needed(&i, &Attention::Fixed, &t).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("--sl") && msg.contains("56.5%") && msg.contains("--sl-measure taken"),
        "{msg}"
    );
    // the same target on the share taken is reachable
    let taken = Targets {
        sl_measure: SlMeasure::Taken,
        ..t
    };
    assert_eq!(agents_needed(&i, &Attention::Fixed, &taken), Ok(13));
    // a first reply longer than the conversation is refused
    let long = Inputs {
        first_reply_min: Some(7.0),
        ..i
    };
    let err = long.validate().unwrap_err();
    assert!(
        matches!(
            err,
            CalcError::Invalid {
                option: "--first-reply",
                ..
            }
        ),
        "{err:?}"
    );
}
