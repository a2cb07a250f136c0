//! Calibration: the defaults reproduce the published social-care figures.

use std::path::Path;

use carecast::experiment;
use carecast::model::simulate;
use carecast::record::{self, Recorder};
use carecast::scenario::{OutcomeState, Scenario};
use rand::SeedableRng;

/// Per outcome state: customers and recommenders.
#[derive(Default)]
struct ByState([(u64, u64); OutcomeState::ALL.len()]);

impl Recorder for ByState {
    fn outcome(&mut self, e: &record::Outcome) {
        let s = &mut self.0[e.state as usize];
        s.0 += 1;
        s.1 += u64::from(e.recommends);
    }
}

#[test]
fn recommend_rates_per_outcome_state_are_the_published_ones() {
    // End to end through the default scenario: every state occurs, and the share of
    // recommenders in each is its published probability within 4 binomial standard errors.
    // A short max_age makes some customers go unanswered (ignored).
    let sc = Scenario::builtin(&[
        "horizon=\"14d\"".into(),
        "warmup=\"7d\"".into(),
        "policy.max_age=\"4h\"".into(),
    ])
    .expect("built-in");
    let mut total = ByState::default();
    for rep in 0..8 {
        let b = simulate(&sc, rep, ByState::default());
        for (t, s) in total.0.iter_mut().zip(b.0) {
            t.0 += s.0;
            t.1 += s.1;
        }
    }
    let published = [
        (OutcomeState::QuickEffective, 0.71),
        (OutcomeState::QuickIneffective, 0.33),
        (OutcomeState::SlowEffective, 0.17),
        (OutcomeState::SlowIneffective, 0.08),
        (OutcomeState::Ignored, 0.05),
    ];
    for (state, p) in published {
        let (n, k) = total.0[state as usize];
        assert!(n > 1000, "{state:?}: only {n} customers");
        let share = k as f64 / n as f64;
        let se = (p * (1.0 - p) / n as f64).sqrt();
        assert!(
            (share - p).abs() <= 4.0 * se,
            "{state:?}: {share} vs {p} (n = {n})"
        );
    }
}

#[test]
fn fifty_two_percent_of_customers_expect_an_answer_within_30_minutes() {
    let sc = Scenario::builtin(&[]).expect("built-in");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(52);
    let n = 400_000;
    let within = (0..n)
        .filter(|_| sc.customers.expectation.sample(&mut rng) <= 30.0)
        .count();
    let share = within as f64 / n as f64;
    let se = (0.52 * 0.48 / n as f64).sqrt();
    assert!((share - 0.52).abs() <= 4.0 * se, "{share}");
    assert!(
        (sc.customers.off_hours_strict - 0.57).abs() < 1e-12,
        "57% expect the same speed off-hours"
    );
}

#[test]
fn one_to_three_replies_resolve_most_conversations() {
    // Replies needed by the answered mentions of the default scenario, sampled from its
    // classes in proportion to their shares.
    let sc = Scenario::builtin(&[]).expect("built-in");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let (mut conversations, mut short) = (0.0, 0.0);
    for class in sc.classes.iter().filter(|c| c.answer) {
        let n = (class.share * 100_000.0) as usize;
        let within = (0..n)
            .filter(|_| class.replies.sample(&mut rng) <= 3.0)
            .count();
        conversations += n as f64;
        short += within as f64;
    }
    let share = short / conversations;
    assert!(
        share >= 0.85,
        "only {share} of conversations need 1-3 replies"
    );
}

#[test]
fn retail_2016_lands_within_10_percent_of_the_published_figures() {
    let sc = Scenario::load(Path::new("scenarios/retail-2016.toml"), &[]).expect("retail-2016");
    let r = experiment::run(&sc, &|| {});
    let mean = |k: &str| r.kpi(k).map(|s| s.mean).unwrap_or(f64::NAN);
    let targets = [
        ("reply_mean_min.twitter", 11.0 * 60.0 + 15.0),
        ("reply_mean_min.facebook", 24.0 * 60.0),
        ("ignored", 0.56),
        ("quick_effective_answered", 0.36),
    ];
    for (kpi, target) in targets {
        let got = mean(kpi);
        assert!(
            (got - target).abs() <= 0.10 * target,
            "{kpi}: {got} vs published {target}"
        );
    }
}
