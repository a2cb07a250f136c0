//! Every `carecast` command the README shows in a code block runs as written in bash and
//! zsh: no unquoted glob characters (zsh stops on "no matches found"), every scenario file
//! it names is shipped, and its subcommand and options are ones `carecast` accepts.

use assert_cmd::Command;

/// The `carecast` command lines of the README's `sh`/`bash` blocks, continuations joined,
/// prompts and trailing comments stripped.
fn readme_commands() -> Vec<String> {
    let text = std::fs::read_to_string("README.md").expect("README.md");
    let mut out = Vec::new();
    let mut in_block = false;
    let mut pending = String::new();
    for line in text.lines() {
        let fence = line.trim_start();
        if fence.starts_with("```") {
            in_block = !in_block && (fence == "```sh" || fence == "```bash");
            pending.clear();
            continue;
        }
        if !in_block {
            continue;
        }
        let line = line.trim().trim_start_matches("$ ");
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
