//! Hardening (issue 12): every value that reaches a file name or a CSV cell is a safe
//! name, seeds round-trip through the resolved `scenario.toml` of every kind of results
//! folder, sweep ranges are computed exactly, huge profile multipliers keep their ratios,
//! and messages speak the user's words (no Rust type names, long values cut, the option or
//! file that caused them named).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

const ERLANG_A: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/erlang-a.toml");

/// One day, no warm-up: a run of `erlang-a.toml` in a fraction of a second.
const ONE_DAY: [&str; 4] = ["--set", "horizon=\"1d\"", "--set", "warmup=\"0m\""];

/// The largest seed: 2^63 - 1.
const MAX_SEED: &str = "9223372036854775807";

mod messages;

fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("the carecast binary is built");
    cmd.env("CI", "true");
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts exit code 2 with an `error:` line holding every one of `parts`; returns stderr.
#[track_caller]
fn refused(out: Output, parts: &[&str]) -> String {
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "carecast panicked:\n{stderr}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit code 2:\n{stderr}"
    );
    assert!(stderr.starts_with("error:"), "{stderr}");
    for part in parts {
        assert!(stderr.contains(part), "stderr lacks {part:?}:\n{stderr}");
    }
    stderr
}

/// Asserts success; returns stdout.
#[track_caller]
fn accepted(out: Output) -> String {
    let stderr = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "expected success:\n{stderr}\n{}",
        text(&out.stdout)
    );
    text(&out.stdout)
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable folder").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn compare(dir: &Path, args: &[&str]) -> Output {
    carecast()
        .arg("compare")
        .arg(ERLANG_A)
        .args(ONE_DAY)
        .args(["--reps", "2", "--quiet", "--out"])
        .arg(dir.join("deep/down/out"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run carecast")
}

// ---------------------------------------------------------------------------------------
// Names that reach file names and CSV cells
// ---------------------------------------------------------------------------------------

#[test]
fn variant_names_that_are_paths_or_break_csv_are_refused_and_write_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let abs = format!("{}/x=policy.discipline=lifo", tmp.path().display());
    for variant in [
        "../../x=policy.discipline=lifo",
        "../x=policy.discipline=lifo",
        abs.as_str(),
        "a/b=policy.discipline=lifo",
        ".hidden=policy.discipline=lifo",
        "a,b=policy.discipline=lifo",
        "a\nb=policy.discipline=lifo",
        "a\"b=policy.discipline=lifo",
    ] {
        let out = compare(tmp.path(), &["--variant", variant]);
        let stderr = refused(out, &["--variant", "letters, digits"]);
        assert!(!stderr.contains("--set"), "{stderr}");
        assert_eq!(
            files_under(tmp.path()),
            Vec::<PathBuf>::new(),
            "a refused comparison wrote files ({variant:?})"
        );
    }
    let long = format!("{}=policy.discipline=lifo", "v".repeat(101));
    refused(compare(tmp.path(), &["--variant", &long]), &["at most 100"]);
    assert!(files_under(tmp.path()).is_empty());
}

