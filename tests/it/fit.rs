//! `carecast fit`: a synthetic history from known parameters is fitted back, and bad
//! histories are refused with errors naming what is wrong.

use carecast::fit::{self, synth};
use carecast::history::time;
use carecast::history::{HistoryReader, Mapping};
use carecast::scenario::{Scenario, ScenarioFile};

fn spec(seed: u64) -> synth::Spec {
    let weekly = Scenario::builtin(&[])
        .expect("built-in")
        .arrivals
        .profile
        .to_vec();
    synth::Spec {
        first_day: time::parse("2026-01-05T00:00:00+01:00")
            .expect("date")
            .local_day(),
        offset_min: 60,
        days: 56,
        rate_per_h: 60.0,
        weekly,
        // Wednesday of week 2, 10:00 for 3 h at x5; Saturday of week 5, 14:00 for 2 h at x4.
        incidents: vec![(9 * 24 + 10, 3, 5.0), (33 * 24 + 14, 2, 4.0)],
        daily_cv: 0.15,
        branching: 0.3,
        decay_min: 60.0,
        channels: vec![("twitter".into(), 0.6), ("facebook".into(), 0.4)],
        classes: vec![("complaint".into(), 0.5), ("question".into(), 0.5)],
        seed,
    }
}

fn fit_of(text: &[u8]) -> Result<fit::Fit, fit::FitError> {
    let reader = HistoryReader::new(text, "history.csv", &Mapping::default())?;
    fit::fit(reader)
}

#[test]
fn a_synthetic_history_is_fitted_back_within_its_intervals() {
    let s = spec(7);
    let mut csv = Vec::new();
    synth::write(&s, &mut csv).expect("generated");
    let f = fit_of(&csv).unwrap_or_else(|e| panic!("{e}"));
    // Profile: the true multipliers inside the 95% pointwise bands for most hours. Over
    // seeds 1 to 12 of this history, 146 to 162 of the 168 hours were inside (mean 155,
    // 92%: a little under 95%, from the smoothing's bias at peaks and troughs).
    let inside = (0..168)
        .filter(|&i| f.profile.low[i] <= s.weekly[i] && s.weekly[i] <= f.profile.high[i])
        .count();
    let outside: Vec<(usize, f64, f64, f64)> = (0..168)
        .filter(|&i| !(f.profile.low[i] <= s.weekly[i] && s.weekly[i] <= f.profile.high[i]))
        .map(|i| (i, s.weekly[i], f.profile.low[i], f.profile.high[i]))
        .collect();
    assert!(
        inside >= 150,
        "{inside} of 168 hours inside the bands; outside: {outside:?}"
    );
    // Mean rate within 5% (the daily factor's mean over 56 days has sd 0.15/sqrt(56) = 2%).
    assert!(
        (f.profile.rate_per_h / 60.0 - 1.0).abs() < 0.06,
        "{}",
        f.profile.rate_per_h
    );
    // Both incidents, where and as long as they were.
    assert_eq!(f.incidents.len(), 2, "{:?}", f.incidents);
    for (found, &(start, hours, m)) in f.incidents.iter().zip(&s.incidents) {
        assert_eq!((found.start_hour, found.hours), (start, hours), "{found:?}");
        assert!(
            (found.multiplier() / m - 1.0).abs() < 0.35,
            "{found:?} vs x{m}"
        );
    }
    // Daily variation found and near its cv (sd of the estimate about 0.02 here).
    assert!(f.dispersion.significant(), "{:?}", f.dispersion);
    assert!((f.dispersion.cv - 0.15).abs() < 0.06, "{:?}", f.dispersion);
    // Branching ratio and decay inside their 95% intervals.
    let h = f.hawkes.as_ref().expect("self-excitation fitted");
    let (lo, hi) = h.branching_ci();
    assert!(lo <= 0.3 && 0.3 <= hi, "branching {h:?}");
    let (dl, dh) = h.decay_ci();
    assert!(dl <= 60.0 && 60.0 <= dh, "decay {h:?}");
    assert!(hi - lo < 0.05, "a useful interval: {lo} to {hi}");
    // The hold-out error is that of noise around a right profile, not much more.
    let ho = f.holdout.as_ref().expect("hold-out");
    assert!(ho.mae < 2.0 * ho.poisson_mae, "{ho:?}");
    // The scenario it writes is valid and carries the fit.
    let file = fit::scenario::scenario_file(&f, "synthetic-fit", "history.csv").expect("scenario");
    let text = toml::to_string(&file).expect("toml");
    let back = Scenario::from_toml(&text, "fitted", &[]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.arrivals.incidents.len(), 2);
    assert_eq!(back.channels.len(), 2);
    assert!(back.arrivals.daily_cv > 0.0);
    let offspring = back.virality.as_ref().map(|v| v.offspring);
    assert!(offspring.is_some_and(|o| (o - h.branching).abs() < 1e-3));
    assert_eq!(ScenarioFile::from(&back).start_day, file.start_day);
}

