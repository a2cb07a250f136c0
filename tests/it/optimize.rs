//! `carecast optimize` end to end on a small week (period and business-hours targets: a
//! week of a dozen mentions an hour is too few to judge every hour at three
//! replications; the README's run judges every hour of the default scenario): a plan that meets every target and
//! that `carecast run plan.toml` reproduces, and clear refusals (exit 2) for targets or
//! bounds no plan can meet and for bad input.

use assert_cmd::Command;

/// A quiet week: one measured week after a day of warm-up, few mentions, few templates.
const SMALL: [&str; 10] = [
    "horizon=\"8d\"",
    "warmup=\"1d\"",
    "arrivals.rate_per_h=12",
    "optimize.groups=[\"day\"]",
    "optimize.lengths=[\"8h\"]",
    "optimize.start_step=\"4h\"",
    "optimize.replications=3",
    "optimize.verify_replications=4",
    "optimize.iterations=8",
    "targets.service_level=[{share=0.8, within=\"60m\"}, {share=0.7, within=\"60m\", scope=\"business_hours\"}]",
];

fn optimize(extra: &[&str], out: &std::path::Path) -> assert_cmd::assert::Assert {
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true").arg("optimize").arg("--out").arg(out);
    for s in SMALL.iter().chain(extra) {
        cmd.arg("--set").arg(s);
    }
    cmd.assert()
}

fn json(path: &std::path::Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("json")
}

#[test]
fn a_plan_is_found_verified_and_reproduced_by_its_plan_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("opt");
    let out = optimize(&["targets.max_abandonment=0.1"], &dir).success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    for line in [
        "1. requirements",
        "2. integer program",
        "3. simulation",
        "4. pruning",
        "5. verification",
    ] {
        assert!(text.contains(line), "{line} missing in\n{text}");
    }
    let summary = json(&dir.join("optimize.json"));
    assert_eq!(summary["outcome"], "met", "{summary}");
    for v in summary["verdicts"]["items"].as_array().expect("verdicts") {
        assert_eq!(v["status"], "meets", "{v}");
    }
    for f in [
        "plan.toml",
        "plan.csv",
        "requirements.csv",
        "iterations.csv",
        "comparison.csv",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let requirements = std::fs::read_to_string(dir.join("requirements.csv")).expect("csv");
    assert_eq!(requirements.lines().count(), 1 + 168);
    // The report's side-by-side table shows no interval where nothing varies (the paid
    // hours of a plan are the same in every replication): "10,912", not "10,912 ± 0".
    Command::cargo_bin("carecast")
        .expect("binary")
        .env("CI", "true")
        .arg("report")
        .arg(&dir)
        .assert()
        .success();
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report.html");
    let row = html
        .split("<tr>")
        .find(|r| r.starts_with("<td>Paid agent hours</td>"))
        .unwrap_or_else(|| panic!("no paid hours row in\n{html}"));
    assert!(!row.contains('±'), "{row}");
    assert!(row.contains(" paired</small>"), "{row}");
    // The plan file reproduces the verification bit for bit: its cost is the optimized
    // plan's in the comparison (same plan, seed and replications).
    let run_dir = tmp.path().join("run");
    Command::cargo_bin("carecast")
        .expect("binary")
        .env("CI", "true")
        .args(["run", "--quiet", "--out"])
        .arg(&run_dir)
        .arg(dir.join("plan.toml"))
        .assert()
        .success();
    let run = json(&run_dir.join("summary.json"));
    let comparison = json(&dir.join("comparison.json"));
    let plans = comparison["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 3);
    assert_eq!(plans[2]["name"], "optimized");
    assert_eq!(
        run["kpis"]["cost_total"]["mean"],
        plans[2]["kpis"]["cost_total"]["mean"]
    );
    assert_eq!(
        run["kpis"]["answered_within_30m"]["mean"],
        plans[2]["kpis"]["answered_within_30m"]["mean"]
    );
    assert!(
        run["verdicts"]["items"][0]["status"] == "meets",
        "{}",
        run["verdicts"]
    );
}

fn refused(extra: &[&str], needles: &[&str]) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = optimize(extra, &tmp.path().join("opt")).code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    for n in needles {
        assert!(err.contains(n), "{n:?} missing in: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bounds_no_plan_can_meet_name_the_hours() {
    refused(&["optimize.group_max={day=1}"], &["cannot cover", "Mon"]);
}

#[test]
fn a_budget_below_the_cheapest_plan_names_the_budget_and_the_cheapest_cost() {
    refused(
        &["targets.weekly_budget=10"],
        &["targets.weekly_budget", "cheapest plan"],
    );
}

#[test]
fn optimize_needs_a_service_level_target() {
    refused(
        &["targets.service_level=[]", "targets.max_abandonment=0.05"],
        &["targets.service_level"],
    );
}

#[test]
fn bad_optimize_settings_name_the_field() {
    refused(&["optimize.iterations=0"], &["optimize.iterations", "0"]);
    refused(&["optimize.lenghts=[\"8h\"]"], &["lenghts"]);
}

#[test]
fn hours_no_template_covers_are_named() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true")
        .arg("optimize")
        .arg("--out")
        .arg(tmp.path().join("opt"));
    // The small week without its generated-template settings, and one daytime template.
    for s in SMALL.iter().filter(|s| {
        !s.starts_with("optimize.groups")
            && !s.starts_with("optimize.lengths")
            && !s.starts_with("optimize.start_step")
    }) {
        cmd.arg("--set").arg(s);
    }
    cmd.arg("--set").arg(
        "optimize.templates=[{group=\"day\", days=[\"all\"], start=\"08:00\", length=\"8h\"}]",
    );
    let out = cmd.assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    for n in ["no shift template covers", "add templates"] {
        assert!(err.contains(n), "{n:?} missing in: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}