#[test]
fn a_safe_variant_writes_only_inside_the_results_folder_and_a_parseable_csv() {
    let tmp = tempfile::tempdir().expect("tempdir");
    accepted(compare(
        tmp.path(),
        &["--variant", "night.v2_b-c=policy.discipline=lifo"],
    ));
    let files = files_under(tmp.path());
    assert!(
        files.iter().all(|f| f.starts_with("deep/down/out")),
        "{files:?}"
    );
    let dir = tmp.path().join("deep/down/out");
    assert!(dir.join("night.v2_b-c.scenario.toml").is_file());
    let csv = fs::read_to_string(dir.join("comparison.csv")).expect("comparison.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let width = reader.headers().expect("header").len();
    let mut plans = std::collections::BTreeSet::new();
    for record in reader.records() {
        let record = record.expect("a CSV record");
        assert_eq!(record.len(), width, "{record:?}");
        plans.insert(record[0].to_string());
    }
    let expected: std::collections::BTreeSet<String> =
        ["erlang-a", "night.v2_b-c"].map(String::from).into();
    assert_eq!(plans, expected);
}

#[test]
fn a_file_stem_that_is_not_a_name_does_not_name_a_plan() {
    // Two files of the same scenario name: the second would be named by its file stem,
    // which here holds a comma and a space; the plan is named by a suffix instead.
    let tmp = tempfile::tempdir().expect("tempdir");
    let odd = tmp.path().join("my plan, v2.toml");
    fs::copy(ERLANG_A, &odd).expect("copy");
    let out = tmp.path().join("out");
    accepted(
        carecast()
            .arg("compare")
            .arg(ERLANG_A)
            .arg(&odd)
            .args(ONE_DAY)
            .args(["--reps", "2", "--quiet", "--out"])
            .arg(&out)
            .output()
            .expect("run carecast"),
    );
    assert!(out.join("erlang-a-2.scenario.toml").is_file());
    let csv = fs::read_to_string(out.join("comparison.csv")).expect("comparison.csv");
    assert!(!csv.contains("my plan"), "{csv}");
}

#[test]
fn report_refuses_a_comparison_whose_plan_name_is_a_path() {
    let tmp = tempfile::tempdir().expect("tempdir");
    accepted(compare(
        tmp.path(),
        &["--variant", "b=policy.discipline=lifo"],
    ));
    let dir = tmp.path().join("deep/down/out");
    let json = dir.join("comparison.json");
    let forged = fs::read_to_string(&json)
        .expect("comparison.json")
        .replace("\"name\": \"b\"", "\"name\": \"../../../b\"");
    assert!(
        forged.contains("../../../b"),
        "the test edits the plan name"
    );
    fs::write(&json, forged).expect("write");
    // The file the forged name points to exists: only the name check stops the read.
    fs::copy(
        dir.join("b.scenario.toml"),
        tmp.path().join("b.scenario.toml"),
    )
    .expect("copy");
    let out = carecast().arg("report").arg(&dir).output().expect("run");
    refused(out, &["plan name", "../../../b", "letters, digits"]);
}

#[test]
fn scenario_names_that_reach_folders_and_columns_are_checked_and_cut() {
    for (set, field) in [
        ("name=\"../up\"", "`name`"),
        ("channels[0].name=\"a,b\"", "channels[0].name"),
        ("classes[0].name=\"a/b\"", "classes[0].name"),
        ("staffing.groups[0].name=\"x y\"", "staffing.groups[0].name"),
    ] {
        let out = carecast()
            .arg("check")
            .arg(ERLANG_A)
            .args(["--set", set])
            .output()
            .expect("run");
        refused(out, &[field, "letters, digits"]);
    }
    let long = format!("name=\"{}\"", "n".repeat(5000));
    let out = carecast()
        .arg("check")
        .arg(ERLANG_A)
        .args(["--set", &long])
        .output()
        .expect("run");
    let stderr = refused(out, &["`name`", "…", "at most 100 characters"]);
    assert!(stderr.len() < 600, "{} bytes:\n{stderr}", stderr.len());
}

// ---------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------

#[test]
fn seeds_beyond_toml_integers_are_refused_on_every_command() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for seed in ["9223372036854775808", "18446744073709551615"] {
        for cmd in ["run", "compare", "optimize"] {
            let mut c = carecast();
            c.arg(cmd).arg(ERLANG_A);
            if cmd == "compare" {
                c.args(["--variant", "b=policy.discipline=lifo"]);
            }
            let out = c
                .args(["--seed", seed, "--quiet", "--out"])
                .arg(tmp.path().join("out"))
                .output()
                .expect("run");
            refused(out, &["--seed", MAX_SEED]);
        }
        let sweep = tmp.path().join("s.toml");
        fs::write(
            &sweep,
            "base = \"builtin\"\n[[parameters]]\npath = \"policy.discipline\"\nvalues = [\"fifo\"]\n",
        )
        .expect("write");
        let out = carecast()
            .arg("sweep")
            .arg(&sweep)
            .args(["--seed", seed, "--out"])
            .arg(tmp.path().join("out"))
            .output()
            .expect("run");
        refused(out, &["--seed", MAX_SEED]);
        // In a file, TOML itself cannot hold the number: said without Rust type names.
        let file = tmp.path().join("big.toml");
        let scenario = fs::read_to_string(ERLANG_A).expect("read");
        fs::write(
            &file,
            scenario.replacen("seed = 1", &format!("seed = {seed}"), 1),
        )
        .expect("write");
        let out = carecast().arg("check").arg(&file).output().expect("run");
        let stderr = refused(out, &["seed", "integer too large", MAX_SEED]);
        assert!(
            !stderr.contains("u64") && !stderr.contains("i64"),
            "{stderr}"
        );
        let out = carecast()
            .arg("check")
            .arg(ERLANG_A)
            .args(["--set", &format!("seed={seed}")])
            .output()
            .expect("run");
        let stderr = refused(out, &["`seed`", MAX_SEED]);
        assert!(!stderr.contains("u64"), "{stderr}");
    }
    assert!(
        files_under(tmp.path())
            .iter()
            .all(|f| f.ends_with("s.toml") || f.ends_with("big.toml"))
    );
}

