//! The reports of several plans: the comparison report (plan-comparison and
//! plan-differences charts, verdicts, scenario differences, paired KPI table) and the
//! sweep report (heatmaps, frontier, the table of points), and their charts over plain
//! data.

use std::fs;
use std::path::{Path, PathBuf};

use carecast::report::charts;
use carecast::results;
use carecast::scenario::Scenario;

use super::report::{assert_png_drawn, assert_svg_has, carecast, svg_texts};

#[test]
fn generic_charts_render_plain_data() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let plans = |v: [(f64, f64, f64); 3]| {
        ["baseline", "night shift", "bot"]
            .iter()
            .zip(v)
            .map(|(p, (m, l, h))| (p.to_string(), m, l, h))
            .collect::<Vec<_>>()
    };
    let kpis = vec![
        charts::KpiEstimates {
            kpi: "answered_within_30m".into(),
            plans: plans([
                (0.556, 0.543, 0.569),
                (0.77, 0.76, 0.78),
                (0.61, 0.60, 0.62),
            ]),
        },
        charts::KpiEstimates {
            kpi: "recommend_rate".into(),
            plans: plans([
                (0.48, 0.478, 0.482),
                (0.514, 0.511, 0.517),
                (0.49, 0.487, 0.493),
            ]),
        },
        charts::KpiEstimates {
            kpi: "cost_total".into(),
            plans: plans([
                (85_646.0, 85_489.0, 85_803.0),
                (92_700.0, 92_500.0, 92_900.0),
                (88_000.0, 87_800.0, 88_200.0),
            ]),
        },
        charts::KpiEstimates {
            kpi: "frt_p90_min".into(),
            plans: plans([
                (471.0, 418.0, 524.0),
                (95.0, 80.0, 110.0),
                (300.0, 260.0, 340.0),
            ]),
        },
    ];
    let cmp = charts::plan_comparison("Three plans", &kpis, &week("USD"), "caption".into())
        .expect("comparison");
    let mut heat_points = Vec::new();
    for night in [0.0, 2.0, 4.0, 6.0] {
        for day in [18.0, 20.0, 22.0, 24.0, 26.0] {
            heat_points.push((day, night, 0.4 + 0.01 * day + 0.03 * night));
        }
    }
    let heat = charts::heatmap(
        &charts::Heatmap {
            title: "answered_within_30m over staffing".into(),
            x_label: "day agents (head count)".into(),
            y_label: "night agents (head count)".into(),
            value_label: "answered_within_30m (%)".into(),
            value_kind: carecast::kpi::Unit::Share,
            points: heat_points,
        },
        "caption".into(),
    )
    .expect("heatmap");
    let point = |label: &str, cost: f64, r: f64| charts::FrontierPoint {
        number: 0,
        label: label.into(),
        cost,
        cost_ci: (cost - 500.0, cost + 500.0),
        recommend_rate: r,
        recommend_ci: (r - 0.002, r + 0.002),
        sustainable: true,
        meets_targets: None,
        cheapest: false,
    };
    let points = vec![
        point("lean", 70_000.0, 0.44),
        point("baseline", 85_646.0, 0.480),
        point("overstaffed", 95_000.0, 0.475),
        point("night shift", 92_700.0, 0.514),
        point("all hands", 120_000.0, 0.53),
    ];
    let front = charts::frontier(
        "Cost against recommendation",
        &points,
        &week("USD"),
        "caption".into(),
    )
    .expect("frontier");
    assert_eq!(
        charts::pareto_front(&points),
        [true, true, false, true, true]
    );

    for chart in [&cmp, &heat, &front] {
        let png = tmp.path().join(format!("{}.png", chart.name));
        fs::write(&png, &chart.png).expect("write");
        assert_png_drawn(&png);
        if let Ok(keep) = std::env::var("CARECAST_KEEP_TEST_CHARTS") {
            let _ = fs::copy(&png, Path::new(&keep).join(format!("{}.png", chart.name)));
        }
    }
    assert_svg_has(
        &cmp.svg,
        "plan-comparison.svg",
        &[
            "baseline",
            "night shift",
            "bot",
            "Answered within 30 min",
            "Total cost",
            "USD per week",
            "First reply, 90th percentile",
            "minutes",
            "95% confidence interval",
        ],
    );
    assert_svg_has(
        &heat.svg,
        "heatmap.svg",
        &[
            "day agents (head count)",
            "night agents (head count)",
            "answered_within_30m (%)",
            "26",
            "6",
        ],
    );
    assert_svg_has(
        &front.svg,
        "frontier.svg",
        &[
            "Total cost (USD per week)",
            "Recommend the brand (%)",
            "Pareto-optimal",
            "frontier (means)",
            "whiskers: 95% confidence intervals",
            "lean:",
            "night shift:",
            "all hands:",
        ],
    );
    let texts = svg_texts(&front.svg, "frontier.svg");
    assert!(
        !texts.iter().any(|t| t.starts_with("overstaffed")),
        "a dominated plan is labelled: {texts:?}"
    );
}

