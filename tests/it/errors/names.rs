//! Unknown names (keys, tables, distributions, disciplines, weekdays): refused with the allowed names and the nearest one.

use super::*;

#[test]
fn unknown_top_table_key_suggests_the_nearest() {
    let text = replaced("rate_per_h = 120", "rate_per_hr = 120");
    refused(
        check_text(&text, &[]),
        &[
            "arrivals.rate_per_hr",
            "unknown field `rate_per_hr`",
            "did you mean `rate_per_h`",
        ],
    );
}

#[test]
fn unknown_key_in_a_class_suggests_the_nearest() {
    let text = replaced("expects_reply = 1.0", "expect_reply = 1.0");
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].expect_reply",
            "`expect_reply`",
            "did you mean `expects_reply`",
        ],
    );
}

#[test]
fn unknown_key_in_a_distribution_table_suggests_the_nearest() {
    let text = replaced(
        r#"handle_time = { dist = "exponential", mean = "5m" }"#,
        r#"handle_time = { dist = "exponential", maen = "5m" }"#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].handle_time",
            "unknown field `maen`",
            "did you mean `mean`",
        ],
    );
}

#[test]
fn unknown_distribution_variant_suggests_the_nearest() {
    let text = replaced(
        r#"dist = "exponential", mean = "5m""#,
        r#"dist = "expo", mean = "5m""#,
    );
    refused(
        check_text(&text, &[]),
        &[
            "classes[0].handle_time.dist",
            "= \"expo\"",
            "one of constant, exponential, lognormal, gamma, uniform, pareto, empirical",
            "did you mean `exponential`",
        ],
    );
}

#[test]
fn unknown_discipline_lists_the_allowed_and_suggests() {
    let text = replaced(r#"discipline = "fifo""#, r#"discipline = "fifp""#);
    refused(
        check_text(&text, &[]),
        &[
            "policy.discipline",
            "\"fifp\"",
            "fifo, lifo, influence, deadline, priority",
            "did you mean `fifo`",
        ],
    );
}

#[test]
fn unknown_discipline_far_from_any_name_still_lists_the_allowed() {
    let text = replaced(r#"discipline = "fifo""#, r#"discipline = "random""#);
    refused(
        check_text(&text, &[]),
        &[
            "policy.discipline",
            "\"random\"",
            "fifo, lifo, influence, deadline, priority",
        ],
    );
}

#[test]
fn unknown_start_weekday_lists_the_weekdays() {
    let text = replaced("seed = 1", "seed = 1\nstart_day = \"monday\"");
    refused(
        check_text(&text, &[]),
        &[
            "start_day",
            "\"monday\"",
            "mon, tue, wed, thu, fri, sat, sun",
            "did you mean `mon`",
        ],
    );
}

#[test]
fn unknown_shift_weekday_lists_the_day_names() {
    let text = replaced(r#"days = ["all"]"#, r#"days = ["mondy"]"#);
    refused(
        check_text(&text, &[]),
        &[
            "staffing.groups[0].shifts[0].days[0]",
            "\"mondy\"",
            "one of mon, tue, wed, thu, fri, sat, sun, weekdays, weekend, all",
            "did you mean `mon`",
        ],
    );
}

#[test]
fn a_date_time_where_text_belongs_is_refused_naming_the_field() {
    // TOML date-times are unquoted; serde would read one as text (a currency, a name).
    let text = replaced("name = \"erlang-a\"", "name = 1979-05-27T07:32:00Z");
    refused(
        check_text(&text, &[]),
        &[
            "name",
            "date-time 1979-05-27T07:32:00Z",
            "\"1979-05-27T07:32:00Z\"",
        ],
    );
    refused(
        check_text(ERLANG_A, &["--set", "costs.currency=07:32:00"]),
        &["costs.currency", "date-time 07:32:00"],
    );
}
