//! The `carecast report` command: it renders a results folder, tells the kinds of
//! folder apart by their files, and refuses missing, broken and unknown folders naming
//! the file (and line) at fault.

use std::fs;
use std::path::Path;

use carecast::report;

use super::report::{carecast, small_run};

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
    text.push_str("0,999,mon,3,false,lots,1,0,0,0,0,,\n");
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
fn cli_report_refuses_a_folder_of_no_known_kind() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("odds-and-ends");
    fs::create_dir(&dir).expect("mkdir");
    fs::write(dir.join("notes.txt"), "hello").expect("write");
    let out = carecast()
        .arg("report")
        .arg(&dir)
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    for needle in [
        "odds-and-ends",
        "not a results folder",
        "summary.json",
        "comparison.json",
        "sweep.json",
    ] {
        assert!(err.contains(needle), "{needle:?} not in {err}");
    }
    assert!(!dir.join("report.html").exists());
}

#[test]
fn report_kinds_are_told_apart_by_their_files() {
    let (_tmp, run_dir, _, _) = small_run();
    assert_eq!(
        report::folder_kind(&run_dir).expect("kind"),
        report::FolderKind::Run
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    fs::write(tmp.path().join("comparison.json"), "{}").expect("write");
    assert_eq!(
        report::folder_kind(tmp.path()).expect("kind"),
        report::FolderKind::Comparison
    );
    let err = report::render(tmp.path()).expect_err("an empty comparison.json");
    assert!(err.to_string().contains("no `plans` array"), "{err}");
    let tmp2 = tempfile::tempdir().expect("tempdir");
    fs::write(tmp2.path().join("sweep.json"), "[").expect("write");
    assert_eq!(
        report::folder_kind(tmp2.path()).expect("kind"),
        report::FolderKind::Sweep
    );
    let err = report::render(tmp2.path()).expect_err("a garbled sweep.json");
    assert!(err.to_string().contains("sweep.json"), "{err}");
}
