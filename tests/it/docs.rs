//! The README stays true: it documents every KPI and every scenario key.

use carecast::kpi::{Family, KPIS};
use carecast::scenario::{Scenario, ScenarioFile};

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

#[test]
fn readme_reference_names_every_scenario_key() {
    // The resolved default spells out every key; add the bot and incident tables.
    let sc = Scenario::builtin(&[]).expect("built-in");
    let mut file = ScenarioFile::from(&sc);
    file.bot.channels = Some(vec![]);
    file.bot.classes = Some(vec![]);
    file.policy.max_age = Some("1d".parse().expect("duration"));
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
