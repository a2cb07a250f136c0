//! Numbers in results files: the shortest text that reads back to the same `f64`, and
//! "undefined" (NaN, e.g. a confidence interval from one replication) as an empty CSV
//! field or a JSON `null`.
//!
//! In CSV, [`Num`] is written as Rust's `Display` of the `f64` (`1` not `1.0`, `0.1` not
//! `1e-1`, never an exponent), which the `csv` crate's own float writer does not do. In
//! JSON, numbers are serde_json's (ryu's) shortest form; [`nullable`] writes a non-finite
//! number as `null` and reads `null` back as NaN.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A CSV number: `Display` text when finite, an empty field otherwise; an empty field
/// reads back as NaN.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Num(pub f64);

impl From<f64> for Num {
    fn from(x: f64) -> Self {
        Num(x)
    }
}

impl fmt::Display for Num {
    /// The shortest round-trip text of a finite number; nothing otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_finite() {
            write!(f, "{}", self.0)
        } else {
            Ok(())
        }
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The csv crate reads an empty field as `None`, serde_json reads `null` so.
        Ok(Num(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN)))
    }
}

pub use crate::stats::nullable;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Row {
        x: Num,
        #[serde(with = "nullable")]
        y: f64,
    }

    #[test]
    fn numbers_are_written_as_display_and_undefined_as_empty_or_null() {
        let text = |x: f64| serde_json::to_string(&Num(x)).unwrap_or_default();
        assert_eq!(text(1.0), "\"1\"");
        assert_eq!(text(1e-7), "\"0.0000001\"");
        assert_eq!(text(f64::NAN), "\"\"");
        assert_eq!(text(f64::INFINITY), "\"\"");
        let json = serde_json::to_string(&Row {
            x: Num(0.5),
            y: f64::NAN,
        })
        .unwrap_or_default();
        assert_eq!(json, r#"{"x":"0.5","y":null}"#);
        let back: Row = serde_json::from_str(r#"{"x":null,"y":null}"#).expect("null reads");
        assert!(back.x.0.is_nan() && back.y.is_nan());
        let back: Row = serde_json::from_str(r#"{"x":2,"y":3}"#).expect("numbers read");
        assert_eq!((back.x.0, back.y), (2.0, 3.0));
    }
}