/// The built-in scenario, resolved, as a file in `tmp`.
pub(crate) fn builtin_file(tmp: &Path) -> PathBuf {
    let path = tmp.join("builtin.toml");
    let scenario = Scenario::builtin(&[]).expect("scenario");
    fs::write(&path, results::scenario_toml(&scenario)).expect("write scenario");
    path
}

/// `carecast compare` of the built-in scenario (1 day, 3 replications) against a variant
/// with more day agents and a LIFO queue, with `--report`; returns the folder and stdout.
pub(crate) fn small_comparison() -> (tempfile::TempDir, PathBuf, String) {
    comparison_with(&[
        "more-staff=staffing.groups[0].agents=30",
        "more-staff=policy.discipline=lifo",
    ])
}

/// The options of the small comparisons: 1 day, no warm-up, 3 replications.
pub(crate) const SMALL: [&str; 6] = [
    "--set",
    "horizon=\"1d\"",
    "--set",
    "warmup=\"0m\"",
    "--reps",
    "3",
];

/// `carecast compare` of the built-in scenario (1 day, no warm-up, 3 replications)
/// against its `variants` (`NAME=PATH=VALUE`), with `--report`; returns the folder and
/// stdout.
pub(crate) fn comparison_with(variants: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = builtin_file(tmp.path());
    let dir = tmp.path().join("cmp");
    let mut cmd = carecast();
    cmd.arg("compare").arg(&file);
    for v in variants {
        cmd.args(["--variant", v]);
    }
    let out = cmd
        .args(SMALL)
        .args(["--report", "--out"])
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .clone();
    (tmp, dir, String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A 2x2 grid over the built-in scenario (1 day, 2 replications), run with `--report`.
fn small_sweep(parameters: &str) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("tiny.toml");
    fs::write(
        &file,
        format!(
            "name = \"tiny\"\nset = ['horizon = \"1d\"', 'warmup = \"0m\"']\nreplications = 2\nseed = 1\n{parameters}"
        ),
    )
    .expect("write sweep");
    let dir = tmp.path().join("sweep");
    let out = carecast()
        .arg("sweep")
        .arg(&file)
        .arg("--report")
        .arg("--out")
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .clone();
    (tmp, dir, String::from_utf8_lossy(&out.stdout).into_owned())
}

const GRID_2X2: &str = r#"
[[parameters]]
name = "day_agents"
path = "staffing.groups[0].agents"
values = [12, 24]
[[parameters]]
name = "weekend_agents"
path = "staffing.groups[1].agents"
values = [2, 6]
"#;

fn assert_self_contained(html: &str, charts: &[&str]) {
    for bad in [
        "http://", "https://", "<script", "<link", "url(", "src=", "@import",
    ] {
        assert!(!html.contains(bad), "report.html contains {bad:?}");
    }
    assert_eq!(html.matches("<svg").count(), charts.len());
    for name in charts {
        assert!(
            html.contains(&format!("<figure id=\"{name}\">")),
            "no figure {name}"
        );
    }
    let body = html.trim_start_matches("<!DOCTYPE html>\n");
    roxmltree::Document::parse(body).expect("report.html parses as XML");
}

#[test]
fn compare_report_writes_both_charts_and_a_page_with_verdicts_and_tables() {
    let (_tmp, dir, stdout) = small_comparison();
    let html_path = dir.join("report.html");
    assert!(
        stdout.contains(&format!("Report: {}", html_path.display())),
        "{stdout}"
    );
    let charts_dir = dir.join("charts");
    for name in ["week-overlay", "plan-comparison", "plan-differences"] {
        assert_png_drawn(&charts_dir.join(format!("{name}.png")));
    }
    let svg = |name: &str| fs::read_to_string(charts_dir.join(format!("{name}.svg"))).expect("svg");
    assert_svg_has(
        &svg("plan-comparison"),
        "plan-comparison.svg",
        &[
            "retail-week",
            "more-staff",
            "Answered within 30 min",
            "Recommend the brand",
            "First reply, mean",
            "Total cost",
            "USD per week",
            "95% confidence interval",
        ],
    );
    assert_svg_has(
        &svg("plan-differences"),
        "plan-differences.svg",
        &[
            "more-staff",
            "significant: the 95% CI excludes 0 (marked *)",
            "Δ Answered within 30 min",
            "Δ Total cost",
            "difference to the baseline (pp)",
            "difference to the baseline (USD per week)",
            "paired 95% CI",
            " pp",
        ],
    );
    let html = fs::read_to_string(&html_path).expect("report.html");
    assert_self_contained(
        &html,
        &["week-overlay", "plan-comparison", "plan-differences"],
    );
    // The plans' weeks overlaid lead the figures.
    let first_figure = html.find("<figure id=").expect("a figure");
    assert!(
        html[first_figure..].starts_with("<figure id=\"week-overlay\">"),
        "the week overlay is not the first figure"
    );
    // The verdict line, word for word as in the terminal.
    let verdict = stdout
        .lines()
        .find(|l| l.starts_with("more-staff vs retail-week: "))
        .unwrap_or_else(|| panic!("no verdict in {stdout}"));
    assert!(
        verdict.contains("Recommend the brand +") && verdict.contains("Total cost "),
        "{verdict}"
    );
    assert!(
        html.contains(&format!("<li>{verdict}</li>")),
        "report.html lacks the verdict {verdict:?}"
    );
    for needle in [
        // What distinguishes the plans: the staffing in words, other keys by resolved key.
        "<p class=\"plan-words\">Changes day: 28 agents → 30 agents; +",
        " paid hours a week, +USD ",
        "<code>policy.discipline</code>: <code>&quot;fifo&quot;</code> → <code>&quot;lifo&quot;</code>",
        // The baseline in plain words.
        "The baseline scenario: retail-week",
        "Mid-size retail brand",
        // The KPI table with the paired differences.
        "<th class=\"num\">Δ more-staff</th>",
        "<code>answered_within_30m</code>",
        "<code>cost_total</code>",
        "USD ",
        " pp",
        " *</td>",
        "@media print",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle:?}");
    }
    // `carecast report` on the folder renders the same page.
    let again = carecast()
        .arg("report")
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&again.stdout).contains("3 charts"));
    assert_eq!(
        fs::read_to_string(&html_path).expect("report.html"),
        html,
        "report from the folder differs from compare --report"
    );
}

