use super::*;
use crate::calc::{self, Attention, SlMeasure, Targets};
use crate::scenario::Scenario;
use crate::scenario::calendar::WEEK_H;

fn scenario(sets: &[&str]) -> Scenario {
    let owned: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    Scenario::builtin(&owned).expect("a valid scenario")
}

/// The built-in scenario with its own profile instead of the retail one.
fn with_profile(set: &str) -> Scenario {
    let text = crate::scenario::DEFAULT_SCENARIO.replace("profile = \"retail\"", "");
    Scenario::from_toml(&text, "test", &[set.to_string()]).expect("a valid scenario")
}

const GOAL: Goal = Goal {
    share: 0.8,
    within_min: 30.0,
    max_abandon: None,
};

/// Requirements of `sc` set to `need` (Monday's 24 hours, zero the rest of the week).
fn monday(sc: &Scenario, need: &[f64; 24]) -> Requirements {
    let mut req = requirements(sc, &GOAL).expect("requirements");
    for pool in &mut req.pools {
        for (h, hour) in pool.hours.iter_mut().enumerate() {
            hour.required = if h < 24 { need[h] } else { 0.0 };
        }
    }
    req
}

/// The cheapest plan by trying every plan with up to `most` heads per template.
fn enumerate(sc: &Scenario, templates: &[Template], req: &Requirements, most: u32) -> f64 {
    let n = templates.len();
    let mut best = f64::INFINITY;
    let mut counts = vec![0u32; n];
    loop {
        let plan = Plan {
            counts: counts.clone(),
        };
        let effective = coverage(sc, req, templates, &plan);
        let covered = (0..WEEK_H).all(|h| effective[0].effective[h] >= req.required(0, h) - 1e-9);
        if covered {
            best = best.min(plan.cost(sc, templates));
        }
        let mut i = 0;
        while i < n && counts[i] == most {
            counts[i] = 0;
            i += 1;
        }
        if i == n {
            return best;
        }
        counts[i] += 1;
    }
}

/// The acceptance test: a tiny instance (a day, two templates and a third
/// overlapping both, two groups of different shrinkage and cost in one pool) returns the
/// true optimum found by enumerating all plans.
#[test]
fn a_tiny_instance_returns_the_optimum_found_by_enumerating_all_plans() {
    let sc = scenario(&[
        "staffing.groups[1].shrinkage=0.2",
        "optimize.templates=[\
           { group = \"day\", days = [\"mon\"], start = \"06:00\", length = \"8h\" }, \
           { group = \"evening\", days = [\"mon\"], start = \"12:00\", length = \"10h\" }, \
           { group = \"day\", days = [\"mon\"], start = \"09:30\", length = \"6h\" }]",
    ]);
    let templates = templates(&sc);
    assert_eq!(templates.len(), 3);
    let mut need = [0.0; 24];
    for (h, v) in need.iter_mut().enumerate().take(22).skip(6) {
        *v = [2.0, 3.0, 5.0, 6.5, 7.0, 4.0, 3.0, 2.5][h % 8];
    }
    let req = monday(&sc, &need);
    let found = cover(&sc, &templates, &req, &CoverOptions::default()).expect("a plan");
    let best = enumerate(&sc, &templates, &req, 16);
    assert!(best.is_finite());
    assert!(
        (found.cost - best).abs() < 1e-6,
        "MILP {} vs enumeration {best}",
        found.cost
    );
    assert_eq!(found.stats.status, SolveStatus::Optimal);
    assert!(found.stats.lower_bound <= found.cost + 1e-6);
    // the same with the groups alike (the strengthened whole rows)
    let sc = scenario(&["optimize.templates=[\
           { group = \"day\", days = [\"mon\"], start = \"06:00\", length = \"8h\" }, \
           { group = \"day\", days = [\"mon\"], start = \"12:00\", length = \"10h\" }]"]);
    let templates = templates_of(&sc);
    let req = monday(&sc, &need);
    let found = cover(&sc, &templates, &req, &CoverOptions::default()).expect("a plan");
    assert!((found.cost - enumerate(&sc, &templates, &req, 16)).abs() < 1e-6);
}

