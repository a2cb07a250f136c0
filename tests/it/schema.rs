//! The JSON Schemas of scenario and sweep files: the shipped `schema/*.schema.json` are
//! what `carecast schema` prints, every shipped scenario and sweep file validates against
//! its schema, and for a sample of bad files the parser and the schema both refuse.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use carecast::scenario::{DEFAULT_SCENARIO, Scenario};
use carecast::sweep::SweepSpec;
use serde_json::Value;

fn carecast() -> Command {
    let mut cmd = Command::cargo_bin("carecast").expect("binary");
    cmd.env("CI", "true");
    cmd
}

/// The schema `carecast schema KIND` prints.
fn printed(kind: &str) -> String {
    let out = carecast().args(["schema", kind]).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("utf-8")
}

fn validator(kind: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&printed(kind)).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

/// The JSON image of TOML text, as a TOML language server validates it.
fn json_of(text: &str) -> Value {
    let table: toml::Table = text.parse().expect("TOML");
    serde_json::to_value(table).expect("TOML as JSON")
}

/// The schema's refusals of `text`, one line each (empty: valid).
fn refusals(v: &jsonschema::Validator, text: &str) -> Vec<String> {
    v.iter_errors(&json_of(text))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Whether TOML text is a sweep file, by the rule the commands use.
fn is_sweep(text: &str) -> bool {
    carecast::scenario::is_sweep_table(&text.parse().expect("TOML"))
}

/// Every `.toml` file under `dir`, recursively, sorted.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_shipped_schemas_are_what_carecast_schema_prints() {
    for kind in ["scenario", "sweep"] {
        let path = format!("schema/{kind}.schema.json");
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            shipped == printed(kind),
            "{path} is not what `carecast schema {kind}` prints: regenerate with \
             carecast schema {kind} > {path}"
        );
    }
}

#[test]
fn schema_out_writes_the_same_text_to_a_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = tmp.path().join("sweep.schema.json");
    carecast()
        .args(["schema", "sweep", "--out"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    assert_eq!(
        std::fs::read_to_string(&path).expect("written"),
        printed("sweep")
    );
}

#[test]
fn every_shipped_scenario_and_sweep_file_validates_against_its_schema() {
    let (scenario, sweep) = (validator("scenario"), validator("sweep"));
    let mut files = toml_files(Path::new("scenarios"));
    files.extend(
        toml_files(Path::new("tests/golden"))
            .into_iter()
            .filter(|p| p.ends_with("scenario.toml")),
    );
    let (mut scenarios, mut sweeps) = (0, 0);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("shipped file");
        let (v, kind) = if is_sweep(&text) {
            sweeps += 1;
            (&sweep, "sweep")
        } else {
            scenarios += 1;
            (&scenario, "scenario")
        };
        let errors = refusals(v, &text);
        assert!(
            errors.is_empty(),
            "{} does not validate against the {kind} schema:\n{}",
            path.display(),
            errors.join("\n")
        );
    }
    assert!(
        scenarios >= 5 && sweeps >= 3,
        "{scenarios} scenarios, {sweeps} sweeps"
    );
    // The resolved file (every key spelled out, disabled tiers included) validates too.
    let resolved = Scenario::builtin(&[]).expect("built-in").to_toml();
    assert_eq!(refusals(&scenario, &resolved), Vec::<String>::new());
}

/// The built-in scenario with `key` set to the TOML value `value` in the table at
/// `at`: `""` for the top level, `"group"` for the first staffing group, else a table
/// name. A `value` of `""` removes the key.
fn changed(at: &str, key: &str, value: &str) -> String {
    let mut doc: toml::Table = DEFAULT_SCENARIO.parse().expect("TOML");
    let table = match at {
        "" => &mut doc,
        "group" => doc
            .get_mut("staffing")
            .and_then(|s| s.get_mut("groups"))
            .and_then(|g| g.get_mut(0))
            .and_then(toml::Value::as_table_mut)
            .expect("a group"),
        name => doc
            .get_mut(name)
            .and_then(toml::Value::as_table_mut)
            .expect("a table"),
    };
    if value.is_empty() {
        table.remove(key);
    } else {
        let parsed: toml::Table = format!("v = {value}").parse().expect("a TOML value");
        table.insert(key.into(), parsed["v"].clone());
    }
    toml::to_string(&doc).expect("TOML text")
}

