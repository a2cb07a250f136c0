//! `carecast compare`: paired differences under common random numbers.

use std::path::PathBuf;

use carecast::compare::{compare, plans_from};

fn files(names: &[&str]) -> Vec<PathBuf> {
    names
        .iter()
        .map(|n| PathBuf::from("scenarios").join(n))
        .collect()
}

#[test]
fn identical_plans_differ_by_exactly_zero() {
    let plans = plans_from(
        &files(&["retail-week.toml", "retail-week.toml"]),
        &[],
        &["horizon=\"2d\"".to_string(), "warmup=\"0m\"".to_string()],
    )
    .expect("plans");
    assert_eq!(
        plans[1].name, "retail-week-2",
        "duplicate names are made unique"
    );
    let c = compare(&plans, 5, 4, &|| {});
    let mut compared = 0;
    for k in &c.kpi_names {
        if let Some(d) = c.difference(1, k) {
            assert_eq!(d.paired.mean, 0.0, "{k}");
            assert_eq!(d.paired.std, 0.0, "{k}");
            assert!(!d.significant(), "{k}");
            compared += 1;
        }
    }
    assert!(compared > 30, "only {compared} KPIs compared");
}

#[test]
fn pairing_narrows_the_interval_of_the_night_shift_effect() {
    let plans =
        plans_from(&files(&["retail-week.toml", "night-shift.toml"]), &[], &[]).expect("plans");
    let c = compare(&plans, 1, 20, &|| {});
    for kpi in ["answered_within_30m", "recommend_rate", "cost_total"] {
        let d = c.difference(1, kpi).expect("difference");
        let ratio = d.paired.half_width() / d.unpaired_half_width;
        assert!(ratio < 1.0, "{kpi}: paired/unpaired half-width = {ratio}");
    }
    let sla = c.difference(1, "answered_within_30m").expect("sla");
    assert!(
        sla.significant() && sla.paired.mean > 0.0,
        "a night shift answers more within 30 min"
    );
    // The exogenous customers are the same in every replication of both plans.
    let exo = |p: usize| {
        let m = c.runs[p].values("mentions").expect("mentions");
        let s = c.runs[p].values("spawned_mentions").expect("spawned");
        m.iter().zip(&s).map(|(a, b)| a - b).collect::<Vec<_>>()
    };
    assert_eq!(exo(0), exo(1));
}

#[test]
fn variants_and_the_command_write_the_comparison() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("cmp");
    let mut cmd = assert_cmd::Command::cargo_bin("carecast").expect("binary");
    let output = cmd
        .env("CI", "true")
        .args([
            "compare",
            "scenarios/retail-week.toml",
            "--reps",
            "3",
            "--set",
            "horizon=\"2d\"",
            "--set",
            "warmup=\"0m\"",
        ])
        .args([
            "--variant",
            "lifo=policy.discipline=lifo",
            "--variant",
            "bigger=staffing.groups[0].agents=30",
        ])
        .args(["--variant", "bigger=staffing.groups[1].agents=30", "--out"])
        .arg(&out)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8_lossy(&output);
    assert!(
        text.contains("lifo vs retail-week:") && text.contains("bigger vs retail-week:"),
        "{text}"
    );
    let json: carecast::results::ComparisonSummary = carecast::results::json::from_text(
        &std::fs::read_to_string(out.join("comparison.json")).expect("json"),
    )
    .expect("parse");
    assert_eq!(json.plans.len(), 3);
    assert_eq!(json.replications, Some(3));
    let diff = json.plans[1]
        .kpis
        .get("answered_within_30m")
        .and_then(|e| e.diff);
    assert!(diff.is_some_and(|d| d.paired.ci95_low.is_finite()));
    let csv = std::fs::read_to_string(out.join("comparison.csv")).expect("csv");
    assert!(csv.starts_with("plan,kpi,mean,std,ci95_low,ci95_high,n,diff_mean"));
    assert!(csv.contains("\nbigger,cost_total,"));
    let bigger = std::fs::read_to_string(out.join("bigger.scenario.toml")).expect("scenario");
    assert!(bigger.contains("agents = 30"));

    // A variant without PATH=VALUE is refused with exit code 2.
    assert_cmd::Command::cargo_bin("carecast")
        .expect("binary")
        .args(["compare", "scenarios/retail-week.toml", "--variant", "oops"])
        .assert()
        .code(2);
}
