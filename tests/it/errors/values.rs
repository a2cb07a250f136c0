//! Values out of range: rates, shares, probabilities, virality, head counts, replications, names.

use super::*;

#[test]
fn negative_arrival_rate() {
    let text = replaced("rate_per_h = 120", "rate_per_h = -3");
    refused(
        check_text(&text, &[]),
        &["arrivals.rate_per_h", "-3", ">= 0"],
    );
}

#[test]
fn nan_arrival_rate() {
    let text = replaced("rate_per_h = 120", "rate_per_h = nan");
    refused(
        check_text(&text, &[]),
        &["arrivals.rate_per_h", "NaN", ">= 0"],
    );
}

#[test]
fn channel_shares_not_summing_to_one() {
    let text = edited(&[
        (
            "name = \"chat\"\nshare = 1.0",
            "name = \"chat\"\nshare = 0.6",
        ),
        (
            "[[classes]]",
            "[[channels]]\nname = \"twitter\"\nshare = 0.6\n\n[[classes]]",
        ),
    ]);
    refused(
        check_text(&text, &[]),
        &[
            "channels[*].share",
            "1.2",
            "chat 0.6 + twitter 0.6",
            "must sum to 1",
        ],
    );
}

#[test]
fn class_shares_not_summing_to_one() {
    let text = replaced(
        "name = \"request\"\nshare = 1.0",
        "name = \"request\"\nshare = 0.5",
    );
    refused(
        check_text(&text, &[]),
        &["classes[*].share", "0.5", "request 0.5", "must sum to 1"],
    );
}

#[test]
fn class_probability_above_one() {
    let text = replaced("expects_reply = 1.0", "expects_reply = 1.5");
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].expects_reply",
            "1.5",
            "a probability between 0 and 1",
        ],
    );
}

#[test]
fn outcome_probability_below_zero() {
    let text = appended("[outcomes]\nquick_effective = -0.1");
    refused(
        check_text(&text, &[]),
        &[
            "outcomes.quick_effective",
            "-0.1",
            "a probability between 0 and 1",
        ],
    );
}

#[test]
fn explosive_virality() {
    let text = edited(&[
        (
            "[virality]\nenabled = false",
            "[virality]\nenabled = true\noffspring = 0.9",
        ),
        ("repost = 0.0", "repost = 0.2"),
    ]);
    refused(
        check_text(&text, &[]),
        &[
            "virality.offspring",
            "0.9",
            "explosive",
            "customers.repost",
            "1.1",
            "< 1",
        ],
    );
}

#[test]
fn negative_agents() {
    let text = replaced("agents = 11", "agents = -1");
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].agents",
            "-1",
            "a whole number from 0 to 100000",
        ],
    );
}

#[test]
fn zero_concurrency() {
    let text = replaced("concurrency = 1", "concurrency = 0");
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].concurrency",
            "= 0",
            "a whole number from 1 to 50",
        ],
    );
}

#[test]
fn shrinkage_of_one() {
    let text = replaced("shrinkage = 0.0", "shrinkage = 1.0");
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].shrinkage",
            "= 1",
            "from 0 up to (not including) 1",
        ],
    );
}

#[test]
fn zero_replications() {
    let text = replaced("replications = 20", "replications = 0");
    refused(
        check_text(&text, &[]),
        &["replications", "= 0", "from 1 to 1000000"],
    );
}

#[test]
fn negative_seed() {
    let text = replaced("seed = 1", "seed = -1");
    let stderr = refused(
        check_text(&text, &[]),
        &["seed", "-1", "a whole number from 0 to 9223372036854775807"],
    );
    assert!(
        !stderr.contains("u64"),
        "a Rust type name reached the user:
{stderr}"
    );
}

#[test]
fn name_unusable_as_a_folder() {
    let text = replaced(r#"name = "erlang-a""#, r#"name = "erlang a/x""#);
    refused(
        check_text(&text, &[]),
        &["`name`", "\"erlang a/x\"", "letters, digits"],
    );
}
