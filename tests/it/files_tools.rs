//! Plans as small differences and the tools around the files: list items by name in
//! `--set`, scenarios from standard input, the built-in default for `check` and
//! `compare`, shell completions and the man page.

use assert_cmd::Command;

fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.assert().success().get_output().clone();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr_of_failure(cmd: &mut Command) -> String {
    let out = cmd.assert().code(2).get_output().clone();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const NIGHT: &str = include_str!("../../scenarios/night-shift.toml");

#[test]
fn check_reads_the_builtin_scenario_and_standard_input() {
    let builtin = stdout_of(carecast().args(["check"]));
    assert!(
        builtin.contains("<built-in retail-week>: valid."),
        "{builtin}"
    );
    assert!(builtin.contains("group `day`"), "{builtin}");
    let piped = stdout_of(carecast().args(["check", "-"]).write_stdin(NIGHT));
    assert!(piped.contains("<stdin>: valid."), "{piped}");
    assert!(piped.contains("group `night`: 4 agents"), "{piped}");
    // A broken file on standard input is named as such, exit code 2.
    let err = stderr_of_failure(carecast().args(["check", "-"]).write_stdin("name = "));
    assert!(err.contains("`<stdin>` is not valid TOML"), "{err}");
}

#[test]
fn groups_and_classes_are_set_by_name() {
    let shown = stdout_of(carecast().args([
        "check",
        "--set",
        "staffing.groups.weekend.agents=7",
        "--set",
        "classes.spam.priority=0",
    ]));
    assert!(shown.contains("group `weekend`: 7 agents"), "{shown}");
    let err =
        stderr_of_failure(carecast().args(["check", "--set", "staffing.groups.evning.agents=7"]));
    assert!(
        err.contains("no item named `evning`") && err.contains("did you mean `evening`?"),
        "{err}"
    );
    assert!(err.contains("`day`, `evening`, `weekend`"), "{err}");
}

#[test]
fn compare_takes_the_builtin_default_and_standard_input() {
    let short = [
        "--set",
        "horizon=\"2d\"",
        "--set",
        "warmup=\"0m\"",
        "--reps",
        "2",
    ];
    let tmp = tempfile::tempdir().expect("tempdir");
    let json = stdout_of(
        carecast()
            .args([
                "compare",
                "--variant",
                "more=staffing.groups.day.agents=30",
                "--json",
            ])
            .args(short)
            .args(["--out", &tmp.path().join("a").display().to_string()]),
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let folder = tmp.path().join("a").display().to_string();
    assert_eq!(v["results_folder"].as_str(), Some(folder.as_str()), "{v}");
    assert!(tmp.path().join("a/comparison.json").is_file());
    let plans = v["plans"].to_string();
    assert!(
        plans.contains("retail-week") && plans.contains("more"),
        "{plans}"
    );
    // The baseline from standard input, its variant read from the same text.
    let json = stdout_of(
        carecast()
            .args([
                "compare",
                "-",
                "--variant",
                "fewer=staffing.groups.night.agents=1",
                "--json",
            ])
            .args(short)
            .args(["--out", &tmp.path().join("b").display().to_string()])
            .write_stdin(NIGHT),
    );
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert!(v["plans"].to_string().contains("fewer"), "{v}");
    let err = stderr_of_failure(carecast().args(["compare", "-", "-"]).args(short));
    assert!(err.contains("read only once"), "{err}");
}

#[test]
fn completions_and_man_page_come_from_the_command_line_definitions() {
    for (shell, needle) in [
        ("bash", "_carecast()"),
        ("zsh", "#compdef carecast"),
        ("fish", "complete -c carecast"),
    ] {
        let script = stdout_of(carecast().args(["completions", shell]));
        assert!(script.contains(needle), "{shell}: {script}");
        for sub in ["run", "compare", "sweep", "completions"] {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
    }
    let err = carecast()
        .args(["completions", "cmd"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&err.stderr).contains("bash"));
    let man = stdout_of(carecast().args(["man"]));
    assert!(man.contains(".TH carecast 1"), "{man}");
    assert!(man.contains(".SH \"CARECAST COMPARE\""), "{man}");
    assert!(man.contains("\\-\\-variant"), "{man}");
}

const RETAIL: &str = include_str!("../../scenarios/retail-week.toml");

#[test]
fn extends_merges_relative_chains_and_refuses_cycles() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("plans/more")).expect("mkdir");
    std::fs::write(root.join("retail-week.toml"), RETAIL).expect("write");
    // Relative to the extending file, not to the current folder.
    std::fs::write(
        root.join("plans/busy.toml"),
        "extends = \"../retail-week.toml\"\nname = \"busy\"\n[arrivals]\nrate_per_h = 120\n",
    )
    .expect("write");
    std::fs::write(
        root.join("plans/more/busier.toml"),
        "extends = \"../busy.toml\"\n[arrivals]\nrate_per_h = 150\n",
    )
    .expect("write");
    let busy = stdout_of(
        carecast()
            .current_dir(root)
            .args(["check", "plans/busy.toml"]),
    );
    // The table merges: the profile of the base stays, the rate is the plan's.
    assert!(busy.contains("arrivals 120/h on average"), "{busy}");
    assert!(busy.contains("group `weekend`"), "{busy}");
    let busier = stdout_of(carecast().current_dir(root.join("plans/more")).args([
        "check",
        "busier.toml",
        "--set",
        "staffing.groups.day.agents=5",
    ]));
    assert!(busier.contains("arrivals 150/h on average"), "{busier}");
    assert!(busier.contains("group `day`: 5 agents"), "{busier}");
    // The resolved file of a run carries no `extends` and the merged values.
    let json = stdout_of(
        carecast()
            .current_dir(root)
            .args([
                "run",
                "plans/more/busier.toml",
                "--reps",
                "1",
                "--json",
                "--out",
                "r",
            ])
            .args(["--set", "horizon=\"1d\"", "--set", "warmup=\"0m\""]),
    );
    assert!(json.contains("\"busy\""), "{json}");
    let resolved = std::fs::read_to_string(root.join("r/scenario.toml")).expect("resolved");
    assert!(!resolved.contains("extends"), "{resolved}");
    assert!(resolved.contains("rate_per_h = 150"), "{resolved}");
    // A cycle is refused with its chain named.
    std::fs::write(root.join("a.toml"), "extends = \"b.toml\"\n").expect("write");
    std::fs::write(root.join("b.toml"), "extends = \"a.toml\"\n").expect("write");
    let err = stderr_of_failure(carecast().current_dir(root).args(["check", "a.toml"]));
    assert!(
        err.contains("a.toml extends b.toml extends a.toml") && err.contains("cycle"),
        "{err}"
    );
    std::fs::write(root.join("self.toml"), "extends = \"self.toml\"\n").expect("write");
    let err = stderr_of_failure(carecast().current_dir(root).args(["check", "self.toml"]));
    assert!(err.contains("cycle"), "{err}");
    let err = stderr_of_failure(
        carecast()
            .current_dir(root)
            .args(["check", "-"])
            .write_stdin("extends = \"missing.toml\"\n"),
    );
    assert!(
        err.contains("cannot read scenario `./missing.toml`"),
        "{err}"
    );
    // A sweep's base may extend another file.
    std::fs::write(
        root.join("plans/sweep.toml"),
        "base = \"busy.toml\"\n[[parameters]]\npath = \"staffing.groups.day.agents\"\nvalues = [20, 22]\n",
    )
    .expect("write");
    carecast()
        .current_dir(root)
        .args([
            "sweep",
            "plans/sweep.toml",
            "--reps",
            "1",
            "--quiet",
            "--out",
            "s",
        ])
        .assert()
        .success();
}

#[test]
fn compare_writes_tidy_rows_per_replication_with_segments_in_columns() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("c");
    carecast()
        .args([
            "compare",
            "--variant",
            "more=staffing.groups.day.agents=30",
            "--reps",
            "3",
            "-q",
        ])
        .args(["--set", "horizon=\"1d\"", "--set", "warmup=\"0m\"", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.join("replications.csv")).expect("tidy file");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("plan,replication,kpi,channel,group,class,value")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 7), "{text}");
    for plan in ["retail-week", "more"] {
        let reps: std::collections::BTreeSet<&str> =
            rows.iter().filter(|r| r[0] == plan).map(|r| r[1]).collect();
        assert_eq!(
            reps.into_iter().collect::<Vec<_>>(),
            ["0", "1", "2"],
            "{plan}"
        );
    }
    // Segments in their own columns, no dotted names left.
    assert!(rows.iter().all(|r| !r[2].contains('.')), "{text}");
    assert!(
        rows.iter()
            .any(|r| r[2] == "answered_within_30m" && r[3] == "twitter")
    );
    assert!(
        rows.iter()
            .any(|r| r[2] == "answered_within_30m" && r[5] == "complaint")
    );
    // Every defined value is a number, and each plan has one headline per replication.
    assert!(
        rows.iter()
            .all(|r| r[6].is_empty() || r[6].parse::<f64>().is_ok()),
        "{text}"
    );
    let headline = |plan: &str| {
        rows.iter()
            .filter(|r| r[0] == plan && r[2] == "mentions" && r[3].is_empty() && r[5].is_empty())
            .count()
    };
    assert_eq!((headline("retail-week"), headline("more")), (3, 3));
}

