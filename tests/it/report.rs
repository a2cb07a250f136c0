//! `carecast report`: charts as PNG and SVG, the self-contained HTML report, the command,
//! its refusals, and the page in a real browser.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use carecast::report::{self, charts};
use carecast::scenario::Scenario;
use carecast::{experiment, output};

const CHARTS: [&str; 4] = ["week-view", "sla-by-hour", "response-times", "outcome-mix"];

fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true");
    cmd
}

/// A small real run (2 days, 2 replications) written as a results folder.
fn small_run() -> (tempfile::TempDir, PathBuf, Scenario, experiment::RunResults) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("run");
    let scenario = Scenario::builtin(&["horizon=\"2d\"".to_string()])
        .expect("scenario")
        .with_run(Some(3), Some(2));
    let results = experiment::run(&scenario, &|| {});
    output::write_run(&dir, &scenario, &results).expect("results folder");
    (tmp, dir, scenario, results)
}

struct Png {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

fn decode_png(path: &Path) -> Png {
    let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("buffer size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgb, "{}", path.display());
    buf.truncate(info.buffer_size());
    Png {
        width: info.width,
        height: info.height,
        rgb: buf,
    }
}

/// Asserts a chart PNG has the slide size and real content: many colours, and a fair
/// share of the canvas not white.
fn assert_png_drawn(path: &Path) {
    let png = decode_png(path);
    assert_eq!((png.width, png.height), charts::SIZE, "{}", path.display());
    let pixels: Vec<[u8; 3]> = png.rgb.chunks(3).map(|p| [p[0], p[1], p[2]]).collect();
    let colours: HashSet<[u8; 3]> = pixels.iter().copied().collect();
    assert!(
        colours.len() >= 50,
        "{}: only {} distinct colours",
        path.display(),
        colours.len()
    );
    let inked = pixels.iter().filter(|p| **p != [255, 255, 255]).count();
    let share = inked as f64 / pixels.len() as f64;
    assert!(
        share > 0.03,
        "{}: only {:.1}% of the canvas is drawn",
        path.display(),
        share * 100.0
    );
}

/// The text of every `<text>` element of an SVG, which must parse as XML.
fn svg_texts(svg: &str, what: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: not XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg", "{what}");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

fn assert_svg_has(svg: &str, what: &str, needles: &[&str]) {
    let texts = svg_texts(svg, what);
    for n in needles {
        assert!(
            texts.iter().any(|t| t.contains(n)),
            "{what}: no text containing {n:?} among {texts:?}"
        );
    }
}

#[test]
fn report_writes_every_chart_as_png_and_svg_with_titles_and_legends() {
    let (_tmp, dir, _, _) = small_run();
    let paths = report::render(&dir).expect("report");
    assert_eq!(paths.html, dir.join("report.html"));
    assert_eq!(paths.charts.len(), 2 * CHARTS.len());
    for name in CHARTS {
        let png = dir.join("charts").join(format!("{name}.png"));
        let svg = dir.join("charts").join(format!("{name}.svg"));
        assert!(paths.charts.contains(&png) && paths.charts.contains(&svg));
        assert_png_drawn(&png);
        assert!(svg.is_file(), "{} missing", svg.display());
    }
    let svg = |name: &str| {
        fs::read_to_string(dir.join("charts").join(format!("{name}.svg"))).expect("svg")
    };
    assert_svg_has(
        &svg("week-view"),
        "week-view.svg",
        &[
            "mentions per hour",
            "agents on shift",
            "mentions waiting",
            "day of the run",
            "mentions arriving per hour",
            "Mon",
            "Tue",
        ],
    );
    assert_svg_has(
        &svg("sla-by-hour"),
        "sla-by-hour.svg",
        &[
            "share of answerable mentions (%)",
            "hour of the week",
            "answered within 30 min",
            "within 60 min",
            "no agent on shift",
            "weekend",
            "Sun",
        ],
    );
    assert_svg_has(
        &svg("response-times"),
        "response-times.svg",
        &[
            "time since the mention arrived (log scale)",
            "share of mentions / customers (%)",
            "answered within the time",
            "customers expecting a reply within the time",
            "30 min",
            "1 h",
        ],
    );
    assert_svg_has(
        &svg("outcome-mix"),
        "outcome-mix.svg",
        &[
            "share of customers with an outcome (%)",
            "quick & effective",
            "quick, ineffective",
            "slow, effective",
            "slow & ineffective",
            "ignored",
            "recommend rate",
        ],
    );
    // No leftovers of the atomic writes.
    for entry in fs::read_dir(dir.join("charts"))
        .expect("charts")
        .chain(fs::read_dir(&dir).expect("dir"))
    {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        assert!(
            !name.contains(".tmp-"),
            "temporary file left behind: {name}"
        );
    }
}

#[test]
fn report_html_is_self_contained_with_kpis_scenario_and_every_chart() {
    let (_tmp, dir, _, _) = small_run();
    report::render(&dir).expect("report");
    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    for bad in [
        "http://", "https://", "<script", "<link", "url(", "src=", "@import",
    ] {
        assert!(!html.contains(bad), "report.html contains {bad:?}");
    }
    assert_eq!(html.matches("<svg").count(), CHARTS.len());
    for name in CHARTS {
        assert!(
            html.contains(&format!("<figure id=\"{name}\">")),
            "no figure {name}"
        );
    }
    assert_eq!(html.matches("<figcaption>").count(), CHARTS.len());
    // The KPI table, formatted like the terminal table, with CIs.
    for needle in [
        "Key performance indicators",
        "<code>sla_30m</code>",
        "<code>recommend_rate</code>",
        "<code>cost_total</code>",
        "USD ",
        " pp</td>",
        "95% CI",
        "frt_mean_min.twitter",
        "occupancy.weekend",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle:?}");
    }
    // The scenario in plain words: volumes, shifts with head count and hours, policies.
    for needle in [
        "Mid-size retail brand",
        "2 days from Mon 00:00",
        "85 mentions an hour",
        "weekdays 08:00–16:00",
        "weekend 08:00–22:00",
        "<td class=\"num\">24</td>",
        "oldest first (fifo)",
        "older than 3 days are dropped",
        "still answered (answer-after-abandon on)",
        "no bot",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle:?}");
    }
    // Print styles.
    for needle in [
        "@media print",
        "@page",
        "page-break-inside: avoid",
        "max-width: 100%",
    ] {
        assert!(html.contains(needle), "report.html lacks {needle:?}");
    }
    // The page is well-formed enough for an XML parser once the doctype is dropped.
    let body = html.trim_start_matches("<!DOCTYPE html>\n");
    roxmltree::Document::parse(body).expect("report.html parses as XML");
}

#[test]
fn report_from_the_folder_equals_the_report_from_memory() {
    let (_tmp, dir, scenario, results) = small_run();
    report::render(&dir).expect("report from the folder");
    let from_files = fs::read_to_string(dir.join("report.html")).expect("report.html");
    let in_memory = report::build(&scenario, &results).expect("report in memory");
    assert_eq!(
        from_files, in_memory.html,
        "the folder round trip changes the report"
    );
    let (sc2, res2) = report::load(&dir).expect("load");
    assert_eq!(res2.kpi_names, results.kpi_names);
    assert_eq!(res2.replications.len(), 2);
    assert_eq!(sc2.name, scenario.name);
    assert_eq!(
        res2.replications[1].hourly.len(),
        results.replications[1].hourly.len()
    );
    // Rendering again over an existing report replaces it.
    let again = report::render_run(&dir, &scenario, &results).expect("again");
    assert_eq!(again.charts.len(), 2 * CHARTS.len());
}

#[test]
fn cli_report_renders_a_results_folder() {
    let (_tmp, dir, _, _) = small_run();
    let out = carecast()
        .arg("report")
        .arg(&dir)
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("report.html"), "{stdout}");
    assert!(dir.join("report.html").is_file());
    assert!(dir.join("charts/week-view.png").is_file());
}