fn templates_of(sc: &Scenario) -> Vec<Template> {
    templates(sc)
}

#[test]
fn a_flat_profile_lags_nothing_and_matches_the_calculator() {
    let sc = scenario(&["arrivals.profile=\"flat\""]);
    let req = requirements(&sc, &GOAL).expect("requirements");
    assert_eq!(
        req.pools.len(),
        1,
        "the built-in groups serve everything alike"
    );
    let pool = &req.pools[0];
    assert_eq!(pool.groups, vec![0, 1, 2]);
    assert_eq!(pool.capacity_ratio, vec![1.0; 3]);
    for h in &pool.hours {
        assert!((h.lagged_rate_per_h - h.rate_per_h).abs() < 1e-9 * h.rate_per_h);
        assert!((h.rate_per_h - sc.arrivals.rate_per_h * pool.share).abs() < 1e-9);
    }
    let direct = calc::agents_needed(
        &calc::Inputs {
            arrivals_per_min: pool.hours[0].rate_per_h / 60.0,
            ..pool.inputs
        },
        &Attention::Fixed,
        &Targets {
            service_level: Some(0.8),
            sl_measure: SlMeasure::Answered,
            max_abandon: None,
        },
    )
    .expect("the calculator staffs it");
    assert!(pool.hours.iter().all(|h| h.calculated == direct));
    // the slot holds the work slowed by concurrency, and the think time as is
    let think = sc.customers.think_time.mean();
    assert!(pool.slot_min > pool.inputs.handle_min);
    assert!(
        pool.inputs
            .first_reply_min
            .is_some_and(|r| r < pool.inputs.handle_min)
    );
    assert!(think > 0.0);
}

#[test]
fn the_lag_correction_moves_a_peak_later_by_the_slot_time() {
    // a triangle peaking at noon every day, from 03:00 to 21:00 (nothing spills over
    // midnight)
    let day: Vec<String> = (0..24)
        .map(|h: i32| (9 - (h - 12).abs()).max(0).to_string())
        .collect();
    let weekly = format!("arrivals.hourly=[{}]", day.join(", "));
    let sc = with_profile(&weekly);
    let req = requirements(&sc, &GOAL).expect("requirements");
    let pool = &req.pools[0];
    let monday = &pool.hours[..24];
    let centre = |f: &dyn Fn(&HourRequirement) -> f64| {
        let total: f64 = monday.iter().map(f).sum();
        monday
            .iter()
            .enumerate()
            .map(|(h, x)| (h as f64 + 0.5) * f(x))
            .sum::<f64>()
            / total
    };
    let shift = centre(&|h| h.lagged_rate_per_h) - centre(&|h| h.rate_per_h);
    let expected = pool.slot_min / 60.0;
    assert!(
        (shift - expected).abs() < 0.05 * expected,
        "shift {shift} h, slot time {expected} h"
    );
    let peak = |f: &dyn Fn(&HourRequirement) -> f64| {
        (0..24)
            .max_by(|&a, &b| f(&monday[a]).total_cmp(&f(&monday[b])))
            .unwrap_or(0)
    };
    assert!(peak(&|h| h.lagged_rate_per_h) >= peak(&|h| h.rate_per_h));
    // 21:00 has no arrivals but the evening's conversations are still going
    assert_eq!(monday[21].rate_per_h, 0.0);
    assert!(monday[21].lagged_rate_per_h > 0.0);
    // the lag moves work, it does not make it
    let own: f64 = pool.hours.iter().map(|h| h.rate_per_h).sum();
    let lagged: f64 = pool.hours.iter().map(|h| h.lagged_rate_per_h).sum();
    assert!((own - lagged).abs() < 1e-9 * own);
}