/// The rows of a tidy file, its header checked.
fn tidy_rows(text: &str, first: &str) -> Vec<Vec<String>> {
    let mut lines = text.lines();
    assert_eq!(
        lines.next().map(str::to_string),
        Some(format!("{first},replication,kpi,channel,group,class,value"))
    );
    lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn sweep_writes_tidy_rows_per_replication_and_json_with_its_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    std::fs::write(
        root.join("s.toml"),
        "name = \"s\"\nreplications = 2\nset = ['horizon = \"1d\"', 'warmup = \"0m\"']\n\
         [[parameters]]\npath = \"staffing.groups.day.agents\"\nvalues = [20, 30]\n",
    )
    .expect("write");
    let out = carecast()
        .current_dir(root)
        .args(["sweep", "s.toml", "--json", "--out", "whole"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let json: serde_json::Value = serde_json::from_str(&text).expect("stdout is JSON");
    let fields = json.as_object().expect("object");
    assert_eq!(
        fields.keys().next().map(String::as_str),
        Some("results_folder")
    );
    assert_eq!(json["results_folder"], "whole");
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("whole/sweep.json")).expect("sweep.json"),
    )
    .expect("JSON");
    for (key, value) in file.as_object().expect("object") {
        assert_eq!(&json[key], value, "{key}");
    }

    let whole = std::fs::read_to_string(root.join("whole/replications.csv")).expect("tidy");
    let rows = tidy_rows(&whole, "point");
    assert!(rows.iter().all(|r| r.len() == 7), "{whole}");
    assert!(rows.iter().all(|r| !r[2].contains('.')), "{whole}");
    let mentions: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r[2] == "mentions" && r[3..6].iter().all(String::is_empty))
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(mentions, [("0", "0"), ("0", "1"), ("1", "0"), ("1", "1")]);
    // Each replication its own row (not one value repeated), and a group KPI split into
    // its column.
    let value = |p: &str, r: &str, kpi: &str| {
        rows.iter()
            .find(|x| x[0] == p && x[1] == r && x[2] == kpi && x[3..6].iter().all(String::is_empty))
            .map(|x| x[6].clone())
    };
    assert_ne!(value("0", "0", "mentions"), value("0", "1", "mentions"));
    assert!(rows.iter().any(|r| r[4] == "day"), "{whole}");
    // The rows' mean is the mean in points.csv.
    let reps: Vec<f64> = ["0", "1"]
        .iter()
        .filter_map(|r| value("0", r, "frt_mean_min")?.parse().ok())
        .collect();
    assert_eq!(reps.len(), 2);
    let points = std::fs::read_to_string(root.join("whole/points.csv")).expect("points");
    let mean: f64 = points
        .lines()
        .find(|l| l.starts_with("0,20,frt_mean_min,"))
        .and_then(|l| l.split(',').nth(3)?.parse().ok())
        .expect("frt mean of point 0");
    assert!((mean - (reps[0] + reps[1]) / 2.0).abs() < 1e-9 * mean.abs().max(1.0));

    // Shards journal their replications, so the merged folder has the very same rows.
    for k in 0..2 {
        carecast()
            .current_dir(root)
            .args(["sweep", "s.toml", "-q", "--shard", &format!("{k}/2")])
            .args(["--out", &format!("shard{k}")])
            .assert()
            .success();
    }
    carecast()
        .current_dir(root)
        .args(["merge", "shard0", "shard1", "--out", "merged"])
        .assert()
        .success();
    let merged = std::fs::read_to_string(root.join("merged/replications.csv")).expect("tidy");
    assert_eq!(merged, whole);
}
