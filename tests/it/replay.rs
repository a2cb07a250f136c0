//! Trace replay (`arrivals.trace`): the exact arrivals of a file instead of the Poisson
//! process, with common random numbers for everything else.

use std::fmt::Write as _;
use std::path::Path;

use carecast::compare::{Plan, compare};
use carecast::model::simulate;
use carecast::record::{self, Recorder};
use carecast::scenario::{DEFAULT_SCENARIO, Scenario};

/// A replayed arrival as expected: minutes, class and channel where the row names them.
type Expected = (f64, Option<usize>, Option<usize>);

/// A week of mentions from Monday 2026-01-05 in UTC+01:00, busier in the afternoons,
/// with a channel and class on most rows and one row past the horizon.
fn trace_csv() -> (String, Vec<Expected>) {
    let channels = ["twitter", "facebook", "instagram"];
    let classes = ["complaint", "question", "billing"];
    let mut text = String::from("created_at,channel,class\n");
    let mut rows = Vec::new();
    let mut state: u64 = 12_345;
    let mut t_s: u64 = 0;
    let mut i = 0;
    while t_s < 7 * 86_400 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let hour = t_s / 3600 % 24;
        let gap = if (12..18).contains(&hour) { 20 } else { 90 };
        t_s += 1 + (state >> 33) % (2 * gap);
        let (d, s) = (t_s / 86_400, t_s % 86_400);
        let ch = (i % 4 != 3).then_some(i % 3);
        let cl = (i % 5 != 4).then_some((i / 3) % 3);
        let _ = writeln!(
            text,
            "2026-01-{:02}T{:02}:{:02}:{:02}+01:00,{},{}",
            5 + d,
            s / 3600,
            s / 60 % 60,
            s % 60,
            ch.map_or("", |c| channels[c]),
            cl.map_or("", |c| classes[c]),
        );
        if t_s < 7 * 86_400 {
            rows.push((t_s as f64 / 60.0, cl, ch));
        }
        i += 1;
    }
    (text, rows)
}

fn scenario_on_trace(dir: &Path, sets: &[&str]) -> Scenario {
    let (csv, _) = trace_csv();
    std::fs::create_dir_all(dir.join("data")).expect("folder");
    std::fs::write(dir.join("data/trace.csv"), csv).expect("trace");
    std::fs::write(dir.join("sc.toml"), DEFAULT_SCENARIO).expect("scenario");
    let mut all: Vec<String> = [
        "arrivals.trace=\"data/trace.csv\"",
        "horizon=\"7d\"",
        "warmup=\"0m\"",
        "replications=4",
        "virality.enabled=false",
        "customers.repost=0",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    all.extend(sets.iter().map(|s| s.to_string()));
    Scenario::load(&dir.join("sc.toml"), &all).unwrap_or_else(|e| panic!("{e}"))
}

#[derive(Default)]
struct Arrivals(Vec<(f64, usize, usize)>);

impl Recorder for Arrivals {
    fn arrival(&mut self, e: &record::Arrival) {
        if !e.spawned {
            self.0.push((e.t_min, e.class, e.channel));
        }
    }
}

#[test]
fn replaying_a_trace_gives_exactly_its_arrivals_hour_by_hour() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sc = scenario_on_trace(dir.path(), &[]);
    let (_, rows) = trace_csv();
    assert!(rows.len() > 5000, "{} rows", rows.len());
    let mut expected = vec![0usize; 7 * 24];
    for r in &rows {
        expected[(r.0 / 60.0) as usize] += 1;
    }
    for rep in 0..2 {
        let got = simulate(&sc, rep, Arrivals::default()).0;
        let mut hours = vec![0usize; 7 * 24];
        for a in &got {
            hours[(a.0 / 60.0) as usize] += 1;
        }
        assert_eq!(hours, expected, "replication {rep}");
        assert_eq!(got.len(), rows.len());
        for (a, r) in got.iter().zip(&rows) {
            assert!((a.0 - r.0).abs() < 1e-9, "{a:?} {r:?}");
            if let Some(cl) = r.1 {
                assert_eq!(a.1, cl, "class at {}", r.0);
            }
            if let Some(ch) = r.2 {
                assert_eq!(a.2, ch, "channel at {}", r.0);
            }
        }
    }
}

#[test]
fn plans_compared_on_one_trace_differ_by_zero_arrivals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let base = scenario_on_trace(dir.path(), &[]);
    let lean = scenario_on_trace(
        dir.path(),
        &["staffing.groups[0].agents=5", "staffing.groups[1].agents=4"],
    );
    let plans = [
        Plan {
            name: "base".into(),
            scenario: base,
        },
        Plan {
            name: "lean".into(),
            scenario: lean,
        },
    ];
    let c = compare(&plans, 3, 4, &|| {});
    let mentions = |p: usize| c.runs[p].values("mentions").expect("mentions KPI");
    assert_eq!(mentions(0), mentions(1));
    let i = c
        .kpi_names
        .iter()
        .position(|k| k == "mentions")
        .expect("mentions");
    let d = c.differences[1][i].expect("a paired difference");
    assert_eq!((d.paired.mean, d.paired.std), (0.0, 0.0));
    // The plans differ where they should: the lean one waits longer.
    let wait = |p: usize| c.runs[p].kpi("wait_mean_min").map(|s| s.mean);
    assert!(wait(1) > wait(0), "{:?} {:?}", wait(0), wait(1));
}

