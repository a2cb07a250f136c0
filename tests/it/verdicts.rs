//! Verdicts first: `run`, `compare` and `sweep` open with the verdict on each target, in
//! the terminal, the results files and the reports; `compare` ranks its plans (the
//! cheapest meeting every target first) and `sweep` names its cheapest point meeting
//! every target. Short horizons and few replications, to stay fast.

use std::fs;
use std::path::Path;

use carecast::compare::{compare, plans_from};
use carecast::results::{ComparisonSummary, RunSummary, SweepSummary, json};
use carecast::sweep::{self, SweepOptions, SweepSpec};
use carecast::targets::Status;

use super::report::carecast;

/// A day measured after a day of warm-up; 80% answered within 30 min and at most 6%
/// abandonment: the default day team (28) meets both, 14 agents miss both (20 come too
/// close to call over three replications of one day).
const SETS: [&str; 4] = [
    "horizon=\"2d\"",
    "warmup=\"1d\"",
    "targets.service_level=[{share=0.8, within=\"30m\"}]",
    "targets.max_abandonment=0.06",
];

fn sets() -> Vec<String> {
    SETS.iter().map(|s| s.to_string()).collect()
}

#[test]
fn compare_ranks_a_cheap_failing_plan_after_a_dearer_meeting_one() {
    let plans = plans_from(
        &["scenarios/retail-week.toml".into()],
        &[
            "lean=staffing.groups[0].agents=14".to_string(),
            "big=staffing.groups[0].agents=36".to_string(),
        ],
        &sets(),
    )
    .expect("plans");
    let c = compare(&plans, 1, 3, &|| {});
    let names: Vec<&str> = c.ranking().iter().map(|&p| c.plans[p].as_str()).collect();
    assert_eq!(names, ["retail-week", "big", "lean"]);
    assert!(c.cost(1) < c.cost(0), "the lean plan is the cheapest");
    assert!(c.verdicts[1].missed() > 0 && c.verdicts[0].all_met());
    assert_eq!(c.cheapest_meeting(), Some(0));
    let ranking = c.to_json().ranking.expect("a ranking");
    assert_eq!(
        ranking.cheapest_meeting_targets.as_deref(),
        Some("retail-week")
    );
    assert_eq!(ranking.plans[2].plan, "lean");
    assert!(!ranking.plans[2].meets_targets && ranking.plans[2].targets_missed > 0);

    // Targets no plan can meet.
    let mut impossible = sets();
    impossible.push("targets.max_abandonment=0.0001".into());
    let plans = plans_from(
        &["scenarios/retail-week.toml".into()],
        &["lean=staffing.groups[0].agents=20".to_string()],
        &impossible,
    )
    .expect("plans");
    let c = compare(&plans, 1, 2, &|| {});
    assert_eq!(c.cheapest_meeting(), None);
    let json = c.to_json();
    assert_eq!(json.ranking.and_then(|r| r.cheapest_meeting_targets), None);
}

#[test]
fn cli_compare_opens_with_the_ranking_in_the_terminal_the_file_and_the_report() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("cmp");
    let mut cmd = carecast();
    cmd.args([
        "compare",
        "scenarios/retail-week.toml",
        "--variant",
        "lean=staffing.groups[0].agents=14",
        "--reps",
        "3",
        "--report",
        "--out",
    ])
    .arg(&dir);
    for s in SETS {
        cmd.args(["--set", s]);
    }
    let out = cmd.assert().success().get_output().clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.find("ranked by the targets").expect("a ranking");
    assert!(
        first < stdout.find("sustainable").unwrap_or(usize::MAX),
        "{stdout}"
    );
    let one = stdout.find("  1. retail-week").expect("retail-week first");
    let two = stdout.find("  2. lean").expect("lean second");
    assert!(one < two, "{stdout}");
    assert!(
        stdout.contains("cheapest plan meeting every target: retail-week"),
        "{stdout}"
    );
    assert!(
        stdout.contains("per week"),
        "costs with their period: {stdout}"
    );
    assert!(
        stdout.contains("- misses at most 6% abandonment"),
        "{stdout}"
    );

    // comparison.json round-trips, verdicts and ranking included.
    let text = fs::read_to_string(dir.join("comparison.json")).expect("comparison.json");
    let summary: ComparisonSummary = json::from_text(&text).expect("reads");
    assert_eq!(json::to_text(&summary), text);
    let ranking = summary.ranking.as_ref().expect("ranking");
    assert_eq!(ranking.plans[0].plan, "retail-week");
    let lean = summary
        .plans
        .iter()
        .find(|p| p.name == "lean")
        .expect("lean");
    let verdicts = lean.verdicts.as_ref().expect("verdicts");
    assert!(verdicts.items.iter().any(|v| v.status == Status::Misses));

    let html = fs::read_to_string(dir.join("report.html")).expect("report");
    let targets = html
        .find("<section id=\"targets\"")
        .expect("a targets section");
    assert!(targets < html.find("<section id=\"kpis\"").unwrap_or(0));
    assert!(html.contains("Cheapest plan meeting every target: <strong>retail-week</strong>"));
    assert!(html.contains("<span class=\"badge misses\">misses</span>"));
    assert!(html.contains(".badge.meets"), "the badges' style");
}