#[test]
fn hours_without_work_need_nobody_and_any_work_needs_someone() {
    let mut hours = vec!["0".to_string(); WEEK_H];
    hours[10] = "5".into();
    let weekly = format!("arrivals.weekly=[{}]", hours.join(", "));
    let sc = with_profile(&weekly);
    let mut req = requirements(&sc, &GOAL).expect("requirements");
    let pool = &req.pools[0];
    assert!(pool.hours[10].calculated >= 1);
    assert!(
        pool.hours[11].calculated >= 1,
        "the hour after still holds conversations"
    );
    assert_eq!(pool.hours[100].calculated, 0);
    assert_eq!(req.required(0, 100), 0.0);
    req.raise(0, 100, 2.5);
    req.raise(0, 100, -1.0);
    assert_eq!(req.required(0, 100), 2.5);
    assert_eq!(req.pool_of(2), Some(0));
}

#[test]
fn an_overnight_template_wraps_the_week() {
    let sc = scenario(&[
        "optimize.templates=[{ group = \"evening\", days = [\"sun\"], start = \"22:00\", length = \"8h\" }, \
                             { group = \"day\", days = [\"sun\"], start = \"23:30\", length = \"1h\" }]",
    ]);
    let t = templates(&sc);
    let cov = t[0].coverage();
    let on: Vec<usize> = (0..WEEK_H).filter(|&h| cov[h] > 0.0).collect();
    assert_eq!(on, vec![0, 1, 2, 3, 4, 5, 166, 167]);
    assert!(on.iter().all(|&h| cov[h] == 1.0));
    assert_eq!(t[0].label(), "evening Sun 22:00-06:00+1");
    assert_eq!(t[0].group_label(), "evening-sun-2200-8h");
    assert_eq!(t[0].shift().end, "06:00+1");
    assert_eq!(t[0].paid_hours_per_week(), 8.0);
    assert_eq!(t[0].weekly_cost(&sc.groups[1]), 8.0 * 36.0);
    let half = t[1].coverage();
    assert_eq!(
        (half[167], half[0], half.iter().sum::<f64>()),
        (0.5, 0.5, 1.0)
    );
}

#[test]
fn the_default_scenario_has_2016_templates_and_a_plan_in_milliseconds() {
    let sc = scenario(&[]);
    let t = templates(&sc);
    assert_eq!(t.len(), 3 * 7 * 24 * 4);
    assert_eq!(t[0].label(), "day Mon 00:00-04:00");
    assert!(t.iter().all(|t| t.max == 200 && t.min == 0));
    let req = requirements(&sc, &GOAL).expect("requirements");
    let found = cover(&sc, &t, &req, &CoverOptions::default()).expect("a plan");
    assert_eq!(found.stats.status, SolveStatus::Optimal);
    let covered = coverage(&sc, &req, &t, &found.plan);
    for h in 0..WEEK_H {
        assert!(
            covered[0].effective[h] >= req.required(0, h) - 1e-9,
            "hour {h}"
        );
        assert!(covered[0].available[h] <= covered[0].scheduled[h]);
    }
    assert!((found.cost - found.plan.cost(&sc, &t)).abs() < 1e-6);
}

