//! Bounded memory and time: loads a plan cannot keep up with end each replication cleanly
//! as overloaded (or are refused before any compute), never with an abort; a run's rows
//! are streamed to its folder, the same bytes as a run held in memory.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true");
    cmd
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs the built-in scenario with `sets` into `out`; returns (exit code, stdout, stderr).
fn run(out: &Path, sets: &[&str], extra: &[&str]) -> (i32, String, String) {
    let mut cmd = carecast();
    cmd.arg("run");
    for s in sets {
        cmd.args(["--set", s]);
    }
    cmd.args(extra).arg("--out").arg(out);
    let o = cmd.output().expect("runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The `summary.json` of `dir`, parsed.
fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&read(&dir.join("summary.json"))).expect("summary.json")
}

/// An overloaded run's folder says so, with no KPI that could pass for the plan's.
fn assert_overloaded(dir: &Path, replications: u64, limit: u64) {
    let s = summary(dir);
    assert_eq!(s["overloaded"]["replications"], replications, "{s}");
    assert_eq!(s["overloaded"]["max_in_system"], limit, "{s}");
    assert_eq!(s["sustainability"]["status"], "unsustainable", "{s}");
    let kpis = s["kpis"].as_object().expect("kpis");
    assert!(!kpis.is_empty());
    for (name, stat) in kpis {
        assert!(
            stat["mean"].is_null(),
            "{name} = {stat} in an overloaded run"
        );
    }
}

