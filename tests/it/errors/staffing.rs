//! Shifts and staffing coverage: clock times, overlaps, and every channel served by a group.

use super::*;

#[test]
fn shift_ending_before_it_starts_suggests_plus_one() {
    let text = replaced(
        ROUND_THE_CLOCK,
        r#"shifts = [{ days = ["mon"], start = "17:00", end = "09:00" }]"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].shifts[0].end",
            "\"09:00\"",
            "must end after it starts",
            "\"09:00+1\"",
        ],
    );
}

#[test]
fn malformed_clock_time() {
    let text = replaced(
        ROUND_THE_CLOCK,
        r#"shifts = [{ days = ["mon"], start = "25:00", end = "26:00" }]"#,
    );
    refused(
        check_text(&text, &[]),
        &["staffing.groups[0].shifts[0].start", "\"25:00\"", "HH:MM"],
    );
}

#[test]
fn overlapping_shifts_in_one_group() {
    let text = replaced(
        ROUND_THE_CLOCK,
        r#"shifts = [{ days = ["mon"], start = "08:00", end = "16:00" }, { days = ["mon"], start = "12:00", end = "20:00" }]"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].shifts",
            "mon 08:00-mon 16:00",
            "mon 12:00-mon 20:00",
            "must not overlap",
        ],
    );
}

#[test]
fn a_channel_no_group_serves() {
    let text = edited(&[
        (
            "name = \"chat\"\nshare = 1.0",
            "name = \"chat\"\nshare = 0.5",
        ),
        (
            "[[classes]]",
            "[[channels]]\nname = \"twitter\"\nshare = 0.5\n\n[[classes]]",
        ),
        (
            "cost_per_h = 30.0",
            "cost_per_h = 30.0\nchannels = [\"chat\"]",
        ),
    ]);
    refused(
        check_text(&text, &[]),
        &[
            "channels[1]",
            "\"twitter\"",
            "class \"request\"",
            "served by a group in staffing.groups",
        ],
    );
}

#[test]
fn a_group_serving_only_a_channel_that_does_not_exist() {
    let text = replaced(
        "cost_per_h = 30.0",
        "cost_per_h = 30.0\nchannels = [\"twitter\"]",
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].channels[0]",
            "\"twitter\"",
            "a channel of this scenario: chat",
        ],
    );
}

#[test]
fn a_group_channel_typo_suggests_the_channel() {
    let text = replaced(
        "cost_per_h = 30.0",
        "cost_per_h = 30.0\nchannels = [\"chta\"]",
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].channels[0]",
            "\"chta\"",
            "a channel of this scenario",
            "did you mean `chat`",
        ],
    );
}

#[test]
fn a_group_with_no_channels_leaves_the_channel_unserved() {
    let text = replaced("cost_per_h = 30.0", "cost_per_h = 30.0\nchannels = []");
    refused(
        check_text(&text, &[]),
        &["channels[0]", "\"chat\"", "served by a group"],
    );
}

#[test]
fn an_efficiency_table_of_the_wrong_length() {
    let text = replaced(
        "concurrency = 1",
        "concurrency = 3\nattention = \"shared\"\nefficiency = [1.0, 1.8]",
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].efficiency",
            "[1, 1.8] (2 values)",
            "concurrency: 3 value(s)",
        ],
    );
}

#[test]
fn a_handle_factor_that_is_not_positive() {
    let text = replaced(
        "concurrency = 1",
        "concurrency = 2\nattention = \"shared\"\nhandle_factor = [1.0, -0.5]",
    );
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].handle_factor[1]",
            "-0.5",
            "a finite number > 0",
        ],
    );
}

#[test]
fn efficiency_and_handle_factor_together() {
    let text = replaced(
        "concurrency = 1",
        "concurrency = 1\nattention = \"shared\"\nefficiency = [1.0]\nhandle_factor = [1.0]",
    );
    refused(
        check_text(&text, &[]),
        &["staffing.groups[0].handle_factor", "not both"],
    );
}

#[test]
fn an_efficiency_table_without_shared_attention() {
    let text = replaced("concurrency = 1", "concurrency = 1\nefficiency = [1.0]");
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].efficiency",
            "only with attention = \"shared\"",
        ],
    );
}

#[test]
fn an_unknown_attention_or_shift_end_rule() {
    let text = replaced(
        "concurrency = 1",
        "concurrency = 1\nattention = \"sharing\"",
    );
    refused(
        check_text(&text, &[]),
        &["attention", "\"sharing\"", "fixed", "shared"],
    );
    let text = replaced(
        "concurrency = 1",
        "concurrency = 1\nat_shift_end = \"stay\"",
    );
    refused(
        check_text(&text, &[]),
        &["at_shift_end", "\"stay\"", "hand_back", "finish"],
    );
}

#[test]
fn an_overtime_factor_below_one_and_a_negative_reread_time() {
    refused(
        check_text(&appended("[costs]\novertime_factor = 0.5"), &[]),
        &["costs.overtime_factor", "0.5", "from 1 to 10"],
    );
    let text = replaced(
        "concurrency_penalty = 0.0",
        "concurrency_penalty = 0.0\nreread_time = \"-2m\"",
    );
    refused(check_text(&text, &[]), &["reread_time", "-2m"]);
}