#[test]
fn uncovered_and_unreachable_hours_are_named() {
    let sc = scenario(&[
        "optimize.templates=[{ group = \"day\", days = [\"mon\"], start = \"08:00\", length = \"8h\", max = 3 }]",
    ]);
    let t = templates(&sc);
    let mut need = [0.0; 24];
    need[2] = 1.0;
    need[20] = 1.0;
    need[21] = 1.0;
    let err = cover(&sc, &t, &monday(&sc, &need), &CoverOptions::default())
        .expect_err("nothing covers the night");
    let msg = err.to_string();
    assert!(matches!(err, CoverError::Uncovered { .. }), "{msg}");
    assert!(msg.contains("Mon 02:00-03:00, Mon 20:00-22:00"), "{msg}");
    assert!(msg.contains("day+evening+weekend"), "{msg}");

    let mut need = [0.0; 24];
    need[9] = 5.0;
    need[10] = 1.0;
    let err = cover(&sc, &t, &monday(&sc, &need), &CoverOptions::default())
        .expect_err("3 heads at 70% cannot make 5");
    let msg = err.to_string();
    let CoverError::Unreachable { shortfalls, .. } = &err else {
        panic!("{msg}");
    };
    assert_eq!(shortfalls.len(), 1);
    assert_eq!(shortfalls[0].hour, 9);
    assert!((shortfalls[0].most - 2.1).abs() < 1e-9);
    assert!(
        msg.contains("Mon 09:00-10:00 (needs 5.0 available agents, at most 2.1)"),
        "{msg}"
    );

    let sc = scenario(&[
        "optimize.templates=[{ group = \"day\", days = [\"mon\"], start = \"08:00\", length = \"8h\" }]",
        "targets.weekly_budget=100",
    ]);
    let err = cover(
        &sc,
        &templates(&sc),
        &monday(&sc, &need),
        &CoverOptions::default(),
    )
    .expect_err("over budget");
    // 8 heads (5 / 0.7 rounded up) x 8 h x 32
    assert_eq!(
        err,
        CoverError::Budget {
            budget: 100.0,
            cheapest: 8.0 * 8.0 * 32.0,
            proven: true
        }
    );
    assert_eq!(
        hours_text(&[167, 0, 23, 24]),
        "Mon 00:00-01:00, Mon 23:00-Tue 01:00, Sun 23:00-24:00"
    );
}

#[test]
fn group_bounds_hold_at_every_hour() {
    let sc = scenario(&[
        "optimize.lengths=[\"8h\"]",
        "optimize.start_step=\"4h\"",
        "optimize.group_max={ day = 6 }",
    ]);
    let t = templates(&sc);
    let req = requirements(&sc, &GOAL).expect("requirements");
    let found = cover(&sc, &t, &req, &CoverOptions::default()).expect("a plan");
    for h in 0..WEEK_H {
        let day: u32 = t
            .iter()
            .zip(&found.plan.counts)
            .filter(|(t, _)| t.group == 0 && t.coverage()[h] > 0.0)
            .map(|(_, n)| n)
            .sum();
        assert!(day <= 6, "hour {h}: {day}");
    }
}

#[test]
fn a_plan_becomes_a_scenario_that_round_trips_through_toml() {
    let sc = scenario(&[
        "optimize.templates=[{ group = \"evening\", days = [\"sun\"], start = \"22:00\", length = \"8h\" }, \
                             { group = \"day\", days = [\"weekdays\"], start = \"08:00\", length = \"8h30m\" }, \
                             { group = \"day\", days = [\"sat\"], start = \"08:00\", length = \"8h30m\" }]",
        "optimize.iterations=3",
    ]);
    let t = templates(&sc);
    let plan = Plan {
        counts: vec![4, 7, 0],
    };
    let staffed = apply(&sc, &t, &plan).expect("a valid scenario");
    let names: Vec<&str> = staffed.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        ["evening-sun-2200-8h", "day-weekdays-0800-8h30m", "weekend"]
    );
    assert_eq!(staffed.groups[0].agents, 4);
    assert_eq!(staffed.groups[1].agents, 7);
    assert_eq!(
        staffed.groups[2].agents, 0,
        "an unused source group stays, empty"
    );
    assert_eq!(staffed.groups[0].cost_per_h, 36.0);
    assert_eq!(staffed.groups[1].shrinkage, 0.3);
    assert_eq!(staffed.groups[1].concurrency, 3);
    assert_eq!(staffed.optimize, crate::scenario::Optimize::default());
    let again = Scenario::from_toml(&staffed.to_toml(), "plan.toml", &[]).expect("valid plan.toml");
    assert_eq!(again, staffed);
    // paid hours: 4 x 8 + 7 x 5 x 8.5
    assert_eq!(plan.paid_hours(&t), 32.0 + 297.5);
    assert!(matches!(
        apply(&sc, &t, &Plan { counts: vec![1] }),
        Err(PlanError::Mismatch { .. })
    ));
}
