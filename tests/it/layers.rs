//! The shape of the house (issue 8): the library's modules import each other without a
//! circle, nothing in the library knows about the command line, and no source file grows
//! past 800 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The library's files (the binary's `main.rs` and `cli/` left out), each with its
/// top-level module.
fn library_files() -> Vec<(String, PathBuf)> {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(&src)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let top = rel.split('/').next()?.trim_end_matches(".rs").to_string();
            (!matches!(top.as_str(), "main" | "cli" | "lib")).then_some((top, p))
        })
        .collect()
}

/// The code of a file without its comments (doc links name modules too).
fn code(path: &Path) -> String {
    fs::read_to_string(path)
        .expect("readable file")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules each module imports (`crate::<module>`).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (top, path) in library_files() {
        let text = code(&path);
        let entry = graph.entry(top.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != top {
                entry.insert(name);
            }
        }
    }
    graph
}

#[test]
fn the_library_modules_import_each_other_without_a_circle() {
    let graph = imports();
    assert!(
        graph.len() > 10,
        "the library's modules were found: {graph:?}"
    );
    // Depth-first search; a module met again while still on the path closes a circle.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == m) {
            panic!("import circle: {} -> {m}", path[at..].join(" -> "));
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_library_knows_nothing_of_the_command_line() {
    for (_, path) in library_files() {
        let text = code(&path);
        for needle in ["clap::", "indicatif", "crate::cli", "std::process::exit"] {
            assert!(!text.contains(needle), "{} uses {needle}", path.display());
        }
    }
    let lib = fs::read_to_string(root().join("src/lib.rs")).expect("lib.rs");
    assert!(
        !lib.contains("mod cli"),
        "the command layer is the binary's"
    );
}

#[test]
fn no_source_file_is_over_800_lines() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches"] {
        rust_files(&root().join(dir), &mut files);
    }
    for path in files {
        let lines = fs::read_to_string(&path).expect("readable").lines().count();
        assert!(lines <= 800, "{} has {lines} lines", path.display());
    }
}