#[test]
fn the_parser_and_the_schema_refuse_the_same_bad_scenarios() {
    let v = validator("scenario");
    // The gap the README names: JSON has one kind of number, so a whole float passes
    // where the parser asks for an integer.
    let float_agents = changed("group", "agents", "4.0");
    assert!(Scenario::from_toml(&float_agents, "float agents", &[]).is_err());
    assert_eq!(refusals(&v, &float_agents), Vec::<String>::new());
    let bad = [
        ("unknown key", changed("", "colour", "\"red\"")),
        (
            "unknown key in a table",
            changed("policy", "discipline_of", "\"fifo\""),
        ),
        ("wrong type", changed("", "seed", "\"one\"")),
        ("negative agent count", changed("group", "agents", "-1")),
        ("concurrency 0", changed("group", "concurrency", "0")),
        (
            "a probability above 1",
            changed("group", "effectiveness", "1.5"),
        ),
        (
            "all of the time lost to shrinkage",
            changed("group", "shrinkage", "1.0"),
        ),
        ("no replications", changed("", "replications", "0")),
        (
            "bad enum value",
            changed("policy", "discipline", "\"random\""),
        ),
        ("bad weekday", changed("", "start_day", "\"monday\"")),
        (
            "a table written as the list of its values",
            changed("", "costs", "[\"EUR\", 5.0]"),
        ),
        ("bad duration string", changed("", "horizon", "\"7 days\"")),
        ("duration without a unit", changed("", "warmup", "60")),
        (
            "unknown distribution",
            changed(
                "customers",
                "think_time",
                "{ dist = \"weibull\", mean = \"10m\" }",
            ),
        ),
        (
            "a key of another distribution",
            changed(
                "customers",
                "think_time",
                "{ dist = \"exponential\", mean = \"10m\", cv = 0.5 }",
            ),
        ),
        ("missing required table", changed("", "staffing", "")),
        (
            "name unusable as a folder",
            changed("", "name", "\"../up\""),
        ),
        (
            "negative arrival rate",
            changed("arrivals", "rate_per_h", "-5.0"),
        ),
    ];
    both_refuse("scenario", &v, &bad, |text| {
        Scenario::from_toml(text, "bad.toml", &[]).is_err()
    });
}

/// Each `(what, text)` of `bad` is refused by the parser (`refused`) and by the schema.
fn both_refuse(
    kind: &str,
    v: &jsonschema::Validator,
    bad: &[(&str, String)],
    refused: impl Fn(&str) -> bool,
) {
    for (what, text) in bad {
        assert!(refused(text), "the parser accepted a {kind} with {what}");
        assert!(
            !refusals(v, text).is_empty(),
            "the schema accepted a {kind} with {what}:\n{text}"
        );
    }
}

#[test]
fn the_parser_and_the_schema_refuse_the_same_bad_sweeps() {
    let v = validator("sweep");
    let good = "name = \"s\"\nbase = \"builtin\"\n[[parameters]]\npath = \"arrivals.rate_per_h\"\nvalues = [60, 80]\n";
    assert_eq!(refusals(&v, good), Vec::<String>::new());
    SweepSpec::from_toml(good, "good.toml", Path::new(".")).expect("a valid sweep");
    let bad = [
        ("unknown key", format!("{good}colour = \"red\"\n")),
        ("bad design", format!("design = \"random\"\n{good}")),
        ("wrong type", format!("replications = \"ten\"\n{good}")),
        (
            "bad role",
            good.replace("values", "role = \"wish\"\nvalues"),
        ),
        (
            "missing path",
            good.replace("path = \"arrivals.rate_per_h\"\n", ""),
        ),
        (
            "no points in a Latin hypercube",
            "design = \"lhs\"\npoints = 0\n[[parameters]]\npath = \"arrivals.rate_per_h\"\nmin = 60\nmax = 80\n".to_string(),
        ),
        (
            "text for a range",
            good.replace("values = [60, 80]", "from = \"60\"\nto = 80\nstep = 20"),
        ),
    ];
    both_refuse("sweep", &v, &bad, |text| {
        SweepSpec::from_toml(text, "bad.toml", Path::new(".")).is_err()
    });
}

/// A file with `extends` may leave out what its base supplies (tables merge key by key),
/// but list items replace the base's and must be whole; a file without `extends` must be
/// whole.
#[test]
fn a_file_with_extends_may_be_partial_and_the_schema_agrees() {
    let v = validator("scenario");
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("base.toml"), DEFAULT_SCENARIO).expect("base");
    let cases = [
        (
            "extends = \"base.toml\"\nname = \"evening\"\n[arrivals]\nrate_per_h = 140\n[customers.think_time]\nmean = \"5m\"\n",
            true,
        ),
        ("extends = \"base.toml\"\n", true),
        // Without `extends` the same partial file is refused.
        ("name = \"evening\"\n[arrivals]\nrate_per_h = 140\n", false),
        // A key the base does not know is refused either way.
        (
            "extends = \"base.toml\"\n[policy]\ncolour = \"red\"\n",
            false,
        ),
        // A list replaces the base's: its items must be whole (a group needs its shifts).
        (
            "extends = \"base.toml\"\n[[staffing.groups]]\nname = \"day\"\nagents = 4\n",
            false,
        ),
        ("extends = \"base.toml\"\nhorizon = \"a week\"\n", false),
    ];
    for (text, valid) in cases {
        let path = tmp.path().join("plan.toml");
        std::fs::write(&path, text).expect("plan");
        let parsed = Scenario::load(&path, &[]);
        let errors = refusals(&v, text);
        assert_eq!(
            parsed.is_ok(),
            valid,
            "parser on:\n{text}\n{:?}",
            parsed.err().map(|e| e.to_string())
        );
        assert_eq!(errors.is_empty(), valid, "schema on:\n{text}\n{errors:?}");
    }
}
