//! The report of a run: every chart as PNG and SVG, the self-contained HTML page, the
//! same page from the folder and from memory, folders of older runs, and the page in a
//! real browser. The helpers here (a small run, PNG and SVG checks) serve the other
//! report tests too.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use carecast::experiment;
use carecast::report::{self, charts};
use carecast::scenario::Scenario;

/// The charts of a run, in report order.
const CHARTS: [&str; 4] = ["week-view", "sla-by-hour", "response-times", "outcome-mix"];

/// The `carecast` binary, as in CI (no progress bars).
pub(crate) fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true");
    cmd
}

/// A small real run (2 days, 2 replications) written as a results folder.
pub(crate) fn small_run() -> (tempfile::TempDir, PathBuf, Scenario, experiment::RunResults) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("run");
    let scenario = Scenario::builtin(&["horizon=\"2d\"".to_string(), "warmup=\"0m\"".to_string()])
        .expect("scenario")
        .with_run(Some(3), Some(2));
    let results = experiment::run(&scenario, &|| {});
    carecast::results::write_run(&dir, &scenario, &results).expect("results folder");
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
pub(crate) fn assert_png_drawn(path: &Path) {
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
pub(crate) fn svg_texts(svg: &str, what: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{what}: not XML: {e}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg", "{what}");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

pub(crate) fn assert_svg_has(svg: &str, what: &str, needles: &[&str]) {
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
            "taken within 30 min",
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
        "<code>answered_within_30m</code>",
        "<code>recommend_rate</code>",
        "<code>cost_total</code>",
        "USD ",
        " pp</td>",
        "95% CI",
        "frt_mean_min.twitter",
        "occupancy.weekend",
        // Labels for people, identifiers in their own column, money with its period.
        "<td>Answered within 30 min</td>",
        "<td>First reply, mean: twitter</td>",
        "<td>Occupancy: weekend</td>",
        "per week</td>",
        "<th>identifier</th>",
        "<span class=\"k\">Answered within 30 min (",
        // The cost card: the period in its label, the currency on its half-width.
        "<span class=\"k\">Total cost per week (± USD ",
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
        "<td class=\"num\">28</td>",
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
fn report_works_without_distributions_csv_as_written_by_older_runs() {
    let (_tmp, dir, _, _) = small_run();
    fs::remove_file(dir.join("distributions.csv")).expect("rm");
    let paths = report::render(&dir).expect("report");
    assert_eq!(paths.charts.len(), 2 * (CHARTS.len() - 1));
    let html = fs::read_to_string(&paths.html).expect("html");
    assert!(html.contains("no <code>distributions.csv</code>"));
}

/// The report in a real browser, when `CARECAST_BROWSER` names one (`.ci/run` unpacks
/// Debian's Chromium into a folder of its own with `tests/browser/install-chromium.sh` and
/// sets it). Without it the test says why it checks nothing: `cargo test` installs nothing.
#[test]
fn report_renders_in_headless_chromium_without_network_or_console_errors() {
    let Some(browser) = std::env::var_os("CARECAST_BROWSER").filter(|b| !b.is_empty()) else {
        println!(
            "skipped: set CARECAST_BROWSER=/path/to/chromium to load the report in a browser \
             (.ci/run does, with tests/browser/install-chromium.sh)"
        );
        return;
    };
    let (_tmp, dir, _, _) = small_run();
    report::render(&dir).expect("report");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/check-report.sh");
    let out_dir = dir.join("browser");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .arg(dir.join("report.html"))
        .arg(&out_dir)
        .env("CARECAST_BROWSER", &browser)
        .output()
        .expect("run the browser check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}{stderr}");
    assert!(
        out.status.success(),
        "browser check failed:\n{stdout}\n{stderr}"
    );
    // A browser was named: the check must have run to its end, not skipped.
    assert!(stdout.contains("PASS:"), "{stdout}");
}

#[test]
fn week_overlay_draws_every_plan_in_its_colour_with_a_legend() {
    let plan = |name: &str, day: u32| {
        let scenario = Scenario::builtin(&[
            "horizon=\"2d\"".to_string(),
            "warmup=\"6h\"".to_string(),
            format!("name=\"{name}\""),
            format!("staffing.groups[0].agents={day}"),
        ])
        .expect("scenario")
        .with_run(Some(3), Some(2));
        let results = experiment::run(&scenario, &|| {});
        (scenario, results)
    };
    let lean = plan("lean-days", 14);
    let base = plan("baseline-days", 28);
    let chart = report::week_overlay(&[(&base.0, &base.1), (&lean.0, &lean.1)])
        .expect("drawn")
        .expect("two plans give a chart");
    assert_eq!(chart.name, "week-overlay");
    let tmp = tempfile::tempdir().expect("tempdir");
    let png = tmp.path().join("week-overlay.png");
    fs::write(&png, &chart.png).expect("png");
    assert_png_drawn(&png);
    assert_svg_has(
        &chart.svg,
        "week-overlay.svg",
        &[
            "baseline-days",
            "lean-days",
            "agents on shift",
            "mentions waiting",
            "warm-up (not in the KPIs)",
            "mean of 2 replications",
        ],
    );
    // The caption names the baseline, and the leaner plan leaves the longer queue.
    assert!(
        chart.caption.contains("the baseline (baseline-days)"),
        "{}",
        chart.caption
    );
    assert!(
        chart.caption.contains("under lean-days"),
        "{}",
        chart.caption
    );
    assert!(report::week_overlay(&[]).expect("no plans").is_none());
}

#[test]
fn sla_chart_draws_the_target_and_response_chart_answers_its_question() {
    let scenario = Scenario::builtin(&[
        "horizon=\"2d\"".to_string(),
        "warmup=\"0m\"".to_string(),
        "targets.service_level=[{ share = 0.8, within = \"30m\", scope = \"every_hour\" }]"
            .to_string(),
    ])
    .expect("scenario")
    .with_run(Some(3), Some(2));
    let results = experiment::run(&scenario, &|| {});
    let built = report::build(&scenario, &results).expect("report");
    let chart = |name: &str| {
        built
            .charts
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no chart {name}"))
    };
    let sla = chart("sla-by-hour");
    assert_svg_has(
        &sla.svg,
        "sla-by-hour.svg",
        &[
            "target: 80% answered within 30 min in every hour",
            "weekend",
        ],
    );
    assert!(
        sla.caption.contains("Dashed red: the target of 80%"),
        "{}",
        sla.caption
    );
    assert!(!sla.caption.contains("30 and 60"), "{}", sla.caption);
    // The answer on the chart is the two quick outcome states together.
    let quick = results.kpi("quick_effective").expect("kpi").mean
        + results.kpi("quick_ineffective").expect("kpi").mean;
    let answer = format!(
        "{:.0}% of customers got their first reply within what they expected",
        quick * 100.0
    );
    let response = chart("response-times");
    assert_svg_has(&response.svg, "response-times.svg", &[answer.as_str()]);
    assert!(
        svg_texts(&response.svg, "response-times.svg")
            .iter()
            .all(|t| !t.contains("cross")),
        "a crossing is still marked"
    );
    // Without targets there is no target line.
    let (_tmp, _dir, plain, plain_results) = small_run();
    let plain = report::build(&plain, &plain_results).expect("report");
    let sla = plain
        .charts
        .iter()
        .find(|c| c.name == "sla-by-hour")
        .expect("sla");
    assert!(
        !sla.svg.contains("target:"),
        "a target drawn without [targets]"
    );
}
