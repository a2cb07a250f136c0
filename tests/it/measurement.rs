//! Honest measurement: the cohort is followed to its end, so the end of the horizon
//! biases nothing, and a plan that leaves work undone never looks better.

use std::path::Path;

use carecast::experiment::{self, RunResults};
use carecast::scenario::Scenario;

fn load(file: &str, sets: &[&str]) -> Scenario {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    Scenario::load(&Path::new("scenarios").join(file), &sets)
        .unwrap_or_else(|e| panic!("{file} {sets:?}: {e}"))
}

fn values(r: &RunResults, kpi: &str) -> Vec<f64> {
    r.values(kpi).unwrap_or_else(|| panic!("no KPI {kpi}"))
}

fn mean(r: &RunResults, kpi: &str) -> f64 {
    r.kpi(kpi).unwrap_or_else(|| panic!("no KPI {kpi}")).mean
}

/// The pooled share `sum(share_r x n_r) / sum(n_r)` over replications (the share of all
/// customers, as queueing theory states it) and its standard error (the ratio
/// estimator's, by the delta method).
fn pooled(shares: &[f64], counts: &[f64]) -> (f64, f64) {
    let hits: Vec<f64> = shares.iter().zip(counts).map(|(s, n)| s * n).collect();
    let total: f64 = counts.iter().sum();
    let p = hits.iter().sum::<f64>() / total;
    let k = counts.len() as f64;
    let resid: f64 = hits
        .iter()
        .zip(counts)
        .map(|(x, n)| (x - p * n).powi(2))
        .sum();
    let mean_n = total / k;
    (p, (resid / (k * (k - 1.0))).sqrt() / mean_n)
}

#[test]
fn a_short_erlang_a_run_has_no_end_of_horizon_bias() {
    // Two measured hours of an overloaded M/M/1+M (rho 1.2, mean patience 10 min):
    // without the follow-up, the customers still waiting at the horizon count as not
    // taken in time and not abandoned.
    let exact = carecast::erlang::ErlangA::new(0.24, 0.2, 0.1, 1).expect("valid");
    let base = [
        "horizon=\"4h\"",
        "warmup=\"2h\"",
        "arrivals.rate_per_h=14.4",
        "staffing.groups[0].agents=1",
        "service_levels=[\"5m\"]",
        "replications=2000",
    ];
    let measure = |follow_up: &str| {
        let mut sets = base.to_vec();
        sets.push(follow_up);
        let r = experiment::run(&load("erlang-a.toml", &sets), &|| {});
        let n = values(&r, "mentions");
        let abandoned: Vec<f64> = values(&r, "abandoned")
            .iter()
            .zip(&n)
            .map(|(a, n)| a / n)
            .collect();
        (
            pooled(&values(&r, "taken_within_5m"), &n),
            pooled(&abandoned, &n),
        )
    };
    let z = |(p, se): (f64, f64), exact: f64| (p - exact) / se;
    let (taken, abandon) = measure("follow_up=\"28d\"");
    let (z_taken, z_abandon) = (
        z(taken, exact.served_within(5.0)),
        z(abandon, exact.p_abandon()),
    );
    assert!(z_taken.abs() <= 4.0, "taken within 5 min: z = {z_taken:.2}");
    assert!(z_abandon.abs() <= 4.0, "abandonment: z = {z_abandon:.2}");
    // Cut at the horizon instead, abandonment is biased low, beyond sampling error
    // (z about -5 with these seeds: the customers waiting at the horizon who would leave).
    let (_, abandon) = measure("follow_up=\"0m\"");
    let z_cut = z(abandon, exact.p_abandon());
    assert!(
        z_cut < -3.5,
        "the cut at the horizon should show in abandonment: z = {z_cut:.2}"
    );
}

#[test]
fn leaving_work_undone_never_improves_a_kpi() {
    let plan = |sets: &[&str]| {
        let mut all = vec!["replications=4"];
        all.extend_from_slice(sets);
        experiment::run(&load("retail-week.toml", &all), &|| {})
    };
    let default = plan(&[]);
    let no_weekend = plan(&["staffing.groups[2].agents=0"]);
    for (kpi, worse_is_higher) in [
        ("frt_mean_min", true),
        ("frt_p90_min", true),
        ("recommend_rate", false),
        ("answered_within_30m", false),
        ("answered_within_60m", false),
    ] {
        let (d, w) = (mean(&default, kpi), mean(&no_weekend, kpi));
        let worse = if worse_is_higher { w > d } else { w < d };
        assert!(worse, "{kpi}: {w} without the weekend team vs {d} with it");
    }
    assert!(mean(&no_weekend, "open_at_horizon") > mean(&default, "open_at_horizon"));
}

#[test]
fn a_policy_that_stops_answering_a_class_never_looks_better() {
    // Not answering complaints leaves their authors ignored: they stay customers, so the
    // recommendation rate falls and the ignored share rises, however short the queue gets.
    let plan = |sets: &[&str]| {
        let mut all = vec!["replications=4", "horizon=\"14d\""];
        all.extend_from_slice(sets);
        experiment::run(&load("retail-week.toml", &all), &|| {})
    };
    let default = plan(&[]);
    let silent = plan(&["classes[0].answer=false"]);
    // The same authors arrive (and more join in on the unanswered complaints).
    assert!(mean(&silent, "customers") >= mean(&default, "customers"));
    assert!(mean(&silent, "recommend_rate") < mean(&default, "recommend_rate"));
    assert!(mean(&silent, "ignored") > mean(&default, "ignored") + 0.2);
    // Spam is no customer: its mentions are counted, but never as customers.
    let spam = default.kpi("not_answerable").expect("not_answerable").mean;
    assert!(spam > 0.0);
    assert!(mean(&default, "customers") <= mean(&default, "mentions") - spam);
}

/// The warm-up is simulated and marked, never dropped: its hours carry the `warmup` flag
/// (and only they do), and the mentions arriving in them are counted, at the rate of the
/// measured hours of the same hours of the week.
#[test]
fn warm_up_hours_are_marked_and_their_arrivals_counted() {
    let sc = load(
        "retail-2016.toml",
        &["replications=2", "horizon=\"14d\"", "warmup=\"7d\""],
    );
    let r = experiment::run(&sc, &|| {});
    let (mut warm, mut measured) = (0u64, 0u64);
    for rep in &r.replications {
        assert_eq!(rep.hourly.len(), 14 * 24);
        for h in &rep.hourly {
            assert_eq!(h.warmup, h.hour < 7 * 24, "hour {}", h.hour);
            if h.warmup {
                warm += h.arrivals;
            } else {
                measured += h.arrivals;
            }
        }
    }
    // Both weeks have the same profile: the counts are two Poisson totals of the same
    // mean (about 1,350 a week per replication), so their ratio is 1 within a few
    // percent; 0.8 to 1.25 is far outside chance and catches an uncounted warm-up.
    let ratio = warm as f64 / measured as f64;
    assert!(
        (0.8..1.25).contains(&ratio),
        "warm-up/measured arrivals {ratio}"
    );
}
