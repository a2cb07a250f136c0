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
    #[error("scenario `{file}` is not valid TOML: {}", cut_long(.message))]
    Syntax {
        /// File name (or `<built-in>`).
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A key is unknown, missing or of the wrong type.
    #[error("scenario field `{}`: {}", cut_long(.path), cut_long(.message))]
    Field {
        /// Dotted path of the field, e.g. `classes[1].handle_time.mean`.
        path: String,
        /// What is wrong, with the nearest valid name where one is close.
        message: String,
    },
    /// A value is out of its allowed range or inconsistent with others.
    #[error(
        "scenario field `{}` = {}: {}",
        cut_long(.path),
        cut_long(.value),
        cut_long(.allowed)
    )]
    Invalid {
        /// Dotted path of the field.
        path: String,
        /// The offending value as written.
        value: String,
        /// What is allowed instead.
        allowed: String,
    },
    /// The file is another kind of carecast file (a sweep file, say): what it is and the
    /// command that reads it.
    #[error("`{file}` {message}")]
    WrongKind {
        /// The file as given.
        file: String,
        /// What it is and what to run instead.
        message: String,
    },
    /// A command-line option (`--set path=value`, `--variant NAME=...`, ...) could not be
    /// applied.
    #[error("{}: {}", cut_long(.arg), cut_long(.message))]
    Override {
        /// The option as given, e.g. `--set arrivals.rate_per_h=x`.
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
    // A word far longer than any name is no typo of one (and comparing a megabyte key
    // with every candidate would take long).
    if word.len() > 4 * MAX_SHOWN_CHARS {
        return None;
    }
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

/// Longest run of characters without a space that a message shows in full: a longer one
/// (a 300-digit number, a megabyte key) is cut to its start, `…` and its last characters.
pub const MAX_SHOWN_CHARS: usize = 60;

/// Longest file path (a run of characters with a `/` or `\\`) that a message shows in
/// full: paths are longer than values, and the user needs them.
pub const MAX_SHOWN_PATH_CHARS: usize = 400;

/// `text` with every run of more than [`MAX_SHOWN_CHARS`] non-space characters cut to its
/// first characters, `…` and its last 8 (so closing quotes and backticks stay); runs that
/// look like file paths are cut only beyond [`MAX_SHOWN_PATH_CHARS`].
pub fn cut_long(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4096));
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let limit = if word.contains(['/', '\\']) {
            MAX_SHOWN_PATH_CHARS
        } else {
            MAX_SHOWN_CHARS
        };
        if word.chars().count() > limit {
            let head: String = word.chars().take(limit - 12).collect();
            let tail: Vec<char> = word.chars().rev().take(8).collect();
            out.push_str(&head);
            out.push('…');
            out.extend(tail.into_iter().rev());
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// What a serde type name means in a scenario file, in the user's words.
fn expected_in_words(expected: &str, path: &str) -> String {
    let e = expected.trim();
    let base = e.split(" with ").next().unwrap_or(e);
    if base.contains("DistSpec") {
        return "a distribution table such as { dist = \"exponential\", mean = \"10m\" }".into();
    }
    if base.starts_with("struct ") || base == "a map" || base.starts_with("map") {
        return "a table of keys, e.g. { key = value } or a [section]".into();
    }
    let unsigned = ["u8", "u16", "u32", "u64", "u128", "usize"];
    let signed = ["i8", "i16", "i32", "i64", "i128", "isize"];
    let is_seed = path == "seed" || path.ends_with(".seed") || path.ends_with("_seed");
    if is_seed && unsigned.contains(&base) {
        return format!("a whole number from 0 to {}", super::MAX_SEED);
    }
    if unsigned.contains(&base) {
        return "a whole number >= 0".into();
    }
    if signed.contains(&base) {
        return "a whole number".into();
    }
    match base {
        "f32" | "f64" => "a number".into(),
        "a sequence" => "a list such as [1, 2, 3]".into(),
        "a boolean" | "bool" => "true or false".into(),
        "a character" | "char" => "a single character".into(),
        _ if base.starts_with("enum ")
            || base.starts_with("internally tagged enum ")
            || base.starts_with("adjacently tagged enum ")
            || base.starts_with("untagged enum ") =>
        {
            "one of the names this field allows".into()
        }
        _ => e.to_string(),
    }
}

/// What serde found (its `Unexpected`), in the user's words: `the string "x"`, `the
/// number 1.5`, `a list`.
fn found_in_words(found: &str) -> String {
    let f = found.trim();
    let quoted = |rest: &str| rest.trim_matches('`').to_string();
    if let Some(rest) = f.strip_prefix("integer ") {
        return format!("the whole number {}", quoted(rest));
    }
    if let Some(rest) = f.strip_prefix("floating point ") {
        return format!("the number {}", quoted(rest));
    }
    if let Some(rest) = f.strip_prefix("boolean ") {
        return quoted(rest);
    }
    if let Some(rest) = f.strip_prefix("string ") {
        return format!("the string {rest}");
    }
    if let Some(rest) = f.strip_prefix("character ") {
        return format!("the character {rest}");
    }
    match f {
        "sequence" => "a list".into(),
        "map" => "a table".into(),
        "unit value" | "unit" => "nothing".into(),
        other => other.to_string(),
    }
}

/// serde's "invalid type: integer `3`, expected struct BotFile" said without Rust type
/// names: "expected a table of keys, ..., found the whole number 3". Other messages are
/// returned as they are.
pub fn in_words(message: &str, path: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.rsplit_once(", expected ")
        {
            return format!(
                "expected {}, found {}",
                expected_in_words(expected, path),
                found_in_words(found)
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ")
        && let Some((len, expected)) = rest.split_once(", expected ")
    {
        let what = expected_in_words(expected, path);
        let found = if expected.starts_with("struct ") {
            "a list".to_string()
        } else {
            format!("{len} items")
        };
        return format!("expected {what}, found {found}");
    }
    message.to_string()
}

/// The TOML parser's message without Rust type names: an integer beyond TOML's range
/// ("u64 value was too large") is said with the range.
pub fn syntax_in_words(message: &str) -> String {
    let mut out = message.to_string();
    for rust in [
        "u64 value was too large",
        "i64 value was too large",
        "integer number overflowed",
    ] {
        out = out.replace(
            rust,
            "integer too large: TOML integers go from -9223372036854775808 to 9223372036854775807 (2^63 - 1)",
        );
    }
    out
}

/// A serde refusal at `path` as a scenario error. An unknown enum variant ("unknown
/// variant `fifp`, expected one of `fifo`, ...") is said as every other refused value,
/// with the allowed names and a "did you mean"; a value of the wrong type is said without
/// Rust type names ([`in_words`]); anything else keeps serde's words, with
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
        message: with_suggestion(&in_words(message, &path)),
        path,
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
    fn type_mismatches_are_said_without_rust_type_names() {
        let cases = [
            (
                "invalid type: integer `5`, expected internally tagged enum DistSpec",
                "x",
                "expected a distribution table such as { dist = \"exponential\", mean = \"10m\" }, found the whole number 5",
            ),
            (
                "invalid type: integer `3`, expected struct BotFile",
                "bot",
                "expected a table of keys, e.g. { key = value } or a [section], found the whole number 3",
            ),
            (
                "invalid type: string \"x\", expected f64",
                "bot.handover",
                "expected a number, found the string \"x\"",
            ),
            (
                "invalid type: floating point `2.5`, expected i64",
                "replications",
                "expected a whole number, found the number 2.5",
            ),
            (
                "invalid value: integer `-1`, expected u64",
                "seed",
                "expected a whole number from 0 to 9223372036854775807, found the whole number -1",
            ),
            (
                "invalid type: boolean `true`, expected a sequence",
                "channels",
                "expected a list such as [1, 2, 3], found true",
            ),
            (
                "invalid length 2, expected struct StaffingFile with 3 elements",
                "staffing",
                "expected a table of keys, e.g. { key = value } or a [section], found a list",
            ),
        ];
        for (serde, path, ours) in cases {
            assert_eq!(in_words(serde, path), ours);
            for rust in [
                "DistSpec", "File", "f64", "i64", "u64", "struct", "sequence",
            ] {
                assert!(!ours.contains(rust), "{ours}");
            }
        }
        assert_eq!(
            in_words("missing field `name`", "x"),
            "missing field `name`"
        );
    }

    #[test]
    fn long_runs_of_characters_are_cut() {
        let digits = "9".repeat(300);
        let cut = cut_long(&format!("value \"{digits}\" is too large"));
        assert_eq!(cut.chars().filter(|c| *c == '9').count(), 47 + 7);
        assert!(cut.starts_with("value \"999"));
        assert!(cut.ends_with("99\" is too large"), "{cut}");
        assert!(cut.contains('…'));
        let short = "a message with `ordinary` words and 12345";
        assert_eq!(cut_long(short), short);
        assert_eq!(cut_long(&"k".repeat(60)), "k".repeat(60));
        assert_eq!(cut_long(&"k".repeat(1 << 20)).chars().count(), 57);
        let path = format!("(/{}/templates.csv)", "d".repeat(200));
        assert_eq!(cut_long(&path), path);
        assert_eq!(cut_long(&"/".repeat(1 << 20)).chars().count(), 397);
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
