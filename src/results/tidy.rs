//! Tidy (long) per-replication rows: one row per plan, replication and KPI, with a KPI
//! family's segment (`answered_within_30m.twitter`) split into its own columns
//! (`kpi`, `channel`, `group`, `class`), ready for pandas or R without string parsing.

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;

/// The channel, group and class names a KPI family's segment may be: what splits a
/// dotted KPI name into columns. Stored in a sweep's manifest, so shard folders merge
/// without the scenario.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Segments {
    /// Channel names.
    #[serde(default)]
    pub channels: Vec<String>,
    /// Agent group names.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Class names.
    #[serde(default)]
    pub classes: Vec<String>,
}

impl Segments {
    /// The channel, group and class names of `scenario`.
    pub fn of(scenario: &Scenario) -> Segments {
        Segments {
            channels: scenario.channels.iter().map(|c| c.name.clone()).collect(),
            groups: scenario.groups.iter().map(|g| g.name.clone()).collect(),
            classes: scenario.classes.iter().map(|c| c.name.clone()).collect(),
        }
    }

    /// Adds the names of `other` not yet here (the names of every point of a sweep).
    pub fn extend(&mut self, other: Segments) {
        let add = |mine: &mut Vec<String>, theirs: Vec<String>| {
            for name in theirs {
                if !mine.contains(&name) {
                    mine.push(name);
                }
            }
        };
        add(&mut self.channels, other.channels);
        add(&mut self.groups, other.groups);
        add(&mut self.classes, other.classes);
    }
}

/// A KPI name split into the KPI and the channel, group or class it is measured on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Family<'a> {
    /// The KPI without its segment, e.g. `answered_within_30m`.
    pub kpi: &'a str,
    /// The channel it is measured on, if any.
    pub channel: Option<&'a str>,
    /// The group it is measured on, if any.
    pub group: Option<&'a str>,
    /// The class it is measured on, if any.
    pub class: Option<&'a str>,
}

/// Splits `name` by the channel, group and class names of `segments`; a name whose
/// suffix is none of them stays whole.
pub fn family<'a>(name: &'a str, segments: &Segments) -> Family<'a> {
    let whole = Family {
        kpi: name,
        channel: None,
        group: None,
        class: None,
    };
    let Some((kpi, segment)) = name.rsplit_once('.') else {
        return whole;
    };
    let has = |names: &[String]| names.iter().any(|n| n == segment);
    if has(&segments.channels) {
        Family {
            channel: Some(segment),
            kpi,
            ..whole
        }
    } else if has(&segments.groups) {
        Family {
            group: Some(segment),
            kpi,
            ..whole
        }
    } else if has(&segments.classes) {
        Family {
            class: Some(segment),
            kpi,
            ..whole
        }
    } else {
        whole
    }
}

/// The header of a tidy file whose first column is `first` (`plan`, `point`).
pub fn header(first: &str) -> String {
    format!("{first},replication,kpi,channel,group,class,value\n")
}

/// Appends the rows of one run to `out`: `label` in the first column, then per
/// replication (its index and its KPI values, aligned with `kpi_names`) and KPI its
/// family and value (empty where undefined).
pub fn push_rows<'r>(
    out: &mut String,
    label: &str,
    segments: &Segments,
    kpi_names: &[String],
    replications: impl IntoIterator<Item = (u64, &'r [f64])>,
) {
    for (index, values) in replications {
        for (name, value) in kpi_names.iter().zip(values) {
            let f = family(name, segments);
            let value = if value.is_finite() {
                value.to_string()
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{label},{index},{},{},{},{},{value}\n",
                f.kpi,
                f.channel.unwrap_or(""),
                f.group.unwrap_or(""),
                f.class.unwrap_or(""),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_split_by_the_scenario_names() {
        let sc = Segments::of(&Scenario::builtin(&[]).expect("built-in"));
        let f = family("answered_within_30m.twitter", &sc);
        assert_eq!(
            (f.kpi, f.channel, f.class),
            ("answered_within_30m", Some("twitter"), None)
        );
        let f = family("frt_mean_min.complaint", &sc);
        assert_eq!(
            (f.kpi, f.class, f.channel),
            ("frt_mean_min", Some("complaint"), None)
        );
        let f = family("mentions", &sc);
        assert_eq!(
            (f.kpi, f.channel, f.group, f.class),
            ("mentions", None, None, None)
        );
    }
}
