//! Sustainability, detected and reported: every run says whether its backlog clears, from
//! the backlog at the same hour of the period, period over period after the warm-up; an
//! unsustainable plan is named in the table's first lines, in `summary.json`, in the
//! report's banner and per plan in `compare`.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

use carecast::experiment::{self, RunResults};
use carecast::results::RunSummary;
use carecast::scenario::Scenario;
use carecast::stats::Summary;
use carecast::sustain::{self, Period, Sustainability, Verdict};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn scenario(file: Option<&str>, sets: &[&str], reps: u32) -> Scenario {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let sc = match file {
        Some(f) => Scenario::load(&root().join("scenarios").join(f), &sets),
        None => Scenario::builtin(&sets),
    };
    sc.expect("a valid scenario").with_run(Some(1), Some(reps))
}

fn assessed(sc: &Scenario) -> (RunResults, Sustainability) {
    let results = experiment::run(sc, &|| {});
    let s = sustain::assess(sc, &results);
    (results, s)
}

fn reasons(s: &Sustainability) -> &[String] {
    match &s.verdict {
        Verdict::Unsustainable { reasons } => reasons,
        other => panic!("expected unsustainable, got {other:?}"),
    }
}

/// The default week, twice its volume: more than any sensible staffing of it clears.
const OVERLOADED: &[&str] = &[
    "horizon=\"15d\"",
    "warmup=\"1d\"",
    "arrivals.rate_per_h=170",
];

