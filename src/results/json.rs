//! The JSON format of results files: pretty-printed with two-space indents and a final
//! newline, keys in the order of the types' fields (and of [`KpiMap`](super::KpiMap)s).

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::FormatError;

/// The text of a results file: `value` pretty-printed, with a final newline.
pub fn to_text<T: Serialize>(value: &T) -> String {
    // The results types have string keys and no fallible serializers.
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| unreachable!("results types always serialize to JSON: {e}"))
        + "\n"
}

/// Reads a results file's text, naming the line of the first problem.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, FormatError> {
    serde_json::from_str(text).map_err(|e| FormatError::new(Some(e.line()), e.to_string()))
}
