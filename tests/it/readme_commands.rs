//! Every `carecast` command the README shows in a code block runs as written in bash and
//! zsh: no unquoted glob characters (zsh stops on "no matches found"), every scenario file
//! it names is shipped, and its subcommand and options are ones `carecast` accepts; the
//! cheap ones also run, shortened, and exit 0.

use assert_cmd::Command;

/// The `carecast` command lines of the README: every line of its `sh`/`bash` blocks and
/// the `$ carecast` lines of its other blocks (examples shown with their output),
/// continuations joined, prompts and trailing comments stripped.
fn readme_commands() -> Vec<String> {
    let text = std::fs::read_to_string("README.md").expect("README.md");
    let mut out = Vec::new();
    let mut block: Option<bool> = None; // Some(true) in a shell block
    let mut pending = String::new();
    for line in text.lines() {
        let fence = line.trim_start();
        if fence.starts_with("```") {
            block = match block {
                Some(_) => None,
                None => Some(fence == "```sh" || fence == "```bash"),
            };
            pending.clear();
            continue;
        }
        let Some(shell) = block else { continue };
        let line = line.trim();
        let line = match line.strip_prefix("$ ") {
            Some(command) => command,
            None if shell || !pending.is_empty() => line,
            None => continue,
        };
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        let whole = format!("{pending}{line}");
        pending.clear();
        if whole.starts_with("carecast ") {
            out.push(whole);
        }
    }
    out
}

/// A command line as the shell splits it: each word with whether any of it was unquoted
/// text holding a glob character. Stops at a comment, a pipe or a redirection.
fn words(line: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let (mut word, mut glob, mut started) = (String::new(), false, false);
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, ' ' | '\t') => {
                if started {
                    out.push((std::mem::take(&mut word), glob));
                }
                (glob, started) = (false, false);
            }
            (None, '#' | '|' | '>' | '<') if !started => return out,
            (None, c) => {
                glob |= matches!(c, '[' | ']' | '*' | '?');
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push((word, glob));
    }
    out
}

#[test]
fn the_splitter_sees_quotes_and_globs() {
    assert_eq!(
        words("carecast run --set 'a[0].b=1' --set a[1]=2 # note"),
        vec![
            ("carecast".to_string(), false),
            ("run".to_string(), false),
            ("--set".to_string(), false),
            ("a[0].b=1".to_string(), false),
            ("--set".to_string(), false),
            ("a[1]=2".to_string(), true),
        ]
    );
}

#[test]
fn readme_commands_run_as_written_in_bash_and_zsh() {
    let commands = readme_commands();
    assert!(commands.len() >= 10, "found only {commands:?}");
    let mut helps: std::collections::HashMap<String, String> = Default::default();
    let mut problems = Vec::new();
    for line in &commands {
        let w = words(line);
        for (word, glob) in &w {
            if *glob {
                problems.push(format!("{line}: quote `{word}` (zsh globs it)"));
            }
            if word.ends_with(".toml") && word.contains('/') && !std::path::Path::new(word).exists()
            {
                problems.push(format!("{line}: `{word}` is not shipped"));
            }
        }
        let Some((sub, _)) = w.get(1) else { continue };
        if sub.starts_with('-') {
            continue;
        }
        let help = helps.entry(sub.clone()).or_insert_with(|| {
            let out = Command::cargo_bin("carecast")
                .expect("binary")
                .args([sub.as_str(), "--help"])
                .output()
                .expect("runs");
            if out.status.success() {
                String::from_utf8_lossy(&out.stdout).into_owned()
            } else {
                String::new()
            }
        });
        if help.is_empty() {
            problems.push(format!("{line}: `carecast {sub}` is no subcommand"));
            continue;
        }
        for (word, _) in &w[2..] {
            if let Some(flag) = word.strip_prefix("--") {
                let flag = flag.split('=').next().unwrap_or_default();
                if !help.contains(&format!("--{flag}")) {
                    problems.push(format!("{line}: `carecast {sub}` has no option --{flag}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "README commands:\n{}",
        problems.join("\n")
    );
}

/// The subcommands whose README examples are not run, with the reason.
const NOT_RUN: [(&str, &str); 3] = [
    (
        "sweep",
        "runs every point of its grid at the sweep file's own length and replications",
    ),
    (
        "optimize",
        "simulates many candidate plans, then verifies the best with fresh seeds",
    ),
    (
        "validate",
        "runs its queueing-theory checks at full length to reach their tolerances",
    ),
];

/// The arguments of a README command made cheap: 2 replications over 2 days without a
/// warm-up for `run` and `compare`, quiet; other subcommands as written.
fn shortened(words: &[(String, bool)]) -> Vec<String> {
    let mut args: Vec<String> = Vec::new();
    let mut skip_value = false;
    for (word, _) in &words[1..] {
        if std::mem::take(&mut skip_value) {
            continue;
        }
        if word == "--reps" {
            skip_value = true;
            continue;
        }
        args.push(word.clone());
    }
    if matches!(args.first().map(String::as_str), Some("run" | "compare")) {
        args.extend(SHORT.iter().map(|a| a.to_string()));
    }
    args
}

/// What makes a `run` or `compare` cheap: 2 replications over 2 days without a warm-up,
/// quiet.
const SHORT: [&str; 7] = [
    "--reps",
    "2",
    "--quiet",
    "--set",
    "horizon=\"2d\"",
    "--set",
    "warmup=\"0m\"",
];

/// Copies the directory `from` into `to`, recursively.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn readme_cheap_commands_run_shortened_and_exit_0() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(
        std::path::Path::new("scenarios"),
        &tmp.path().join("scenarios"),
    );
    let (mut ran, mut failures) = (0, Vec::new());
    for line in readme_commands() {
        let w = words(&line);
        let Some((sub, _)) = w.get(1) else { continue };
        if NOT_RUN.iter().any(|(s, _)| s == sub) {
            continue;
        }
        let args = shortened(&w);
        let out = Command::cargo_bin("carecast")
            .expect("binary")
            .env("CI", "true")
            .current_dir(tmp.path())
            .args(&args)
            .output()
            .expect("runs");
        ran += 1;
        if !out.status.success() {
            failures.push(format!(
                "{line}\n  ran as: carecast {}\n  exit {:?}: {}",
                args.join(" "),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    assert!(ran >= 10, "ran only {ran} README commands");
    assert!(
        failures.is_empty(),
        "README commands failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn shortening_replaces_the_replications_and_cuts_the_horizon() {
    let w = words("carecast run --reps 100 --seed 7 --json > summary.json");
    let mut expected = vec!["run", "--seed", "7", "--json"];
    expected.extend(SHORT);
    assert_eq!(shortened(&w), expected);
    let w = words("carecast erlang --arrivals 300/h --handle 10m --rows 3");
    assert_eq!(
        shortened(&w),
        [
            "erlang",
            "--arrivals",
            "300/h",
            "--handle",
            "10m",
            "--rows",
            "3"
        ]
    );
}
