//! Bad input: every kind of invalid scenario gets a clear error and exit code 2.
//!
//! Each test takes the small, valid `scenarios/erlang-a.toml`, breaks one thing, runs the
//! real binary and checks that it refuses with exit code 2, without a panic, and with a
//! message on stderr that names the field path, the offending value and what is allowed.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use carecast::scenario::Scenario;
use proptest::prelude::*;
use tempfile::TempDir;

/// The valid scenario every bad variant starts from.
const ERLANG_A: &str = include_str!("../../scenarios/erlang-a.toml");

/// Its path, for tests that run the file as shipped.
const ERLANG_A_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/erlang-a.toml");

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

// ---------------------------------------------------------------------------------------
// Unknown names, with suggestions
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_top_table_key_suggests_the_nearest() {
    let text = replaced("rate_per_h = 120", "rate_per_hr = 120");
    refused(
        check_text(&text, &[]),
        &[
            "arrivals.rate_per_hr",
            "unknown field `rate_per_hr`",
            "did you mean `rate_per_h`",
        ],
    );
}

#[test]
fn unknown_key_in_a_class_suggests_the_nearest() {
    let text = replaced("expects_reply = 1.0", "expect_reply = 1.0");
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].expect_reply",
            "`expect_reply`",
            "did you mean `expects_reply`",
        ],
    );
}

#[test]
fn unknown_key_in_a_distribution_table_suggests_the_nearest() {
    let text = replaced(
        r#"handle_time = { dist = "exponential", mean = "5m" }"#,
        r#"handle_time = { dist = "exponential", maen = "5m" }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].handle_time",
            "unknown field `maen`",
            "did you mean `mean`",
        ],
    );
}

#[test]
fn unknown_distribution_variant_suggests_the_nearest() {
    let text = replaced(
        r#"dist = "exponential", mean = "5m""#,
        r#"dist = "expo", mean = "5m""#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].handle_time.dist",
            "`expo`",
            "constant",
            "did you mean `exponential`",
        ],
    );
}

#[test]
fn unknown_discipline_lists_the_allowed_and_suggests() {
    let text = replaced(r#"discipline = "fifo""#, r#"discipline = "fifp""#);
    refused(
        check_text(&text, &[]),
        &[
            "policy.discipline",
            "\"fifp\"",
            "fifo, lifo, influence, deadline, priority",
            "did you mean `fifo`",
        ],
    );
}

#[test]
fn unknown_discipline_far_from_any_name_still_lists_the_allowed() {
    let text = replaced(r#"discipline = "fifo""#, r#"discipline = "random""#);
    refused(
        check_text(&text, &[]),
        &[
            "policy.discipline",
            "\"random\"",
            "fifo, lifo, influence, deadline, priority",
        ],
    );
}

#[test]
fn unknown_start_weekday_lists_the_weekdays() {
    let text = replaced("seed = 1", "seed = 1\nstart_day = \"monday\"");
    refused(
        check_text(&text, &[]),
        &[
            "start_day",
            "\"monday\"",
            "mon, tue, wed, thu, fri, sat, sun",
        ],
    );
}

#[test]
fn unknown_shift_weekday_lists_the_day_names() {
    let text = replaced(r#"days = ["all"]"#, r#"days = ["mondy"]"#);
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].shifts[0].days[0]",
            "\"mondy\"",
            "mon..sun",
            "weekdays, weekend, all",
        ],
    );
}

// ---------------------------------------------------------------------------------------
// Values out of range
// ---------------------------------------------------------------------------------------

#[test]
fn negative_arrival_rate() {
    let text = replaced("rate_per_h = 120", "rate_per_h = -3");
    refused(
        check_text(&text, &[]),
        &["arrivals.rate_per_h", "-3", ">= 0"],
    );
}

#[test]
fn nan_arrival_rate() {
    let text = replaced("rate_per_h = 120", "rate_per_h = nan");
    refused(
        check_text(&text, &[]),
        &["arrivals.rate_per_h", "NaN", ">= 0"],
    );
}

#[test]
fn channel_shares_not_summing_to_one() {
    let text = edited(&[
        (
            "name = \"chat\"\nshare = 1.0",
            "name = \"chat\"\nshare = 0.6",
        ),
        (
            "[[classes]]",
            "[[channels]]\nname = \"twitter\"\nshare = 0.6\n\n[[classes]]",
        ),
    ]);
    refused(
        check_text(&text, &[]),
        &[
            "channels[*].share",
            "1.2",
            "chat 0.6 + twitter 0.6",
            "must sum to 1",
        ],
    );
}