#[test]
fn a_history_without_incidents_or_parents_finds_none() {
    let mut s = spec(11);
    s.incidents.clear();
    s.daily_cv = 0.0;
    s.branching = 0.0;
    let mut csv = Vec::new();
    synth::write(&s, &mut csv).expect("generated");
    let f = fit_of(&csv).unwrap_or_else(|e| panic!("{e}"));
    assert!(f.incidents.is_empty(), "{:?}", f.incidents);
    assert!(!f.dispersion.significant(), "{:?}", f.dispersion);
    assert!(f.hawkes.is_none());
}

#[test]
fn bad_histories_are_refused() {
    let err = |text: &str| match fit_of(text.as_bytes()) {
        Ok(_) => panic!("fitted {text:?}"),
        Err(e) => e.to_string(),
    };
    assert!(err("").contains("empty"));
    assert!(err("created_at\n").contains("no rows"));
    assert!(err("posted\n2026-01-05T10:00:00Z\n").contains("no `time` column"));
    assert!(err("created_at\n2026-01-05T10:00:00Z\n").contains("at least 7"));
    assert!(
        err("created_at\n2026-01-05T10:00:00Z\n2026-01-05T09:00:00Z\n").contains("arrival order")
    );
    assert!(
        err("created_at\n2026-01-05T10:00:00Z\n2026-01-06T10:00:00+09:00\n")
            .contains("mixed time zones")
    );
    assert!(
        err("created_at\n2026-01-05T10:00:00Z\n2037-01-05T10:00:00Z\n")
            .contains("more than 3660 days")
    );
}

/// A history read from a stream that is never held whole: a generated gigabyte-sized
/// input is cut short by its span limit long before its end, and the reader's memory is
/// the hourly counts, not the rows.
#[test]
fn a_huge_history_is_streamed_not_loaded() {
    struct Endless {
        line: u64,
        pending: Vec<u8>,
        served: u64,
    }
    impl std::io::Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.pending.is_empty() {
                self.pending = if self.line == 0 {
                    b"created_at\n".to_vec()
                } else {
                    // One mention every 10 minutes.
                    let t = time::Stamp {
                        utc_s: 1_767_571_200.0 + self.line as f64 * 600.0,
                        offset_min: 0,
                    };
                    format!("{}\n", time::format(&t)).into_bytes()
                };
                self.line += 1;
            }
            let n = buf.len().min(self.pending.len());
            buf[..n].copy_from_slice(&self.pending[..n]);
            self.pending.drain(..n);
            self.served += n as u64;
            Ok(n)
        }
    }
    let input = Endless {
        line: 0,
        pending: Vec::new(),
        served: 0,
    };
    // 1 GB at 26 bytes a row would be 40 million rows, 760 years: the span limit stops it.
    let reader = HistoryReader::new(input, "endless", &Mapping::default()).expect("header");
    let e = fit::fit(reader).map(|_| ()).err().map(|e| e.to_string());
    assert!(e.is_some_and(|e| e.contains("more than 3660 days")));
}

/// The example history shipped with the scenarios (`scenarios/history/example.csv`) is
/// this generator's output: three weeks of the retail profile at 3 mentions per hour,
/// one incident, branching ratio 0.2. `CARECAST_BLESS=1` rewrites it.
#[test]
fn the_example_history_is_the_generators_output() {
    let mut s = spec(2026);
    s.days = 21;
    s.rate_per_h = 3.0;
    s.incidents = vec![(9 * 24 + 10, 3, 6.0)];
    s.daily_cv = 0.0;
    s.branching = 0.2;
    s.decay_min = 45.0;
    let mut csv = Vec::new();
    synth::write(&s, &mut csv).expect("generated");
    let path = std::path::Path::new("scenarios/history/example.csv");
    if std::env::var_os("CARECAST_BLESS").is_some() {
        std::fs::create_dir_all("scenarios/history").expect("folder");
        std::fs::write(path, &csv).expect("example written");
    }
    let shipped = std::fs::read(path).expect("scenarios/history/example.csv (bless to create)");
    assert!(
        shipped == csv,
        "scenarios/history/example.csv differs from the generator's output"
    );
    let f = fit_of(&shipped).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(f.incidents.len(), 1, "{:?}", f.incidents);
}

