//! Tidy (long) per-replication rows: one row per plan, replication and KPI, with a KPI
//! family's segment (`answered_within_30m.twitter`) split into its own columns
//! (`kpi`, `channel`, `group`, `class`), ready for pandas or R without string parsing.

use crate::scenario::Scenario;

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

/// Splits `name` by the channel, group and class names of `scenario`; a name whose
/// suffix is none of them stays whole.
pub fn family<'a>(name: &'a str, scenario: &Scenario) -> Family<'a> {
    let whole = Family {
        kpi: name,
        channel: None,
        group: None,
        class: None,
    };
    let Some((kpi, segment)) = name.rsplit_once('.') else {
        return whole;
    };
    if scenario.channels.iter().any(|c| c.name == segment) {
        Family {
            channel: Some(segment),
            kpi,
            ..whole
        }
    } else if scenario.groups.iter().any(|g| g.name == segment) {
        Family {
            group: Some(segment),
            kpi,
            ..whole
        }
    } else if scenario.classes.iter().any(|c| c.name == segment) {
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
/// replication and KPI its family and value (empty where undefined).
pub fn push_rows(
    out: &mut String,
    label: &str,
    scenario: &Scenario,
    kpi_names: &[String],
    replications: &[crate::kpi::ReplicationResult],
) {
    for r in replications {
        for (name, value) in kpi_names.iter().zip(&r.kpis) {
            let f = family(name, scenario);
            let value = if value.is_finite() {
                value.to_string()
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{label},{},{},{},{},{},{value}\n",
                r.index,
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
        let sc = Scenario::builtin(&[]).expect("built-in");
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
