//! Sweeps: designs, resuming after a kill, sharding and merging, refusals, threads.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use carecast::sweep::{self, Domain, SweepOptions, SweepSpec};

fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true");
    cmd
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A small sweep over the built-in scenario: one simulated day, 2 replications,
/// `agents.len() x 2` points.
fn grid_text(agents: &[u32], seed: u64) -> String {
    let agents: Vec<String> = agents.iter().map(u32::to_string).collect();
    format!(
        r#"
name = "it-grid"
base = "builtin"
set = ['horizon = "1d"', 'warmup = "0m"']
replications = 2
seed = {seed}

[[parameters]]
name = "day_agents"
path = "staffing.groups[0].agents"
values = [{}]

[[parameters]]
path = "policy.discipline"
values = ["fifo", "lifo"]
"#,
        agents.join(", ")
    )
}

fn write_sweep(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).expect("write sweep file");
    path
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `carecast sweep FILE --out DIR ARGS...` to success and returns its stdout.
fn sweep_ok(file: &Path, out: &Path, args: &[&str]) -> String {
    let output = carecast()
        .arg("sweep")
        .arg(file)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .expect("run carecast");
    assert!(
        output.status.success(),
        "carecast sweep failed: {}",
        stderr_of(&output)
    );
    stdout_of(&output)
}

