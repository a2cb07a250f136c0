//! Messages in the user's words: no Rust type names, long values cut, the option or
//! file that caused a refusal named, and the command to run instead for another kind of
//! file or folder.

use std::fs;

use super::*;

const RUST_WORDS: [&str; 10] = [
    "DistSpec",
    "BotFile",
    "File`",
    "struct ",
    "internally tagged",
    "expected i64",
    "expected u64",
    "expected f64",
    "expected u32",
    "a sequence",
];

#[track_caller]
fn check_set(set: &str, parts: &[&str]) -> String {
    let out = carecast()
        .arg("check")
        .arg(ERLANG_A)
        .args(["--set", set])
        .output()
        .expect("run");
    let stderr = refused(out, parts);
    for word in RUST_WORDS {
        assert!(
            !stderr.contains(word),
            "{word:?} reached the user:\n{stderr}"
        );
    }
    stderr
}

#[test]
fn wrong_types_are_said_without_rust_type_names() {
    check_set(
        "classes[0].handle_time=5",
        &[
            "classes[0].handle_time",
            "expected a distribution table such as { dist = \"exponential\", mean = \"10m\" }",
            "found the whole number 5",
        ],
    );
    check_set(
        "bot=3",
        &["`bot`", "expected a table", "found the whole number 3"],
    );
    check_set(
        "bot.handover=\"x\"",
        &[
            "bot.handover",
            "expected a number",
            "found the string \"x\"",
        ],
    );
    check_set(
        "replications=2.5",
        &[
            "replications",
            "expected a whole number",
            "found the number 2.5",
        ],
    );
    check_set("seed=-1", &["`seed`", "from 0 to 9223372036854775807"]);
    check_set(
        "channels=true",
        &["`channels`", "expected a list", "found true"],
    );
    check_set(
        "staffing=[1]",
        &["`staffing`", "expected a table", "found a list"],
    );
    check_set(
        "staffing.groups[0].agents=\"many\"",
        &["staffing.groups[0].agents", "expected a whole number"],
    );
    // Sweep files too.
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("s.toml");
    fs::write(
        &file,
        "base = \"builtin\"\nreplications = \"two\"\n[[parameters]]\npath = \"policy.discipline\"\nvalues = [\"fifo\"]\n",
    )
    .expect("write");
    let out = carecast()
        .arg("sweep")
        .arg(&file)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .expect("run");
    let stderr = refused(out, &["replications", "expected a whole number", "\"two\""]);
    for word in RUST_WORDS {
        assert!(
            !stderr.contains(word),
            "{word:?} reached the user:\n{stderr}"
        );
    }
}

#[test]
fn huge_values_and_keys_are_cut_in_messages() {
    let digits = "9".repeat(300);
    let stderr = check_set(
        &format!("arrivals.rate_per_h={digits}"),
        &["arrivals.rate_per_h", "expected a number", "…"],
    );
    assert!(stderr.len() < 400, "{} bytes:\n{stderr}", stderr.len());
    // A command-line argument holds at most 128 KiB; the file below holds a megabyte.
    let key = "k".repeat(100_000);
    let stderr = check_set(
        &format!("arrivals.{key}=1"),
        &["arrivals.kkk", "unknown field", "…", "rate_per_h"],
    );
    assert!(stderr.len() < 1000, "{} bytes", stderr.len());
    // The same in a file, where the TOML parser quotes the line.
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("long.toml");
    let scenario = fs::read_to_string(ERLANG_A).expect("read");
    let key = "k".repeat(1 << 20);
    fs::write(&file, format!("{scenario}\n[{key}]\n")).expect("write");
    let out = carecast().arg("check").arg(&file).output().expect("run");
    let stderr = refused(out, &["unknown field", "…"]);
    assert!(stderr.len() < 1000, "{} bytes", stderr.len());
    let sweep = tmp.path().join("s.toml");
    fs::write(
        &sweep,
        format!("base = \"builtin\"\n{key} = 1\n[[parameters]]\npath = \"policy.discipline\"\nvalues = [\"fifo\"]\n"),
    )
    .expect("write");
    let out = carecast()
        .arg("sweep")
        .arg(&sweep)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .expect("run");
    let stderr = refused(out, &["sweep field", "unknown field", "…"]);
    assert!(stderr.len() < 1000, "{} bytes", stderr.len());
}