#[test]
fn the_fit_command_writes_a_scenario_that_runs_and_its_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("fitted.toml");
    let cmd = |args: &[&std::ffi::OsStr]| {
        let mut c = assert_cmd::Command::cargo_bin("carecast").expect("binary");
        c.args(args).env("CI", "true");
        c.output().expect("ran")
    };
    let o = cmd(&[
        "fit".as_ref(),
        "scenarios/history/example.csv".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.contains("incidents found: 1") && stdout.contains("branching ratio"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("fitted-fit.json")).expect("json"))
            .expect("valid JSON");
    assert_eq!(json["weekly"]["fitted"].as_array().map(Vec::len), Some(168));
    assert!(json["first_response_min"]["quantiles"].is_array());
    // The simulated comparison: same cohort on both sides, sane numbers. The example's
    // first replies are lognormal with median 25 min (1599 of 1979 answered, 80.8%).
    let c = &json["response_comparison"];
    assert_eq!(c["replications"], 20);
    assert_eq!(c["observed_mentions"], 1979);
    assert_eq!(c["observed_answered"], 1599);
    let rows = c["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 7);
    let row = |key: &str| {
        rows.iter()
            .find(|r| r["key"] == key)
            .unwrap_or_else(|| panic!("no {key} in {c}"))
    };
    let num = |v: &serde_json::Value| v.as_f64().unwrap_or(f64::NAN);
    let median = num(&row("p50_min")["observed"]);
    assert!((median - 26.0).abs() < 0.5, "observed median {median}");
    assert!((num(&row("answered")["observed"]) - 1599.0 / 1979.0).abs() < 1e-9);
    let mut previous = 0.0;
    for key in ["p50_min", "p80_min", "p90_min", "p95_min"] {
        let r = row(key);
        let (mean, lo, hi) = (
            num(&r["simulated"]["mean"]),
            num(&r["simulated"]["ci95"][0]),
            num(&r["simulated"]["ci95"][1]),
        );
        let (rlo, rhi) = (
            num(&r["simulated"]["range95"][0]),
            num(&r["simulated"]["range95"][1]),
        );
        assert!(
            mean > 0.0 && lo <= mean && mean <= hi && rlo <= lo && hi <= rhi,
            "{r}"
        );
        assert!(mean >= previous, "quantiles increase: {r}");
        previous = mean;
    }
    for key in ["within_30m", "within_60m", "answered"] {
        let m = num(&row(key)["simulated"]["mean"]);
        assert!((0.0..=1.0).contains(&m), "{key}: {m}");
    }
    // The built-in staffing (two dozen agents a shift) for 4 mentions an hour answers far
    // faster than the history: the verdict says so and that the staffing is a guess.
    assert_eq!(c["verdict"], "simulation_faster");
    assert!(stdout.contains("answers faster than your team did") && stdout.contains("a guess"));
    assert!(stdout.contains("first replies of the mentions that got one"));
    let cdf = &c["cdf"];
    assert_eq!(
        cdf["minutes"].as_array().map(Vec::len),
        cdf["observed"].as_array().map(Vec::len)
    );
    let html = std::fs::read_to_string(dir.path().join("fitted-fit/report.html")).expect("html");
    assert!(html.contains("<svg") && html.contains("<table>"));
    for part in [
        "id=\"response\"",
        "id=\"incidents\"",
        "id=\"distributions\"",
        "fitted-week",
        "response-fit",
        "observed outside",
    ] {
        assert!(html.contains(part), "{part} missing from the report");
    }
    for (chart, texts) in [
        ("fitted-week", ["observed", "fitted: 95% band", "Mon"]),
        (
            "response-fit",
            ["observed (the history)", "simulated (mean)", "30 min"],
        ),
    ] {
        let charts = dir.path().join("fitted-fit/charts");
        assert!(charts.join(format!("{chart}.png")).is_file(), "{chart}.png");
        let svg = std::fs::read_to_string(charts.join(format!("{chart}.svg"))).expect("svg");
        let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{chart}: {e}"));
        let shown: Vec<&str> = doc
            .descendants()
            .filter_map(|n| n.text())
            .map(str::trim)
            .collect();
        for t in texts {
            assert!(shown.contains(&t), "{chart}.svg lacks {t:?}: {shown:?}");
        }
    }
    // The same numbers whatever the thread count.
    let json_of = |threads: &str| {
        let o = cmd(&[
            "fit".as_ref(),
            "scenarios/history/example.csv".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
            "--threads".as_ref(),
            threads.as_ref(),
            "--reps".as_ref(),
            "5".as_ref(),
        ]);
        assert!(o.status.success());
        std::fs::read(dir.path().join("fitted-fit.json")).expect("json")
    };
    assert!(
        json_of("1") == json_of("2"),
        "the fit depends on the thread count"
    );
    // --no-simulate: no comparison.
    let o = cmd(&[
        "fit".as_ref(),
        "scenarios/history/example.csv".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--no-simulate".as_ref(),
    ]);
    assert!(o.status.success());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("fitted-fit.json")).expect("json"))
            .expect("valid JSON");
    assert!(json["response_comparison"].is_null());
    let check = cmd(&["check".as_ref(), out.as_os_str()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // A bad file: exit code 2 and the line named.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "created_at\n2026-01-05T10:00:00Z\n2026-01-05 10:00\n").expect("bad");
    let o = cmd(&[
        "fit".as_ref(),
        bad.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("line 3") && err.contains("time zone"), "{err}");
    let o = cmd(&[
        "fit".as_ref(),
        bad.as_os_str(),
        "--column".as_ref(),
        "when".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

/// A mapping file in TOML: columns renamed, timestamps in a format of their own at a
/// fixed offset, private cells of their own, the scenario's name; bad keys are named.
#[test]
fn a_toml_mapping_file_reads_an_export_of_its_own_and_names_bad_keys() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The example history rewritten as another tool would export it.
    let text = std::fs::read_to_string("scenarios/history/example.csv").expect("example");
    let mut csv = String::from("Created At,Network,First Response,Closed As\n");
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let local = |stamp: &str| {
            // 2026-01-05T00:02:32+01:00 as 05/01/2026 12:02:32 AM
            let (date, rest) = stamp.split_at(10);
            let (h, ms) = (rest[1..3].parse::<u32>().expect("hour"), &rest[3..9]);
            let (h12, ampm) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            format!(
                "{}/{}/{} {h12:02}{ms} {ampm}",
                &date[8..10],
                &date[5..7],
                &date[..4]
            )
        };
        let reply = if cells[5].is_empty() {
            String::new()
        } else {
            local(cells[5])
        };
        let private = if cells[7] == "true" { "DM" } else { "public" };
        csv.push_str(&format!(
            "{},{},{reply},{private}\n",
            local(cells[1]),
            cells[2]
        ));
    }
    let history = dir.path().join("export.csv");
    std::fs::write(&history, csv).expect("export");
    let mapping = dir.path().join("map.toml");
    std::fs::write(
        &mapping,
        "name = \"acme-care\"\ntimezone = \"+01:00\"\nformat = \"%d/%m/%Y %I:%M:%S %p\"\nprivate_true = [\"dm\"]\n\n[columns]\narrival = \"Created At\"\nchannel = \"Network\"\nfirst_reply = \"First Response\"\nprivate = \"Closed As\"\n",
    )
    .expect("mapping");
    let out = dir.path().join("acme.toml");
    let run = |mapping: &std::path::Path| {
        let mut c = assert_cmd::Command::cargo_bin("carecast").expect("binary");
        c.arg("fit")
            .arg(&history)
            .arg("--mapping")
            .arg(mapping)
            .arg("--out")
            .arg(&out)
            .arg("--no-simulate")
            .env("CI", "true");
        c.output().expect("ran")
    };
    let o = run(&mapping);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    // The same mentions and first replies as the example itself.
    assert!(
        stdout.contains("1979 mentions over 21 days from 2026-01-05"),
        "{stdout}"
    );
    assert!(
        stdout.contains("first response (observed, 1599 mentions): median 26.0 min"),
        "{stdout}"
    );
    let fitted = std::fs::read_to_string(&out).expect("scenario");
    assert!(fitted.contains("name = \"acme-care\""), "{fitted}");
    for (text, wanted) in [
        ("colour = \"x\"\n", "unknown key `colour`"),
        (
            "[columns]\nwhen = \"Created At\"\n",
            "unknown key `columns.when`",
        ),
        ("[columns]\ntime = 1\n", "`columns.time` must be a string"),
        (
            "timezone = \"Europe/Paris\"\n",
            "`timezone` = \"Europe/Paris\" is not a fixed UTC offset",
        ),
        ("format = \"%d.%m.%Y %T\"\n", "%T is not a directive"),
        (
            "name = \"a b\"\n",
            "`name` = \"a b\" is not a scenario name",
        ),
        ("[columns]\ntime = \"Posted\"\n", "`Posted` as mapped"),
    ] {
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, text).expect("bad mapping");
        let o = run(&bad);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains(wanted), "{text}: {err}");
    }
}