#[test]
fn sweep_report_writes_heatmaps_frontier_and_a_page_with_points() {
    let (_tmp, dir, stdout) = small_sweep(GRID_2X2);
    let html_path = dir.join("report.html");
    assert!(
        stdout.contains(&format!("Report: {}", html_path.display())),
        "{stdout}"
    );
    let charts_dir = dir.join("charts");
    let names = [
        "heatmap-answered_within_30m",
        "heatmap-recommend_rate",
        "frontier",
    ];
    for name in names {
        assert_png_drawn(&charts_dir.join(format!("{name}.png")));
    }
    let svg = |name: &str| fs::read_to_string(charts_dir.join(format!("{name}.svg"))).expect("svg");
    assert_svg_has(
        &svg("heatmap-answered_within_30m"),
        "heatmap-answered_within_30m.svg",
        &[
            "day_agents",
            "weekend_agents",
            "Answered within 30 min (%)",
            "12",
            "24",
            "6",
        ],
    );
    assert_svg_has(
        &svg("heatmap-recommend_rate"),
        "heatmap-recommend_rate.svg",
        &["day_agents", "weekend_agents", "Recommend the brand (%)"],
    );
    assert_svg_has(
        &svg("frontier"),
        "frontier.svg",
        &[
            "Total cost (USD per week)",
            "Recommend the brand (%)",
            // At 2 replications the intervals are wide: nothing is claimed optimal.
            "not distinguishable",
            "frontier (means)",
            "whiskers: 95% confidence intervals",
            "day_agents=",
            "weekend_agents=",
        ],
    );
    let html = fs::read_to_string(&html_path).expect("report.html");
    assert_self_contained(&html, &names);
    for needle in [
        "carecast sweep: tiny",
        "Base scenario <strong>retail-week</strong>",
        "a full grid of 4 points",
        "2 replications with seed 1",
        "<code>staffing.groups[0].agents</code>",
        "<td>12, 24</td>",
        "<th class=\"num\">Answered within 30 min</th>",
        "<th class=\"num\">Recommend the brand</th>",
        "<th class=\"num\">Total cost (USD per week)</th>",
        "<tr class=\"pareto\">",
        "◆",
        " pp</td>",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle:?}");
    }
    assert_eq!(
        html.matches("<tr class=\"pareto\">").count()
            + html.matches("<tr><td class=\"num\">").count(),
        4
    );
}