fn report_error(dir: &Path) -> String {
    let out = carecast()
        .arg("report")
        .arg(dir)
        .assert()
        .failure()
        .get_output()
        .clone();
    assert!(!dir.join("report.html").exists() || dir.join("report.html").is_file());
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn cli_report_refuses_a_missing_folder_naming_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("no-such-run");
    let err = report_error(&dir);
    assert!(
        err.contains("no-such-run") && err.contains("not a results folder"),
        "{err}"
    );
}

#[test]
fn cli_report_names_a_missing_file() {
    let (_tmp, dir, _, _) = small_run();
    fs::remove_file(dir.join("summary.json")).expect("rm");
    let err = report_error(&dir);
    assert!(
        err.contains("summary.json") && err.contains("missing"),
        "{err}"
    );
    assert!(
        !dir.join("report.html").exists(),
        "no report from a broken folder"
    );
}

#[test]
fn cli_report_names_the_file_and_line_of_garbled_input() {
    let (_tmp, dir, _, _) = small_run();
    let path = dir.join("hourly.csv");
    let mut text = fs::read_to_string(&path).expect("hourly.csv");
    text.push_str("0,999,mon,3,lots,1,0,0,0,0,,\n");
    let lines = text.lines().count();
    fs::write(&path, text).expect("write");
    let err = report_error(&dir);
    assert!(
        err.contains("hourly.csv")
            && err.contains(&format!("line {lines}"))
            && err.contains("`lots` is not a whole number"),
        "{err}"
    );

    fs::write(&path, "what,is,this\n1,2,3\n").expect("write");
    let err = report_error(&dir);
    assert!(
        err.contains("hourly.csv") && err.contains("no column `replication`"),
        "{err}"
    );

    let (_tmp2, dir2, _, _) = small_run();
    fs::write(dir2.join("summary.json"), "{ not json").expect("write");
    let err = report_error(&dir2);
    assert!(
        err.contains("summary.json") && err.contains("line 1"),
        "{err}"
    );

    let (_tmp3, dir3, _, _) = small_run();
    fs::write(dir3.join("scenario.toml"), "horizon = \"soon\"\n").expect("write");
    let err = report_error(&dir3);
    assert!(
        err.contains("scenario.toml") && err.contains("not a valid scenario"),
        "{err}"
    );
}

