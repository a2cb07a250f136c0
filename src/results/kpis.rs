//! `kpis.json`: the data dictionary of a results folder. For every KPI in the folder's
//! files: its label, unit, better direction, section, family and meaning, the currency of
//! money, and the period that counts and money cover, all from the KPI registry
//! ([`crate::kpi`]).

use crate::kpi;

/// `kpis.json`, the data dictionary of a results folder: what every KPI in its files
/// means, its unit and direction, and the period its counts and money cover.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dictionary {
    /// The carecast version that wrote the folder.
    pub carecast_version: String,
    /// The currency of money KPIs.
    pub currency: String,
    /// The measured window every KPI covers (horizon less warm-up), minutes; `null` when
    /// the folder's runs differ (a sweep over the horizon).
    pub period_min: Option<f64>,
    /// The same in words: "per week", "per 21 days"; `null` when the runs differ.
    pub period: Option<String>,
    /// One entry per KPI, in the order of the folder's files.
    pub kpis: Vec<DictionaryEntry>,
}

/// One KPI of [`Dictionary`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DictionaryEntry {
    /// Name in the data files.
    pub name: String,
    /// Plain-words label, as in tables and charts.
    pub label: String,
    /// Unit.
    pub unit: kpi::Unit,
    /// Which way is better.
    pub better: kpi::Better,
    /// Table section.
    pub section: kpi::Section,
    /// Single KPI, or member of a per-channel / per-group family.
    pub family: kpi::Family,
    /// One-line meaning.
    pub meaning: String,
    /// For money: the currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// For counts, hours, impressions and money: the period they cover ("per week").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covers: Option<String>,
}

impl Dictionary {
    /// The data dictionary of KPIs `names` (unknown names are left out), money in
    /// `currency`, counts and money over `period_min` (`None` when runs differ).
    pub fn of(names: &[String], currency: &str, period_min: Option<f64>) -> Dictionary {
        let period = period_min.map(crate::format::period);
        let kpis = names
            .iter()
            .filter_map(|name| {
                let def = kpi::lookup(name)?;
                Some(DictionaryEntry {
                    name: name.clone(),
                    label: kpi::label_of(name),
                    unit: def.unit,
                    better: def.better,
                    section: def.section,
                    family: def.family,
                    meaning: def.meaning.to_string(),
                    currency: def.unit.is_money().then(|| currency.to_string()),
                    covers: if def.unit.per_period() {
                        Some(
                            period
                                .clone()
                                .unwrap_or_else(|| "per measured window (varies)".into()),
                        )
                    } else {
                        None
                    },
                })
            })
            .collect();
        Dictionary {
            carecast_version: super::VERSION.to_string(),
            currency: currency.to_string(),
            period_min,
            period,
            kpis,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_names_units_and_periods() {
        let sc = crate::scenario::Scenario::builtin(&[]).expect("built-in");
        let names = kpi::kpi_names(&sc);
        let d = Dictionary::of(&names, "USD", Some(7.0 * 1440.0));
        assert_eq!(d.kpis.len(), names.len());
        let cost = d
            .kpis
            .iter()
            .find(|e| e.name == "cost_total")
            .expect("cost");
        assert_eq!(cost.covers.as_deref(), Some("per week"));
        assert_eq!(cost.currency.as_deref(), Some("USD"));
        let sla = d
            .kpis
            .iter()
            .find(|e| e.name == "answered_within_30m")
            .expect("sla");
        assert_eq!(sla.label, "Answered within 30 min");
        assert_eq!(
            (sla.covers.as_deref(), sla.currency.as_deref()),
            (None, None)
        );
        let text = super::super::json::to_text(&d);
        let back: Dictionary = super::super::json::from_text(&text).expect("reads back");
        assert_eq!(back, d);
    }
}