#[test]
fn a_default_run_shorter_than_two_measured_weeks_is_not_assessed() {
    let sc = scenario(None, &["horizon=\"9d\"", "warmup=\"1d\""], 2);
    let (_, s) = assessed(&sc);
    match &s.verdict {
        Verdict::NotAssessed { reason } => {
            assert!(
                reason.starts_with("needs at least two measured weeks"),
                "{reason}"
            );
            assert!(reason.contains("8 days"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.evidence.period, None);
}

#[test]
fn an_overloaded_week_is_unsustainable_week_over_week() {
    let sc = scenario(None, OVERLOADED, 3);
    let (_, s) = assessed(&sc);
    assert_eq!(s.evidence.period, Some(Period::Week));
    assert_eq!(s.evidence.periods_measured, 2);
    let g = s.evidence.growth_per_period.expect("a growth");
    assert!(g.ci95_low.is_some_and(|l| l > 0.0), "{g:?}");
    let first = &reasons(&s)[0];
    assert!(
        first.starts_with("the backlog grows by about ") && first.ends_with(" mentions a week"),
        "{first}"
    );
}

#[test]
fn the_erlang_a_queue_is_assessed_day_over_day_and_sustainable() {
    let sc = scenario(Some("erlang-a.toml"), &[], 3);
    let (mut results, s) = assessed(&sc);
    assert_eq!(s.evidence.period, Some(Period::Day));
    assert_eq!(s.evidence.periods_measured, 13);
    assert_eq!(s.verdict, Verdict::Sustainable, "{s:?}");
    let threshold = s.evidence.threshold.expect("arrivals measured");
    assert!((threshold - 120.0).abs() < 5.0, "{threshold}");
    assert_eq!(s.evidence.branching_ratio, None);

    // A run that reports a branching ratio of 1 or more is unsustainable on that count.
    let ratio = Summary::of(&[1.1, 1.2, 1.15]);
    match results
        .kpi_names
        .iter()
        .position(|k| k == sustain::BRANCHING_KPI)
    {
        Some(i) => results.summary[i] = ratio,
        None => {
            results.kpi_names.push(sustain::BRANCHING_KPI.to_string());
            results.summary.push(ratio);
        }
    }
    let s = sustain::assess(&sc, &results);
    assert_eq!(
        reasons(&s),
        ["virality is self-sustaining: each eligible mention spawns 1.15 on average"]
    );
}

#[test]
fn an_understaffed_patient_queue_grows_day_over_day() {
    let sc = scenario(
        Some("erlang-a.toml"),
        &[
            "staffing.groups[0].agents=9",
            "classes[0].patience={dist=\"exponential\",mean=\"100d\"}",
        ],
        3,
    );
    let (_, s) = assessed(&sc);
    assert_eq!(s.evidence.period, Some(Period::Day));
    let first = &reasons(&s)[0];
    assert!(first.ends_with(" mentions a day"), "{first}");
    // 120 arrive an hour, 108 are served: about 288 more wait every day.
    let g = s.evidence.growth_per_period.expect("a growth");
    assert!((200.0..380.0).contains(&g.mean), "{g:?}");
}

#[test]
fn a_backlog_held_up_by_max_age_shows_no_trend_but_never_empties() {
    // The 2016 calibration: 11-hour answers and 56% ignored, old mentions dropped at 32 h.
    let sc = scenario(Some("retail-2016.toml"), &[], 4);
    let (_, s) = assessed(&sc);
    assert_eq!(s.evidence.period, Some(Period::Week));
    let g = s.evidence.growth_per_period.expect("a growth");
    assert!(g.ci95_low.is_some_and(|l| l <= 0.0), "{g:?}");
    let reasons = reasons(&s);
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(
        reasons[0].starts_with("the backlog never empties"),
        "{reasons:?}"
    );
    assert!(
        s.headline()
            .ends_with("the KPIs below describe a queue that never clears")
    );
}

fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true");
    cmd
}

#[test]
fn run_reports_it_first_in_the_table_in_summary_json_and_atop_the_report() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("out");
    let mut args = vec!["run", "--reps", "2", "--report", "--out"];
    let dir_arg = dir.to_string_lossy().into_owned();
    args.push(&dir_arg);
    for set in OVERLOADED {
        args.extend(["--set", set]);
    }
    let out = carecast()
        .args(&args)
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // The header lines, a blank line, then the verdict and its measurements.
    let at = lines
        .iter()
        .position(|l| l.is_empty())
        .expect("a blank line after the header")
        + 1;
    assert!(
        lines[at].starts_with("unsustainable: the backlog grows by about "),
        "{stdout}"
    );
    assert!(
        lines[at + 1]
            .trim_start()
            .starts_with("backlog at the same hour of the week, week over week: +"),
        "{stdout}"
    );
    assert!(lines[at + 1].contains("over 2 measured weeks"), "{stdout}");
    let volume = lines
        .iter()
        .position(|l| *l == "Volume")
        .expect("the KPI table");
    assert!(volume > at + 1);

    let text = fs::read_to_string(dir.join("summary.json")).expect("summary.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let s = &json["sustainability"];
    assert_eq!(s["status"], "unsustainable");
    assert_eq!(s["period"], "week");
    assert_eq!(s["periods_measured"], 2);
    assert!(
        s["growth_per_period"]["mean"]
            .as_f64()
            .is_some_and(|m| m > 0.0)
    );
    assert!(
        s["growth_per_period"]["ci95_low"]
            .as_f64()
            .is_some_and(|m| m > 0.0)
    );
    assert!(s["growth_per_period"]["ci95_high"].is_number());
    assert!(s["min_backlog"].is_number() && s["threshold"].is_number());
    assert!(
        s["reasons"][0]
            .as_str()
            .is_some_and(|r| lines[at].contains(r))
    );
    let summary: RunSummary = serde_json::from_str(&text).expect("reads back");
    assert!(summary.sustainability.is_some_and(|s| s.is_unsustainable()));

    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    // The answer the page opens with says it, before the cards; the banner follows.
    let answer = html.find("<section id=\"answer\"").expect("the answer");
    let glance = html.find("<ul class=\"glance\">").expect("the cards");
    assert!(answer < glance, "the answer comes first");
    assert!(html[answer..glance].contains("Unsustainable: the backlog grows by about"));
    let banner = html
        .find("<section id=\"sustainability\" class=\"sustain bad\"")
        .expect("the banner");
    assert!(html[banner..].contains("unsustainable: the backlog grows by about"));
}

#[test]
fn compare_gives_each_plan_its_verdict() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = carecast()
        .current_dir(root())
        .args([
            "compare",
            "scenarios/erlang-a.toml",
            "--variant",
            "understaffed=staffing.groups[0].agents=9",
            "--variant",
            "understaffed=classes[0].patience={dist=\"exponential\",mean=\"100d\"}",
            // Four replications: the growth's confidence interval (t with n - 1 degrees of
            // freedom) must clear 0 whatever the streams.
            "--reps",
            "4",
            "--set",
            "horizon=\"4d\"",
            "--out",
        ])
        .arg(tmp.path().join("cmp"))
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = |plan: &str| {
        stdout
            .lines()
            .find(|l| l.starts_with(&format!("{plan} ")))
            .unwrap_or_else(|| panic!("no line for {plan}:\n{stdout}"))
            .to_string()
    };
    assert!(
        line("erlang-a").ends_with(
            "  sustainable: the backlog does not grow day over day and clears at its quietest hour"
        ),
        "{stdout}"
    );
    assert!(
        line("understaffed").contains("  unsustainable: the backlog grows by about "),
        "{stdout}"
    );
    let kpis = stdout.find("\nKPI").expect("the KPI table");
    assert!(stdout.find("understaffed ").is_some_and(|i| i < kpis));
}

#[test]
fn a_sweep_judges_each_point_as_a_run_of_it_would() {
    use carecast::sweep::{self, SweepOptions, SweepSpec};
    // Two measured weeks after the warm-up; the day team at its default and far below it.
    let text = r#"
name = "it-sustain"
base = "builtin"
set = ['horizon = "21d"']
replications = 3
seed = 5

[[parameters]]
name = "day_agents"
path = "staffing.groups[0].agents"
values = [28, 16]
"#;
    let spec = SweepSpec::from_toml(text, "it-sustain", root()).expect("valid sweep");
    let options = SweepOptions {
        out: None,
        shard: None,
    };
    let results = sweep::run(&spec, &options, &|| {}).expect("sweep runs");
    let verdicts: Vec<Verdict> = results
        .points
        .iter()
        .map(|p| p.sustainability().verdict)
        .collect();
    assert_eq!(verdicts[0], Verdict::Sustainable, "{verdicts:?}");
    assert!(
        matches!(&verdicts[1], Verdict::Unsustainable { reasons } if reasons.iter().any(|r| r.contains("a week"))),
        "{verdicts:?}"
    );
    // The same verdict as a run of the point's scenario, read from its hourly series.
    for (point, verdict) in spec.points().iter().zip(&verdicts) {
        let run = experiment::run(&point.scenario, &|| {});
        let hourly: Vec<&[carecast::kpi::HourRow]> = run
            .replications
            .iter()
            .map(|r| r.hourly.as_slice())
            .collect();
        let from_hours = sustain::assess_hours(
            &sustain::Window::of(&point.scenario),
            &hourly,
            run.kpi(sustain::BRANCHING_KPI).map(|s| s.mean),
        );
        assert_eq!(&from_hours.verdict, verdict);
        assert_eq!(&sustain::assess(&point.scenario, &run).verdict, verdict);
    }
    // sweep.json carries each point's verdict.
    let json: serde_json::Value = serde_json::from_str(&results.sweep_json()).expect("json");
    assert_eq!(json["points"][0]["sustainability"]["status"], "sustainable");
    assert_eq!(
        json["points"][1]["sustainability"]["status"],
        "unsustainable"
    );
}
