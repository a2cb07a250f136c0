use super::*;
use crate::scenario::{Scenario, ScenarioError};

fn scenario(sets: &[&str]) -> Result<Scenario, ScenarioError> {
    let mut all = vec!["horizon=\"2d\"".to_string(), "warmup=\"1d\"".to_string()];
    all.extend(sets.iter().map(|s| s.to_string()));
    Scenario::builtin(&all)
}

fn resolved(sc: &Scenario) -> String {
    toml::to_string(&crate::scenario::ScenarioFile::from(sc)).expect("renders")
}

fn refused(set: &str) -> String {
    match scenario(&[set]) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("accepted: {set}"),
    }
}

#[test]
fn bad_targets_name_the_field_the_value_and_what_is_allowed() {
    let e = refused("targets.max_abandonment=1.5");
    assert!(
        e.contains("targets.max_abandonment") && e.contains("1.5"),
        "{e}"
    );
    let e = refused("targets.service_level=[{share=0.8, within=\"30m\", scope=\"hourly\"}]");
    assert!(e.contains("scope") && e.contains("every_hour"), "{e}");
    let e = refused("targets.service_level=[{share=0.8, within=\"30m\", channel=\"tiktok\"}]");
    assert!(
        e.contains("targets.service_level[0].channel") && e.contains("twitter"),
        "{e}"
    );
    let e = refused("targets.service_level=[{share=1, within=\"30m\"}]");
    assert!(e.contains("strictly between 0 and 1"), "{e}");
    let e = refused("targets.weekly_budget=-3");
    assert!(e.contains("targets.weekly_budget"), "{e}");
    let e = refused("targets.confidence=0.3");
    assert!(e.contains("targets.confidence"), "{e}");
    let e = refused("targets.max_abandonement=0.1");
    assert!(e.contains("max_abandonement"), "{e}");
}

#[test]
fn targets_round_trip_through_the_resolved_file() {
    let sc = scenario(&[
        "targets.service_level=[{share=0.8, within=\"30m\", scope=\"every_hour\", class=\"complaint\"}]",
        "targets.min_recommend=0.5",
        "targets.weekly_budget=90000",
    ])
    .expect("valid");
    let text = resolved(&sc);
    let back = Scenario::from_toml(&text, "resolved", &[]).expect("reads back");
    assert_eq!(back.targets, sc.targets);
    assert_eq!(sc.targets.service_levels[0].class, Some(0));
    // Without targets, nothing is written.
    let plain = scenario(&[]).expect("valid");
    assert!(!plain.targets.any());
    assert!(!resolved(&plain).contains("[targets]"));
}

#[test]
fn an_estimate_meets_only_when_its_interval_clears_the_limit() {
    let e = Estimate::of(&[0.84, 0.86, 0.85, 0.85], 0.95);
    assert_eq!(e.status(Bound::AtLeast, 0.80), Status::Meets);
    assert_eq!(e.status(Bound::AtLeast, 0.849), Status::TooClose);
    assert_eq!(e.status(Bound::AtLeast, 0.86), Status::Misses);
    assert_eq!(e.status(Bound::AtMost, 0.90), Status::Meets);
    assert_eq!(e.status(Bound::AtMost, 0.80), Status::Misses);
    // A wider confidence widens the interval.
    let wide = Estimate::of(&[0.84, 0.86, 0.85, 0.85], 0.999);
    assert!(wide.half_width > e.half_width);
    // One replication has no interval: it can miss but never surely meet.
    let one = Estimate::of(&[0.9], 0.95);
    assert_eq!(one.status(Bound::AtLeast, 0.8), Status::TooClose);
    assert_eq!(
        Estimate::of(&[], 0.95).status(Bound::AtLeast, 0.8),
        Status::NoData
    );
}

fn counts(answerable: u64, within: impl Fn(usize) -> u64) -> ServiceCounts {
    ServiceCounts {
        answerable: vec![answerable; WEEK_H],
        within: (0..WEEK_H).map(within).collect(),
    }
}

#[test]
fn an_hourly_target_names_the_hours_that_miss_and_the_worst() {
    let sc =
        scenario(&["targets.service_level=[{share=0.8, within=\"30m\", scope=\"every_hour\"}]"])
            .expect("valid");
    // Nights (00:00-08:00) answer 50%, the rest 95%, with a little noise per replication.
    let reps: Vec<ServiceCounts> = (0..5)
        .map(|r| counts(100, |h| if h % 24 < 8 { 50 + r } else { 95 - r % 2 }))
        .collect();
    let service: Vec<&[ServiceCounts]> = reps.iter().map(std::slice::from_ref).collect();
    let v = evaluate_with(&sc, &|_| None, &service);
    let item = &v.items[0];
    assert_eq!(item.status, Status::Misses);
    assert_eq!(item.hours.len(), WEEK_H);
    assert_eq!(item.hours_with(Status::Misses).len(), 7 * 8);
    assert!(
        item.sentence.contains("in 56 of 168 hours: nights"),
        "{}",
        item.sentence
    );
    assert!(
        item.sentence.contains("Mon-Sun 00:00-08:00"),
        "{}",
        item.sentence
    );
    assert!((item.estimate.mean - 0.52).abs() < 1e-12);
    assert!(!v.all_met());
    // The same counts pooled over the period: (8 x 0.52 + 16 x 0.945) / 24 = 0.80.
    let period =
        scenario(&["targets.service_level=[{share=0.75, within=\"30m\"}]"]).expect("valid");
    let v = evaluate_with(&period, &|_| None, &service);
    assert_eq!(v.items[0].status, Status::Meets, "{}", v.items[0].sentence);
    assert!(v.all_met());
    assert_eq!(v.headline(), "meets its target");
}

#[test]
fn business_hours_count_only_the_mentions_arriving_in_them() {
    let sc = scenario(&[
        "targets.service_level=[{share=0.9, within=\"30m\", scope=\"business_hours\"}]",
    ])
    .expect("valid");
    // 100% inside business hours (weekdays 08-20), 0% outside.
    let inside = |h: usize| h < 5 * 24 && (8..20).contains(&(h % 24));
    let reps: Vec<ServiceCounts> = (0..3)
        .map(|_| counts(10, |h| if inside(h) { 10 } else { 0 }))
        .collect();
    let service: Vec<&[ServiceCounts]> = reps.iter().map(std::slice::from_ref).collect();
    let v = evaluate_with(&sc, &|_| None, &service);
    assert_eq!(v.items[0].estimate.mean, 1.0);
    assert_eq!(v.items[0].status, Status::Meets);
}

#[test]
fn kpi_targets_read_their_kpis_and_the_budget_is_weekly() {
    let sc =
        scenario(&["targets.max_abandonment=0.05", "targets.weekly_budget=1000"]).expect("valid");
    // Measured: 1 day, so a week costs 7 times the measured cost.
    let values = |name: &str| match name {
        "abandon_rate" => Some(vec![0.031, 0.029, 0.030]),
        "cost_total" => Some(vec![150.0, 140.0, 145.0]),
        _ => None,
    };
    let v = evaluate_with(&sc, &values, &[]);
    assert_eq!(v.items[0].status, Status::Meets);
    assert!(
        v.items[0]
            .sentence
            .starts_with("meets at most 5% abandonment: 3.0% ± "),
        "{}",
        v.items[0].sentence
    );
    assert_eq!(v.items[1].key, "weekly_budget");
    assert!((v.items[1].estimate.mean - 1015.0).abs() < 1e-9);
    assert_eq!(v.items[1].status, Status::Misses);
    assert_eq!(v.headline(), "misses 1 of 2 targets");
}
