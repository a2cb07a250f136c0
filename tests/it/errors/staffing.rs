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
