//! Distributions: parameters, whole-number counts and missing keys.

use super::*;

const PATIENCE: &str = r#"patience = { dist = "exponential", mean = "10m" }"#;

#[test]
fn lognormal_p90_below_the_median() {
    let text = replaced(
        PATIENCE,
        r#"patience = { dist = "lognormal", median = "10m", p90 = "5m" }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].patience.p90",
            "\"5m\"",
            "at least the median (\"10m\")",
        ],
    );
}

#[test]
fn empirical_weights_count_mismatch() {
    let text = replaced(
        PATIENCE,
        r#"patience = { dist = "empirical", values = ["5m", "10m"], weights = [1.0] }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].patience.weights",
            "1 weights",
            "one weight per value (2 values)",
        ],
    );
}

#[test]
fn empirical_without_values() {
    let text = replaced(
        PATIENCE,
        r#"patience = { dist = "empirical", values = [] }"#,
    );
    refused(
        check_text(&text, &[]),
        &["classes[0].patience.values", "[]", "at least one value"],
    );
}

#[test]
fn non_integer_replies() {
    let text = replaced(
        r#"replies = { dist = "constant", value = 1 }"#,
        r#"replies = { dist = "constant", value = 1.5 }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].replies.value",
            "1.5",
            "a whole number from 1 to 50",
        ],
    );
}

#[test]
fn continuous_distribution_for_replies() {
    let text = replaced(
        r#"replies = { dist = "constant", value = 1 }"#,
        r#"replies = { dist = "exponential", mean = 2 }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].replies.dist",
            "\"exponential\"",
            "`constant` or `empirical`",
        ],
    );
}

#[test]
fn distribution_missing_its_parameter() {
    let text = replaced(PATIENCE, r#"patience = { dist = "exponential" }"#);
    refused(
        check_text(&text, &[]),
        &["classes[0].patience", "missing field `mean`"],
    );
}

/// Exposes a bug: a gamma `cv` inside the documented range (> 0 and at most 100) but tiny
/// is refused with rand_distr's "scale is not positive in gamma distribution", which
/// neither names the coefficient of variation nor says what is allowed.
#[test]
fn tiny_gamma_cv_says_what_is_allowed() {
    let text = replaced(
        PATIENCE,
        r#"patience = { dist = "gamma", mean = "10m", cv = 1e-300 }"#,
    );
    refused(
        check_text(&text, &[]),
        &["classes[0].patience.cv", "coefficient of variation"],
    );
}
