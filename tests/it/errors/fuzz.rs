//! Never a panic, whatever `--set` does (library level, fast).

use super::*;
use carecast::scenario::Scenario;
use proptest::prelude::*;

const PATHS: [&str; 16] = [
    "name",
    "horizon",
    "warmup",
    "start_day",
    "replications",
    "arrivals.rate_per_h",
    "arrivals.profile",
    "channels[0].share",
    "classes[0].handle_time",
    "classes[0].replies",
    "classes[0].patience.mean",
    "customers.expectation",
    "policy.discipline",
    "staffing.groups[0].agents",
    "staffing.groups[0].shifts",
    "staffing.groups[0].shifts[0].end",
];

const VALUES: [&str; 24] = [
    "-1",
    "0",
    "1e309",
    "nan",
    "-inf",
    "9223372036854775807",
    "-9223372036854775808",
    "1.5",
    "\"\"",
    "\"5\"",
    "\"-5m\"",
    "\"1e400d\"",
    "\"99999999999999999999999999999999999999999d\"",
    "\"24:00+1\"",
    "\"23:59\"",
    "\"\u{e9}\"",
    "[]",
    "[1, 2]",
    "{}",
    "{ dist = \"gamma\", mean = \"1m\", cv = 1e-300 }",
    "{ dist = \"empirical\", values = [1, 2], weights = [0, 0] }",
    "{ dist = \"pareto\", scale = \"1m\", shape = 0 }",
    "{ dist = \"lognormal\", median = \"0m\", p90 = \"0m\" }",
    "true",
];

proptest! {
    #[test]
    fn no_set_override_makes_validation_panic(
        path in proptest::sample::select(PATHS.to_vec()),
        value in proptest::sample::select(VALUES.to_vec()),
    ) {
        let arg = format!("{path}={value}");
        if let Err(e) = Scenario::from_toml(ERLANG_A, "erlang-a.toml", &[arg]) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn arbitrary_override_text_never_panics(arg in "[a-z_.\\[\\]0-9=\"-]{0,30}") {
        let _ = Scenario::from_toml(ERLANG_A, "erlang-a.toml", &[arg]);
    }
}
