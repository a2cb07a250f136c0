//! Fuzzing of scenario parsing and validation: a proptest grammar of scenario TOML
//! (`grammar.rs`) and a corpus of seed cases (`corpus/*.toml`).
//!
//! Every input must give a scenario or a clean error, never a panic; every accepted
//! scenario must round-trip: its resolved TOML (what a results folder holds) parses and
//! validates again to the same scenario, and renders to the same text.
//!
//! `cargo test --test fuzz` runs a small number of cases per property (64); set
//! `PROPTEST_CASES` for a longer run (`.ci/run` runs 5,000). A failure
//! prints the shrunk input; nothing is written (no regression files).

mod grammar;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use carecast::scenario::Scenario;
use proptest::prelude::*;
use proptest::test_runner::Config;
use toml::Value;

use grammar::Edit;

/// Cases per property: `PROPTEST_CASES`, else a count small enough for `cargo test`.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

/// The shipped scenarios, resolved (every default spelled out), as TOML text and tables.
fn bases() -> &'static [(String, Value)] {
    static BASES: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    BASES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("scenarios/")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        assert!(files.len() >= 3, "too few scenarios in {}", dir.display());
        files
            .iter()
            .map(|f| {
                let s = Scenario::load(f, &[]).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
                let text = s.to_toml();
                let table: toml::Table = text.parse().expect("resolved TOML");
                (text, Value::Table(table))
            })
            .collect()
    })
}

/// Every key name of the resolved scenarios: the real key set.
fn keys() -> Vec<String> {
    let mut out = Vec::new();
    for (_, v) in bases() {
        grammar::key_names(v, &mut out);
    }
    out.sort();
    out
}

/// The JSON Schema of whole scenario files (the fuzzed files have no `extends`), compiled
/// once: its own definition rather than the root's `anyOf`, so that a refusal says where.
fn schema() -> &'static jsonschema::Validator {
    static SCHEMA: OnceLock<jsonschema::Validator> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut schema = carecast::scenario::schema::scenario();
        if let Some(root) = schema.as_object_mut() {
            root.remove("anyOf");
            root.insert(
                "allOf".into(),
                serde_json::json!([{ "$ref": "#/definitions/ScenarioFile" }]),
            );
        }
        jsonschema::validator_for(&schema).expect("the scenario schema is a valid JSON Schema")
    })
}

/// What the JSON Schema refuses of TOML text the parser accepted (none: it agrees). A
/// `nan` or `inf` does not count (JSON has no image of them: they become null), where the
/// parser takes one (a disabled tier's value, say).
fn schema_refusals(text: &str) -> Vec<String> {
    let json = text
        .parse::<toml::Table>()
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::to_value(t).map_err(|e| e.to_string()));
    match json {
        Ok(json) => schema()
            .iter_errors(&json)
            .filter(|e| !e.instance().is_null())
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect(),
        Err(e) => vec![e],
    }
}

/// Parses and validates `text`: a scenario or a clean error, never a panic; an accepted
/// scenario round-trips through its resolved TOML, and the JSON Schema accepts both (the
/// schema never refuses what the parser accepts). Returns whether it was accepted.
fn check(text: &str, origin: &str, overrides: &[String]) -> Result<bool, String> {
    match Scenario::from_toml(text, origin, overrides) {
        Err(e) => {
            let message = e.to_string();
            if message.trim().is_empty() {
                return Err(format!("{origin}: an error with no message: {e:?}"));
            }
            Ok(false)
        }
        Ok(s) => {
            let resolved = s.to_toml();
            let again = Scenario::from_toml(&resolved, "resolved scenario", &[]).map_err(|e| {
                format!("{origin}: accepted, but its resolved TOML is refused: {e}\n{resolved}")
            })?;
            if again != s {
                return Err(format!(
                    "{origin}: the resolved TOML reads back as another scenario\n{resolved}"
                ));
            }
            for (what, doc) in [("its text", text), ("its resolved TOML", &resolved)] {
                let refused = schema_refusals(doc);
                if !refused.is_empty() {
                    return Err(format!(
                        "{origin}: accepted, but the JSON Schema refuses {what}: {}\n{doc}",
                        refused.join("; ")
                    ));
                }
            }
            let twice = again.to_toml();
            if twice != resolved {
                return Err(format!(
                    "{origin}: the resolved TOML is not stable:\n{resolved}\n---\n{twice}"
                ));
            }
            Ok(true)
        }
    }
}