fn spec(extra_sets: &[&str]) -> SweepSpec {
    let mut all: Vec<String> = SETS.iter().map(|s| format!("'{s}'")).collect();
    all.extend(extra_sets.iter().map(|s| format!("'{s}'")));
    SweepSpec::from_toml(
        &format!(
            r#"
name = "verdicts"
base = "builtin"
set = [{}]
replications = 3
seed = 1

[[parameters]]
name = "day"
path = "staffing.groups[0].agents"
values = [20, 36, 28]
"#,
            all.join(", ")
        ),
        "verdicts.toml",
        Path::new("."),
    )
    .expect("valid sweep")
}

#[test]
fn sweep_names_its_cheapest_point_meeting_every_target() {
    let results = sweep::run(&spec(&[]), &SweepOptions::default(), &|| {}).expect("sweep");
    let meets: Vec<Option<bool>> = results
        .points
        .iter()
        .map(|p| p.targets.as_ref().map(|t| t.meets_targets))
        .collect();
    assert_eq!(meets, [Some(false), Some(true), Some(true)]);
    // Point 0 (20 agents) is cheaper but misses; 28 agents (point 2) cost less than 36.
    assert_eq!(results.cheapest_meeting_targets(), Some(2));
    let summary: SweepSummary = json::from_text(&results.sweep_json()).expect("sweep.json");
    let t = summary.targets.expect("targets in sweep.json");
    assert_eq!(
        (t.cheapest_meeting, t.points_meeting, t.points_unknown),
        (Some(2), 2, 0)
    );
    assert!(
        results.points_csv().starts_with(
            "point,day,kpi,mean,std,ci95_low,ci95_high,n,meets_targets,targets_missed\n"
        )
    );

    // Without targets: no columns, no field.
    let plain = SweepSpec::from_toml(
        "name = \"plain\"\nset = ['horizon=\"1d\"', 'warmup=\"0m\"']\nreplications = 2\n[[parameters]]\npath = \"staffing.groups[0].agents\"\nvalues = [20, 28]\n",
        "plain.toml",
        Path::new("."),
    )
    .expect("valid sweep");
    let results = sweep::run(&plain, &SweepOptions::default(), &|| {}).expect("sweep");
    assert!(!results.has_targets() && results.cheapest_meeting_targets().is_none());
    assert!(!results.points_csv().contains("meets_targets"));
    assert!(!results.sweep_json().contains("\"targets\""));
}

/// FNV-1a, 64 bits: the journal's checksum.
fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A journal line as a carecast without verdicts wrote it: the record without `targets`.
fn without_verdicts(line: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
    let mut record = v["record"].clone();
    record
        .as_object_mut()
        .expect("an object")
        .remove("targets")
        .expect("the line had verdicts");
    let text = record.to_string();
    format!(
        "{{\"check\":\"{:016x}\",\"record\":{text}}}\n",
        fnv1a64(text.as_bytes())
    )
}