#[test]
fn class_shares_not_summing_to_one() {
    let text = replaced(
        "name = \"request\"\nshare = 1.0",
        "name = \"request\"\nshare = 0.5",
    );
    refused(
        check_text(&text, &[]),
        &["classes[*].share", "0.5", "request 0.5", "must sum to 1"],
    );
}

#[test]
fn class_probability_above_one() {
    let text = replaced("expects_reply = 1.0", "expects_reply = 1.5");
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].expects_reply",
            "1.5",
            "a probability between 0 and 1",
        ],
    );
}

#[test]
fn outcome_probability_below_zero() {
    let text = appended("[outcomes]\nquick_effective = -0.1");
    refused(
        check_text(&text, &[]),
        &[
            "outcomes.quick_effective",
            "-0.1",
            "a probability between 0 and 1",
        ],
    );
}

#[test]
fn explosive_virality() {
    let text = edited(&[
        (
            "[virality]\nenabled = false",
            "[virality]\nenabled = true\noffspring = 0.9",
        ),
        ("repost = 0.0", "repost = 0.2"),
    ]);
    refused(
        check_text(&text, &[]),
        &[
            "virality.offspring",
            "0.9",
            "explosive",
            "customers.repost",
            "1.1",
            "< 1",
        ],
    );
}

#[test]
fn negative_agents() {
    let text = replaced("agents = 11", "agents = -1");
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].agents",
            "-1",
            "a whole number from 0 to 100000",
        ],
    );
}

#[test]
fn zero_concurrency() {
    let text = replaced("concurrency = 1", "concurrency = 0");
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].concurrency",
            "= 0",
            "a whole number from 1 to 50",
        ],
    );
}

#[test]
fn shrinkage_of_one() {
    let text = replaced("shrinkage = 0.0", "shrinkage = 1.0");
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].shrinkage",
            "= 1",
            "from 0 up to (not including) 1",
        ],
    );
}

#[test]
fn zero_replications() {
    let text = replaced("replications = 20", "replications = 0");
    refused(
        check_text(&text, &[]),
        &["replications", "= 0", "from 1 to 1000000"],
    );
}

#[test]
fn negative_seed() {
    let text = replaced("seed = 1", "seed = -1");
    refused(check_text(&text, &[]), &["seed", "-1", "u64"]);
}

#[test]
fn name_unusable_as_a_folder() {
    let text = replaced(r#"name = "erlang-a""#, r#"name = "erlang a/x""#);
    refused(
        check_text(&text, &[]),
        &["`name`", "\"erlang a/x\"", "letters, digits"],
    );
}

// ---------------------------------------------------------------------------------------
// Shifts and staffing coverage
// ---------------------------------------------------------------------------------------

const ROUND_THE_CLOCK: &str = r#"shifts = [{ days = ["all"], start = "00:00", end = "24:00" }]"#;

#[test]
fn shift_ending_before_it_starts_suggests_plus_one() {
    let text = replaced(
        ROUND_THE_CLOCK,
        r#"shifts = [{ days = ["mon"], start = "17:00", end = "09:00" }]"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].shifts[0].end",
            "\"09:00\"",
            "must end after it starts",
            "\"09:00+1\"",
        ],
    );
}

#[test]
fn malformed_clock_time() {
    let text = replaced(
        ROUND_THE_CLOCK,
        r#"shifts = [{ days = ["mon"], start = "25:00", end = "26:00" }]"#,
    );
    refused(
        check_text(&text, &[]),
        &["staffing.groups[0].shifts[0].start", "\"25:00\"", "HH:MM"],
    );
}

#[test]
fn overlapping_shifts_in_one_group() {
    let text = replaced(
        ROUND_THE_CLOCK,
        r#"shifts = [{ days = ["mon"], start = "08:00", end = "16:00" }, { days = ["mon"], start = "12:00", end = "20:00" }]"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].shifts",
            "mon 08:00-mon 16:00",
            "mon 12:00-mon 20:00",
            "must not overlap",
        ],
    );
}

#[test]
fn a_channel_no_group_serves() {
    let text = edited(&[
        (
            "name = \"chat\"\nshare = 1.0",
            "name = \"chat\"\nshare = 0.5",
        ),
        (
            "[[classes]]",
            "[[channels]]\nname = \"twitter\"\nshare = 0.5\n\n[[classes]]",
        ),
        (
            "cost_per_h = 30.0",
            "cost_per_h = 30.0\nchannels = [\"chat\"]",
        ),
    ]);
    refused(
        check_text(&text, &[]),
        &[
            "channels[1]",
            "\"twitter\"",
            "class \"request\"",
            "served by a group in staffing.groups",
        ],
    );
}

