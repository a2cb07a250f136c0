//! `carecast erlang`, the analytic calculator, as a user runs it: textbook values through
//! the command line, large systems, staffing mode, the concurrency approximation, and a
//! clear exit-code-2 error for every kind of bad input (the shared-attention model is in
//! `erlang_shared.rs`).

use assert_cmd::Command;
use carecast::erlang::{ErlangA, ErlangC};
use serde_json::Value;

pub(crate) fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("the carecast binary is built");
    cmd.env("CI", "true");
    cmd
}

/// Runs `carecast erlang ARGS`, expecting success; returns stdout.
#[track_caller]
pub(crate) fn erlang_ok(args: &[&str]) -> String {
    let out = carecast().arg("erlang").args(args).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "carecast erlang {args:?} failed ({:?}):\n{stderr}",
        out.status.code()
    );
    assert!(stderr.is_empty(), "stderr: {stderr}");
    stdout
}

/// Runs `carecast erlang ARGS --json`, expecting success; returns the parsed object.
#[track_caller]
pub(crate) fn erlang_json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let stdout = erlang_ok(&all);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

#[track_caller]
pub(crate) fn f(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("`{key}` is not a number in {v}"))
}

#[track_caller]
pub(crate) fn close(name: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{name}: got {got}, want {want} (tolerance {tol})"
    );
}

#[test]
fn textbook_erlang_c_through_the_cli() {
    // a = 2 Erlangs on c = 3 servers: P(wait > 0) = 4/9
    let args = ["--arrivals", "2/min", "--handle", "1m", "--agents", "3"];
    let json = erlang_json(&args);
    assert_eq!(json["model"], "Erlang C");
    assert!(json.get("approximation").is_none(), "{json}");
    let inputs = &json["inputs"];
    close("arrivals_per_min", f(inputs, "arrivals_per_min"), 2.0, 0.0);
    close("arrivals_per_h", f(inputs, "arrivals_per_h"), 120.0, 0.0);
    close("offered_load", f(inputs, "offered_load"), 2.0, 1e-12);

    let r = &json["result"];
    let q = ErlangC::new(2.0, 1.0, 3).expect("valid");
    close("P(wait > 0) = 4/9", f(r, "p_wait_pos"), 4.0 / 9.0, 1e-9);
    close("p_wait_pos", f(r, "p_wait_pos"), q.p_wait_pos(), 1e-9);
    close("occupancy", f(r, "occupancy"), q.occupancy(), 1e-9);
    close("mean_wait_min", f(r, "mean_wait_min"), q.mean_wait(), 1e-9);
    close("mean_queue", f(r, "mean_queue"), q.mean_queue(), 1e-9);
    close(
        "wait_within",
        f(r, "wait_within"),
        q.service_level(30.0),
        1e-9,
    );
    close(
        "taken_within",
        f(r, "taken_within"),
        q.service_level(30.0),
        1e-9,
    );
    // the first reply defaults to the whole (1-minute) conversation
    close(
        "answered_within",
        f(r, "answered_within"),
        q.wait_plus_exp_within(30.0, 1.0),
        1e-9,
    );
    assert!(r["p_abandon"].is_null(), "Erlang C has no abandonment: {r}");

    // the same numbers in the table, with the model and its assumptions
    let text = erlang_ok(&args);
    for needle in [
        "Erlang C (M/M/c)",
        "infinite patience",
        "offered load",
        "2 Erlangs",
        "occupancy",
        "66.7%",
        "P(wait > 0)",
        "44.4%",
        "mean wait",
        "26.7 s",
        "taken within 30 min",
        "answered within 30 min",
        "mean queue",
    ] {
        assert!(text.contains(needle), "table lacks {needle:?}:\n{text}");
    }
    assert!(!text.contains("approximation"), "{text}");

    // the units are equivalent
    for arrivals in ["120/h", "2880/d"] {
        let other = erlang_json(&["--arrivals", arrivals, "--handle", "60s", "--agents", "3"]);
        close(
            arrivals,
            f(&other["result"], "p_wait_pos"),
            q.p_wait_pos(),
            1e-12,
        );
    }
}