/// The corpus: every file parses to a scenario or a clean error, and at least one of
/// each kind is there.
#[test]
fn every_corpus_case_gives_a_scenario_or_a_clean_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fuzz/corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "only {} corpus files", files.len());
    let (mut accepted, mut refused) = (0, 0);
    for f in &files {
        let text = std::fs::read_to_string(f).expect("corpus file");
        let name = f.file_name().expect("name").to_string_lossy().to_string();
        match check(&text, &name, &[]) {
            Ok(true) => accepted += 1,
            Ok(false) => refused += 1,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(
        accepted > 0 && refused > 0,
        "{accepted} accepted, {refused} refused"
    );
}

/// The shipped scenarios themselves round-trip.
#[test]
fn every_shipped_scenario_round_trips() {
    for (text, _) in bases() {
        assert_eq!(check(text, "shipped", &[]), Ok(true));
    }
}

proptest! {
    #![proptest_config(config())]

    /// Edited documents: real keys with values of every type, removed keys, keys in the
    /// wrong table, unknown keys, grown lists.
    #[test]
    fn edited_scenarios_parse_or_fail_cleanly(
        base in 0usize..64,
        edits in proptest::collection::vec(grammar::edit(keys()), 1..6),
    ) {
        let bases = bases();
        let mut doc = bases[base % bases.len()].1.clone();
        for e in &edits {
            grammar::apply(&mut doc, e);
        }
        // Some values (a NaN key, odd nesting) have no TOML text: nothing to parse then.
        if let Ok(text) = toml::to_string(&doc) {
            check(&text, "edited", &[]).map_err(TestCaseError::fail)?;
        }
    }

    /// Single edits of the resolved default, which is otherwise valid: most cases reach
    /// the validation of one value, and some are accepted and must round-trip.
    #[test]
    fn one_value_changed_parses_or_fails_cleanly(edit in grammar::edit(keys())) {
        let mut doc = bases().iter().find(|(t, _)| t.contains("retail-week"))
            .expect("retail-week").1.clone();
        if let Edit::Set(..) | Edit::Remove(_) | Edit::Nudge(..) = edit {
            grammar::apply(&mut doc, &edit);
        }
        if let Ok(text) = toml::to_string(&doc) {
            check(&text, "one value", &[]).map_err(TestCaseError::fail)?;
        }
    }

    /// `--set` overrides of real paths with values of every type, as TOML text.
    #[test]
    fn set_overrides_parse_or_fail_cleanly(
        path in 0usize..10_000,
        value in prop_oneof![3 => grammar::scalar(), 1 => grammar::value(keys())],
    ) {
        let mut all = Vec::new();
        grammar::paths(&bases()[0].1, &mut Vec::new(), &mut all);
        let segs = &all[path % all.len()];
        let mut text = String::new();
        for s in segs {
            match s {
                grammar::Seg::Key(k) => {
                    if !text.is_empty() {
                        text.push('.');
                    }
                    text.push_str(k);
                }
                grammar::Seg::Index(i) => text.push_str(&format!("[{i}]")),
            }
        }
        let arg = format!("{text}={value}");
        check(&bases()[0].0, "set", &[arg]).map_err(TestCaseError::fail)?;
    }

    /// Damaged text: cut, inserted or truncated bytes of a resolved scenario.
    #[test]
    fn damaged_text_parses_or_fails_cleanly(
        base in 0usize..64,
        edits in proptest::collection::vec(grammar::text_edit(), 1..4),
    ) {
        let bases = bases();
        let mut text = bases[base % bases.len()].0.clone();
        for e in &edits {
            text = grammar::apply_text(&text, e);
        }
        check(&text, "damaged", &[]).map_err(TestCaseError::fail)?;
    }
}