/// `carecast check FILE` accepts `file` and reads its seed back unchanged.
#[track_caller]
fn reads_back(file: &Path, seed: &str) {
    let stdout = accepted(carecast().arg("check").arg(file).output().expect("run"));
    assert!(stdout.contains(&format!("seed {seed}")), "{stdout}");
}

#[test]
fn the_resolved_scenario_of_every_kind_of_results_folder_reads_back_at_the_largest_seed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // run
    let run = tmp.path().join("run");
    accepted(
        carecast()
            .arg("run")
            .arg(ERLANG_A)
            .args(ONE_DAY)
            .args(["--reps", "1", "--quiet", "--seed", MAX_SEED, "--out"])
            .arg(&run)
            .output()
            .expect("run"),
    );
    reads_back(&run.join("scenario.toml"), MAX_SEED);
    accepted(carecast().arg("report").arg(&run).output().expect("report"));
    // compare
    let cmp = tmp.path().join("compare");
    accepted(
        carecast()
            .arg("compare")
            .arg(ERLANG_A)
            .args(ONE_DAY)
            .args(["--variant", "b=policy.discipline=lifo"])
            .args(["--reps", "2", "--quiet", "--seed", MAX_SEED, "--out"])
            .arg(&cmp)
            .output()
            .expect("compare"),
    );
    for plan in ["erlang-a", "b"] {
        reads_back(&cmp.join(format!("{plan}.scenario.toml")), MAX_SEED);
    }
    accepted(carecast().arg("report").arg(&cmp).output().expect("report"));
    // sweep: its manifest and sweep.json carry the seed; the report reads them.
    let file = tmp.path().join("s.toml");
    fs::write(
        &file,
        format!(
            "base = \"{}\"\nset = ['horizon = \"1d\"', 'warmup = \"0m\"']\nreplications = 2\nseed = {MAX_SEED}\n[[parameters]]\npath = \"policy.discipline\"\nvalues = [\"fifo\", \"lifo\"]\n",
            ERLANG_A.replace('\\', "/")
        ),
    )
    .expect("write");
    let sweep = tmp.path().join("sweep");
    accepted(
        carecast()
            .arg("sweep")
            .arg(&file)
            .args(["--quiet", "--out"])
            .arg(&sweep)
            .output()
            .expect("sweep"),
    );
    let json = fs::read_to_string(sweep.join("sweep.json")).expect("sweep.json");
    assert!(json.contains(MAX_SEED), "{json}");
    accepted(
        carecast()
            .arg("report")
            .arg(&sweep)
            .output()
            .expect("report"),
    );
    // optimize: its plan.toml is a scenario with the verification's seed.
    let opt = tmp.path().join("optimize");
    let mut c = carecast();
    c.arg("optimize")
        .args(["--seed", MAX_SEED, "--out"])
        .arg(&opt);
    for s in [
        "horizon=\"8d\"",
        "warmup=\"1d\"",
        "arrivals.rate_per_h=12",
        "optimize.groups=[\"day\"]",
        "optimize.lengths=[\"8h\"]",
        "optimize.start_step=\"4h\"",
        "optimize.replications=3",
        "optimize.verify_replications=4",
        "optimize.iterations=8",
        "targets.service_level=[{share=0.8, within=\"60m\"}]",
        "targets.max_abandonment=0.1",
    ] {
        c.arg("--set").arg(s);
    }
    accepted(c.output().expect("optimize"));
    let plan = fs::read_to_string(opt.join("plan.toml")).expect("plan.toml");
    let line = plan
        .lines()
        .find(|l| l.starts_with("seed = "))
        .expect("a seed line");
    let seed = line.trim_start_matches("seed = ");
    assert!(seed.parse::<i64>().is_ok(), "{line}");
    reads_back(&opt.join("plan.toml"), seed);
    accepted(carecast().arg("report").arg(&opt).output().expect("report"));
}

