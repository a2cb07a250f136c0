//! Value checks shared by the scenario concepts: probabilities, signs, shares that sum to
//! one, names, bounded counts and selections of channels or classes by name. Each refusal
//! names the field path, the value and what is allowed.

use super::error::{ScenarioError, one_of};

/// Longest name accepted for a scenario, channel, class or group (names become folder
/// names and CSV columns).
pub const MAX_NAME_LEN: usize = 100;

/// The rule of [`is_valid_name`] as a regular expression (the JSON Schema says it so;
/// the length limit is a separate `maxLength`).
pub const NAME_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

/// The rule of [`is_valid_name`], as messages say it.
pub const NAME_RULE: &str = "a name that starts with a letter or digit, then letters, digits, `-`, `_` or `.`, at most 100 characters";

pub(crate) fn probability(path: &str, p: f64) -> Result<f64, ScenarioError> {
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(ScenarioError::invalid(
            path,
            p,
            "a probability between 0 and 1",
        ))
    }
}

pub(crate) fn non_negative(path: &str, v: f64) -> Result<f64, ScenarioError> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(ScenarioError::invalid(path, v, "a number >= 0"))
    }
}

pub(crate) fn positive(path: &str, v: f64) -> Result<f64, ScenarioError> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(ScenarioError::invalid(path, v, "a number > 0"))
    }
}

/// Rounds to 6 decimals, for sums shown in messages.
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Each `(name, share)` is a probability and the shares sum to 1.
pub(crate) fn shares(path: &str, items: &[(&str, f64)]) -> Result<(), ScenarioError> {
    for (i, (_, s)) in items.iter().enumerate() {
        probability(&format!("{path}[{i}].share"), *s)?;
    }
    let total: f64 = items.iter().map(|(_, s)| s).sum();
    if (total - 1.0).abs() > 1e-6 {
        let listed: Vec<String> = items.iter().map(|(n, s)| format!("{n} {s}")).collect();
        return Err(ScenarioError::invalid(
            format!("{path}[*].share"),
            format!("{} ({})", round6(total), listed.join(" + ")),
            "the shares must sum to 1",
        ));
    }
    Ok(())
}

/// Whether `n` is a name (of a scenario, channel, class, group, compare plan): names are
/// used in file names and CSV columns, so ASCII letters, digits, `-`, `_` and `.` only,
/// starting with a letter or digit (no separators, no leading dot), at most
/// [`MAX_NAME_LEN`] characters.
pub fn is_valid_name(n: &str) -> bool {
    n.starts_with(|c: char| c.is_ascii_alphanumeric())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        && n.len() <= MAX_NAME_LEN
}

/// The name at `path` is usable as a folder name.
pub(crate) fn name(path: &str, n: &str) -> Result<(), ScenarioError> {
    if is_valid_name(n) {
        Ok(())
    } else {
        Err(ScenarioError::invalid(path, format!("\"{n}\""), NAME_RULE))
    }
}

/// The names of the tables at `path` are usable and unique.
pub(crate) fn names_unique(path: &str, names: &[&str]) -> Result<(), ScenarioError> {
    for (i, n) in names.iter().enumerate() {
        name(&format!("{path}[{i}].name"), n)?;
        if names[..i].contains(n) {
            return Err(ScenarioError::invalid(
                format!("{path}[{i}].name"),
                format!("\"{n}\""),
                "names must be unique",
            ));
        }
    }
    Ok(())
}

/// At most `max` entries in the list at `path`, whose entries are `what` (e.g.
/// "`[[channels]]` tables").
pub(crate) fn count(path: &str, len: usize, max: usize, what: &str) -> Result<(), ScenarioError> {
    if len > max {
        return Err(ScenarioError::invalid(
            path,
            format!("{len} {what}"),
            format!("at most {max} {what}"),
        ));
    }
    Ok(())
}

/// Resolves an optional list of names into flags over `all` (None = all).
pub(crate) fn selection(
    path: &str,
    list: &Option<Vec<String>>,
    all: &[&str],
    what: &str,
) -> Result<Vec<bool>, ScenarioError> {
    match list {
        None => Ok(vec![true; all.len()]),
        Some(names) => {
            let mut flags = vec![false; all.len()];
            for (i, n) in names.iter().enumerate() {
                match all.iter().position(|a| a == n) {
                    Some(k) => flags[k] = true,
                    None => {
                        return Err(one_of(&format!("{path}[{i}]"), n, all).map_allowed(|a| {
                            format!(
                                "a {what} of this scenario: {}",
                                a.trim_start_matches("one of ")
                            )
                        }));
                    }
                }
            }
            Ok(flags)
        }
    }
}

/// The names a selection stands for, as a file says it: none for all, else the selected
/// names in scenario order.
pub(crate) fn selected_names<'a>(
    flags: &[bool],
    all: impl Iterator<Item = &'a str>,
) -> Option<Vec<String>> {
    if flags.iter().all(|f| *f) {
        return None;
    }
    Some(
        all.zip(flags)
            .filter(|(_, f)| **f)
            .map(|(n, _)| n.to_string())
            .collect(),
    )
}

impl ScenarioError {
    /// The same error with its allowed text rewritten by `f`.
    pub(super) fn map_allowed(self, f: impl FnOnce(String) -> String) -> Self {
        match self {
            ScenarioError::Invalid {
                path,
                value,
                allowed,
            } => ScenarioError::Invalid {
                path,
                value,
                allowed: f(allowed),
            },
            other => other,
        }
    }
}

/// The channel and class names, in scenario order: what groups and the bot select from.
pub(crate) struct Names<'a> {
    /// Channel names.
    pub(crate) channels: Vec<&'a str>,
    /// Class names.
    pub(crate) classes: Vec<&'a str>,
}

/// `n` with thousands separated by commas, as limits are said in messages.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_with_thousands_separators() {
        assert_eq!(grouped(10_000_000), "10,000,000");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
    }

    #[test]
    fn names_are_safe_file_names_and_the_rule_says_the_limit() {
        assert!(NAME_RULE.contains(&format!("at most {MAX_NAME_LEN} characters")));
        for good in ["night", "plan-2", "a_b.c", "9am", &"x".repeat(MAX_NAME_LEN)] {
            assert!(is_valid_name(good), "{good}");
        }
        let long = "x".repeat(MAX_NAME_LEN + 1);
        for bad in [
            "", "../x", "/abs", "a/b", "a\\b", ".hidden", "-x", "a,b", "a\nb", "a b", "é", &long,
        ] {
            assert!(!is_valid_name(bad), "{bad:?}");
        }
    }
}
