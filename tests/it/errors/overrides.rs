//! `--set`: bad paths and values, caught before anything is written.

use super::*;

/// The misspelled table is refused either by `--set` itself or by validation (which
/// sees a new, unknown table); either way the message names it and suggests the nearest.
#[test]
fn set_with_a_misspelled_path_suggests_the_nearest() {
    refused(
        check_text(ERLANG_A, &["--set", "arivals.rate_per_h=1"]),
        &["`arivals`", "did you mean `arrivals`"],
    );
}

/// Exposes a bug (in the uncommitted change to `src/scenario/overrides.rs` that creates
/// missing tables on the way): a misspelled table before a list index is created as an
/// empty table, so the message claims "`stafing.groups` is not a list" and no longer
/// suggests `staffing`.
#[test]
fn set_with_a_misspelled_table_before_an_index_suggests_the_nearest() {
    let stderr = refused(
        check_text(ERLANG_A, &["--set", "stafing.groups[0].agents=9"]),
        &["stafing", "did you mean `staffing`"],
    );
    assert!(
        !stderr.contains("is not a list"),
        "misleading message:\n{stderr}"
    );
}

#[test]
fn set_with_an_index_out_of_range() {
    refused(
        check_text(ERLANG_A, &["--set", "staffing.groups[5].agents=1"]),
        &[
            "--set staffing.groups[5].agents=1",
            "`staffing.groups` has 1 item(s)",
            "index 5 is out of range",
        ],
    );
}

#[test]
fn set_without_an_equals_sign() {
    refused(
        check_text(ERLANG_A, &["--set", "arrivals.rate_per_h"]),
        &["--set arrivals.rate_per_h", "expected PATH=VALUE"],
    );
}

#[test]
fn set_with_a_malformed_path() {
    refused(
        check_text(ERLANG_A, &["--set", "a..b=1"]),
        &["--set a..b=1", "`a..b` is not a path"],
    );
}

#[test]
fn set_below_a_plain_value() {
    refused(
        check_text(ERLANG_A, &["--set", "name.first=1"]),
        &["--set name.first=1", "`name` is not a table"],
    );
}

#[test]
fn set_a_new_misspelled_key_is_caught_by_validation() {
    refused(
        check_text(ERLANG_A, &["--set", "arrivals.rate_per_hr=1"]),
        &["arrivals.rate_per_hr", "did you mean `rate_per_h`"],
    );
}

#[test]
fn set_that_makes_a_value_invalid() {
    refused(
        check_text(ERLANG_A, &["--set", "arrivals.rate_per_h=-5"]),
        &["arrivals.rate_per_h", "-5", ">= 0"],
    );
}

#[test]
fn set_a_bare_word_that_is_not_allowed() {
    refused(
        check_text(ERLANG_A, &["--set", "policy.discipline=lifx"]),
        &["policy.discipline", "\"lifx\"", "did you mean `lifo`"],
    );
}

#[test]
fn run_refuses_a_set_with_a_misspelled_path_and_writes_nothing() {
    refused(
        run_text(ERLANG_A, &["--set", "arivals.rate_per_h=1"]),
        &["`arivals`", "did you mean `arrivals`"],
    );
}

#[test]
fn run_refuses_a_set_index_out_of_range_and_writes_nothing() {
    refused(
        run_text(ERLANG_A, &["--set", "staffing.groups[5].agents=1"]),
        &["index 5 is out of range"],
    );
}

#[test]
fn run_refuses_a_set_without_equals_and_writes_nothing() {
    refused(
        run_text(ERLANG_A, &["--set", "arrivals.rate_per_h"]),
        &["expected PATH=VALUE"],
    );
}

#[test]
fn run_refuses_a_set_that_makes_a_value_invalid_and_writes_nothing() {
    refused(
        run_text(ERLANG_A, &["--set", "arrivals.rate_per_h=-5"]),
        &["arrivals.rate_per_h", "-5", ">= 0"],
    );
}

#[test]
fn run_refuses_an_invalid_file_and_writes_nothing() {
    let text = replaced("concurrency = 1", "concurrency = 0");
    refused(
        run_text(&text, &[]),
        &["staffing.groups[0].concurrency", "from 1 to 50"],
    );
}

#[test]
fn run_of_the_builtin_scenario_refuses_an_invalid_set() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let output = carecast()
        .args([
            "run",
            "--reps",
            "1",
            "--quiet",
            "--set",
            "arrivals.rate_per_h=-5",
            "--out",
        ])
        .arg(&out)
        .current_dir(dir.path())
        .output()
        .expect("run carecast");
    refused(output, &["arrivals.rate_per_h", "-5", ">= 0"]);
    assert!(
        !out.exists() && !dir.path().join("results").exists(),
        "a refused run wrote results"
    );
}

/// Control for the `run` tests above: the same helper, given a valid scenario, does write
/// the results folder, so "nothing written" there is meaningful.
#[test]
fn run_of_a_valid_scenario_writes_the_results_folder() {
    let text = replaced(r#"horizon = "14d""#, r#"horizon = "2d""#);
    let s = Scratch::new(&text);
    let output = carecast()
        .arg("run")
        .arg(&s.file)
        .args(["--reps", "1", "--quiet", "--out"])
        .arg(s.out())
        .current_dir(s.dir.path())
        .output()
        .expect("run carecast");
    accepted(output);
    assert!(
        s.out().join("summary.json").is_file(),
        "no summary.json in {}",
        s.out().display()
    );
}
