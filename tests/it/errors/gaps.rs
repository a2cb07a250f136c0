//! Gaps in validation (each exposes a bug; see the doc comments).

use super::*;

/// Exposes a bug: the scenario name `..` passes the name check (letters, digits, `-`, `_`,
/// `.`), and since `run` writes to `results/<name>/<timestamp>/`, the results land in
/// `./<timestamp>/`, outside `results/`.
#[test]
fn scenario_name_dot_dot_is_refused() {
    let text = replaced(r#"name = "erlang-a""#, r#"name = "..""#);
    refused(check_text(&text, &[]), &["`name`", "\"..\""]);
}

/// Exposes a bug: a group with `shifts = []` is accepted (and `check` prints "-0 h/week"),
/// although it never works; it still counts as serving its channels, so the "every
/// channel must be served" check is defeated and the channel is never answered.
#[test]
fn a_group_without_shifts_is_refused() {
    let text = replaced(ROUND_THE_CLOCK, "shifts = []");
    refused(check_text(&text, &[]), &["staffing.groups[0].shifts", "[]"]);
}