#[test]
fn sweep_report_draws_lines_for_one_numeric_parameter() {
    let (_tmp, dir, _) = small_sweep(
        r#"
[[parameters]]
name = "day_agents"
path = "staffing.groups[0].agents"
values = [12, 24]
[[parameters]]
path = "policy.discipline"
values = ["fifo", "lifo"]
"#,
    );
    assert!(!dir.join("charts/heatmap-answered_within_30m.png").exists());
    let names = [
        "lines-answered_within_30m",
        "lines-recommend_rate",
        "frontier",
    ];
    for name in names {
        assert_png_drawn(&dir.join(format!("charts/{name}.png")));
    }
    let svg = fs::read_to_string(dir.join("charts/lines-answered_within_30m.svg")).expect("svg");
    assert_svg_has(
        &svg,
        "lines-answered_within_30m.svg",
        &[
            "Answered within 30 min against day_agents",
            "policy.discipline=fifo",
            "policy.discipline=lifo",
            "95% confidence interval",
        ],
    );
    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    assert!(html.contains("one line per level of policy.discipline"));
    assert!(html.contains("<td>lifo</td>"));
    assert_self_contained(&html, &names);
}

#[test]
fn latin_hypercube_report_draws_dots_and_no_frontier_across_assumptions() {
    let (_tmp, dir, _) = small_sweep(
        r#"
design = "lhs"
points = 4
[[parameters]]
name = "rate_per_h"
path = "arrivals.rate_per_h"
min = 60
max = 120
[[parameters]]
name = "day_agents"
path = "staffing.groups[0].agents"
min = 12
max = 24
integer = true
"#,
    );
    let charts = dir.join("charts");
    assert!(!charts.join("heatmap-answered_within_30m.png").exists());
    assert!(!charts.join("frontier.png").exists());
    assert_png_drawn(&charts.join("scatter-recommend_rate.png"));
    let svg = fs::read_to_string(charts.join("scatter-answered_within_30m.svg")).expect("svg");
    assert_svg_has(
        &svg,
        "scatter-answered_within_30m.svg",
        &["rate_per_h", "day_agents", "Answered within 30 min (%)"],
    );
    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    for needle in [
        "Nothing is averaged or interpolated",
        "No cost / recommend-rate frontier: the assumptions (rate_per_h)",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle:?}");
    }
    assert!(!html.contains("averaged over"), "no averaging claimed");
    let summary = fs::read_to_string(dir.join("sweep.json")).expect("sweep.json");
    assert!(
        summary.contains("\"role\": \"assumption\"") && summary.contains("\"role\": \"decision\"")
    );
}

