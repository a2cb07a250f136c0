//! Unreadable files: bad TOML, missing tables and keys, wrong types, files that cannot be read.

use super::*;

#[test]
fn malformed_toml_names_the_file_and_the_line() {
    let s = Scratch::new(&replaced("rate_per_h = 120", "rate_per_h = 120 ="));
    let line = 1 + ERLANG_A
        .lines()
        .position(|l| l.starts_with("rate_per_h"))
        .expect("rate line");
    let stderr = refused(
        check_path(&s.file, &[]),
        &["not valid TOML", &format!("line {line}")],
    );
    assert!(
        stderr.contains(&s.file.display().to_string()),
        "the file is not named:\n{stderr}"
    );
}

#[test]
fn missing_required_table() {
    let text = replaced("[arrivals]\nrate_per_h = 120\nprofile = \"flat\"\n", "");
    refused(
        check_text(&text, &[]),
        &["(top level)", "missing field `arrivals`"],
    );
}

#[test]
fn missing_required_key() {
    let text = replaced("rate_per_h = 120\n", "");
    refused(
        check_text(&text, &[]),
        &["`arrivals`", "missing field `rate_per_h`"],
    );
}

#[test]
fn wrong_value_type() {
    let text = replaced("rate_per_h = 120", r#"rate_per_h = "lots""#);
    refused(
        check_text(&text, &[]),
        &[
            "arrivals.rate_per_h",
            "expected a number, found the string \"lots\"",
        ],
    );
}

/// `ScenarioError::Io` is a `ScenarioError`, so main.rs exits with 2.
#[test]
fn nonexistent_file_names_the_path() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-scenario.toml");
    refused(
        check_path(&missing, &[]),
        &[
            "cannot read scenario",
            &missing.display().to_string(),
            "No such file",
        ],
    );
}

#[test]
fn a_directory_instead_of_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    refused(
        check_path(dir.path(), &[]),
        &["cannot read scenario", &dir.path().display().to_string()],
    );
}

#[test]
fn a_file_that_is_not_utf8() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("binary.toml");
    std::fs::write(&file, [0xff, 0xfe, 0x00]).expect("write");
    refused(check_path(&file, &[]), &["cannot read scenario", "UTF-8"]);
}

/// Exposes a bug: for an unreadable file the OS reason is printed twice, once in the
/// message and again as "caused by", because `ScenarioError::Io` both formats `{source}`
/// and exposes it as the error source, and main.rs prints the chain.
#[test]
fn unreadable_file_reason_is_printed_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stderr = refused(
        check_path(&dir.path().join("nope.toml"), &[]),
        &["No such file"],
    );
    assert_eq!(
        stderr.matches("No such file").count(),
        1,
        "reason repeated:\n{stderr}"
    );
}
