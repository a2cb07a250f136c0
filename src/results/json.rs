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

/// Reads a results file's text, naming the line of the first problem (a value of the
/// wrong type said without Rust type names, long values cut).
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T, FormatError> {
    serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        // serde_json ends its message with the position; the line is reported apart.
        let message = full
            .rsplit_once(" at line ")
            .map_or(full.as_str(), |(m, _)| m);
        let message = crate::scenario::error::in_words(message, "");
        FormatError::new(
            Some(e.line()),
            crate::scenario::error::cut_long(&format!("{message} (column {})", e.column())),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_the_type_in_words_with_the_line() {
        #[derive(Debug, serde::Deserialize)]
        struct R {
            #[allow(dead_code)]
            seed: u64,
        }
        let e = from_text::<R>("{\n  \"seed\": \"x\"\n}").expect_err("a string");
        assert_eq!(e.line, Some(2));
        assert!(
            e.message
                .starts_with("expected a whole number >= 0, found the string \"x\""),
            "{}",
            e.message
        );
        assert!(!e.message.contains("u64"), "{}", e.message);
    }
}