#[test]
fn erlang_a_matches_the_formulas_and_reports_both_service_levels() {
    let args = [
        "--arrivals",
        "120/h",
        "--handle",
        "5m",
        "--patience",
        "10m",
        "--agents",
        "11",
        "--target",
        "1m",
    ];
    let json = erlang_json(&args);
    assert_eq!(json["model"], "Erlang A");
    close(
        "abandon rate",
        f(&json["inputs"], "abandon_rate_per_h"),
        6.0,
        1e-12,
    );
    let r = &json["result"];
    let q = ErlangA::new(2.0, 0.2, 0.1, 11).expect("valid");
    close("p_wait_pos", f(r, "p_wait_pos"), q.p_wait_pos(), 1e-9);
    close("p_abandon", f(r, "p_abandon"), q.p_abandon(), 1e-9);
    close("mean_wait_min", f(r, "mean_wait_min"), q.mean_wait(), 1e-9);
    close("occupancy", f(r, "occupancy"), q.occupancy(), 1e-9);
    close(
        "wait_within",
        f(r, "wait_within"),
        q.service_level(1.0),
        1e-9,
    );
    close(
        "taken_within",
        f(r, "taken_within"),
        q.served_within(1.0),
        1e-9,
    );
    close(
        "answered_within",
        f(r, "answered_within"),
        q.served_plus_exp_within(1.0, 0.2),
        1e-9,
    );
    // README's validation table: P(wait > 0) = 0.4747, P(abandon) = 0.0652
    close("README P(wait > 0)", f(r, "p_wait_pos"), 0.4747, 5e-5);
    close("README P(abandon)", f(r, "p_abandon"), 0.0652, 5e-5);

    let text = erlang_ok(&args);
    for needle in [
        "Erlang A (M/M/c+M)",
        "exponential patience",
        "taken within 1 min",
        "answered within 1 min",
        "P(wait ≤ 1 min)",
        "P(abandon)",
        "6.5%",
        "47.5%",
    ] {
        assert!(text.contains(needle), "table lacks {needle:?}:\n{text}");
    }
}

#[test]
fn erlang_a_in_overload_with_500_agents_is_finite() {
    // load 600 Erlangs on 500 agents: rho = 1.2
    let json = erlang_json(&[
        "--arrivals",
        "600/min",
        "--handle",
        "1m",
        "--patience",
        "2m",
        "--agents",
        "500",
        "--target",
        "20s",
    ]);
    let r = &json["result"];
    for key in [
        "occupancy",
        "p_wait_pos",
        "p_abandon",
        "wait_within",
        "taken_within",
        "answered_within",
    ] {
        let v = f(r, key);
        assert!(v.is_finite() && v > 0.0 && v < 1.0, "{key} = {v}: {r}");
    }
    let q = ErlangA::new(600.0, 1.0, 0.5, 500).expect("valid");
    close("p_abandon", f(r, "p_abandon"), q.p_abandon(), 1e-9);
    // fluid limit: about 1 - 1/1.2 abandon
    close("fluid P(abandon)", f(r, "p_abandon"), 1.0 - 1.0 / 1.2, 0.01);
    let mean_wait = f(r, "mean_wait_min");
    assert!(mean_wait.is_finite() && mean_wait > 0.0, "{mean_wait}");
}