#[test]
fn sweep_frontier_compares_decisions_within_each_world_of_assumptions() {
    let (_tmp, dir, _) = small_sweep(
        r#"
[[parameters]]
name = "day_agents"
path = "staffing.groups[0].agents"
values = [12, 24]
[[parameters]]
name = "rate_per_h"
path = "arrivals.rate_per_h"
values = [40, 80]
"#,
    );
    let charts = dir.join("charts");
    assert!(!charts.join("frontier.png").exists());
    for n in [1, 2] {
        assert_png_drawn(&charts.join(format!("frontier-{n}.png")));
    }
    let first = fs::read_to_string(charts.join("frontier-1.svg")).expect("svg");
    assert_svg_has(
        &first,
        "frontier-1.svg",
        &[
            "Cost against recommend rate at rate_per_h=40",
            "day_agents=12",
            "day_agents=24",
        ],
    );
    assert!(
        !first.contains("rate_per_h=80"),
        "a world's frontier holds only its own points"
    );
}

#[test]
fn plan_differences_chart_renders_plain_data() {
    let d = |plan: &str, mean: f64, half: f64| charts::PlanDifference {
        plan: plan.into(),
        mean,
        ci_low: mean - half,
        ci_high: mean + half,
        significant: mean.abs() > half,
    };
    let kpis = vec![
        charts::KpiDifferences {
            kpi: "answered_within_30m".into(),
            plans: vec![d("night shift", 0.28, 0.037), d("bot", 0.01, 0.02)],
        },
        charts::KpiDifferences {
            kpi: "frt_mean_min".into(),
            plans: vec![d("night shift", -90.7, 6.4), d("bot", -3.0, 5.0)],
        },
        charts::KpiDifferences {
            kpi: "cost_total".into(),
            plans: vec![d("night shift", 6463.0, 307.0), d("bot", -1200.0, 150.0)],
        },
    ];
    let chart = charts::plan_differences("Differences", &kpis, &week("EUR"), "caption".into())
        .expect("chart");
    assert_eq!(chart.name, "plan-differences");
    let tmp = tempfile::tempdir().expect("tempdir");
    let png = tmp.path().join("d.png");
    fs::write(&png, &chart.png).expect("write");
    assert_png_drawn(&png);
    assert_svg_has(
        &chart.svg,
        "plan-differences.svg",
        &[
            "night shift",
            "bot",
            "not significant: could be noise",
            "+28.0 pp *",
            "+1.0 pp",
            "−90.7 min *",
            // Money without the currency, which the axis names.
            "+6,463 *",
            "−1,200 *",
            "difference to the baseline (EUR per week)",
            "difference to the baseline (minutes)",
        ],
    );
}

#[test]
fn sweep_heatmaps_of_any_kpi_on_request() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let sweep = tmp.path().join("h.toml");
    std::fs::write(
        &sweep,
        "name = \"h\"\nbase = \"builtin\"\nset = ['horizon = \"1d\"', 'warmup = \"0m\"']\nreplications = 2\n\
         [[parameters]]\npath = \"staffing.groups[0].agents\"\nvalues = [18, 24]\n\
         [[parameters]]\npath = \"staffing.groups[1].agents\"\nvalues = [16, 22]\n",
    )
    .expect("write sweep");
    let out = tmp.path().join("out");
    let bin = || {
        let mut c = assert_cmd::Command::cargo_bin("carecast").expect("binary");
        c.env("CI", "true");
        c
    };
    bin()
        .arg("sweep")
        .arg(&sweep)
        .arg("--quiet")
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    bin()
        .arg("report")
        .arg(&out)
        .args(["--heatmap", "cost_total"])
        .assert()
        .success();
    let svg = std::fs::read_to_string(out.join("charts/heatmap-cost_total.svg")).expect("heatmap");
    assert!(
        svg.contains("Total cost"),
        "the heatmap names its KPI by its label"
    );
    let refused = bin()
        .arg("report")
        .arg(&out)
        .args(["--heatmap", "nope"])
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&refused.get_output().stderr).into_owned();
    assert!(err.contains("`nope` is not a KPI"), "{err}");
}

/// Money over one week, as the charts label it.
fn week(currency: &str) -> carecast::format::Money {
    carecast::format::Money::new(currency, Some(7.0 * 1440.0))
}
