//! Everything that can be wrong with a scenario, said so that a user can fix it: the field
//! path, the value found and what is allowed.

/// An invalid or unreadable scenario. Exit code 2 at the command line.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("cannot read scenario `{path}`")]
    Io {
        /// The path as given.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The text is not valid TOML.
    #[error("scenario `{file}` is not valid TOML: {message}")]
    Syntax {
        /// File name (or `<built-in>`).
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A key is unknown, missing or of the wrong type.
    #[error("scenario field `{path}`: {message}")]
    Field {
        /// Dotted path of the field, e.g. `classes[1].handle_time.mean`.
        path: String,
        /// What is wrong, with the nearest valid name where one is close.
        message: String,
    },
    /// A value is out of its allowed range or inconsistent with others.
    #[error("scenario field `{path}` = {value}: {allowed}")]
    Invalid {
        /// Dotted path of the field.
        path: String,
        /// The offending value as written.
        value: String,
        /// What is allowed instead.
        allowed: String,
    },
    /// A `--set path=value` override could not be applied.
    #[error("--set {arg}: {message}")]
    Override {
        /// The override as given.
        arg: String,
        /// Why it was refused.
        message: String,
    },
}

impl ScenarioError {
    /// Shorthand for [`ScenarioError::Invalid`].
    pub fn invalid(
        path: impl Into<String>,
        value: impl std::fmt::Display,
        allowed: impl Into<String>,
    ) -> Self {
        ScenarioError::Invalid {
            path: path.into(),
            value: value.to_string(),
            allowed: allowed.into(),
        }
    }
}

/// The candidate closest to `word` (by Jaro-Winkler similarity), if it is close enough to
/// be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The allowed name that `word` most plausibly meant: one it starts with (`monday` for
/// `mon`), else the nearest by [`nearest`]; case is ignored.
pub fn suggestion<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    allowed
        .iter()
        .copied()
        .find(|a| a.len() >= 3 && lower.starts_with(a))
        .or_else(|| nearest(&lower, allowed.iter().copied()))
}

/// `path = "value": one of a, b, c (did you mean `b`?)`: a name outside a closed list.
pub(crate) fn one_of(path: &str, value: &str, allowed: &[&str]) -> ScenarioError {
    let hint = suggestion(value, allowed)
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    ScenarioError::invalid(
        path,
        format!("\"{value}\""),
        format!("one of {}{hint}", allowed.join(", ")),
    )
}

/// A serde refusal at `path` as a scenario error. An unknown enum variant ("unknown
/// variant `fifp`, expected one of `fifo`, ...") is said as every other refused value,
/// with the allowed names and a "did you mean"; anything else keeps serde's words, with
/// [`with_suggestion`].
pub(crate) fn from_serde(path: String, message: &str) -> ScenarioError {
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((word, expected)) = rest.split_once('`')
        && expected.contains("expected")
    {
        let allowed: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        if !allowed.is_empty() {
            return one_of(&path, word, &allowed);
        }
    }
    ScenarioError::Field {
        path,
        message: with_suggestion(message),
    }
}

/// Adds "did you mean ..." to serde's "unknown field/variant `x`, expected one of ..."
/// messages.
pub fn with_suggestion(message: &str) -> String {
    let Some(start) = message.find('`') else {
        return message.to_string();
    };
    let Some(len) = message[start + 1..].find('`') else {
        return message.to_string();
    };
    let word = &message[start + 1..start + 1 + len];
    let Some(expected_at) = message.find("expected") else {
        return message.to_string();
    };
    if !message.starts_with("unknown") {
        return message.to_string();
    }
    let candidates: Vec<&str> = message[expected_at..]
        .split('`')
        .skip(1)
        .step_by(2)
        .collect();
    match nearest(word, candidates) {
        Some(best) => format!("{message}; did you mean `{best}`?"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_field() {
        let msg = "unknown field `rate_per_hr`, expected one of `rate_per_h`, `profile`, `hourly`";
        assert!(with_suggestion(msg).ends_with("did you mean `rate_per_h`?"));
        let msg = "unknown variant `expo`, expected one of `constant`, `exponential`, `gamma`";
        assert!(with_suggestion(msg).ends_with("did you mean `exponential`?"));
        let far = "unknown field `zzz`, expected `rate_per_h`";
        assert_eq!(with_suggestion(far), far);
        assert_eq!(nearest("twiter", ["twitter", "facebook"]), Some("twitter"));
    }

    #[test]
    fn unknown_variants_list_the_allowed_names() {
        let e = from_serde(
            "policy.discipline".into(),
            "unknown variant `fifp`, expected one of `fifo`, `lifo`",
        );
        assert_eq!(
            e.to_string(),
            "scenario field `policy.discipline` = \"fifp\": one of fifo, lifo (did you mean `fifo`?)"
        );
        assert_eq!(suggestion("Monday", &["mon", "tue"]), Some("mon"));
        let other = from_serde("seed".into(), "invalid type: integer `-1`, expected u64");
        assert!(matches!(other, ScenarioError::Field { .. }));
    }
}
