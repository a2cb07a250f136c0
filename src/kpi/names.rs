//! KPI names: a scenario's KPIs with their families expanded (`answered_within_30m`,
//! `frt_mean_min.twitter`, `occupancy.day`), and a name's definition, label and unit.

use super::{Family, KPIS, KpiDef, Unit};
use crate::scenario::{Scenario, threshold_name};

/// A reported KPI of a scenario: its full name (`frt_mean_min.twitter`) and its
/// definition, with the threshold and family member where it has them.
#[derive(Debug, Clone)]
pub struct Kpi {
    /// Full name, as in files.
    pub name: String,
    /// The definition.
    pub def: &'static KpiDef,
    /// The service-level threshold, minutes, of a per-threshold KPI.
    pub threshold_min: Option<f64>,
    /// The class, channel or group of a family member.
    pub member: Option<String>,
}

impl Kpi {
    /// Plain-words label: the definition's, with the threshold ("Answered within 30
    /// min") and the class, channel or group of a family member ("First reply, mean:
    /// twitter").
    pub fn label(&self) -> String {
        compose_label(self.def, self.threshold_min, self.member.as_deref())
    }
}

fn compose_label(def: &KpiDef, threshold_min: Option<f64>, member: Option<&str>) -> String {
    let mut label = def.label.to_string();
    if let Some(t) = threshold_min {
        let shown = if t >= 60.0 && t % 60.0 == 0.0 && t != 60.0 {
            format!("{} h", t / 60.0)
        } else {
            format!("{t} min")
        };
        label = format!("{label} {shown}");
    }
    match member {
        Some(m) => format!("{label}: {m}"),
        None => label,
    }
}

/// The segments of `scenario` with their index in the tally: the classes policy answers
/// (the others have no response times or customers), then the channels.
pub(super) fn segments(scenario: &Scenario) -> Vec<(&str, usize)> {
    let n = scenario.classes.len();
    scenario
        .classes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.answer)
        .map(|(i, c)| (c.name.as_str(), i))
        .chain(
            scenario
                .channels
                .iter()
                .enumerate()
                .map(|(i, c)| (c.name.as_str(), n + i)),
        )
        .collect()
}

/// The members of a family of `scenario`: its answered classes then its channels, its
/// groups, or none.
fn members(def: &KpiDef, scenario: &Scenario) -> Vec<String> {
    match def.family {
        Family::Single | Family::PerThreshold => Vec::new(),
        Family::PerSegment | Family::PerThresholdSegment => segments(scenario)
            .into_iter()
            .map(|(name, _)| name.to_string())
            .collect(),
        Family::PerGroup => scenario.groups.iter().map(|g| g.name.clone()).collect(),
    }
}

/// The KPIs of `scenario`, in report order, families expanded.
pub fn kpis(scenario: &Scenario) -> Vec<Kpi> {
    let mut out = Vec::with_capacity(KPIS.len() * 4);
    for def in KPIS {
        let thresholds: Vec<Option<f64>> = if def.family.per_threshold() {
            scenario
                .service_levels_min
                .iter()
                .map(|&t| Some(t))
                .collect()
        } else {
            vec![None]
        };
        let members = members(def, scenario);
        for threshold_min in thresholds {
            let base = match threshold_min {
                Some(t) => format!("{}_{}", def.name, threshold_name(t)),
                None => def.name.to_string(),
            };
            if matches!(def.family, Family::Single | Family::PerThreshold) {
                out.push(Kpi {
                    name: base,
                    def,
                    threshold_min,
                    member: None,
                });
                continue;
            }
            out.extend(members.iter().map(|m| Kpi {
                name: format!("{base}.{m}"),
                def,
                threshold_min,
                member: Some(m.clone()),
            }));
        }
    }
    out
}

/// The length of the measured window of `scenario` (horizon less warm-up), minutes: the
/// period that counts, hours and money cover.
pub fn measured_min(scenario: &Scenario) -> f64 {
    scenario.horizon_min - scenario.warmup_min
}

/// The KPI names of `scenario`, in report order.
pub fn kpi_names(scenario: &Scenario) -> Vec<String> {
    kpis(scenario).into_iter().map(|k| k.name).collect()
}

/// The threshold of a per-threshold name's base (`answered_within_30m` -> (`answered_within`,
/// 30.0)).
fn split_threshold(base: &str) -> Option<(&str, f64)> {
    let (prefix, t) = base.rsplit_once('_')?;
    let minutes: f64 = t.strip_suffix('m')?.parse().ok()?;
    (minutes > 0.0 && minutes.fract() == 0.0).then_some((prefix, minutes))
}

/// The definition, threshold and member of the KPI called `name`.
fn resolve(name: &str) -> Option<(&'static KpiDef, Option<f64>, Option<&str>)> {
    let (base, member) = match name.split_once('.') {
        Some((b, m)) => (b, Some(m)),
        None => (name, None),
    };
    let fits = |d: &KpiDef, per_threshold: bool| {
        d.family.per_threshold() == per_threshold
            && (member.is_some()
                == matches!(
                    d.family,
                    Family::PerSegment | Family::PerGroup | Family::PerThresholdSegment
                ))
    };
    if let Some(d) = KPIS.iter().find(|d| d.name == base && fits(d, false)) {
        return Some((d, None, member));
    }
    let (prefix, t) = split_threshold(base)?;
    KPIS.iter()
        .find(|d| d.name == prefix && fits(d, true))
        .map(|d| (d, Some(t), member))
}

/// The definition of the KPI called `name` (a family member's name finds its family),
/// or `None` for a name carecast does not report.
pub fn lookup(name: &str) -> Option<&'static KpiDef> {
    resolve(name).map(|(d, _, _)| d)
}

/// The unit of the KPI `name` ([`Unit::Count`] for a name carecast does not report).
pub fn unit_of(name: &str) -> Unit {
    lookup(name).map_or(Unit::Count, |d| d.unit)
}

/// The plain-words label of the KPI `name` (the name itself if carecast does not report
/// it).
pub fn label_of(name: &str) -> String {
    match resolve(name) {
        Some((def, t, member)) => compose_label(def, t, member),
        None => name.to_string(),
    }
}

/// The KPI `name` as `scenario` reports it: a per-threshold KPI whose threshold the
/// scenario does not list (`answered_within_30m` where `service_levels = ["15m"]`) is
/// its first threshold's (`answered_within_15m`); any other name is itself. The
/// headline lists name the default threshold and go through this.
pub fn in_scenario(name: &str, scenario: &Scenario) -> String {
    let Some((def, Some(t), member)) = resolve(name) else {
        return name.to_string();
    };
    match scenario.service_levels_min.first() {
        Some(&first) if !scenario.service_levels_min.contains(&t) => {
            let base = format!("{}_{}", def.name, threshold_name(first));
            member.map_or(base.clone(), |m| format!("{base}.{m}"))
        }
        _ => name.to_string(),
    }
}
