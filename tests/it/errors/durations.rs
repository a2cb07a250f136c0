//! Durations: units, and horizons and warm-ups that make sense.

use super::*;

#[test]
fn duration_string_without_a_unit() {
    let text = replaced(r#"horizon = "14d""#, r#"horizon = "7""#);
    refused(
        check_text(&text, &[]),
        &["`horizon`", "`7`", "needs a unit", "\"30m\""],
    );
}

#[test]
fn duration_number_without_a_unit() {
    let text = replaced(r#"horizon = "14d""#, "horizon = 7");
    refused(
        check_text(&text, &[]),
        &["`horizon`", "`7` has no unit", "\"7h\""],
    );
}

#[test]
fn duration_with_an_unknown_unit() {
    let text = replaced(r#"horizon = "14d""#, r#"horizon = "2y""#);
    refused(
        check_text(&text, &[]),
        &["`horizon`", "`2y`", "s, m, h, d or w"],
    );
}

#[test]
fn zero_horizon() {
    let text = replaced(r#"horizon = "14d""#, r#"horizon = "0m""#);
    refused(
        check_text(&text, &[]),
        &["`horizon`", "\"0m\"", "a duration > 0"],
    );
}

#[test]
fn warmup_as_long_as_the_horizon() {
    let text = replaced(r#"warmup = "1d""#, r#"warmup = "14d""#);
    refused(
        check_text(&text, &[]),
        &["`warmup`", "\"14d\"", "shorter than the horizon"],
    );
}
