//! Command-line usage errors (clap exits with 2 as well).

use super::*;

#[test]
fn run_with_zero_reps_is_a_usage_error() {
    let output = carecast()
        .args(["run", "--reps", "0"])
        .output()
        .expect("run carecast");
    refused(output, &["--reps", "0", "1..=1000000"]);
}

#[test]
fn run_with_non_numeric_reps_is_a_usage_error() {
    let output = carecast()
        .args(["run", "--reps", "many"])
        .output()
        .expect("run carecast");
    refused(output, &["--reps", "many"]);
}

#[test]
fn sweep_without_a_file_is_a_usage_error() {
    // (`check` without a file checks the built-in scenario; a sweep needs its file.)
    let output = carecast().arg("sweep").output().expect("run carecast");
    refused(output, &["<SWEEP>"]);
}

#[test]
fn unknown_option_is_a_usage_error() {
    let output = carecast()
        .args(["check", ERLANG_A_PATH, "--frobnicate"])
        .output()
        .expect("run carecast");
    refused(output, &["--frobnicate"]);
}