#[test]
fn bad_traces_and_mismatches_are_refused_with_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("sc.toml"), DEFAULT_SCENARIO).expect("scenario");
    let load = |csv: &str, sets: &[&str]| {
        std::fs::write(dir.path().join("t.csv"), csv).expect("trace");
        let mut all = vec!["arrivals.trace=\"t.csv\"".to_string()];
        all.extend(sets.iter().map(|s| s.to_string()));
        match Scenario::load(&dir.path().join("sc.toml"), &all) {
            Ok(_) => panic!("accepted {csv:?} {sets:?}"),
            Err(e) => e.to_string(),
        }
    };
    let e = load(
        "created_at\n2026-01-05T10:00:00Z\n2026-01-05T09:00:00Z\n",
        &[],
    );
    assert!(
        e.contains("arrivals.trace") && e.contains("arrival order"),
        "{e}"
    );
    let e = load("created_at,channel\n2026-01-05T10:00:00Z,myspace\n", &[]);
    assert!(e.contains("\"myspace\"") && e.contains("twitter"), "{e}");
    let e = load("created_at\n2026-01-06T10:00:00Z\n", &[]);
    assert!(e.contains("start_day") && e.contains("\"tue\""), "{e}");
    let e = load(
        "created_at\n2026-01-05T10:00:00Z\n",
        &["arrivals.incidents=[{name=\"x\",start=\"1d\",duration=\"1h\",multiplier=2}]"],
    );
    assert!(
        e.contains("arrivals.incidents") && e.contains("arrivals.trace"),
        "{e}"
    );
    let e = load("", &["arrivals.trace=\"missing.csv\""]);
    assert!(e.contains("missing.csv"), "{e}");
}

#[test]
fn a_trace_with_its_own_columns_is_read_through_a_mapping_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("sc.toml"), DEFAULT_SCENARIO).expect("scenario");
    std::fs::create_dir_all(dir.path().join("data")).expect("folder");
    // An export with its own headers, day-first local times and a fixed offset.
    std::fs::write(
        dir.path().join("data/export.csv"),
        "Received,Network\n05/01/2026 10:00,facebook\n05/01/2026 11:30,twitter\n06/01/2026 09:15,facebook\n",
    )
    .expect("trace");
    std::fs::write(
        dir.path().join("data/export.toml"),
        "timezone = \"+01:00\"\nformat = \"%d/%m/%Y %H:%M\"\n[columns]\narrival = \"Received\"\nchannel = \"Network\"\n",
    )
    .expect("mapping");
    let sets = |extra: &[&str]| -> Vec<String> {
        [
            "arrivals.trace=\"data/export.csv\"",
            "horizon=\"2d\"",
            "warmup=\"0m\"",
        ]
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect()
    };
    let load = |extra: &[&str]| Scenario::load(&dir.path().join("sc.toml"), &sets(extra));
    let sc =
        load(&["arrivals.trace_mapping=\"data/export.toml\""]).unwrap_or_else(|e| panic!("{e}"));
    let got = simulate(&sc, 0, Arrivals::default()).0;
    let facebook = sc
        .channels
        .iter()
        .position(|c| c.name == "facebook")
        .expect("facebook");
    let times: Vec<(f64, usize)> = got.iter().map(|a| (a.0, a.2)).collect();
    assert_eq!(times.len(), 3, "{times:?}");
    assert!((times[0].0 - 600.0).abs() < 1e-9, "{times:?}");
    assert!((times[2].0 - (1440.0 + 555.0)).abs() < 1e-9, "{times:?}");
    assert_eq!(times[0].1, facebook);
    // The resolved scenario names the mapping, so it reads back the same.
    let again =
        Scenario::from_toml(&sc.to_toml(), "resolved", &[]).unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (again.arrivals.trace.as_ref(), sc.arrivals.trace.as_ref());
    assert_eq!(a.map(|t| &t.arrivals), b.map(|t| &t.arrivals));
    assert_eq!(
        a.and_then(|t| t.mapping.as_ref()),
        b.and_then(|t| t.mapping.as_ref())
    );
    // Without the mapping the columns are not found; a mapping without a trace, or one
    // that names an unknown key, is refused with the key.
    let e = load(&[])
        .map(|_| ())
        .expect_err("no arrival column")
        .to_string();
    assert!(e.contains("arrivals.trace"), "{e}");
    std::fs::write(
        dir.path().join("data/bad.toml"),
        "[columns]\narival = \"Received\"\n",
    )
    .expect("mapping");
    let e = load(&["arrivals.trace_mapping=\"data/bad.toml\""])
        .map(|_| ())
        .expect_err("unknown column key")
        .to_string();
    assert!(
        e.contains("arrivals.trace_mapping") && e.contains("arival"),
        "{e}"
    );
    let e = Scenario::builtin(&["arrivals.trace_mapping=\"data/export.toml\"".into()])
        .map(|_| ())
        .expect_err("mapping without trace")
        .to_string();
    assert!(e.contains("arrivals.trace_mapping"), "{e}");
}