#[test]
fn a_flood_on_a_small_team_ends_overloaded_not_aborted() {
    // 1e6 mentions/h for a day against three groups: warned before the run, each
    // replication stopped at the limit, reported, exit 0 (it once used 3 GB and aborted).
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("flood");
    let (code, stdout, stderr) = run(
        &dir,
        &[
            "arrivals.rate_per_h=1e6",
            "horizon=\"1d\"",
            "warmup=\"0m\"",
            "limits.max_in_system=20000",
            "targets.max_ignored=0.99",
        ],
        &["--reps", "2"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning:"), "{stderr}");
    assert!(stderr.contains("mentions would be waiting"), "{stderr}");
    assert!(stderr.contains("reported as overloaded"), "{stderr}");
    assert!(
        stdout.contains("OVERLOADED: 2 of 2 replications"),
        "{stdout}"
    );
    assert!(stdout.contains("misses (overloaded"), "{stdout}");
    assert_overloaded(&dir, 2, 20000);
    let s = summary(&dir);
    assert_eq!(s["verdicts"]["items"][0]["status"], "misses", "{s}");
    // The resolved scenario keeps the limit, so the folder reproduces the run.
    assert!(read(&dir.join("scenario.toml")).contains("max_in_system = 20000"));
}

#[test]
fn the_documented_maximum_rate_ends_overloaded_too() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("max");
    let (code, _, stderr) = run(
        &dir,
        &[
            "arrivals.rate_per_h=1e7",
            "horizon=\"1d\"",
            "warmup=\"0m\"",
            "limits.max_in_system=20000",
        ],
        &["--reps", "1", "--quiet"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_overloaded(&dir, 1, 20000);
}

#[test]
fn a_run_that_would_hold_gigabytes_is_refused_before_any_compute() {
    // With the limit raised to its maximum the flood would hold tens of GB: refused with
    // the cause and the ways out, exit 2, and no folder, in no time.
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("refused");
    let (code, _, stderr) = run(
        &dir,
        &[
            "arrivals.rate_per_h=1e7",
            "horizon=\"1d\"",
            "warmup=\"0m\"",
            "limits.max_in_system=100000000",
        ],
        &["--reps", "1", "--threads", "2"],
    );
    assert_eq!(code, 2, "{stderr}");
    for needle in [
        "GB of memory",
        "mentions/h",
        "limits.max_in_system = 100,000,000",
        "add agents",
        "lower limits.max_in_system",
    ] {
        assert!(stderr.contains(needle), "lacks {needle:?}: {stderr}");
    }
    assert!(!dir.exists(), "nothing written");
    assert_eq!(
        fs::read_dir(tmp.path()).expect("ls").count(),
        0,
        "no partial folder"
    );
}

#[test]
fn near_critical_virality_unstaffed_for_a_year_ends_overloaded() {
    // Offspring + repost = 0.999, nobody on shift for 52 weeks and nothing dropped for
    // age: one endless cascade. (With the default `max_age` of 3 days the backlog stays
    // bounded and the run completes, as the budget predicts.)
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("cascade");
    let (code, _, stderr) = run(
        &dir,
        &[
            "virality.offspring=0.799",
            "customers.repost=0.2",
            "horizon=\"52w\"",
            "staffing.groups[0].agents=0",
            "staffing.groups[1].agents=0",
            "staffing.groups[2].agents=0",
            "policy.max_age=\"520w\"",
            "limits.max_in_system=20000",
        ],
        &["--reps", "1", "--quiet"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("branching ratio 0.999"), "{stderr}");
    assert_overloaded(&dir, 1, 20000);
}

#[test]
fn a_bad_limit_is_refused_naming_the_field() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for bad in ["0", "-5", "1000000000"] {
        let (code, _, stderr) = run(
            &tmp.path().join("x"),
            &[&format!("limits.max_in_system={bad}")],
            &["--reps", "1"],
        );
        assert_eq!(code, 2, "{bad}: {stderr}");
        assert!(stderr.contains("limits.max_in_system"), "{stderr}");
        assert!(stderr.contains("1 to 100,000,000"), "{stderr}");
    }
}

#[test]
fn streamed_rows_are_the_bytes_of_a_run_held_in_memory() {
    // The command streams each replication's rows as it finishes; the library's held run
    // written in one go gives the same files, byte for byte.
    let tmp = tempfile::tempdir().expect("tempdir");
    let sets = ["horizon=\"2d\"", "warmup=\"0m\""];
    let streamed = tmp.path().join("streamed");
    let (code, _, stderr) = run(
        &streamed,
        &sets,
        &["--reps", "9", "--threads", "2", "--quiet"],
    );
    assert_eq!(code, 0, "{stderr}");
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let sc = carecast::scenario::Scenario::builtin(&sets)
        .expect("valid")
        .with_run(None, Some(9));
    let held = tmp.path().join("held");
    carecast::results::write_run(&held, &sc, &carecast::experiment::run(&sc, &|| {}))
        .expect("written");
    for f in [
        "scenario.toml",
        "summary.json",
        "replications.csv",
        "hourly.csv",
        "distributions.csv",
        "kpis.json",
    ] {
        assert_eq!(read(&streamed.join(f)), read(&held.join(f)), "{f}");
    }
}

#[test]
fn an_overloaded_plan_in_a_comparison_has_no_difference_and_misses_its_targets() {
    use carecast::compare::{Plan, compare};
    let day = |extra: &[&str]| {
        let mut sets = vec![
            "horizon=\"1d\"".to_string(),
            "warmup=\"0m\"".to_string(),
            "limits.max_in_system=500".to_string(),
            "targets.max_ignored=0.99".to_string(),
        ];
        sets.extend(extra.iter().map(|s| s.to_string()));
        carecast::scenario::Scenario::builtin(&sets).expect("valid")
    };
    let plans = [
        Plan {
            name: "staffed".into(),
            scenario: day(&[]),
        },
        Plan {
            name: "nobody".into(),
            scenario: day(&[
                "staffing.groups[0].agents=0",
                "staffing.groups[1].agents=0",
                "staffing.groups[2].agents=0",
            ]),
        },
    ];
    let c = compare(&plans, 1, 3, &|| {});
    assert!(c.runs[0].overloaded.is_none());
    assert_eq!(c.runs[1].overloaded.map(|o| o.replications), Some(3));
    assert!(c.difference(1, "answered_within_30m").is_none());
    assert!(c.sustainability[1].is_unsustainable());
    assert!(
        c.verdicts[1]
            .items
            .iter()
            .all(|v| v.status == carecast::targets::Status::Misses)
    );
    // The staffed plan meets the loose target and ranks first.
    assert_eq!(
        c.verdicts[0].items[0].status,
        carecast::targets::Status::Meets
    );
}

#[test]
fn a_sweep_is_checked_point_by_point_before_any_compute() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let sweep = |limit: u64| {
        format!(
            r#"name = "flood"
set = ['horizon="1d"', 'warmup="0m"', 'limits.max_in_system={limit}']
replications = 1
[[parameters]]
path = "arrivals.rate_per_h"
values = [85, 1000000]
"#
        )
    };
    // One point overloads: warned once, both points run, the overloaded one reported.
    let file = tmp.path().join("flood.toml");
    fs::write(&file, sweep(20000)).expect("write");
    let dir = tmp.path().join("out");
    let o = carecast()
        .arg("sweep")
        .arg(&file)
        .args(["--quiet", "--out"])
        .arg(&dir)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("1 of 2 sweep points"), "{stderr}");
    assert!(stderr.contains("point 1:"), "{stderr}");
    let points = read(&dir.join("points.csv"));
    assert!(points.contains("\n0,85,mentions,2"), "{points}");
    assert!(points.contains("\n1,1000000,mentions,,,,,0\n"), "{points}");
    // One point would hold gigabytes: refused, exit 2, before the sweep folder exists.
    let file = tmp.path().join("huge.toml");
    fs::write(&file, sweep(100_000_000)).expect("write");
    let dir = tmp.path().join("huge");
    let o = carecast()
        .arg("sweep")
        .arg(&file)
        .args(["--quiet", "--threads", "2", "--out"])
        .arg(&dir)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("sweep point 1"), "{stderr}");
    assert!(stderr.contains("GB of memory"), "{stderr}");
    assert!(!dir.exists(), "no sweep folder");
}