#[test]
fn two_thousand_agents_work_for_both_models() {
    let c = erlang_json(&[
        "--arrivals",
        "1900/min",
        "--handle",
        "1m",
        "--agents",
        "2000",
    ]);
    let q = ErlangC::new(1900.0, 1.0, 2000).expect("valid");
    close(
        "C p_wait_pos",
        f(&c["result"], "p_wait_pos"),
        q.p_wait_pos(),
        1e-9,
    );
    close("C occupancy", f(&c["result"], "occupancy"), 0.95, 1e-12);

    let a = erlang_json(&[
        "--arrivals",
        "2100/min",
        "--handle",
        "1m",
        "--patience",
        "5m",
        "--agents",
        "2000",
        "--target",
        "20s",
    ]);
    let q = ErlangA::new(2100.0, 1.0, 0.2, 2000).expect("valid");
    let r = &a["result"];
    close("A p_wait_pos", f(r, "p_wait_pos"), q.p_wait_pos(), 1e-9);
    close("A p_abandon", f(r, "p_abandon"), q.p_abandon(), 1e-9);
    close(
        "A taken_within",
        f(r, "taken_within"),
        q.served_within(1.0 / 3.0),
        1e-9,
    );
    close(
        "A answered_within",
        f(r, "answered_within"),
        q.served_plus_exp_within(1.0 / 3.0, 1.0),
        1e-9,
    );
    for key in [
        "occupancy",
        "p_wait_pos",
        "p_abandon",
        "taken_within",
        "answered_within",
    ] {
        let v = f(r, key);
        assert!(v > 0.0 && v < 1.0, "{key} = {v}");
    }
}

#[test]
fn staffing_mode_prints_the_table_and_the_agents_needed() {
    let args = [
        "--arrivals",
        "120/h",
        "--handle",
        "6m",
        "--patience",
        "1h",
        "--sl",
        "0.8",
        "--max-abandon",
        "0.05",
        "--target",
        "30m",
    ];
    let text = erlang_ok(&args);
    for needle in [
        "Erlang A (M/M/c+M)",
        "targets: ≥ 80% answered within 30 min (first reply posted; --sl-measure answered), \
         ≤ 5% abandon",
        "agents needed: ",
        "agents",
        "occupancy",
        "P(wait>0)",
        "mean wait",
        "taken in 30 min",
        "answered in 30 min",
        "P(abandon)",
        "meets",
        "← fewest",
    ] {
        assert!(
            text.contains(needle),
            "staffing table lacks {needle:?}:\n{text}"
        );
    }

    let json = erlang_json(&args);
    let needed = json["agents_needed"].as_u64().expect("agents_needed") as u32;
    let rows = json["rows"].as_array().expect("rows");
    // default --rows 6: from needed - 2 to needed + 6
    let agents: Vec<u32> = rows
        .iter()
        .map(|r| r["agents"].as_u64().expect("agents") as u32)
        .collect();
    assert_eq!(agents, ((needed - 2)..=(needed + 6)).collect::<Vec<_>>());
    for row in rows {
        let c = row["agents"].as_u64().expect("agents") as u32;
        assert_eq!(row["meets"], c >= needed, "{row}");
    }
    // recomputed with the erlang module: `needed` meets both targets, one fewer does not
    let meets = |c: u32| {
        let q = ErlangA::new(2.0, 1.0 / 6.0, 1.0 / 60.0, c).expect("valid");
        q.served_plus_exp_within(30.0, 1.0 / 6.0) >= 0.8 && q.p_abandon() <= 0.05
    };
    assert!(meets(needed) && !meets(needed - 1), "needed = {needed}");
    let text_needed = format!("agents needed: {needed}");
    assert!(text.contains(&text_needed), "{text}");

    // Erlang C staffing with --rows, and --agents checked against the target
    let json = erlang_json(&[
        "--arrivals",
        "2/min",
        "--handle",
        "6m",
        "--sl",
        "80%",
        "--sl-measure",
        "taken",
        "--target",
        "1m",
        "--rows",
        "2",
        "--agents",
        "14",
    ]);
    assert_eq!(json["targets"]["sl_measure"], "taken");
    let needed = json["agents_needed"].as_u64().expect("agents_needed") as u32;
    let sl = |c: u32| {
        ErlangC::new(2.0, 1.0 / 6.0, c)
            .expect("stable")
            .service_level(1.0)
    };
    assert!(
        sl(needed) >= 0.8 && sl(needed - 1) < 0.8,
        "needed = {needed}"
    );
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["result"]["agents"], 14);
    assert_eq!(json["result"]["meets"], 14 >= needed);
}

