//! "KPI name -> value", in report order: the one shape every results file and every
//! in-memory result uses for per-KPI summaries.
//!
//! [`KpiMap`] is an ordered list of `(name, value)` pairs that (de)serializes as a map, so
//! `summary.json`, `comparison.json` and `sweep.json` keep the KPIs in the order they were
//! computed. [`Stat`] is a summary as those files write it.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::number::nullable;
use crate::stats::Summary;

/// KPI name -> `V`, in insertion (report) order; serialized as a map in that order.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiMap<V>(Vec<(String, V)>);

impl<V> Default for KpiMap<V> {
    fn default() -> Self {
        KpiMap(Vec::new())
    }
}

impl<V> KpiMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of KPI `name`.
    pub fn get(&self, name: &str) -> Option<&V> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Sets KPI `name` to `value`: in place if it is there, else at the end.
    pub fn insert(&mut self, name: impl Into<String>, value: V) {
        let name = name.into();
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// The KPIs and their values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }

    /// The KPI names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(n, _)| n.as_str())
    }

    /// Number of KPIs.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no KPIs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The same KPIs with `f` applied to every value.
    pub fn map<W>(&self, mut f: impl FnMut(&V) -> W) -> KpiMap<W> {
        KpiMap(self.0.iter().map(|(n, v)| (n.clone(), f(v))).collect())
    }
}

impl<V> FromIterator<(String, V)> for KpiMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut map = KpiMap::new();
        for (n, v) in iter {
            map.insert(n, v);
        }
        map
    }
}

impl<V> IntoIterator for KpiMap<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The iterator of [`KpiMap::iter`] by reference.
type Pairs<'a, V> =
    std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a str, &'a V)>;

impl<'a, V> IntoIterator for &'a KpiMap<V> {
    type Item = (&'a str, &'a V);
    type IntoIter = Pairs<'a, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(n, v)| (n.as_str(), v))
    }
}

impl<V: Serialize> Serialize for KpiMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (n, v) in &self.0 {
            map.serialize_entry(n, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for KpiMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = KpiMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of KPI names")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut map = KpiMap::new();
                while let Some((n, v)) = a.next_entry::<String, V>()? {
                    map.insert(n, v);
                }
                Ok(map)
            }
        }
        d.deserialize_map(Entries(PhantomData))
    }
}

/// A KPI's summary as the JSON results files write it: mean, standard deviation, 95% CI
/// (each `null` where undefined) and the replications it is defined in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stat {
    /// Mean over replications.
    #[serde(with = "nullable")]
    pub mean: f64,
    /// Sample standard deviation.
    #[serde(with = "nullable", default = "nullable::nan")]
    pub std: f64,
    /// Lower end of the 95% confidence interval.
    #[serde(with = "nullable", default = "nullable::nan")]
    pub ci95_low: f64,
    /// Upper end.
    #[serde(with = "nullable", default = "nullable::nan")]
    pub ci95_high: f64,
    /// Replications in which the KPI was defined.
    #[serde(default)]
    pub n: usize,
}

impl From<Summary> for Stat {
    fn from(s: Summary) -> Self {
        Stat {
            mean: s.mean,
            std: s.std,
            ci95_low: s.ci95_low,
            ci95_high: s.ci95_high,
            n: s.n,
        }
    }
}

impl From<Stat> for Summary {
    fn from(s: Stat) -> Self {
        Summary {
            n: s.n,
            mean: s.mean,
            std: s.std,
            ci95_low: s.ci95_low,
            ci95_high: s.ci95_high,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kpi_maps_keep_their_order_through_json() {
        let map: KpiMap<u32> = [("b", 1), ("a", 2), ("c", 3)]
            .into_iter()
            .map(|(n, v)| (n.to_string(), v))
            .collect();
        let text = serde_json::to_string(&map).unwrap_or_default();
        assert_eq!(text, r#"{"b":1,"a":2,"c":3}"#);
        let back: KpiMap<u32> = serde_json::from_str(&text).expect("a map");
        assert_eq!(back, map);
        assert_eq!(back.get("a"), Some(&2));
        assert_eq!(back.names().collect::<Vec<_>>(), ["b", "a", "c"]);
    }

    #[test]
    fn stats_write_undefined_numbers_as_null() {
        let s = Stat::from(Summary::of(&[1.0]));
        let text = serde_json::to_string(&s).unwrap_or_default();
        assert_eq!(
            text,
            r#"{"mean":1.0,"std":null,"ci95_low":null,"ci95_high":null,"n":1}"#
        );
        let back: Stat = serde_json::from_str(&text).expect("a stat");
        assert!(back.std.is_nan() && back.mean == 1.0 && back.n == 1);
    }
}