fn assert_same_files(a: &Path, b: &Path) {
    for f in ["points.csv", "sweep.json"] {
        let (x, y) = (read(&a.join(f)), read(&b.join(f)));
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

/// Complete (newline-terminated) lines of a journal.
fn journal_lines(dir: &Path) -> Vec<String> {
    let text = fs::read(dir.join("points.jsonl")).unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if lines.last().is_some_and(|l| !l.ends_with('\n')) {
        lines.pop();
    }
    lines
}

fn point_of(line: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(line).expect("journal line is JSON");
    v["record"]["point"].as_u64().expect("point index")
}

/// `computed N point(s)` and `M from an earlier run` in the sweep's summary.
fn counts(stdout: &str) -> (usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("computed "))
        .unwrap_or_else(|| panic!("no `computed` line in:\n{stdout}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let computed = words[1].parse().expect("computed count");
    let at = words
        .iter()
        .position(|w| *w == "from")
        .expect("`from an earlier run`");
    let reused = words[at - 1].parse().expect("reused count");
    (computed, reused)
}

#[test]
fn grid_and_lhs_designs_have_the_right_points_and_reproduce() {
    let grid =
        SweepSpec::from_toml(&grid_text(&[16, 20, 24], 1), "g.toml", Path::new(".")).expect("grid");
    assert_eq!(grid.points().len(), 6);
    assert_eq!(
        grid.describe(0),
        "day_agents = 16, policy.discipline = \"fifo\""
    );
    assert_eq!(
        grid.describe(3),
        "day_agents = 20, policy.discipline = \"lifo\""
    );
    assert_eq!(grid.points()[5].scenario.groups[0].agents, 24);

    let lhs_text = r#"
set = ['horizon = "1d"', 'warmup = "0m"']
design = "lhs"
points = 9
lhs_seed = 5
[[parameters]]
path = "arrivals.rate_per_h"
min = 40
max = 130
[[parameters]]
path = "customers.escalate_to_phone"
min = 0.05
max = 0.45
[[parameters]]
path = "staffing.groups[1].agents"
min = 10
max = 18
integer = true
"#;
    let lhs = SweepSpec::from_toml(lhs_text, "lhs.toml", Path::new(".")).expect("lhs");
    let again = SweepSpec::from_toml(lhs_text, "lhs.toml", Path::new(".")).expect("lhs");
    assert_eq!(lhs.points().len(), 9);
    assert_eq!(lhs.fingerprint(), again.fingerprint());
    for (a, b) in lhs.points().iter().zip(again.points()) {
        assert_eq!(a.values, b.values, "the design is reproducible");
    }
    for (j, p) in lhs.parameters.iter().enumerate().take(2) {
        let Domain::Uniform { min, max, .. } = p.domain else {
            panic!("uniform domain")
        };
        let mut strata: Vec<usize> = lhs
            .points()
            .iter()
            .map(|pt| {
                let x = pt.values[j].as_float().expect("float");
                ((x - min) / (max - min) * 9.0).floor() as usize
            })
            .collect();
        strata.sort_unstable();
        assert_eq!(
            strata,
            (0..9).collect::<Vec<_>>(),
            "one point per stratum of {}",
            p.path
        );
    }
    // The point values reach the scenarios.
    for pt in lhs.points() {
        assert_eq!(
            pt.scenario.arrivals.rate_per_h,
            pt.values[0].as_float().expect("float")
        );
        let agents = pt.values[2].as_integer().expect("integer");
        assert!((10..=18).contains(&agents));
        assert_eq!(i64::from(pt.scenario.groups[1].agents), agents);
    }
    let other_seed = SweepSpec::from_toml(
        &lhs_text.replace("lhs_seed = 5", "lhs_seed = 6"),
        "lhs.toml",
        Path::new("."),
    )
    .expect("lhs");
    assert_ne!(lhs.points()[0].values, other_seed.points()[0].values);
}

#[test]
fn example_sweep_files_are_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/sweeps");
    let grid = SweepSpec::load(&root.join("staffing-grid.toml")).expect("staffing-grid");
    assert_eq!(grid.points().len(), 6);
    assert_eq!(grid.replications, 10);
    assert_eq!(grid.name, "staffing-grid");
    let lhs = SweepSpec::load(&root.join("lhs.toml")).expect("lhs");
    assert_eq!(lhs.points().len(), 24);
    assert_eq!(lhs.parameters.len(), 3);
    let bench = SweepSpec::load(&root.join("bench64.toml")).expect("bench64");
    assert_eq!(bench.points().len(), 64);
}

#[test]
fn killed_sweep_resumes_to_the_files_of_an_uninterrupted_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // 12 x 2 = 24 points; on one thread in debug this takes a few seconds.
    let agents: Vec<u32> = (0..12).map(|k| 14 + k).collect();
    let file = write_sweep(tmp.path(), "grid.toml", &grid_text(&agents, 3));
    let total = 24;
    let killed = tmp.path().join("killed");

    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_carecast"))
        .env("CI", "true")
        .arg("sweep")
        .arg(&file)
        .arg("--out")
        .arg(&killed)
        .args(["--threads", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn carecast");
    let started = Instant::now();
    while journal_lines(&killed).len() < 2 {
        assert!(
            child.try_wait().expect("child status").is_none(),
            "the sweep ended before it could be interrupted"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no journal lines after 60 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");

    let done = journal_lines(&killed);
    assert!(
        done.len() >= 2 && done.len() < total,
        "killed mid-way: {} of {total} points in the journal",
        done.len()
    );
    assert!(!killed.join("points.csv").exists(), "no final files yet");
    // A record with a bad checksum (its point index altered), then a torn last line.
    let first = &done[0];
    let forged = first.replacen(
        &format!("\"point\":{}", point_of(first)),
        &format!("\"point\":{}", total - 1),
        1,
    );
    assert_ne!(&forged, first);
    let torn = &first[..first.len() / 2];
    let mut bytes = fs::read(killed.join("points.jsonl")).expect("journal");
    bytes.extend_from_slice(forged.as_bytes());
    bytes.extend_from_slice(torn.as_bytes());
    fs::write(killed.join("points.jsonl"), bytes).expect("damage the journal");
    let valid_before = journal_lines(&killed).len() - 1; // all but the forged line

    let stdout = sweep_ok(&file, &killed, &["--resume", "--threads", "2"]);
    let (computed, reused) = counts(&stdout);
    assert_eq!(
        reused, valid_before,
        "every valid record is reused:\n{stdout}"
    );
    assert_eq!(
        computed,
        total - valid_before,
        "only missing points are computed"
    );

    let lines = journal_lines(&killed);
    assert_eq!(lines.len(), total, "one journal line per point");
    let mut points: Vec<u64> = lines.iter().map(|l| point_of(l)).collect();
    points.sort_unstable();
    assert_eq!(
        points,
        (0..total as u64).collect::<Vec<_>>(),
        "no point twice"
    );

    let straight = tmp.path().join("straight");
    sweep_ok(&file, &straight, &["--threads", "2"]);
    assert_same_files(&killed, &straight);

    // Started again, the finished sweep is left alone.
    let before = fs::metadata(killed.join("sweep.json"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let stdout = sweep_ok(&file, &killed, &[]);
    assert!(stdout.contains("already complete"), "{stdout}");
    let after = fs::metadata(killed.join("sweep.json"))
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after, "nothing re-written");
}

#[test]
fn shards_merge_into_the_unsharded_sweep_and_bad_merges_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = write_sweep(tmp.path(), "grid.toml", &grid_text(&[14, 18, 22, 26], 2));
    let whole = tmp.path().join("whole");
    sweep_ok(&file, &whole, &[]);

    let shard = |k: usize| tmp.path().join(format!("shard-{k}"));
    for k in 0..3 {
        let stdout = sweep_ok(&file, &shard(k), &["--shard", &format!("{k}/3")]);
        assert!(stdout.contains("carecast merge"), "{stdout}");
        let mut idx: Vec<u64> = journal_lines(&shard(k))
            .iter()
            .map(|l| point_of(l))
            .collect();
        idx.sort_unstable();
        let expected: Vec<u64> = (0..8).filter(|i| i % 3 == k as u64).collect();
        assert_eq!(idx, expected, "shard {k}/3 runs index % 3 == {k}");
        assert!(!shard(k).join("points.csv").exists());
    }

    let merged = tmp.path().join("merged");
    carecast()
        .arg("merge")
        .args([shard(2), shard(0), shard(1)])
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    assert_same_files(&merged, &whole);
    // The merged folder is a finished sweep like any other.
    let stdout = sweep_ok(&file, &merged, &[]);
    assert!(stdout.contains("already complete"), "{stdout}");

    let refused = |dirs: &[PathBuf], needles: &[&str]| {
        let out = carecast()
            .arg("merge")
            .args(dirs)
            .arg("--out")
            .arg(tmp.path().join("refused"))
            .output()
            .expect("run");
        assert!(!out.status.success(), "merge of {dirs:?} must fail");
        let err = stderr_of(&out);
        for n in needles {
            assert!(err.contains(n), "expected `{n}` in: {err}");
        }
        assert!(!tmp.path().join("refused").exists(), "nothing written");
    };
    refused(&[shard(0), shard(1)], &["missing", "2/3"]);
    refused(
        &[shard(0), shard(1), shard(2), shard(1)],
        &["given twice", "1/3"],
    );

    let other_file = write_sweep(tmp.path(), "other.toml", &grid_text(&[14, 18, 22, 26], 99));
    let other = tmp.path().join("other-2");
    sweep_ok(&other_file, &other, &["--shard", "2/3"]);
    refused(&[shard(0), shard(1), other.clone()], &["different sweep"]);

    let halves = tmp.path().join("half-0");
    sweep_ok(&file, &halves, &["--shard", "0/2"]);
    refused(&[shard(0), halves], &["same split"]);

    // An unfinished shard: drop its last journal line.
    let lines = journal_lines(&shard(1));
    fs::write(
        shard(1).join("points.jsonl"),
        lines[..lines.len() - 1].concat(),
    )
    .expect("truncate");
    refused(&[shard(0), shard(1), shard(2)], &["unfinished", "1/3"]);
}

#[test]
fn a_folder_holding_something_else_is_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = write_sweep(tmp.path(), "a.toml", &grid_text(&[20], 1));
    let b = write_sweep(tmp.path(), "b.toml", &grid_text(&[24], 1));
    let dir = tmp.path().join("out");
    sweep_ok(&a, &dir, &[]);
    let csv = read(&dir.join("points.csv"));

    for extra in [&[][..], &["--resume"][..]] {
        let out = carecast()
            .arg("sweep")
            .arg(&b)
            .arg("--out")
            .arg(&dir)
            .args(extra)
            .output()
            .expect("run");
        assert!(!out.status.success());
        let err = stderr_of(&out);
        assert!(
            err.contains("holds a different version of sweep `it-grid`")
                && err.contains("fingerprint"),
            "{err}"
        );
    }
    // Another shard of the same sweep is another folder too.
    let out = carecast()
        .arg("sweep")
        .arg(&a)
        .arg("--out")
        .arg(&dir)
        .args(["--shard", "0/2"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("holds the whole sweep"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(
        read(&dir.join("points.csv")),
        csv,
        "the folder is untouched"
    );

    let stranger = tmp.path().join("stranger");
    fs::create_dir(&stranger).expect("mkdir");
    fs::write(stranger.join("notes.txt"), "mine").expect("write");
    let out = carecast()
        .arg("sweep")
        .arg(&a)
        .arg("--out")
        .arg(&stranger)
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(
        stderr_of(&out).contains("not a sweep folder"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = write_sweep(tmp.path(), "grid.toml", &grid_text(&[14, 22, 30], 4));
    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    sweep_ok(&file, &one, &["--threads", "1"]);
    sweep_ok(&file, &two, &["--threads", "2"]);
    assert_same_files(&one, &two);

    // The library gives the same numbers in memory.
    let spec = SweepSpec::load(&file).expect("spec");
    let results = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool")
        .install(|| sweep::run(&spec, &SweepOptions::default(), &|| {}))
        .expect("run");
    assert_eq!(results.points_csv(), read(&one.join("points.csv")));
    assert_eq!(results.sweep_json(), read(&one.join("sweep.json")));
}

#[test]
fn cli_sweep_outputs_are_tidy_and_overridable() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = write_sweep(tmp.path(), "grid.toml", &grid_text(&[18, 26], 1));
    let dir = tmp.path().join("out");
    let stdout = sweep_ok(&file, &dir, &["--reps", "3", "--seed", "5"]);
    assert!(
        stdout.contains("4 points x 3 replications, seed 5"),
        "{stdout}"
    );
    let csv = read(&dir.join("points.csv"));
    assert!(
        csv.starts_with("point,day_agents,policy.discipline,kpi,mean,std,ci95_low,ci95_high,n\n")
    );
    let table = carecast::results::PointsTable::from_csv(&csv).expect("points.csv");
    assert_eq!(table.parameters, ["day_agents", "policy.discipline"]);
    let sla: Vec<_> = table
        .rows
        .iter()
        .filter(|r| r.kpi == "answered_within_30m")
        .collect();
    assert_eq!(sla.len(), 4);
    assert_eq!(sla[1].point, 1);
    assert_eq!(sla[1].values, ["18", "lifo"]);
    assert_eq!(sla[3].stat.n, 3);

    let json: carecast::results::SweepSummary =
        carecast::results::json::from_text(&read(&dir.join("sweep.json"))).expect("json");
    assert_eq!(json.sweep, "it-grid");
    assert_eq!(json.base_scenario, "retail-week");
    assert_eq!((json.replications, json.seed), (Some(3), Some(5)));
    assert_eq!(json.design.kind, "grid");
    assert_eq!(json.points.len(), 4);
    assert_eq!(json.points[2].parameters["day_agents"], 26);
    assert_eq!(json.points[2].parameters["policy.discipline"], "fifo");
    let s = json.points[2]
        .kpis
        .get("answered_within_30m")
        .expect("answered_within_30m");
    assert!(s.ci95_low <= s.mean);
    assert_eq!(s.n, 3);
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&dir.join("sweep-manifest.json"))).expect("manifest");
    assert_eq!(manifest["fingerprint"], json.fingerprint.as_str());
    assert!(manifest["shard"].is_null());
}

#[test]
fn invalid_sweeps_are_refused_before_anything_runs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bad_point = grid_text(&[20], 1).replace("\"lifo\"]", "\"lifo\", \"random\"]");
    let file = write_sweep(tmp.path(), "bad.toml", &bad_point);
    let out = carecast()
        .current_dir(tmp.path())
        .arg("sweep")
        .arg(&file)
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = stderr_of(&out);
    for needle in [
        "sweep point 2",
        "policy.discipline = \"random\"",
        "`policy.discipline`",
        "fifo, lifo",
    ] {
        assert!(err.contains(needle), "expected `{needle}` in: {err}");
    }
    assert!(
        !tmp.path().join("results").exists(),
        "nothing ran, nothing written"
    );

    let typo = write_sweep(
        tmp.path(),
        "typo.toml",
        &grid_text(&[20], 1).replace("replications", "replication"),
    );
    carecast()
        .arg("sweep")
        .arg(&typo)
        .assert()
        .failure()
        .stderr(predicates::str::contains("did you mean `replications`?"));
    carecast()
        .arg("sweep")
        .arg(&file)
        .args(["--shard", "3/3"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("0 <= K < N"));
}
