//! Bad input: every kind of invalid scenario gets a clear error and exit code 2.
//!
//! Each test takes the small, valid `scenarios/erlang-a.toml`, breaks one thing, runs the
//! real binary and checks that it refuses with exit code 2, without a panic, and with a
//! message on stderr that names the field path, the offending value and what is allowed.
//! The helpers live here; the cases are split by concept in `errors/`.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The valid scenario every bad variant starts from.
const ERLANG_A: &str = include_str!("../../scenarios/erlang-a.toml");

/// Its path, for tests that run the file as shipped.
const ERLANG_A_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/erlang-a.toml");

/// The one shift of `erlang-a.toml`'s one group.
const ROUND_THE_CLOCK: &str = r#"shifts = [{ days = ["all"], start = "00:00", end = "24:00" }]"#;

mod distributions;
mod durations;
mod files;
mod fuzz;
mod gaps;
mod limits;
mod names;
mod overrides;
mod staffing;
mod usage;
mod values;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn carecast() -> Command {
    Command::cargo_bin("carecast").expect("the carecast binary is built")
}

/// `erlang-a.toml` with each `(from, to)` replacement applied once.
#[track_caller]
fn edited(edits: &[(&str, &str)]) -> String {
    let mut text = ERLANG_A.to_string();
    for (from, to) in edits {
        assert!(
            text.contains(from),
            "test setup: `{from}` is not in scenarios/erlang-a.toml (was the file changed?)"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

/// `erlang-a.toml` with one replacement.
#[track_caller]
fn replaced(from: &str, to: &str) -> String {
    edited(&[(from, to)])
}

/// `erlang-a.toml` with `extra` appended (later tables, or keys of a new table).
fn appended(extra: &str) -> String {
    format!("{ERLANG_A}\n{extra}\n")
}

/// A scratch folder holding one scenario file.
struct Scratch {
    dir: TempDir,
    file: PathBuf,
}

impl Scratch {
    fn new(text: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("scenario.toml");
        std::fs::write(&file, text).expect("write scenario");
        Scratch { dir, file }
    }

    /// Where `run --out` should write (and, on error, must not).
    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }
}

/// `carecast check <text written to a file> [args...]`.
fn check_text(text: &str, args: &[&str]) -> Output {
    let s = Scratch::new(text);
    carecast()
        .arg("check")
        .arg(&s.file)
        .args(args)
        .output()
        .expect("run carecast")
}

/// `carecast check <path> [args...]`.
fn check_path(path: &Path, args: &[&str]) -> Output {
    carecast()
        .arg("check")
        .arg(path)
        .args(args)
        .output()
        .expect("run carecast")
}

/// `carecast run <text> --reps 1 --quiet --out <tmp>/out [args...]`, asserting that no
/// results folder appears when the run is refused.
fn run_text(text: &str, args: &[&str]) -> Output {
    let s = Scratch::new(text);
    let out = carecast()
        .arg("run")
        .arg(&s.file)
        .args(["--reps", "1", "--quiet", "--out"])
        .arg(s.out())
        .args(args)
        .current_dir(s.dir.path())
        .output()
        .expect("run carecast");
    if out.status.code() != Some(0) {
        assert!(
            !s.out().exists(),
            "a refused run created its results folder {}",
            s.out().display()
        );
        assert!(
            !s.dir.path().join("results").exists(),
            "a refused run created a results/ folder"
        );
    }
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts a refusal: exit code 2, no panic, an `error:` line on stderr containing every
/// one of `parts`. Returns stderr.
#[track_caller]
fn refused(out: Output, parts: &[&str]) -> String {
    let stderr = text(&out.stderr);
    let stdout = text(&out.stdout);
    assert!(!stderr.contains("panicked"), "carecast panicked:\n{stderr}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit code 2\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stderr.starts_with("error:"),
        "stderr should start with `error:`:\n{stderr}"
    );
    assert!(
        !stdout.contains("valid."),
        "a refused scenario was reported valid:\n{stdout}"
    );
    for part in parts {
        assert!(stderr.contains(part), "stderr lacks {part:?}:\n{stderr}");
    }
    stderr
}

/// Asserts success (exit 0, no panic). Returns stdout.
#[track_caller]
fn accepted(out: Output) -> String {
    let stderr = text(&out.stderr);
    let stdout = text(&out.stdout);
    assert!(!stderr.contains("panicked"), "carecast panicked:\n{stderr}");
    assert_eq!(
        out.status.code(),
        Some(0),
        "expected success\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    stdout
}

// ---------------------------------------------------------------------------------------
// Positive controls
// ---------------------------------------------------------------------------------------

#[test]
fn the_shipped_erlang_a_scenario_is_valid() {
    let output = carecast()
        .args(["check", "scenarios/erlang-a.toml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run carecast");
    let stdout = accepted(output);
    assert!(
        stdout.contains("scenarios/erlang-a.toml: valid."),
        "{stdout}"
    );
}

#[test]
fn an_unmodified_copy_is_valid_so_each_edit_below_is_the_only_fault() {
    let stdout = accepted(check_text(ERLANG_A, &[]));
    assert!(stdout.contains("valid"), "{stdout}");
}