#[test]
fn concurrency_is_labelled_as_an_approximation() {
    let args = [
        "--arrivals",
        "120/h",
        "--handle",
        "6m",
        "--patience",
        "1h",
        "--agents",
        "5",
        "--concurrency",
        "3",
        "--penalty",
        "0.2",
    ];
    let text = erlang_ok(&args);
    assert!(
        text.contains("approximation: each agent counts as 3"),
        "{text}"
    );
    let json = erlang_json(&args);
    let approximation = json["approximation"].as_str().expect("approximation");
    assert!(
        approximation.starts_with("approximation:"),
        "{approximation}"
    );
    let slot = 6.0 * (1.0 + 0.2 * 2.0);
    close(
        "slot_handle_min",
        f(&json["inputs"], "slot_handle_min"),
        slot,
        1e-12,
    );
    assert_eq!(json["result"]["servers"], 15);
    let q = ErlangA::new(2.0, 1.0 / slot, 1.0 / 60.0, 15).expect("valid");
    close(
        "p_wait_pos",
        f(&json["result"], "p_wait_pos"),
        q.p_wait_pos(),
        1e-9,
    );

    // the default penalty is the simulator's 0.1
    let json = erlang_json(&[
        "--arrivals",
        "2/min",
        "--handle",
        "6m",
        "--agents",
        "5",
        "--concurrency",
        "3",
    ]);
    close("default penalty", f(&json["inputs"], "penalty"), 0.1, 0.0);
    close(
        "slot handle",
        f(&json["inputs"], "slot_handle_min"),
        7.2,
        1e-12,
    );
}

#[test]
fn help_shows_the_options() {
    let out = carecast()
        .args(["erlang", "--help"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for option in [
        "--arrivals",
        "--handle",
        "--patience",
        "--agents",
        "--target",
        "--sl",
        "--max-abandon",
        "--rows",
        "--concurrency",
        "--penalty",
        "--first-reply",
        "--sl-measure",
        "--attention",
        "--efficiency",
        "--handle-factor",
        "answered within t",
        "taken within t",
        "--json",
        "Examples:",
    ] {
        assert!(help.contains(option), "help lacks {option}:\n{help}");
    }
}

/// Each bad input: exit code 2, a message naming the option and the value, no panic.
#[test]
fn bad_input_exits_with_2_and_names_the_option() {
    let base = ["--arrivals", "2/min", "--handle", "1m"];
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["--arrivals", "120", "--handle", "6m", "--agents", "14"],
            &["--arrivals", "120", "unit", "120/h"],
        ),
        (
            &["--arrivals", "-5/h", "--handle", "6m", "--agents", "14"],
            &["--arrivals", "-5/h", "greater than 0"],
        ),
        (
            &["--arrivals", "0/h", "--handle", "6m", "--agents", "14"],
            &["--arrivals", "0/h", "greater than 0"],
        ),
        (
            &["--arrivals", "120/y", "--handle", "6m", "--agents", "14"],
            &["--arrivals", "unknown time unit `y`", "/min"],
        ),
        (
            &["--arrivals", "2/min", "--handle", "6", "--agents", "14"],
            &["--handle", "unit"],
        ),
        (
            &["--arrivals", "2/min", "--handle", "0m", "--agents", "14"],
            &["--handle", "0m", "greater than 0"],
        ),
        (
            &["--arrivals", "2/min", "--handle", "-6m", "--agents", "14"],
            &["--handle", "-6m", "greater than 0"],
        ),
        (
            &["--arrivals", "2/min", "--handle", "6q", "--agents", "14"],
            &["--handle", "6q", "unit"],
        ),
        (
            &["--agents", "3", "--patience", "0s"],
            &["--patience", "0s", "greater than 0"],
        ),
        (&["--agents", "0"], &["--agents", "0", "1..=100000"]),
        (&["--agents", "-3"], &["--agents", "-3"]),
        (
            &["--agents", "3", "--target", "0m"],
            &["--target", "0m", "greater than 0"],
        ),
        (&["--sl", "1.5"], &["--sl", "1.5", "between 0 and 1"]),
        (&["--sl", "0"], &["--sl", "between 0 and 1"]),
        (&["--max-abandon", "0.05"], &["--patience"]),
        (
            &["--agents", "3", "--concurrency", "0"],
            &["--concurrency", "0"],
        ),
        (
            &["--agents", "3", "--concurrency", "2", "--penalty", "-1"],
            &["--penalty", "-1", ">= 0"],
        ),
        (&[], &["--agents", "--sl", "--max-abandon"]),
        // Erlang C with load >= agents
        (
            &["--agents", "2"],
            &[
                "--agents",
                "unstable: offered load 2 Erlangs needs more than 2 agents",
                "give --patience for Erlang A",
            ],
        ),
        // a target no number of agents reaches
        (
            &["--arrivals", "200000/min", "--sl", "0.8"],
            &["--sl", "0.8", "not reachable", "100000"],
        ),
    ];
    for (extra, needles) in cases {
        // `extra` overrides the base's options when it repeats them
        let mut args: Vec<&str> = Vec::new();
        let overrides = |opt: &str| extra.contains(&opt);
        if !overrides("--arrivals") {
            args.extend(&base[..2]);
        }
        if !overrides("--handle") {
            args.extend(&base[2..]);
        }
        args.extend(extra.iter());
        let out = carecast().arg("erlang").args(&args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(2),
            "carecast erlang {args:?}: exit code {:?}, stderr:\n{stderr}",
            out.status.code()
        );
        assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
        assert!(stderr.starts_with("error:"), "{args:?}:\n{stderr}");
        for needle in *needles {
            assert!(
                stderr.contains(needle),
                "{args:?}: stderr lacks {needle:?}:\n{stderr}"
            );
        }
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    }
}