// ---------------------------------------------------------------------------------------
// Sweep ranges
// ---------------------------------------------------------------------------------------

fn sweep_file(dir: &Path, body: &str) -> PathBuf {
    let file = dir.join("range.toml");
    fs::write(
        &file,
        format!(
            "base = \"builtin\"\nset = ['horizon = \"1d\"', 'warmup = \"0m\"']\nreplications = 1\n{body}"
        ),
    )
    .expect("write");
    file
}

#[test]
fn an_integer_range_whose_step_would_overflow_is_exact_not_negative() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // 0, 2^62 and (wrapping) 2^63 -> negative in the old arithmetic; exactly two values
    // in the new: the second is refused by the scenario's own limit, by its true value.
    let file = sweep_file(
        tmp.path(),
        "[[parameters]]\npath = \"arrivals.rate_per_h\"\nfrom = 0\nto = 9223372036854775807\nstep = 4611686018427387904\n",
    );
    let out = carecast()
        .arg("sweep")
        .arg(&file)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .expect("run");
    let stderr = refused(out, &["4611686018427387904", "arrivals.rate_per_h"]);
    assert!(
        !stderr.contains("= -"),
        "a wrapped negative value:\n{stderr}"
    );
    // A range of more points than a sweep may have is refused, however it is written.
    for (from, to, step) in [
        ("0", "9223372036854775807", "1"),
        ("-9223372036854775808", "9223372036854775807", "1"),
        ("0", "1e300", "1e-300"),
    ] {
        let file = sweep_file(
            tmp.path(),
            &format!(
                "[[parameters]]\npath = \"arrivals.rate_per_h\"\nfrom = {from}\nto = {to}\nstep = {step}\n"
            ),
        );
        let out = carecast()
            .arg("sweep")
            .arg(&file)
            .arg("--out")
            .arg(tmp.path().join("out"))
            .output()
            .expect("run");
        refused(out, &["parameters[0].step", "at most 100000 values"]);
    }
    assert!(!tmp.path().join("out").exists());
}

// ---------------------------------------------------------------------------------------
// Profile rescaling
// ---------------------------------------------------------------------------------------

/// Mean mentions of one replication of `erlang-a.toml` over one day, its flat profile
/// replaced by `profile` (TOML lines of the `[arrivals]` table).
fn mentions_with(profile: &str) -> f64 {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("profile.toml");
    let scenario = fs::read_to_string(ERLANG_A).expect("read");
    assert!(scenario.contains("profile = \"flat\""), "test setup");
    fs::write(&file, scenario.replacen("profile = \"flat\"", profile, 1)).expect("write");
    let out = carecast()
        .arg("run")
        .arg(&file)
        .args(ONE_DAY)
        .args(["--reps", "1", "--json", "--out"])
        .arg(tmp.path().join("out"))
        .output()
        .expect("run");
    let stdout = accepted(out);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("summary JSON");
    json["kpis"]["mentions"]["mean"]
        .as_f64()
        .unwrap_or_else(|| panic!("no mentions in {json}"))
}

#[test]
fn huge_profile_multipliers_give_the_run_their_ratios_not_zero_mentions() {
    let ones = |n: usize| vec!["1"; n].join(", ");
    let flat = mentions_with(&format!("hourly = [{}]", ones(24)));
    // erlang-a: 120 mentions an hour, so about 2,880 in a day.
    assert!(flat > 2000.0, "{flat}");
    // All the week's mentions in hour 0 of each day: a day still has its 24 hours' worth.
    let huge_hour = mentions_with(&format!("hourly = [1e308, {}]", ones(23)));
    assert!(huge_hour > 2000.0, "{huge_hour}");
    // Equal huge weights are a flat profile: the very same run.
    let huge_week = mentions_with(&format!("weekly = [{}]", vec!["1e307"; 168].join(", ")));
    assert_eq!(huge_week, flat);
    let both = mentions_with(&format!(
        "hourly = [{}]\ndaily = [{}]",
        ["1e200"; 24].join(", "),
        ["1e200"; 7].join(", ")
    ));
    assert_eq!(both, flat);
}
