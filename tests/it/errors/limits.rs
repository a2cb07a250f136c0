//! Bounded counts: a scenario with more classes, channels, groups, shifts or incidents
//! than the model handles is refused with the field, the count and the maximum (the model
//! once stored such indices in 16 bits, so a 257th class routed wrongly without a word).

use super::*;
use carecast::scenario::arrivals::MAX_INCIDENTS;
use carecast::scenario::{MAX_CHANNELS, MAX_CLASSES, MAX_GROUPS, MAX_SHIFTS};

/// `n` copies of `table` (with `{i}` replaced by the index), as TOML text.
fn tables(table: &str, n: usize) -> String {
    (0..n)
        .map(|i| table.replace("{i}", &i.to_string()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn too_many_classes() {
    let n = MAX_CLASSES + 1;
    let class = "[[classes]]\nname = \"c{i}\"\nshare = 0.0\nhandle_time = { dist = \"constant\", value = \"1m\" }\n";
    let text = replaced(
        "[customers]",
        &format!("{}\n[customers]", tables(class, n - 1)),
    );
    refused(
        check_text(&text, &[]),
        &[
            "scenario field `classes`",
            &format!("{n} [[classes]] tables"),
            &format!("at most {MAX_CLASSES} [[classes]] tables"),
        ],
    );
}

#[test]
fn too_many_channels() {
    let n = MAX_CHANNELS + 1;
    let channel = "[[channels]]\nname = \"ch{i}\"\nshare = 0.0\n";
    let text = replaced(
        "[[classes]]",
        &format!("{}\n[[classes]]", tables(channel, n - 1)),
    );
    refused(
        check_text(&text, &[]),
        &[
            "scenario field `channels`",
            &format!("{n} [[channels]] tables"),
            &format!("at most {MAX_CHANNELS}"),
        ],
    );
}

#[test]
fn too_many_groups() {
    let n = MAX_GROUPS + 1;
    let group = format!("[[staffing.groups]]\nname = \"g{{i}}\"\nagents = 0\n{ROUND_THE_CLOCK}\n");
    let text = appended(&tables(&group, n - 1));
    refused(
        check_text(&text, &[]),
        &[
            "scenario field `staffing.groups`",
            &format!("{n} [[staffing.groups]] tables"),
            &format!("at most {MAX_GROUPS}"),
        ],
    );
}

#[test]
fn too_many_shifts_in_a_group() {
    let n = MAX_SHIFTS + 1;
    let shift = r#"{ days = ["mon"], start = "00:00", end = "00:01" }"#;
    let shifts = format!("shifts = [{}]", vec![shift; n].join(", "));
    let text = replaced(ROUND_THE_CLOCK, &shifts);
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].shifts",
            &format!("{n} shifts"),
            &format!("at most {MAX_SHIFTS} shifts"),
        ],
    );
}

#[test]
fn too_many_incidents() {
    let n = MAX_INCIDENTS + 1;
    let incident = "[[arrivals.incidents]]\nname = \"i{i}\"\nstart = \"1h\"\nduration = \"1h\"\nmultiplier = 2.0\n";
    let text = replaced(
        "[[channels]]",
        &format!("{}\n[[channels]]", tables(incident, n)),
    );
    refused(
        check_text(&text, &[]),
        &[
            "arrivals.incidents",
            &format!("{n} [[arrivals.incidents]] tables"),
            &format!("at most {MAX_INCIDENTS}"),
        ],
    );
}

/// Control: exactly the maximum number of classes is accepted.
#[test]
fn the_maximum_number_of_classes_is_accepted() {
    let class = "[[classes]]\nname = \"c{i}\"\nshare = 0.0\nhandle_time = { dist = \"constant\", value = \"1m\" }\n";
    let text = replaced(
        "[customers]",
        &format!("{}\n[customers]", tables(class, MAX_CLASSES - 1)),
    );
    accepted(check_text(&text, &[]));
}