#[test]
fn first_reply_and_sl_measure_through_the_cli() {
    // a 20-minute conversation whose first reply takes 6 minutes: answered within 30 min
    // is the wait convolved with an exponential of mean 6 minutes
    let args = [
        "--arrivals",
        "120/h",
        "--handle",
        "20m",
        "--first-reply",
        "6m",
        "--agents",
        "44",
    ];
    let json = erlang_json(&args);
    let q = ErlangC::new(2.0, 1.0 / 20.0, 44).expect("stable");
    let r = &json["result"];
    close(
        "answered_within",
        f(r, "answered_within"),
        q.wait_plus_exp_within(30.0, 1.0 / 6.0),
        1e-9,
    );
    assert!(f(r, "answered_within") <= f(r, "taken_within"), "{r}");
    assert_eq!(json["inputs"]["first_reply_given"], true);
    let text = erlang_ok(&args);
    assert!(
        text.contains("mean first-reply time") && text.contains("time to write the first reply"),
        "{text}"
    );
    // the two measures staff differently
    let needed = |measure: &str| {
        let j = erlang_json(&[
            "--arrivals",
            "120/h",
            "--handle",
            "6m",
            "--patience",
            "1h",
            "--target",
            "15m",
            "--sl",
            "0.8",
            "--sl-measure",
            measure,
        ]);
        j["agents_needed"].as_u64().expect("agents_needed")
    };
    assert!(needed("answered") > needed("taken"));
    // a reply longer than the conversation, or an unreachable answered target, says why
    for (bad, option) in [
        (
            vec!["--handle", "6m", "--first-reply", "7m", "--agents", "14"],
            "--first-reply",
        ),
        (
            vec!["--handle", "6m", "--target", "5m", "--sl", "0.8"],
            "--sl-measure taken",
        ),
    ] {
        let out = carecast()
            .args(["erlang", "--arrivals", "120/h"])
            .args(&bad)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(option), "{bad:?}: {stderr}");
    }
    // --sl-measure needs --sl
    let out = carecast()
        .args([
            "erlang",
            "--arrivals",
            "120/h",
            "--handle",
            "6m",
            "--agents",
            "14",
            "--sl-measure",
            "taken",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
