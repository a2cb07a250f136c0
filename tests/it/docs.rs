//! The README stays true: it documents every KPI and every scenario key.

use carecast::kpi::{Family, KPIS};
use carecast::scenario::optimize::{OptimizeFile, TemplateFile};
use carecast::scenario::{DaySet, Scenario, ScenarioFile};

fn readme() -> String {
    std::fs::read_to_string("README.md").expect("README.md")
}

#[test]
fn readme_glossary_names_every_kpi() {
    let text = readme();
    for def in KPIS {
        assert!(
            text.contains(&format!("`{}`", def.name)),
            "README lacks KPI `{}`",
            def.name
        );
        // Each row of the glossary table carries the registry's label and unit.
        let row = match def.family {
            Family::Single => format!("| `{}` | {} | ", def.name, def.label),
            Family::PerSegment => format!(
                "| `{}.<class or channel>` | {}: *class or channel* | ",
                def.name, def.label
            ),
            Family::PerGroup => format!("| `{}.<group>` | {}: *group* | ", def.name, def.label),
            Family::PerThreshold => format!("| `{}_<t>` | {} *t* | ", def.name, def.label),
            Family::PerThresholdSegment => format!(
                "| `{}_<t>.<class or channel>` | {} *t*: *class or channel* | ",
                def.name, def.label
            ),
        };
        let line = text
            .lines()
            .find(|l| l.starts_with(&row))
            .unwrap_or_else(|| panic!("README glossary lacks the row {row:?}"));
        let unit = def.unit.name().replace('_', " ");
        assert!(
            line.starts_with(&format!("{row}{unit} |")),
            "{line}: unit {unit}"
        );
    }
}

fn keys(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                out.push(k.clone());
                keys(v, out);
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

/// An `[optimize]` table with every key given (not a valid one: it lists templates and a
/// file at once).
fn optimize_table() -> OptimizeFile {
    let d = |s: &str| s.parse().expect("duration");
    OptimizeFile {
        templates: Some(vec![TemplateFile {
            group: "day".into(),
            days: vec![DaySet::Mon],
            start: "08:00".into(),
            length: d("8h"),
            min: 1,
            max: Some(5),
        }]),
        templates_file: Some("shifts.csv".into()),
        groups: Some(vec!["day".into()]),
        start_step: Some(d("1h")),
        lengths: Some(vec![d("8h")]),
        group_max: [("day".to_string(), 9)].into(),
        group_min: [("day".to_string(), 1)].into(),
        ..OptimizeFile::default()
    }
}

#[test]
fn readme_reference_names_every_scenario_key() {
    // The resolved default spells out every key; add the bot and incident tables.
    let sc = Scenario::builtin(&[]).expect("built-in");
    let mut file = ScenarioFile::from(&sc);
    file.bot.channels = Some(vec![]);
    file.bot.classes = Some(vec![]);
    file.policy.max_age = Some("1d".parse().expect("duration"));
    file.optimize = Some(optimize_table());
    file.limits = Some(carecast::scenario::file::LimitsFile::default());
    // Every target, so that the `[targets]` reference is checked too.
    let sc = Scenario::builtin(&[
        "targets.service_level=[{share=0.8, within=\"30m\", scope=\"every_hour\", channel=\"twitter\", class=\"complaint\"}]".to_string(),
        "targets.max_abandonment=0.05".to_string(),
        "targets.max_ignored=0.1".to_string(),
        "targets.min_recommend=0.5".to_string(),
        "targets.weekly_budget=100000".to_string(),
    ])
    .expect("built-in with targets");
    file.targets = ScenarioFile::from(&sc).targets;
    assert!(file.targets.is_some(), "the targets are written back");
    let value = toml::Value::try_from(&file).expect("serialise");
    let mut all = Vec::new();
    keys(&value, &mut all);
    all.extend(
        [
            "incidents",
            "start",
            "duration",
            "multiplier",
            "hourly",
            "daily",
            "weekly",
        ]
        .map(String::from),
    );
    let text = readme();
    for k in all {
        let documented = [
            format!("`{k}`"),
            format!("[{k}]"),
            format!(".{k}]"),
            format!("`{k}."),
            format!(".{k}`"),
        ]
        .iter()
        .any(|form| text.contains(form.as_str()));
        assert!(documented, "README lacks scenario key `{k}`");
    }
}
