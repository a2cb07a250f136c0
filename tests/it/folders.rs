//! The results folder and its neighbours: sweep folders locked against a second writer,
//! `--out` checked before anything is computed, the temporary folders of killed runs
//! removed only when their process is gone, and `--threads 0` refused.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};

use assert_cmd::Command;

fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true");
    cmd
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A day of the built-in scenario, two replications: quick.
const DAY: [&str; 6] = [
    "--set",
    "horizon=\"1d\"",
    "--set",
    "warmup=\"0m\"",
    "--reps",
    "2",
];

/// The names in `dir`, hidden ones included, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A sweep of `agents.len()` points over the built-in scenario, one day each.
fn sweep_file(dir: &Path, agents: &[u32]) -> PathBuf {
    let agents: Vec<String> = agents.iter().map(u32::to_string).collect();
    let path = dir.join("sweep.toml");
    fs::write(
        &path,
        format!(
            r#"
name = "it-folders"
base = "builtin"
set = ['horizon = "1d"', 'warmup = "0m"']
replications = 2
seed = 3

[[parameters]]
name = "day_agents"
path = "staffing.groups[0].agents"
values = [{}]
"#,
            agents.join(", ")
        ),
    )
    .expect("write the sweep file");
    path
}

/// Takes the lock of sweep folder `dir` in this very process, as a running sweep would,
/// and names this process as its holder.
fn hold_sweep_lock(dir: &Path) -> fs::File {
    fs::create_dir_all(dir).expect("mkdir");
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(carecast::sweep::LOCK))
        .expect("open the lock file");
    file.try_lock().expect("nobody else holds it");
    file.set_len(0).expect("truncate");
    write!(file, "carecast\npid={}\n", std::process::id()).expect("write the holder");
    file
}

#[test]
fn a_sweep_folder_another_process_writes_into_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = sweep_file(tmp.path(), &[18, 20, 22, 24]);
    let dir = tmp.path().join("out");
    let lock = hold_sweep_lock(&dir);
    // A temporary file of a writer that still runs (this test) must survive the refusal.
    let live_tmp = format!(".points.csv.tmp-{}", std::process::id());
    fs::write(dir.join(&live_tmp), "half").expect("write");
    let before = names(&dir);
    let me = format!("another sweep (pid {}) is writing into", std::process::id());

    let out = carecast()
        .arg("sweep")
        .arg(&file)
        .arg("--out")
        .arg(&dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains(&me) && err.contains("wait for it or choose another --out"),
        "{err}"
    );
    assert_eq!(names(&dir), before, "nothing written, nothing removed");

    // `--resume` is refused the same way, and `--lock-wait` waits, then refuses too.
    for (extra, says) in [
        (&["--resume"][..], "choose another --out"),
        (&["--lock-wait", "1"][..], "after waiting 1 s"),
    ] {
        let out = carecast()
            .arg("sweep")
            .arg(&file)
            .arg("--out")
            .arg(&dir)
            .args(extra)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(err.contains(&me) && err.contains(says), "{extra:?}: {err}");
    }
    assert_eq!(names(&dir), before, "nothing written, nothing removed");

    // A merge into the locked folder is refused too.
    let shard = tmp.path().join("shard");
    let out = carecast()
        .arg("sweep")
        .arg(&file)
        .args(["--shard", "0/1", "-q", "--out"])
        .arg(&shard)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let out = carecast()
        .arg("merge")
        .arg(&shard)
        .arg("--out")
        .arg(&dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains(&me), "{}", stderr_of(&out));
    assert_eq!(names(&dir), before, "nothing written, nothing removed");

    // Released, the folder is free: the sweep runs, and keeps the live writer's file.
    drop(lock);
    let out = carecast()
        .arg("sweep")
        .arg(&file)
        .arg("--out")
        .arg(&dir)
        .arg("-q")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(dir.join("points.csv").is_file());
    assert!(
        dir.join(&live_tmp).is_file(),
        "a live writer's file is kept"
    );
}