#[test]
fn a_resumed_journal_without_verdicts_still_loads_as_unknown() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("sweep");
    let options = SweepOptions {
        out: Some(dir.clone()),
        shard: None,
    };
    let spec = spec(&[]);
    let whole = sweep::run(&spec, &options, &|| {}).expect("sweep");
    assert!(whole.points.iter().all(|p| p.targets.is_some()));

    // Point 1 journaled by an older carecast, point 2 never finished.
    let journal = dir.join(sweep::JOURNAL);
    let text = fs::read_to_string(&journal).expect("journal");
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON");
        match v["record"]["point"].as_u64() {
            Some(1) => lines.push(without_verdicts(line)),
            Some(2) => {}
            _ => lines.push(format!("{line}\n")),
        }
    }
    fs::write(&journal, lines.concat()).expect("rewrite");
    fs::remove_file(dir.join(sweep::POINTS_CSV)).expect("rm points.csv");
    fs::remove_file(dir.join(sweep::SWEEP_JSON)).expect("rm sweep.json");

    let run = sweep::SweepRun::open(&spec, &options).expect("resume");
    assert_eq!((run.done(), run.pending(), run.dropped_lines()), (2, 1, 0));
    let resumed = run.execute(&|| {}).expect("resumed");
    assert_eq!(resumed.computed, 1);
    assert_eq!(resumed.points[1].targets, None, "unknown");
    assert_eq!(resumed.points[2].targets, whole.points[2].targets);
    // Point 1 (36 agents) is unknown, so the cheapest known meeting point is still 2.
    assert_eq!(resumed.cheapest_meeting_targets(), Some(2));
    let csv = fs::read_to_string(dir.join(sweep::POINTS_CSV)).expect("points.csv");
    assert!(
        csv.lines()
            .filter(|l| l.starts_with("1,"))
            .all(|l| l.ends_with(",,")),
        "unknown verdicts are empty fields"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("2,") && l.ends_with(",true,0"))
    );
    let summary: SweepSummary =
        json::from_text(&fs::read_to_string(dir.join(sweep::SWEEP_JSON)).expect("sweep.json"))
            .expect("reads");
    let t = summary.targets.expect("targets");
    assert_eq!((t.points_unknown, t.cheapest_meeting), (1, Some(2)));

    // The report opens with the cheapest point and marks it on the frontier.
    carecast::report::render(&dir).expect("report");
    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    let targets = html
        .find("<section id=\"targets\"")
        .expect("a targets section");
    assert!(targets < html.find("<section id=\"sweep\"").unwrap_or(0));
    assert!(html.contains("Cheapest point meeting every target: <strong>point 2</strong>"));
    assert!(html.contains("<tr class=\"cheapest\">"));
    let svg = fs::read_to_string(dir.join("charts/frontier.svg")).expect("frontier.svg");
    super::report::assert_svg_has(&svg, "frontier", &["cheapest meeting targets"]);
}

#[test]
fn cli_sweep_names_the_cheapest_point_meeting_every_target() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("verdicts.toml");
    let sets: Vec<String> = SETS.iter().map(|s| format!("'{s}'")).collect();
    fs::write(
        &file,
        format!(
            "name = \"verdicts\"\nbase = \"builtin\"\nset = [{}]\nreplications = 3\n[[parameters]]\nname = \"day\"\npath = \"staffing.groups[0].agents\"\nvalues = [20, 36, 28]\n",
            sets.join(", ")
        ),
    )
    .expect("sweep file");
    let out = carecast()
        .arg("sweep")
        .arg(&file)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Targets"), "{stdout}");
    assert!(
        stdout.contains("cheapest point meeting every target: point 2 (day = 28), USD "),
        "{stdout}"
    );
    assert!(
        stdout.contains("2 of 3 points meet every target"),
        "{stdout}"
    );
}

#[test]
fn the_run_report_opens_with_the_verdicts_and_reads_them_back_from_summary_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("run");
    let mut cmd = carecast();
    cmd.args(["run", "--reps", "3", "--report", "--quiet", "--out"])
        .arg(&dir)
        .args([
            "--set",
            "targets.service_level=[{share=0.8, within=\"30m\", scope=\"every_hour\"}]",
        ]);
    for s in &SETS[..2] {
        cmd.args(["--set", s]);
    }
    cmd.assert().success();
    let written = fs::read_to_string(dir.join("report.html")).expect("report.html");
    let section = written
        .find("<section id=\"targets\"")
        .expect("a verdict section");
    assert!(section < written.find("<section id=\"sustainability\"").unwrap_or(0));
    assert!(written.contains("<span class=\"badge misses\">misses</span>"));
    assert!(written.contains("80% answered within 30 min in every hour"));
    assert!(written.contains("± "), "values with their interval");

    // `carecast report DIR` makes the very same page from the folder.
    fs::remove_file(dir.join("report.html")).expect("rm");
    carecast().arg("report").arg(&dir).assert().success();
    let again = fs::read_to_string(dir.join("report.html")).expect("report.html");
    assert_eq!(again, written);

    // summary.json round-trips with its verdicts (NaN as null).
    let text = fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    let summary: RunSummary = json::from_text(&text).expect("reads");
    assert_eq!(json::to_text(&summary), text);
    let v = summary.verdicts.expect("verdicts");
    assert_eq!(v.items[0].status, Status::Misses);
    assert!(!v.items[0].hours.is_empty());
}

#[test]
fn a_run_without_targets_has_no_verdict_section() {
    let (_tmp, dir, _, _) = super::report::small_run();
    carecast::report::render(&dir).expect("report");
    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    assert!(!html.contains("id=\"targets\"") && !html.contains(".badge"));
}