#[test]
fn report_works_without_distributions_csv_as_written_by_older_runs() {
    let (_tmp, dir, _, _) = small_run();
    fs::remove_file(dir.join("distributions.csv")).expect("rm");
    let paths = report::render(&dir).expect("report");
    assert_eq!(paths.charts.len(), 2 * (CHARTS.len() - 1));
    let html = fs::read_to_string(&paths.html).expect("html");
    assert!(html.contains("no <code>distributions.csv</code>"));
}

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
            kpi: "sla_30m".into(),
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
    let cmp =
        charts::plan_comparison("Three plans", &kpis, "USD", "caption".into()).expect("comparison");
    let mut heat_points = Vec::new();
    for night in [0.0, 2.0, 4.0, 6.0] {
        for day in [18.0, 20.0, 22.0, 24.0, 26.0] {
            heat_points.push((day, night, 0.4 + 0.01 * day + 0.03 * night));
        }
    }
    let heat = charts::heatmap(
        &charts::Heatmap {
            title: "sla_30m over staffing".into(),
            x_label: "day agents (head count)".into(),
            y_label: "night agents (head count)".into(),
            value_label: "sla_30m (%)".into(),
            value_kind: "share".into(),
            points: heat_points,
        },
        "caption".into(),
    )
    .expect("heatmap");
    let point = |label: &str, cost, r| charts::FrontierPoint {
        label: label.into(),
        cost,
        recommend_rate: r,
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
        "USD",
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
            "sla_30m (%)",
            "cost_total (USD)",
            "frt_p90_min (minutes)",
            "95% confidence interval",
        ],
    );
    assert_svg_has(
        &heat.svg,
        "heatmap.svg",
        &[
            "day agents (head count)",
            "night agents (head count)",
            "sla_30m (%)",
            "26",
            "6",
        ],
    );
    assert_svg_has(
        &front.svg,
        "frontier.svg",
        &[
            "total cost (USD)",
            "recommend rate (%)",
            "Pareto-optimal plan",
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

#[test]
fn report_renders_in_headless_chromium_without_network_or_console_errors() {
    let (_tmp, dir, _, _) = small_run();
    report::render(&dir).expect("report");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check-report.sh");
    let out_dir = dir.join("browser");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .arg(dir.join("report.html"))
        .arg(&out_dir)
        .output()
        .expect("run the browser check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}{stderr}");
    assert!(
        out.status.success(),
        "browser check failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("PASS:") || stdout.contains("SKIPPED:"),
        "{stdout}"
    );
}
