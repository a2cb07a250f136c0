//! The `carecast` command as a user runs it.

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

#[test]
fn run_without_arguments_runs_the_builtin_scenario_into_results() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = carecast()
        .current_dir(tmp.path())
        .args(["run", "--reps", "2"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "retail-week",
        "Answered within 30 min",
        "Recommend the brand",
        "Total cost",
        "per week",
        "measured over 4 weeks after a warm-up of 1 week",
        "sustainable",
        "±",
        "Results: results/retail-week/",
    ] {
        assert!(stdout.contains(needle), "table lacks {needle}:\n{stdout}");
    }
    // Every KPI by its label, never by its identifier (those stay in the data files).
    let scenario = carecast::scenario::Scenario::builtin(&[]).expect("built-in");
    for kpi in carecast::kpi::kpis(&scenario) {
        if let Some(member) = &kpi.member
            && kpi.def.section == carecast::kpi::Section::Segments
        {
            // Per class and channel: a row of the matrix, named by the member.
            assert!(
                stdout
                    .lines()
                    .any(|l| l.trim_start().starts_with(&format!("{member} "))),
                "the class and channel matrix lacks {member}:\n{stdout}"
            );
            continue;
        }
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&kpi.label()))
            .unwrap_or_else(|| panic!("table lacks the label {:?}:\n{stdout}", kpi.label()));
        if kpi.def.unit == carecast::kpi::Unit::Money {
            assert!(
                line.ends_with("per week"),
                "money without its period (per week): {line}"
            );
        }
    }
    for id in [
        "answered_within_30m",
        "recommend_rate",
        "cost_total",
        "frt_p90_min",
    ] {
        assert!(
            !stdout.contains(id),
            "identifier {id} in the table:\n{stdout}"
        );
    }
    assert!(
        out.stderr.is_empty(),
        "no progress bar under CI: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let runs: Vec<_> = fs::read_dir(tmp.path().join("results/retail-week"))
        .expect("results folder")
        .collect();
    assert_eq!(runs.len(), 1, "one results folder, no partial leftovers");
    let dir = runs[0].as_ref().expect("entry").path();
    for f in [
        "scenario.toml",
        "summary.json",
        "replications.csv",
        "hourly.csv",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let summary: carecast::results::RunSummary =
        carecast::results::json::from_text(&read(&dir.join("summary.json"))).expect("json");
    assert_eq!(summary.scenario, "retail-week");
    assert_eq!(summary.replications, 2);
    let sla = summary
        .kpis
        .get("answered_within_30m")
        .expect("answered_within_30m");
    for (k, x) in [
        ("mean", sla.mean),
        ("std", sla.std),
        ("ci95_low", sla.ci95_low),
        ("ci95_high", sla.ci95_high),
    ] {
        assert!(x.is_finite(), "{k}");
    }
    let csv = read(&dir.join("replications.csv"));
    assert!(csv.starts_with("replication,kpi,value\n0,mentions,"));
    let hourly = read(&dir.join("hourly.csv"));
    assert_eq!(
        hourly.lines().count(),
        1 + 2 * 35 * 24,
        "one row per replication and hour of the five-week horizon"
    );
}

#[test]
fn a_resolved_scenario_reproduces_its_run_exactly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let first = tmp.path().join("first");
    carecast()
        .args([
            "run",
            "scenarios/incident.toml",
            "--reps",
            "3",
            "--seed",
            "42",
            "--quiet",
        ])
        .args([
            "--set",
            "arrivals.rate_per_h=70",
            "--set",
            "staffing.groups[0].agents=20",
        ])
        .arg("--out")
        .arg(&first)
        .assert()
        .success();
    let resolved = read(&first.join("scenario.toml"));
    assert!(resolved.contains("seed = 42") && resolved.contains("replications = 3"));
    assert!(resolved.contains("rate_per_h = 70"));
    let second = tmp.path().join("second");
    carecast()
        .args(["run", "--quiet", "--seed", "42"])
        .arg(first.join("scenario.toml"))
        .arg("--out")
        .arg(&second)
        .assert()
        .success();
    for f in [
        "summary.json",
        "replications.csv",
        "hourly.csv",
        "scenario.toml",
    ] {
        assert_eq!(read(&first.join(f)), read(&second.join(f)), "{f} differs");
    }
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for threads in ["1", "2"] {
        carecast()
            .args([
                "run",
                "--reps",
                "4",
                "--quiet",
                "--threads",
                threads,
                "--out",
            ])
            .arg(tmp.path().join(threads))
            .assert()
            .success();
    }
    for f in ["summary.json", "replications.csv", "hourly.csv"] {
        assert_eq!(
            read(&tmp.path().join("1").join(f)),
            read(&tmp.path().join("2").join(f)),
            "{f}"
        );
    }
}

#[test]
fn json_goes_to_stdout_and_check_and_scenario_work() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = carecast()
        .args([
            "run",
            "scenarios/erlang-a.toml",
            "--reps",
            "2",
            "--json",
            "--set",
            "horizon=\"2d\"",
            "--out",
        ])
        .arg(tmp.path().join("j"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut json: serde_json::Value = serde_json::from_slice(&out).expect("stdout is JSON");
    // `--json` is summary.json with the folder it was written to first.
    let folder = json
        .as_object_mut()
        .and_then(|o| o.shift_remove("results_folder"))
        .expect("results_folder");
    assert_eq!(folder, tmp.path().join("j").display().to_string().as_str());
    assert_eq!(
        json,
        serde_json::from_str::<serde_json::Value>(&read(&tmp.path().join("j/summary.json")))
            .expect("json")
    );

    carecast()
        .args(["check", "scenarios/night-shift.toml"])
        .assert()
        .success()
        .stdout(predicates_contains("valid"));

    // `scenario` prints the commented default; `--resolved` prints every key; both check.
    for extra in [None, Some("--resolved")] {
        let mut cmd = carecast();
        cmd.arg("scenario");
        if let Some(e) = extra {
            cmd.arg(e);
        }
        let text = cmd.assert().success().get_output().stdout.clone();
        let path = tmp.path().join("s.toml");
        fs::write(&path, text).expect("write");
        carecast().arg("check").arg(&path).assert().success();
    }
}

fn predicates_contains(needle: &'static str) -> impl predicates::Predicate<[u8]> {
    predicates::function::function(move |out: &[u8]| String::from_utf8_lossy(out).contains(needle))
}

#[test]
fn validate_quick_passes() {
    let out = carecast()
        .args(["validate", "--quick"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&out);
    for needle in [
        "M/M/1 ",
        "M/M/500+M",
        "P(abandon)",
        "Little's law",
        "checks pass",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    assert!(!text.contains("FAIL"), "{text}");
}
