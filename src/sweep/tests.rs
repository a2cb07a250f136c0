//! Unit tests of sweeps: shards, points as runs of their scenarios, in-memory merges.

use super::*;

fn tiny(extra: &str) -> SweepSpec {
    SweepSpec::from_toml(
        &format!(
            r#"
name = "tiny"
set = ['horizon="1d"', 'warmup="0m"']
replications = 2
{extra}
[[parameters]]
name = "day"
path = "staffing.groups[0].agents"
values = [12, 24]
[[parameters]]
path = "policy.discipline"
values = ["fifo", "lifo"]
"#
        ),
        "tiny.toml",
        Path::new("."),
    )
    .expect("valid sweep")
}

#[test]
fn shards_partition_the_points() {
    assert_eq!("1/3".parse::<Shard>(), Ok(Shard { index: 1, count: 3 }));
    assert!("3/3".parse::<Shard>().is_err());
    assert!("0/0".parse::<Shard>().is_err());
    assert!("x".parse::<Shard>().is_err());
    let shards: Vec<Shard> = (0..3).map(|k| Shard::new(k, 3).expect("shard")).collect();
    for i in 0..20 {
        assert_eq!(shards.iter().filter(|s| s.owns(i)).count(), 1);
    }
}

#[test]
fn a_point_is_the_run_of_its_scenario() {
    let spec = tiny("");
    let results = run(&spec, &SweepOptions::default(), &|| {}).expect("run");
    assert_eq!(results.points.len(), 4);
    assert_eq!(results.computed, 4);
    for p in &results.points {
        let direct = crate::experiment::run(&spec.points()[p.index].scenario, &|| {});
        assert_eq!(p.kpis.len(), direct.kpi_names.len());
        for ((name, s), (dn, ds)) in p
            .kpis
            .iter()
            .zip(direct.kpi_names.iter().zip(&direct.summary))
        {
            assert_eq!(name, dn);
            assert!(
                s.n == ds.n && (s.mean == ds.mean || s.mean.is_nan() && ds.mean.is_nan()),
                "{name}"
            );
        }
    }
    // Common random numbers: the same customers arrive at every point.
    let mean = |p: &PointResult, k: &str| p.kpi(k).map_or(f64::NAN, |s| s.mean);
    let mentions: Vec<f64> = results
        .points
        .iter()
        .map(|p| mean(p, "mentions") - mean(p, "spawned_mentions"))
        .collect();
    assert!(mentions[0] > 0.0);
    assert_eq!(mentions[0], mentions[2]);
}

#[test]
fn shards_in_memory_merge_to_the_whole() {
    let spec = tiny("");
    let whole = run(&spec, &SweepOptions::default(), &|| {}).expect("run");
    let tmp = tempfile::tempdir().expect("tempdir");
    let dirs: Vec<PathBuf> = (0..2)
        .map(|k| {
            let d = tmp.path().join(format!("s{k}"));
            let options = SweepOptions {
                out: Some(d.clone()),
                shard: Some(Shard { index: k, count: 2 }),
            };
            let r = run(&spec, &options, &|| {}).expect("shard");
            assert_eq!(r.points.len(), 2);
            assert!(!r.wrote_files, "a shard writes no final files");
            d
        })
        .collect();
    let merged = merge(&dirs, None).expect("merge");
    assert_eq!(merged.points_csv(), whole.points_csv());
    assert_eq!(merged.sweep_json(), whole.sweep_json());
    let other = tiny("seed = 9");
    let d = tmp.path().join("other");
    let options = SweepOptions {
        out: Some(d.clone()),
        shard: Some(Shard { index: 1, count: 2 }),
    };
    run(&other, &options, &|| {}).expect("other shard");
    let msg = merge(&[dirs[0].clone(), d], None)
        .map(|_| String::new())
        .unwrap_or_else(|e| e.to_string());
    assert!(msg.contains("different sweep"), "{msg}");
}

#[test]
fn errors_know_their_exit_code() {
    let write = SweepError::Write {
        path: "x".into(),
        source: std::io::Error::other("disk full"),
    };
    assert!(!crate::Blame::is_input(&write));
    let merge = SweepError::Merge {
        message: "m".into(),
    };
    assert!(crate::Blame::is_input(&merge));
}

#[test]
fn an_overloaded_point_reports_no_kpi_and_misses_its_targets() {
    // Without the day group nobody works until the evening shift and the backlog passes
    // the small limit; with it the night's backlog stays under it.
    let spec = SweepSpec::from_toml(
        r#"
name = "overload"
set = ['horizon="1d"', 'warmup="0m"', 'limits.max_in_system=800', 'targets.max_ignored=0.99']
replications = 2
[[parameters]]
name = "day"
path = "staffing.groups[0].agents"
values = [0, 24]
"#,
        "overload.toml",
        Path::new("."),
    )
    .expect("valid sweep");
    let results = run(&spec, &SweepOptions::default(), &|| {}).expect("run");
    let by_day = |i: usize| &results.points[i];
    let overloaded = by_day(0);
    assert!(
        overloaded
            .kpis
            .iter()
            .all(|(_, s)| s.n == 0 && s.mean.is_nan())
    );
    let t = overloaded.targets.as_ref().expect("targets");
    assert!(!t.meets_targets);
    assert_eq!(t.targets_missed, t.targets);
    let fine = by_day(1);
    assert!(fine.kpi("mentions").is_some_and(|s| s.n == 2));
    assert!(fine.targets.as_ref().is_some_and(|t| t.meets_targets));
}