#[test]
fn a_second_sweep_process_is_refused_while_the_first_runs_and_the_lock_dies_with_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // Long enough that the first sweep is still computing when the second starts.
    let agents: Vec<u32> = (10..410).collect();
    let file = sweep_file(tmp.path(), &agents);
    let dir = tmp.path().join("out");
    let mut first = StdCommand::new(assert_cmd::cargo::cargo_bin("carecast"))
        .env("CI", "true")
        .arg("sweep")
        .arg(&file)
        .arg("--out")
        .arg(&dir)
        .args(["--threads", "1", "-q"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the first sweep");
    // The manifest is written under the lock: once it is there, the first sweep holds it.
    let mut polls = 0;
    while !dir.join(carecast::sweep::MANIFEST).is_file() {
        assert!(polls < 6000, "the first sweep never wrote its manifest");
        assert!(
            first.try_wait().expect("poll").is_none(),
            "the first sweep ended early"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
        polls += 1;
    }
    let out = carecast()
        .arg("sweep")
        .arg(&file)
        .arg("--out")
        .arg(&dir)
        .output()
        .expect("run the second sweep");
    let still_running = first.try_wait().expect("poll").is_none();
    first.kill().expect("SIGKILL the first sweep");
    first.wait().expect("reap");
    assert!(
        still_running,
        "the first sweep finished before the second started: make it longer"
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!(
            "another sweep (pid {}) is writing into",
            first.id()
        )),
        "{err}"
    );
    assert!(!dir.join("points.csv").exists());

    // The OS released the killed sweep's lock: the folder can be locked again (by the
    // next start, which resumes; here by this test).
    drop(hold_sweep_lock(&dir));
}

#[test]
fn an_unusable_out_is_refused_before_anything_is_computed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let full = tmp.path().join("full");
    fs::create_dir(&full).expect("mkdir");
    fs::write(full.join("keep.txt"), "mine").expect("write");
    let file = tmp.path().join("file.txt");
    fs::write(&file, "mine").expect("write");
    let sweep = sweep_file(tmp.path(), &[20, 24]);
    let before = names(tmp.path());
    // Heavy enough that computing first would take minutes.
    let heavy: [&[&str]; 4] = [
        &["run", "--reps", "500"],
        &[
            "compare",
            "--reps",
            "500",
            "scenarios/retail-week.toml",
            "--variant",
            "b=policy.discipline=lifo",
        ],
        &[
            "optimize",
            "--set",
            "targets.service_level=[{share=0.8, within=\"60m\"}]",
        ],
        &["sweep", "--reps", "500"],
    ];
    for args in heavy {
        // What a results folder and a sweep folder say.
        for (out_dir, says, sweep_says) in [
            (&full, "exists and is not empty", "is not a sweep folder"),
            (&file, "is a file", "is not a folder"),
            (&file.join("sub"), "cannot be created", "cannot be created"),
        ] {
            let says = if args[0] == "sweep" { sweep_says } else { says };
            let mut cmd = carecast();
            cmd.args(args);
            if args[0] == "sweep" {
                cmd.arg(&sweep);
            }
            let out = cmd.arg("--out").arg(out_dir).output().expect("run");
            assert_eq!(
                out.status.code(),
                Some(2),
                "{args:?} --out {}",
                out_dir.display()
            );
            assert!(
                stderr_of(&out).contains(says),
                "{args:?} --out {}: {}",
                out_dir.display(),
                stderr_of(&out)
            );
            assert!(out.stdout.is_empty(), "{args:?}: nothing reported");
            assert_eq!(names(tmp.path()), before, "{args:?}: nothing created");
            assert_eq!(names(&full), ["keep.txt"], "{args:?}: nothing added");
        }
    }
    // A parent folder this user cannot write into (not testable as root, who can).
    let locked = tmp.path().join("locked");
    fs::create_dir(&locked).expect("mkdir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).expect("chmod");
        if fs::write(locked.join("probe"), "x").is_err() {
            let out = carecast()
                .args(["run", "--reps", "500", "--out"])
                .arg(locked.join("run"))
                .output()
                .expect("run");
            assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
            assert!(
                stderr_of(&out).contains("cannot be written"),
                "{}",
                stderr_of(&out)
            );
        }
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

#[test]
fn out_dot_is_refused_clearly_for_a_run_and_works_for_a_sweep() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let here = tmp.path().join("here");
    fs::create_dir(&here).expect("mkdir");
    let out = carecast()
        .current_dir(&here)
        .arg("run")
        .args(DAY)
        .args(["--out", "."])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("is the folder carecast runs in"),
        "{}",
        stderr_of(&out)
    );
    assert!(names(&here).is_empty(), "nothing written in the folder");
    assert_eq!(
        names(tmp.path()),
        ["here"],
        "no hidden partial folder beside it"
    );

    // A new folder named through `.` is the folder itself.
    let out = carecast()
        .current_dir(&here)
        .arg("run")
        .args(DAY)
        .args(["--out", "new/.", "-q"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(here.join("new/summary.json").is_file());
    assert_eq!(names(&here), ["new"]);

    // A sweep writes into its folder in place (journal, then files): `.` is fine.
    let sweep = sweep_file(tmp.path(), &[20, 24]);
    let dot = tmp.path().join("dot");
    fs::create_dir(&dot).expect("mkdir");
    let out = carecast()
        .current_dir(&dot)
        .arg("sweep")
        .arg(&sweep)
        .args(["--out", ".", "-q"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(dot.join("points.csv").is_file());
}

/// An owner file for process `pid` of this host and boot (`start`: its start time).
#[cfg(target_os = "linux")]
fn owner_text(pid: u32, start: Option<u64>) -> String {
    let read = |p: &str| fs::read_to_string(p).expect(p).trim().to_string();
    let mut text = format!(
        "carecast\npid={pid}\nhost={}\nboot={}\n",
        read("/proc/sys/kernel/hostname"),
        read("/proc/sys/kernel/random/boot_id")
    );
    if let Some(s) = start {
        text.push_str(&format!("start={s}\n"));
    }
    text
}

/// A process id that no longer runs (a child that has exited and been reaped).
#[cfg(target_os = "linux")]
fn dead_pid() -> u32 {
    let mut child = StdCommand::new("true").spawn().expect("spawn true");
    child.wait().expect("reap");
    child.id()
}

#[cfg(target_os = "linux")]
#[test]
fn stale_partial_folders_of_dead_runs_are_removed_and_nothing_else() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let partial = |pid: u32| tmp.path().join(format!(".res.partial-{pid}"));
    // A dead run's (its pid gone; a start time that no live process under that id has).
    let dead = dead_pid();
    fs::create_dir(partial(dead)).expect("mkdir");
    fs::write(
        partial(dead).join(".carecast-owner"),
        owner_text(dead, Some(1)),
    )
    .expect("w");
    fs::write(partial(dead).join("summary.json"), "{").expect("w");
    // A live run's (this test's own process).
    let me = std::process::id();
    fs::create_dir(partial(me)).expect("mkdir");
    fs::write(partial(me).join(".carecast-owner"), owner_text(me, None)).expect("w");
    // Not carecast's: no owner file.
    let stranger = tmp.path().join(".res.partial-77");
    fs::create_dir(&stranger).expect("mkdir");
    // Another destination's, dead too: not this run's business.
    let other = tmp.path().join(format!(".other.partial-{dead}"));
    fs::create_dir(&other).expect("mkdir");
    fs::write(other.join(".carecast-owner"), owner_text(dead, Some(1))).expect("w");

    let run = || {
        carecast()
            .arg("run")
            .args(DAY)
            .args(["-q", "--out"])
            .arg(tmp.path().join("res"))
            .output()
            .expect("run")
    };
    let out = run();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains(&format!("is being written by another carecast (pid {me})")),
        "{}",
        stderr_of(&out)
    );
    assert!(!partial(dead).exists(), "the dead run's folder is removed");
    assert!(partial(me).is_dir(), "the live run's folder is kept");
    assert!(stranger.is_dir() && other.is_dir(), "the others are kept");

    // Once the live run is gone (its folder with it), the run goes ahead.
    fs::remove_dir_all(partial(me)).expect("rm");
    let out = run();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(tmp.path().join("res/summary.json").is_file());
    assert!(
        !tmp.path().join("res/.carecast-owner").exists(),
        "no owner file in the results"
    );
    assert!(stranger.is_dir() && other.is_dir(), "the others are kept");
}

#[cfg(target_os = "linux")]
#[test]
fn a_killed_run_leaves_a_partial_folder_the_next_run_removes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dest = tmp.path().join("res");
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("carecast"))
        .env("CI", "true")
        .args(["run", "--reps", "500", "--threads", "1", "-q", "--out"])
        .arg(&dest)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let partial = tmp.path().join(format!(".res.partial-{}", child.id()));
    let mut polls = 0;
    while !partial.join(".carecast-owner").is_file() {
        assert!(polls < 6000, "the run never reserved its folder");
        std::thread::sleep(std::time::Duration::from_millis(10));
        polls += 1;
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    assert!(partial.is_dir(), "the killed run left its partial folder");
    assert!(!dest.exists());

    let out = carecast()
        .arg("run")
        .args(DAY)
        .args(["-q", "--out"])
        .arg(&dest)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(names(tmp.path()), ["res"], "the dead run's folder is gone");
}

#[test]
fn threads_zero_is_refused_everywhere() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let sweep = sweep_file(tmp.path(), &[20]);
    let sweep = sweep.to_string_lossy().into_owned();
    let commands: [&[&str]; 5] = [
        &["run"],
        &[
            "compare",
            "scenarios/retail-week.toml",
            "scenarios/retail-week.toml",
        ],
        &["optimize"],
        &["sweep", &sweep],
        &["validate", "--quick"],
    ];
    for args in commands {
        let mut cmd = carecast();
        cmd.args(args).args(["--threads", "0"]);
        if args[0] != "validate" {
            cmd.arg("--out").arg(tmp.path().join("never"));
        }
        let out = cmd.output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr_of(&out)
                .contains("--threads must be at least 1; leave it out to use every core"),
            "{args:?}: {}",
            stderr_of(&out)
        );
    }
    assert_eq!(names(tmp.path()), ["sweep.toml"], "nothing written");
}