#[test]
fn compare_errors_name_the_variant_or_the_plan_not_set() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = compare(tmp.path(), &["--variant", "x=policy.discipline=lifox"]);
    let stderr = refused(
        out,
        &[
            "--variant x",
            "policy.discipline",
            "\"lifox\"",
            "did you mean `lifo`",
        ],
    );
    assert!(!stderr.contains("--set"), "{stderr}");
    let out = compare(tmp.path(), &["--variant", "x=a..b=1"]);
    let stderr = refused(out, &["--variant x=a..b=1", "not a path"]);
    assert!(!stderr.contains("--set"), "{stderr}");
    let out = compare(tmp.path(), &["--variant", "long=horizon=\"2d\""]);
    let stderr = refused(
        out,
        &["plan `long`", "measured over 2 days", "baseline `erlang-a`"],
    );
    assert!(!stderr.contains("--set"), "{stderr}");
    // The user's own --set is still called --set.
    let out = compare(
        tmp.path(),
        &[
            "--variant",
            "x=policy.discipline=lifo",
            "--set",
            "arrivals.rate_per_h=x",
        ],
    );
    refused(out, &["arrivals.rate_per_h", "expected a number"]);
    let out = carecast()
        .arg("compare")
        .arg(ERLANG_A)
        .args(["--variant", "x=policy.discipline=lifo", "--reps", "1"])
        .output()
        .expect("run");
    let stderr = refused(out, &["--reps 1", "at least 2 replications"]);
    assert!(!stderr.contains("--set"), "{stderr}");
    let out = carecast()
        .arg("compare")
        .arg(ERLANG_A)
        .output()
        .expect("run");
    let stderr = refused(out, &["at least two plans"]);
    assert!(!stderr.contains("--set"), "{stderr}");
    assert!(files_under(tmp.path()).is_empty());
}

#[test]
fn a_sweep_file_given_to_run_or_check_points_to_carecast_sweep() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("grid.toml");
    fs::write(
        &file,
        "base = \"builtin\"\n[[parameters]]\npath = \"policy.discipline\"\nvalues = [\"fifo\"]\n",
    )
    .expect("write");
    let shown = file.display().to_string();
    for cmd in ["run", "check"] {
        let mut c = carecast();
        c.arg(cmd).arg(&file).current_dir(tmp.path());
        if cmd == "run" {
            c.args(["--quiet", "--out", "unused"]);
        }
        let out = c.output().expect("run");
        let stderr = refused(
            out,
            &["is a sweep file", &format!("run `carecast sweep {shown}`")],
        );
        assert!(!stderr.contains("unknown field"), "{stderr}");
    }
    assert!(!tmp.path().join("unused").exists());
    // And the other way round.
    let out = carecast()
        .arg("sweep")
        .arg(ERLANG_A)
        .arg("--out")
        .arg(tmp.path().join("unused"))
        .output()
        .expect("run");
    let stderr = refused(
        out,
        &[
            "is a scenario file",
            &format!("run `carecast run {ERLANG_A}`"),
        ],
    );
    assert!(!stderr.contains("unknown field"), "{stderr}");
    assert!(!tmp.path().join("unused").exists());
}

#[test]
fn report_on_a_shard_or_an_unfinished_sweep_says_what_to_do() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = sweep_file(
        tmp.path(),
        "[[parameters]]\npath = \"policy.discipline\"\nvalues = [\"fifo\", \"lifo\"]\n",
    );
    let shard = tmp.path().join("results/range/shard-1-of-2");
    accepted(
        carecast()
            .arg("sweep")
            .arg(&file)
            .args(["--shard", "1/2", "--quiet", "--out"])
            .arg(&shard)
            .output()
            .expect("sweep"),
    );
    let out = carecast()
        .arg("report")
        .arg(&shard)
        .output()
        .expect("report");
    let pattern = tmp.path().join("results/range/shard-*-of-2");
    refused(
        out,
        &[
            "one shard (--shard 1/2) of the sweep `range`",
            &format!("carecast merge {}", pattern.display()),
        ],
    );
    assert!(!shard.join("report.html").exists());
    // A whole sweep without its sweep.json has not finished.
    let whole = tmp.path().join("whole");
    accepted(
        carecast()
            .arg("sweep")
            .arg(&file)
            .args(["--quiet", "--out"])
            .arg(&whole)
            .output()
            .expect("sweep"),
    );
    fs::remove_file(whole.join("sweep.json")).expect("remove sweep.json");
    let out = carecast()
        .arg("report")
        .arg(&whole)
        .output()
        .expect("report");
    refused(out, &["a sweep that has not finished", "carecast sweep"]);
}

#[test]
fn sweep_errors_name_the_set_entry_or_the_parameter_not_set() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (body, parts) in [
        (
            "set = [\"a..b=1\"]\n[[parameters]]\npath = \"policy.discipline\"\nvalues = [\"fifo\"]\n",
            ["set[0] `a..b=1`", "not a path"],
        ),
        (
            "[[parameters]]\npath = \"staffing.groups[9].agents\"\nvalues = [1]\n",
            [
                "parameters[0] `staffing.groups[9].agents=1`",
                "out of range",
            ],
        ),
    ] {
        let file = tmp.path().join("s.toml");
        fs::write(&file, format!("base = \"builtin\"\n{body}")).expect("write");
        let out = carecast()
            .arg("sweep")
            .arg(&file)
            .arg("--out")
            .arg(tmp.path().join("out"))
            .output()
            .expect("run");
        let stderr = refused(out, &parts);
        assert!(!stderr.contains("--set"), "{stderr}");
    }
}
