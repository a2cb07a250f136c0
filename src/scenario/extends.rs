//! `extends = "retail-week.toml"`: a scenario written as its differences from another.
//!
//! The path is relative to the extending file (to the current folder for standard input
//! or text without a file). The base is read first (itself possibly extending another,
//! up to [`MAX_EXTENDS_DEPTH`] files), then the extending file is merged into it key by
//! key: tables merge recursively, and every other value (numbers, strings, lists,
//! including lists of tables such as `[[staffing.groups]]`) replaces the base's whole. A
//! file that comes back in its own chain is refused with the chain named.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use super::ScenarioError;

/// Longest chain of `extends` accepted.
pub const MAX_EXTENDS_DEPTH: usize = 16;

/// The table with its `extends` chain resolved: the bases merged under it, `extends`
/// removed. `origin` names the text (its path when it is a file, which then starts the
/// chain); relative paths start from `folder` (none: the current folder).
pub fn resolve(table: Table, origin: &str, folder: Option<&Path>) -> Result<Table, ScenarioError> {
    let own = folder
        .and_then(|_| std::fs::canonicalize(origin).ok())
        .map(|p| (p, origin.to_string()));
    resolve_in(table, folder, own.into_iter().collect())
}

fn resolve_in(
    mut table: Table,
    folder: Option<&Path>,
    chain: Vec<(PathBuf, String)>,
) -> Result<Table, ScenarioError> {
    let Some(value) = table.remove("extends") else {
        return Ok(table);
    };
    let Value::String(rel) = value else {
        return Err(ScenarioError::invalid(
            "extends",
            value,
            "a string: the path of the scenario file this one changes, relative to this file",
        ));
    };
    let path = folder.unwrap_or(Path::new(".")).join(&rel);
    let shown = path.display().to_string();
    let io = |source| ScenarioError::Io {
        path: shown.clone(),
        source,
    };
    let canonical = std::fs::canonicalize(&path).map_err(io)?;
    let names = |last: &str| {
        let mut all: Vec<&str> = chain.iter().map(|(_, s)| s.as_str()).collect();
        all.push(last);
        all.join(" extends ")
    };
    if chain.iter().any(|(p, _)| *p == canonical) {
        return Err(ScenarioError::invalid(
            "extends",
            format!("\"{rel}\""),
            format!(
                "a file outside its own chain, but {} is a cycle",
                names(&shown)
            ),
        ));
    }
    if chain.len() >= MAX_EXTENDS_DEPTH {
        return Err(ScenarioError::invalid(
            "extends",
            format!("\"{rel}\""),
            format!(
                "a chain of at most {MAX_EXTENDS_DEPTH} files: {}",
                names(&shown)
            ),
        ));
    }
    let text = std::fs::read_to_string(&path).map_err(io)?;
    let base = super::parse_table(&text, &shown)?;
    let mut chain = chain;
    chain.push((canonical, shown));
    let mut base = resolve_in(base, path.parent(), chain)?;
    merge(&mut base, table);
    Ok(base)
}

/// Merges `over` into `base`: tables key by key, recursively; any other value replaces.
fn merge(base: &mut Table, over: Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(Value::Table(b)), Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_merge_and_other_values_replace() {
        let mut base: Table = "a = 1\nlist = [1, 2]\n[t]\nx = 1\ny = 2\n"
            .parse()
            .expect("toml");
        let over: Table = "list = [3]\n[t]\ny = 5\nz = 6\n".parse().expect("toml");
        merge(&mut base, over);
        let want: Table = "a = 1\nlist = [3]\n[t]\nx = 1\ny = 5\nz = 6\n"
            .parse()
            .expect("toml");
        assert_eq!(base, want);
    }
}