#[test]
fn a_group_serving_only_a_channel_that_does_not_exist() {
    let text = replaced(
        "cost_per_h = 30.0",
        "cost_per_h = 30.0\nchannels = [\"twitter\"]",
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].channels[0]",
            "\"twitter\"",
            "a channel of this scenario: chat",
        ],
    );
}

#[test]
fn a_group_channel_typo_suggests_the_channel() {
    let text = replaced(
        "cost_per_h = 30.0",
        "cost_per_h = 30.0\nchannels = [\"chta\"]",
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].channels[0]",
            "\"chta\"",
            "a channel of this scenario",
            "did you mean `chat`",
        ],
    );
}

#[test]
fn a_group_with_no_channels_leaves_the_channel_unserved() {
    let text = replaced("cost_per_h = 30.0", "cost_per_h = 30.0\nchannels = []");
    refused(
        check_text(&text, &[]),
        &["channels[0]", "\"chat\"", "served by a group"],
    );
}

// ---------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------

#[test]
fn duration_string_without_a_unit() {
    let text = replaced(r#"horizon = "14d""#, r#"horizon = "7""#);
    refused(
        check_text(&text, &[]),
        &["`horizon`", "`7`", "needs a unit", "\"30m\""],
    );
}

#[test]
fn duration_number_without_a_unit() {
    let text = replaced(r#"horizon = "14d""#, "horizon = 7");
    refused(
        check_text(&text, &[]),
        &["`horizon`", "`7` has no unit", "\"7h\""],
    );
}

#[test]
fn duration_with_an_unknown_unit() {
    let text = replaced(r#"horizon = "14d""#, r#"horizon = "2y""#);
    refused(
        check_text(&text, &[]),
        &["`horizon`", "`2y`", "s, m, h, d or w"],
    );
}

#[test]
fn zero_horizon() {
    let text = replaced(r#"horizon = "14d""#, r#"horizon = "0m""#);
    refused(
        check_text(&text, &[]),
        &["`horizon`", "\"0m\"", "a duration > 0"],
    );
}

#[test]
fn warmup_as_long_as_the_horizon() {
    let text = replaced(r#"warmup = "1d""#, r#"warmup = "14d""#);
    refused(
        check_text(&text, &[]),
        &["`warmup`", "\"14d\"", "shorter than the horizon"],
    );
}

// ---------------------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------------------

const PATIENCE: &str = r#"patience = { dist = "exponential", mean = "10m" }"#;

#[test]
fn lognormal_p90_below_the_median() {
    let text = replaced(
        PATIENCE,
        r#"patience = { dist = "lognormal", median = "10m", p90 = "5m" }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].patience.p90",
            "\"5m\"",
            "at least the median (\"10m\")",
        ],
    );
}

#[test]
fn empirical_weights_count_mismatch() {
    let text = replaced(
        PATIENCE,
        r#"patience = { dist = "empirical", values = ["5m", "10m"], weights = [1.0] }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].patience.weights",
            "1 weights",
            "one weight per value (2 values)",
        ],
    );
}

#[test]
fn empirical_without_values() {
    let text = replaced(
        PATIENCE,
        r#"patience = { dist = "empirical", values = [] }"#,
    );
    refused(
        check_text(&text, &[]),
        &["classes[0].patience.values", "[]", "at least one value"],
    );
}

#[test]
fn non_integer_replies() {
    let text = replaced(
        r#"replies = { dist = "constant", value = 1 }"#,
        r#"replies = { dist = "constant", value = 1.5 }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].replies.value",
            "1.5",
            "a whole number from 1 to 50",
        ],
    );
}

#[test]
fn continuous_distribution_for_replies() {
    let text = replaced(
        r#"replies = { dist = "constant", value = 1 }"#,
        r#"replies = { dist = "exponential", mean = 2 }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].replies.dist",
            "\"exponential\"",
            "`constant` or `empirical`",
        ],
    );
}

#[test]
fn distribution_missing_its_parameter() {
    let text = replaced(PATIENCE, r#"patience = { dist = "exponential" }"#);
    refused(
        check_text(&text, &[]),
        &["classes[0].patience", "missing field `mean`"],
    );
}

/// Exposes a bug: a gamma `cv` inside the documented range (> 0 and at most 100) but tiny
/// is refused with rand_distr's "scale is not positive in gamma distribution", which
/// neither names the coefficient of variation nor says what is allowed.
#[test]
fn tiny_gamma_cv_says_what_is_allowed() {
    let text = replaced(
        PATIENCE,
        r#"patience = { dist = "gamma", mean = "10m", cv = 1e-300 }"#,
    );
    refused(
        check_text(&text, &[]),
        &["classes[0].patience.cv", "coefficient of variation"],
    );
}

// ---------------------------------------------------------------------------------------
// Unreadable files
// ---------------------------------------------------------------------------------------

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
        &["arrivals.rate_per_h", "\"lots\"", "expected f64"],
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

// ---------------------------------------------------------------------------------------
// `--set`
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// Command-line usage errors (clap exits with 2 as well)
// ---------------------------------------------------------------------------------------

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
fn check_without_a_file_is_a_usage_error() {
    let output = carecast().arg("check").output().expect("run carecast");
    refused(output, &["<SCENARIO>"]);
}

#[test]
fn unknown_option_is_a_usage_error() {
    let output = carecast()
        .args(["check", ERLANG_A_PATH, "--frobnicate"])
        .output()
        .expect("run carecast");
    refused(output, &["--frobnicate"]);
}

// ---------------------------------------------------------------------------------------
// Gaps in validation (each exposes a bug; see the doc comments)
// ---------------------------------------------------------------------------------------

/// Exposes a bug: the scenario name `..` passes the name check (letters, digits, `-`, `_`,
/// `.`), and since `run` writes to `results/<name>/<timestamp>/`, the results land in
/// `./<timestamp>/`, outside `results/`.
#[test]
fn scenario_name_dot_dot_is_refused() {
    let text = replaced(r#"name = "erlang-a""#, r#"name = "..""#);
    refused(check_text(&text, &[]), &["`name`", "\"..\""]);
}

/// Exposes a bug: a group with `shifts = []` is accepted (and `check` prints "-0 h/week"),
/// although it never works; it still counts as serving its channels, so the "every
/// channel must be served" check is defeated and the channel is never answered.
#[test]
fn a_group_without_shifts_is_refused() {
    let text = replaced(ROUND_THE_CLOCK, "shifts = []");
    refused(check_text(&text, &[]), &["staffing.groups[0].shifts", "[]"]);
}

// ---------------------------------------------------------------------------------------
// Never a panic, whatever `--set` does (library level, fast)
// ---------------------------------------------------------------------------------------

const PATHS: [&str; 16] = [
    "name",
    "horizon",
    "warmup",
    "start_day",
    "replications",
    "arrivals.rate_per_h",
    "arrivals.profile",
    "channels[0].share",
    "classes[0].handle_time",
    "classes[0].replies",
    "classes[0].patience.mean",
    "customers.expectation",
    "policy.discipline",
    "staffing.groups[0].agents",
    "staffing.groups[0].shifts",
    "staffing.groups[0].shifts[0].end",
];

const VALUES: [&str; 24] = [
    "-1",
    "0",
    "1e309",
    "nan",
    "-inf",
    "9223372036854775807",
    "-9223372036854775808",
    "1.5",
    "\"\"",
    "\"5\"",
    "\"-5m\"",
    "\"1e400d\"",
    "\"99999999999999999999999999999999999999999d\"",
    "\"24:00+1\"",
    "\"23:59\"",
    "\"\u{e9}\"",
    "[]",
    "[1, 2]",
    "{}",
    "{ dist = \"gamma\", mean = \"1m\", cv = 1e-300 }",
    "{ dist = \"empirical\", values = [1, 2], weights = [0, 0] }",
    "{ dist = \"pareto\", scale = \"1m\", shape = 0 }",
    "{ dist = \"lognormal\", median = \"0m\", p90 = \"0m\" }",
    "true",
];

proptest! {
    #[test]
    fn no_set_override_makes_validation_panic(
        path in proptest::sample::select(PATHS.to_vec()),
        value in proptest::sample::select(VALUES.to_vec()),
    ) {
        let arg = format!("{path}={value}");
        if let Err(e) = Scenario::from_toml(ERLANG_A, "erlang-a.toml", &[arg]) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn arbitrary_override_text_never_panics(arg in "[a-z_.\\[\\]0-9=\"-]{0,30}") {
        let _ = Scenario::from_toml(ERLANG_A, "erlang-a.toml", &[arg]);
    }
}
