//! The comparison folder's hourly means (`hourly.csv`) and the week overlay drawn from
//! them, and how exact zeros and shared decimals print in the comparison's table,
//! verdicts and report.

use std::fs;
use std::path::Path;

use super::report::{assert_svg_has, carecast};
use super::report_plans::{SMALL, comparison_with, small_comparison};

/// The columns of a CSV file without quoted fields: its header and its rows.
fn csv_table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = fs::read_to_string(path).expect("csv");
    let mut lines = text
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect());
    let header = lines.next().expect("a header");
    (header, lines.collect())
}

#[test]
fn compare_folder_holds_the_plans_hourly_means_and_report_draws_their_weeks() {
    let (tmp, dir, _) = small_comparison();
    let (header, rows) = csv_table(&dir.join("hourly.csv"));
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
    };
    // One row per plan and hour of the 1-day horizon, the baseline first.
    assert_eq!(rows.len(), 48, "{rows:?}");
    assert!(rows[..24].iter().all(|r| r[col("plan")] == "retail-week"));
    assert!(rows[24..].iter().all(|r| r[col("plan")] == "more-staff"));
    assert!(rows.iter().all(|r| r[col("warmup")] == "false"));
    assert!(rows.iter().all(|r| r[col("replications")] == "3"));
    let num = |r: &Vec<String>, c: &str| r[col(c)].parse::<f64>().unwrap_or(f64::NAN);
    // The means are those of a run of the baseline with the same seed and replications
    // (common random numbers: the compare runs the plans as `run` would).
    let run_dir = tmp.path().join("run");
    carecast()
        .arg("run")
        .arg(tmp.path().join("builtin.toml"))
        .args(SMALL)
        .arg("--out")
        .arg(&run_dir)
        .assert()
        .success();
    let (run_header, run_rows) = csv_table(&run_dir.join("hourly.csv"));
    let run_col = |name: &str| run_header.iter().position(|h| h == name).expect("column");
    for (h, row) in rows.iter().enumerate().take(24) {
        let of_hour: Vec<&Vec<String>> = run_rows
            .iter()
            .filter(|r| r[run_col("hour")] == h.to_string())
            .collect();
        assert_eq!(of_hour.len(), 3);
        let mean = |c: &str| {
            of_hour
                .iter()
                .map(|r| r[run_col(c)].parse::<f64>().expect("a number"))
                .sum::<f64>()
                / 3.0
        };
        for c in ["queue_mean", "agents_on_shift", "arrivals"] {
            let (a, b) = (num(row, c), mean(c));
            assert!(
                (a - b).abs() <= 1e-9 * b.abs().max(1.0),
                "hour {h} {c}: {a} vs {b}"
            );
        }
        let (lo, m, hi) = (
            num(row, "queue_mean_ci95_low"),
            num(row, "queue_mean"),
            num(row, "queue_mean_ci95_high"),
        );
        assert!(lo <= m && m <= hi, "hour {h}: {lo} {m} {hi}");
    }
    // The plan with more day agents has more on shift at noon, and the same mentions.
    assert!(num(&rows[24 + 12], "agents_on_shift") > num(&rows[12], "agents_on_shift"));
    assert_eq!(num(&rows[24 + 12], "arrivals"), num(&rows[12], "arrivals"));
    // The overlay of the plans' weeks.
    let svg = fs::read_to_string(dir.join("charts").join("week-overlay.svg")).expect("svg");
    assert_svg_has(
        &svg,
        "week-overlay.svg",
        &[
            "retail-week",
            "more-staff",
            "agents on shift",
            "mentions waiting",
            "mean of 3 replications",
        ],
    );
    // A folder written before `hourly.csv` still has its report, without the overlay.
    fs::remove_file(dir.join("hourly.csv")).expect("remove");
    let out = carecast().arg("report").arg(&dir).assert().success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("2 charts"), "{stdout}");
    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    assert!(!html.contains("<figure id=\"week-overlay\">"));
}

#[test]
fn values_share_decimals_with_their_half_width_and_exact_zeros_print_bare() {
    use carecast::format::{
        fmt_delta_in_words, fmt_delta_with_half, fmt_estimate, fmt_mean_ci, fmt_value_per,
    };
    use carecast::kpi::Unit;
    let cases = [
        // Value and ± share the decimals the half-width asks for: not "48.62 ± 1.2".
        (fmt_mean_ci(Unit::Average, 48.623, 1.2, ""), "48.6 ± 1.2"),
        (
            fmt_mean_ci(Unit::Minutes, 0.7234, 0.031, ""),
            "0.72 min ± 0.03",
        ),
        (
            fmt_delta_with_half(Unit::Share, 0.02271, 0.0012, ""),
            "+2.27 pp ± 0.12 pp",
        ),
        // Exactly zero in every replication: no "± 0".
        (fmt_mean_ci(Unit::Share, 0.0, 0.0, ""), "0%"),
        (fmt_delta_with_half(Unit::Share, 0.0, 0.0, ""), "0"),
        (
            fmt_delta_in_words(Unit::Share, 0.0, 0.0, ""),
            "0 (no difference in any replication)",
        ),
        // A difference that is the same in every replication has no interval either.
        (
            fmt_delta_with_half(Unit::Money, 9408.0, 0.0, "USD"),
            "+USD 9,408",
        ),
        (
            fmt_delta_in_words(Unit::Money, 9408.0, 0.0, "USD"),
            "+USD 9,408 (the same in every replication)",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
    // Money is shown per week, whatever the measured window.
    let four_weeks = 4.0 * 10080.0;
    assert_eq!(
        fmt_estimate(Unit::Money, 400_000.0, 4_000.0, "USD", four_weeks),
        "USD 100,000 ± 1,000 per week"
    );
    assert_eq!(
        fmt_value_per(Unit::Money, 1_000.0, "USD", 1440.0),
        "USD 7,000 per week"
    );
}

#[test]
fn a_plan_identical_to_the_baseline_shows_zero_differences_without_intervals() {
    let (_tmp, dir, stdout) =
        comparison_with(&["same=description=\"the baseline under another name\""]);
    // Every paired difference is exactly zero: a bare 0, never "+0.0 ± 0".
    let verdict = stdout
        .lines()
        .find(|l| l.starts_with("same vs retail-week: "))
        .unwrap_or_else(|| panic!("no verdict in {stdout}"));
    assert_eq!(
        verdict,
        "same vs retail-week: Answered within 30 min 0 (no difference in any replication), Recommend the brand 0 (no difference in any replication), Total cost 0 (no difference in any replication) per week"
    );
    let row = stdout
        .lines()
        .find(|l| l.starts_with("Answered within 30 min "))
        .unwrap_or_else(|| panic!("no row in {stdout}"));
    assert!(row.trim_end().ends_with(" 0"), "{row}");
    for bad in ["± 0 ", "± 0.0 ", "+0.0", "± 0\n", "± 0.0 pp"] {
        assert!(!stdout.contains(bad), "{bad:?} in\n{stdout}");
    }
    assert!(stdout.contains("money per week"), "{stdout}");
    let html = fs::read_to_string(dir.join("report.html")).expect("report.html");
    assert!(
        html.contains(&format!("<li>{verdict}</li>")),
        "no verdict in the page"
    );
    for bad in ["± 0<", "± 0.0 pp", "+0.0"] {
        assert!(!html.contains(bad), "{bad:?} in report.html");
    }
}
