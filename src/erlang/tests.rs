//! Tests of the Erlang formulas: known values, identities, limits, and agreement with the
//! birth–death chain of [`super::chain`].

use statrs::function::gamma::ln_gamma;

use super::erlang_a::ln_density_integral;
use super::erlang_b::{erlang_b_log_space, erlang_b_parts};
use super::gamma::{a_series, ln_lower_gamma, ln_lower_gamma_fraction, ln_poisson_kernel};
use super::quadrature::adaptive_gauss_kronrod;
use super::*;

/// Relative closeness (exact equality also accepted, e.g. both zero).
fn assert_rel(what: &str, got: f64, want: f64, tol: f64) {
    let scale = got.abs().max(want.abs());
    assert!(
        got == want || (got - want).abs() <= tol * scale,
        "{what}: got {got:e}, want {want:e}, rel err {:e} > {tol:e}",
        (got - want).abs() / scale
    );
}

fn assert_abs(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got:e}, want {want:e}, abs err {:e} > {tol:e}",
        (got - want).abs()
    );
}

/// `ln A(x, v)` with `A(x, v) = x eᵛ v⁻ˣ γ(x, v)`.
fn ln_a(x: f64, v: f64) -> f64 {
    ln_lower_gamma(x, v) - ln_poisson_kernel(x, v)
}

const SIZES: [u32; 6] = [1, 2, 10, 50, 500, 2000];
const A_LOADS: [f64; 4] = [0.5, 1.0, 1.2, 2.0];
const THETA_OVER_MU: [f64; 3] = [0.1, 1.0, 5.0];

/// Erlang A with μ = 1, λ = ρc, θ = ratio.
fn model_a(c: u32, rho: f64, theta_over_mu: f64) -> ErlangA {
    ErlangA::new(rho * f64::from(c), 1.0, theta_over_mu, c).expect("valid model")
}

#[test]
fn erlang_b_known_values() {
    assert_rel("B(2,3)", erlang_b(2.0, 3), 4.0 / 19.0, 1e-15);
    assert_rel("B(1,1)", erlang_b(1.0, 1), 0.5, 1e-15);
    assert_rel("B(1,2)", erlang_b(1.0, 2), 0.2, 1e-15);
    assert_eq!(erlang_b(5.0, 0), 1.0);
    assert_eq!(erlang_b(0.0, 3), 0.0);
    assert!(erlang_b(-1.0, 2).is_nan());
    assert!(erlang_b(f64::NAN, 2).is_nan());
    assert!(erlang_b(f64::INFINITY, 2).is_nan());
}

/// Erlang B = P(N = c) for a Poisson(a) truncated to 0..=c, summed in log space.
fn ln_erlang_b_reference(a: f64, c: u32) -> f64 {
    let logs: Vec<f64> = (0..=c)
        .map(|n| ln_poisson_kernel(f64::from(n), a))
        .collect();
    let max = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = logs.iter().map(|l| (l - max).exp()).sum();
    logs[c as usize] - max - sum.ln()
}

#[test]
fn erlang_b_large_systems_and_log_space() {
    for a in [200.0, 1000.0, 1900.0, 2000.0, 4000.0] {
        let parts = erlang_b_parts(a, 2000);
        let reference = ln_erlang_b_reference(a, 2000);
        assert_abs(&format!("ln B({a}, 2000)"), parts.ln, reference, 1e-10);
        // forcing log space from the start must agree with the plain recursion
        let forced = erlang_b_log_space(a, 0.0, 1, 2000);
        assert_abs(&format!("log-space B({a})"), forced.ln, parts.ln, 1e-9);
        let b = erlang_b(a, 2000);
        assert!((0.0..=1.0).contains(&b), "B out of range: {b}");
    }
    // deep underflow: the value is 0 but its log is still accurate
    let parts = erlang_b_parts(200.0, 2000);
    assert_eq!(parts.value, 0.0);
    assert!(parts.ln < -2500.0 && parts.ln.is_finite());
    // overload: B → 1 − c/a
    assert_rel("B(20000, 2000)", erlang_b(20000.0, 2000), 0.9, 1e-3);
}

#[test]
fn erlang_c_textbook_values() {
    // a = 2 Erlangs, c = 3: P(W>0) = 4/9 (e.g. Kleinrock, Queueing Systems I, M/M/m).
    let q = ErlangC::new(2.0, 1.0, 3).expect("valid");
    assert_rel("C(2,3)", q.p_wait_pos(), 4.0 / 9.0, 1e-15);
    assert_rel("E[Wq]", q.mean_wait(), 4.0 / 9.0, 1e-15);
    assert_rel("E[Q]", q.mean_queue(), 8.0 / 9.0, 1e-15);
    assert_rel("occupancy", q.occupancy(), 2.0 / 3.0, 1e-15);
    assert_rel(
        "SL(1)",
        q.service_level(1.0),
        1.0 - 4.0 / 9.0 * (-1.0_f64).exp(),
        1e-15,
    );
    // M/M/2 at ρ = 1/2: P(W>0) = 2ρ²/(1+ρ) = 1/3.
    let q = ErlangC::new(1.0, 1.0, 2).expect("valid");
    assert_rel("C(1,2)", q.p_wait_pos(), 1.0 / 3.0, 1e-15);
    // Same system in calls per hour: λ = 10/h, mean handling 12 min → a = 2, c = 3.
    let q = ErlangC::new(10.0, 5.0, 3).expect("valid");
    assert_rel("E[Wq] in hours", q.mean_wait(), 4.0 / 9.0 / 5.0, 1e-15);
}

#[test]
fn mm1_identities() {
    for rho in [0.1, 0.5, 0.7, 0.99] {
        let mu = 2.0;
        let q = ErlangC::new(rho * mu, mu, 1).expect("valid");
        assert_rel("P(W>0)", q.p_wait_pos(), rho, 1e-14);
        assert_rel("E[Wq]", q.mean_wait(), rho / (mu - rho * mu), 1e-13);
        assert_rel("E[Q]", q.mean_queue(), rho * rho / (1.0 - rho), 1e-13);
        let t = 0.8;
        let sl = 1.0 - rho * (-(mu - rho * mu) * t).exp();
        assert_rel("SL", q.service_level(t), sl, 1e-14);
        assert_rel("tail", q.wait_exceeds(t), 1.0 - sl, 1e-13);
    }
}

#[test]
fn erlang_c_matches_chain() {
    for c in SIZES {
        for rho in [0.5, 0.9, 0.99] {
            let q = ErlangC::new(rho * f64::from(c), 1.0, c).expect("valid");
            let ch = chain::erlang_c(&q).expect("chain");
            let tag = format!("C c={c} rho={rho}");
            assert_rel(
                &format!("{tag} P(W>0)"),
                q.p_wait_pos(),
                ch.p_wait_pos,
                1e-9,
            );
            assert_rel(&format!("{tag} E[W]"), q.mean_wait(), ch.mean_wait, 1e-9);
            assert_rel(&format!("{tag} E[Q]"), q.mean_queue(), ch.mean_queue, 1e-9);
            assert_rel(&format!("{tag} occ"), q.occupancy(), ch.occupancy, 1e-9);
            assert_rel(
                &format!("{tag} P(W=0)"),
                q.p_no_wait(),
                1.0 - ch.p_wait_pos,
                1e-9,
            );
            assert_eq!(ch.p_abandon, 0.0);
        }
    }
}

#[test]
fn erlang_a_matches_chain() {
    for c in SIZES {
        for rho in A_LOADS {
            for ratio in THETA_OVER_MU {
                let q = model_a(c, rho, ratio);
                let ch = chain::erlang_a(&q).expect("chain");
                let tag = format!("A c={c} rho={rho} theta/mu={ratio}");
                assert_rel(
                    &format!("{tag} P(W>0)"),
                    q.p_wait_pos(),
                    ch.p_wait_pos,
                    1e-9,
                );
                assert_rel(&format!("{tag} P(Ab)"), q.p_abandon(), ch.p_abandon, 1e-9);
                assert_rel(&format!("{tag} E[W]"), q.mean_wait(), ch.mean_wait, 1e-9);
                assert_rel(&format!("{tag} E[Q]"), q.mean_queue(), ch.mean_queue, 1e-9);
                assert_rel(&format!("{tag} occ"), q.occupancy(), ch.occupancy, 1e-9);
            }
        }
    }
}

#[test]
fn erlang_a_with_theta_equal_mu_is_poisson() {
    use statrs::function::gamma::gamma_lr;
    // With θ = μ every customer in system leaves at rate μ: N ~ Poisson(a) for any c.
    for c in [1_u32, 2, 10] {
        for rho in [0.5, 1.0, 2.0] {
            let cf = f64::from(c);
            let a = rho * cf;
            let q = ErlangA::new(a, 1.0, 1.0, c).expect("valid");
            let at_least = |m: f64| if m == 0.0 { 1.0 } else { gamma_lr(m, a) };
            let p_wait = at_least(cf);
            let mean_queue = a * at_least(cf) - cf * at_least(cf + 1.0);
            let tag = format!("theta=mu c={c} a={a}");
            assert_rel(&format!("{tag} P(W>0)"), q.p_wait_pos(), p_wait, 1e-12);
            assert_rel(&format!("{tag} E[Q]"), q.mean_queue(), mean_queue, 1e-9);
        }
    }
    // M/M/1+M with θ = μ: E[Q] = a − 1 + e^{−a}, P(Ab) = E[Q]/a.
    let a: f64 = 0.5;
    let q = ErlangA::new(a, 1.0, 1.0, 1).expect("valid");
    assert_rel("M/M/1+M P(W>0)", q.p_wait_pos(), -(-a).exp_m1(), 1e-14);
    assert_rel(
        "M/M/1+M P(Ab)",
        q.p_abandon(),
        (a - 1.0 + (-a).exp()) / a,
        1e-12,
    );
    let ch = chain::erlang_a(&q).expect("chain");
    assert_rel("M/M/1+M chain P(Ab)", ch.p_abandon, q.p_abandon(), 1e-12);
}

#[test]
fn erlang_a_tends_to_erlang_c_for_patient_customers() {
    for c in [1_u32, 10, 50, 500] {
        for rho in [0.5, 0.9] {
            let lambda = rho * f64::from(c);
            let erl_c = ErlangC::new(lambda, 1.0, c).expect("valid");
            let erl_a = |theta: f64| ErlangA::new(lambda, 1.0, theta, c).expect("valid");
            let tag = format!("c={c} rho={rho}");
            // The corrections are O(θ/(μ(1−ρ)²)) relative (heavy-traffic sensitivity).
            let theta = 1e-6;
            let tol = 10.0 * theta / ((1.0 - rho) * (1.0 - rho));
            let a = erl_a(theta);
            assert_rel(
                &format!("{tag} P(W>0)"),
                a.p_wait_pos(),
                erl_c.p_wait_pos(),
                tol,
            );
            assert_rel(
                &format!("{tag} E[W]"),
                a.mean_wait(),
                erl_c.mean_wait(),
                tol,
            );
            // to first order P(Ab) = θ E[W_q]
            let first_order = theta * erl_c.mean_wait();
            assert_rel(&format!("{tag} P(Ab)"), a.p_abandon(), first_order, tol);
            for t in [0.0, 0.1, 1.0, 5.0] {
                let (got, want) = (a.service_level(t), erl_c.service_level(t));
                assert_abs(&format!("{tag} SL({t})"), got, want, tol);
            }
            // and the error shrinks linearly in θ
            let gap = |theta: f64| (erl_a(theta).mean_wait() / erl_c.mean_wait() - 1.0).abs();
            let shrink = gap(1e-7) / gap(1e-6);
            assert!((0.08..0.12).contains(&shrink), "{tag}: gap ratio {shrink}");
        }
    }
}

#[test]
fn erlang_a_waiting_distribution_matches_uniformization() {
    for c in [1_u32, 2, 10, 50] {
        for rho in A_LOADS {
            for ratio in THETA_OVER_MU {
                let q = model_a(c, rho, ratio);
                for t in [0.0, 0.01, 0.3, 2.0] {
                    let ch = chain::erlang_a_waiting(&q, t).expect("chain");
                    let tag = format!("c={c} rho={rho} theta/mu={ratio} t={t}");
                    assert_waiting_matches(&q, t, &ch, &tag);
                }
            }
        }
    }
}

/// The closed-form waiting-time measures of `q` at `t` against the chain's, to 1e-9.
fn assert_waiting_matches(q: &ErlangA, t: f64, ch: &chain::ChainWaiting, tag: &str) {
    assert_rel(
        &format!("{tag} P(W>t)"),
        q.wait_exceeds(t),
        ch.wait_exceeds,
        1e-9,
    );
    assert_rel(
        &format!("{tag} SL"),
        q.service_level(t),
        ch.service_level,
        1e-9,
    );
    assert_rel(
        &format!("{tag} served"),
        q.served_within(t),
        ch.served_within,
        1e-9,
    );
}

#[test]
fn erlang_a_waiting_distribution_matches_uniformization_c500() {
    for (rho, ratio) in [(0.5, 1.0), (1.0, 5.0), (2.0, 0.1)] {
        let q = model_a(500, rho, ratio);
        for t in [0.001, 0.05] {
            let ch = chain::erlang_a_waiting(&q, t).expect("chain");
            let tag = format!("c=500 rho={rho} theta/mu={ratio} t={t}");
            assert_waiting_matches(&q, t, &ch, &tag);
        }
    }
}

/// ∫₀^∞ g(t) dt by adaptive quadrature on geometric panels starting at `scale`.
fn integrate_tail(g: impl Fn(f64) -> f64, scale: f64, end: f64) -> f64 {
    let mut breaks = vec![0.0];
    let mut point = scale;
    while point < end {
        breaks.push(point);
        point *= 2.0;
    }
    breaks.push(end);
    adaptive_gauss_kronrod(g, &breaks)
}

#[test]
fn erlang_a_mean_wait_is_integral_of_tail() {
    for c in [10_u32, 500, 2000] {
        for rho in A_LOADS {
            for ratio in THETA_OVER_MU {
                let q = model_a(c, rho, ratio);
                let cf = f64::from(c);
                let end = 60.0 / ratio;
                let integral = integrate_tail(|t| q.wait_exceeds(t), 0.01 / cf, end);
                let tag = format!("c={c} rho={rho} theta/mu={ratio}");
                assert_rel(&format!("{tag} ∫P(W>t)"), integral, q.mean_wait(), 1e-9);
                // served-within tends to 1 − P(Ab)
                assert_rel(
                    &format!("{tag} served(end)"),
                    q.served_within(end),
                    1.0 - q.p_abandon(),
                    1e-12,
                );
            }
        }
    }
}

/// The service-level, tail and served-within functions are consistent probabilities.
fn check_distribution_shape(
    tag: &str,
    p_wait: f64,
    p_abandon: f64,
    sl: impl Fn(f64) -> f64,
    tail: impl Fn(f64) -> f64,
    served: impl Fn(f64) -> f64,
    horizon: f64,
) {
    assert_abs(&format!("{tag} SL(0)"), sl(0.0), 1.0 - p_wait, 1e-14);
    assert_abs(
        &format!("{tag} served(0)"),
        served(0.0),
        1.0 - p_wait,
        1e-14,
    );
    assert_eq!(sl(f64::INFINITY), 1.0, "{tag} SL(inf)");
    assert_rel(
        &format!("{tag} served(inf)"),
        served(f64::INFINITY),
        1.0 - p_abandon,
        1e-14,
    );
    assert_abs(&format!("{tag} SL(horizon)"), sl(horizon), 1.0, 1e-12);
    assert_eq!(sl(-1.0), 0.0);
    assert_eq!(served(-1.0), 0.0);
    assert!(sl(f64::NAN).is_nan() && served(f64::NAN).is_nan() && tail(f64::NAN).is_nan());
    let mut previous = (0.0, 0.0);
    for i in 0..=400 {
        let t = horizon * (f64::from(i) / 400.0).powi(3);
        let (s, v) = (sl(t), served(t));
        // monotone up to rounding (a few ulps of 1)
        assert!(
            s >= previous.0 - 1e-15 && v >= previous.1 - 1e-15,
            "{tag}: not monotone at t={t}"
        );
        assert!(
            v <= s + 1e-15 && s <= 1.0 && v >= 0.0,
            "{tag}: out of order at t={t}"
        );
        assert_abs(&format!("{tag} SL+tail at {t}"), s + tail(t), 1.0, 1e-14);
        previous = (s, v);
    }
}

#[test]
fn service_level_properties() {
    for c in [1_u32, 10, 2000] {
        for rho in A_LOADS {
            for ratio in THETA_OVER_MU {
                let q = model_a(c, rho, ratio);
                check_distribution_shape(
                    &format!("A c={c} rho={rho} theta/mu={ratio}"),
                    q.p_wait_pos(),
                    q.p_abandon(),
                    |t| q.service_level(t),
                    |t| q.wait_exceeds(t),
                    |t| q.served_within(t),
                    100.0 / ratio,
                );
            }
        }
        for rho in [0.5, 0.9, 0.99] {
            let q = ErlangC::new(rho * f64::from(c), 1.0, c).expect("valid");
            let horizon = 100.0 / (f64::from(c) * (1.0 - rho));
            check_distribution_shape(
                &format!("C c={c} rho={rho}"),
                q.p_wait_pos(),
                0.0,
                |t| q.service_level(t),
                |t| q.wait_exceeds(t),
                |t| q.service_level(t),
                horizon,
            );
        }
    }
}

#[test]
fn series_and_continued_fraction_agree() {
    for x in [0.01_f64, 0.5, 3.0, 20.0, 2000.0, 2e6] {
        for offset in [1.0, 1.5, 4.0] {
            let v = x + offset * x.sqrt().max(1.0);
            let series = a_series(x, v).excess.ln_1p();
            let ln_kernel = ln_poisson_kernel(x, v);
            let fraction = ln_lower_gamma_fraction(x, v, ln_kernel) - ln_kernel;
            assert_abs(
                &format!("ln A({x}, {v})"),
                series,
                fraction,
                1e-12 * series.abs().max(1.0),
            );
        }
    }
}

#[test]
fn a_matches_statrs_incomplete_gamma() {
    use statrs::function::gamma::gamma_lr;
    for (x, v) in [(3.5, 2.0), (3.5, 7.0), (0.3, 0.1), (12.0, 30.0)] {
        // A = Γ(x+1) eᵛ v⁻ˣ P(x, v)
        let want = ln_gamma(x + 1.0) + v - x * f64::ln(v) + gamma_lr(x, v).ln();
        assert_abs(&format!("ln A({x},{v})"), ln_a(x, v), want, 1e-12);
    }
    // Loader's kernel against the direct formula at moderate arguments
    for (x, v) in [(20.5, 18.0), (40.0, 80.0), (16.0, 1.0)] {
        let direct = x * f64::ln(v) - v - ln_gamma(x + 1.0);
        assert_abs(
            &format!("ln d({x},{v})"),
            ln_poisson_kernel(x, v),
            direct,
            1e-12,
        );
    }
}

#[test]
fn quadrature_matches_closed_form_where_both_are_accurate() {
    // Where the closed-form differences do not cancel, both routes must agree.
    for (c, rho, ratio) in [
        (10, 0.9, 0.1),
        (500, 2.0, 0.1),
        (2000, 1.0, 5.0),
        (1, 0.5, 1.0),
    ] {
        let q = model_a(c, rho, ratio);
        let s = q.state();
        for sigma in [0.001_f64, 0.01, 0.1, 1.0] {
            let tag = format!("c={c} rho={rho} theta/mu={ratio} sigma={sigma}");
            let u = s.y * (-sigma).exp();
            let closed = 1.0 - (ln_lower_gamma(s.x, u) - s.delayed.ln_p).exp();
            let quad = (ln_density_integral(s.x, s.y, 0.0, sigma) - s.delayed.ln_p).exp();
            if closed > 1e-3 {
                assert_rel(&format!("{tag} P(V<=t)"), quad, closed, 1e-10);
            }
            let later = ((s.x / s.y).ln() + ln_lower_gamma(s.x + 1.0, u) - s.delayed.ln_p).exp();
            let closed = s.delayed.served - later;
            let quad = (ln_density_integral(s.x, s.y, 1.0, sigma) - s.delayed.ln_p).exp();
            if closed > 1e-3 {
                assert_rel(&format!("{tag} served"), quad, closed, 1e-10);
            }
        }
    }
}

#[test]
fn gauss_kronrod_integrates_known_functions() {
    let e = adaptive_gauss_kronrod(f64::exp, &[0.0, 1.0]);
    assert_rel("∫e^x", e, std::f64::consts::E - 1.0, 1e-15);
    let s = adaptive_gauss_kronrod(f64::sin, &[0.0, std::f64::consts::PI]);
    assert_rel("∫sin", s, 2.0, 1e-15);
    let narrow = adaptive_gauss_kronrod(|x| (-1e6 * (x - 0.3) * (x - 0.3)).exp(), &[0.0, 0.3, 1.0]);
    assert_rel("∫gauss", narrow, (std::f64::consts::PI / 1e6).sqrt(), 1e-13);
}

#[test]
fn invalid_inputs_are_rejected() {
    use ErlangError::*;
    assert_eq!(
        ErlangC::new(0.0, 1.0, 2),
        Err(InvalidRate {
            name: "arrival_rate",
            value: 0.0
        })
    );
    assert_eq!(
        ErlangC::new(1.0, -1.0, 2),
        Err(InvalidRate {
            name: "service_rate",
            value: -1.0
        })
    );
    assert!(matches!(
        ErlangC::new(f64::NAN, 1.0, 2),
        Err(InvalidRate {
            name: "arrival_rate",
            ..
        })
    ));
    assert_eq!(ErlangC::new(1.0, 1.0, 0), Err(NoServers));
    assert_eq!(
        ErlangC::new(2.0, 1.0, 2),
        Err(Unstable {
            load: 2.0,
            servers: 2
        })
    );
    assert_eq!(
        ErlangC::new(3.0, 1.0, 2),
        Err(Unstable {
            load: 3.0,
            servers: 2
        })
    );
    assert!(matches!(
        ErlangC::new(1e300, 1e-300, 2),
        Err(RatioOutOfRange {
            name: "arrival_rate/service_rate",
            ..
        })
    ));
    assert_eq!(
        ErlangA::new(1.0, 1.0, f64::INFINITY, 2),
        Err(InvalidRate {
            name: "abandon_rate",
            value: f64::INFINITY
        })
    );
    assert_eq!(
        ErlangA::new(1.0, 1.0, 0.0, 2),
        Err(InvalidRate {
            name: "abandon_rate",
            value: 0.0
        })
    );
    assert_eq!(ErlangA::new(1.0, 1.0, 1.0, 0), Err(NoServers));
    assert!(matches!(
        ErlangA::new(1.0, 1.0, 1e-14, 2),
        Err(PatienceTooLong { .. })
    ));
    assert!(matches!(
        ErlangA::new(1e-300, 1.0, 1e300, 2),
        Err(RatioOutOfRange { .. })
    ));
    let ok = model_a(2, 1.0, 1.0);
    assert!(matches!(
        chain::erlang_a_waiting(&ok, -1.0),
        Err(InvalidTime { .. })
    ));
    assert!(matches!(
        chain::erlang_a_waiting(&ok, f64::NAN),
        Err(InvalidTime { .. })
    ));
    // A hand-built unstable Erlang C is rejected by the chain rather than looping.
    let bad = ErlangC {
        arrival_rate: 5.0,
        service_rate: 1.0,
        servers: 2,
    };
    assert!(matches!(chain::erlang_c(&bad), Err(Unstable { .. })));
    // Messages name the parameter, the value and what is allowed.
    let msg = ErlangC::new(3.0, 1.0, 2).expect_err("unstable").to_string();
    assert!(
        msg.contains("load 3") && msg.contains("2 servers") && msg.contains("<"),
        "{msg}"
    );
    let msg = ErlangA::new(1.0, -2.0, 1.0, 1)
        .expect_err("invalid")
        .to_string();
    assert!(
        msg.contains("service_rate") && msg.contains("-2") && msg.contains("> 0"),
        "{msg}"
    );
}

#[test]
fn extreme_parameters_stay_finite_and_consistent() {
    for c in [1_u32, 7, 2000, 20_000] {
        for rho in [1e-6, 0.3, 0.999_999, 1.0, 1.000_001, 1.5, 10.0, 1000.0] {
            for ratio in [1e-6, 0.01, 1.0, 100.0, 1e4] {
                let q = model_a(c, rho, ratio);
                let tag = format!("c={c} rho={rho} theta/mu={ratio}");
                let values = [
                    q.p_wait_pos(),
                    q.p_abandon(),
                    q.occupancy(),
                    q.service_level(1.0),
                    q.served_within(1.0),
                    q.wait_exceeds(1.0),
                ];
                for v in values {
                    assert!((0.0..=1.0).contains(&v), "{tag}: {values:?}");
                }
                assert!(q.mean_wait().is_finite() && q.mean_wait() >= 0.0, "{tag}");
                assert!(q.p_abandon() <= q.p_wait_pos(), "{tag}");
                // λ(1 − P(Ab)) ≤ cμ: throughput never exceeds capacity
                assert!(q.occupancy() <= 1.0 + 1e-12, "{tag}");
            }
        }
    }
    // Fluid limit for a large overloaded system: P(Ab) ≈ 1 − 1/ρ.
    let q = model_a(2000, 2.0, 0.1);
    assert_rel("fluid P(Ab)", q.p_abandon(), 0.5, 1e-2);
    assert_rel("fluid occupancy", q.occupancy(), 1.0, 1e-2);
}

/// `P(W + R ≤ t)` by numerical convolution of a waiting-time distribution function with
/// the density of `R ~ Exp(ν)`: `∫₀ᵗ F(t − r) ν e^{−νr} dr`, an independent route to
/// [`ErlangC::wait_plus_exp_within`] and [`ErlangA::served_plus_exp_within`].
fn convolved(cdf: impl Fn(f64) -> f64, nu: f64, t: f64) -> f64 {
    let mut breaks = vec![0.0, t];
    let mut point = t / 2.0;
    for _ in 0..20 {
        breaks.push(point);
        breaks.push(t - point);
        point /= 2.0;
    }
    breaks.sort_by(f64::total_cmp);
    breaks.dedup();
    adaptive_gauss_kronrod(|r| cdf(t - r) * nu * (-nu * r).exp(), &breaks)
}

#[test]
fn mm1_wait_plus_service_is_exponential() {
    // M/M/1 FCFS: the sojourn time (wait plus the customer's own service) is Exp(μ − λ).
    for (lambda, mu) in [(0.5, 1.0), (0.9, 1.0), (0.01, 2.0), (3.0, 3.5)] {
        let q = ErlangC::new(lambda, mu, 1).expect("valid");
        for t in [1e-6, 0.01, 0.3, 1.0, 5.0, 40.0] {
            let want = -(-(mu - lambda) * t).exp_m1();
            let got = q.wait_plus_exp_within(t, mu);
            assert_rel(&format!("M/M/1 l={lambda} mu={mu} t={t}"), got, want, 1e-12);
        }
    }
}

#[test]
fn mmc_sojourn_time_matches_gross_harris() {
    // Gross & Harris, M/M/c sojourn time: P(T > t) = e^{−μt} [1 + C μ/(cμ − λ − μ)
    // (1 − e^{−(cμ − λ − μ)t})], and e^{−μt}(1 + Cμt) when cμ − λ = μ.
    for (lambda, mu, c) in [
        (2.0, 1.0, 3_u32),
        (8.0, 1.0, 10),
        (1.0, 1.0, 2),
        (45.0, 0.1, 500),
    ] {
        let q = ErlangC::new(lambda, mu, c).expect("valid");
        let big_c = q.p_wait_pos();
        let d = f64::from(c) * mu - lambda - mu;
        for t in [0.01, 0.5, 2.0, 10.0, 50.0] {
            let tail = if d == 0.0 {
                (-mu * t).exp() * (1.0 + big_c * mu * t)
            } else {
                (-mu * t).exp() * (1.0 + big_c * mu / d * -(-d * t).exp_m1())
            };
            let tag = format!("M/M/{c} l={lambda} mu={mu} t={t}");
            assert_rel(&tag, q.wait_plus_exp_within(t, mu), 1.0 - tail, 1e-12);
        }
    }
}

#[test]
fn erlang_c_wait_plus_exp_matches_numerical_convolution() {
    for c in [1_u32, 3, 13, 200] {
        for rho in [0.3, 0.8, 0.97] {
            let q = ErlangC::new(rho * f64::from(c), 1.0, c).expect("valid");
            for nu in [0.05, 1.0, 1.7, 30.0] {
                for t in [0.001, 0.2, 1.0, 3.0, 25.0] {
                    let want = convolved(|w| q.service_level(w), nu, t);
                    let got = q.wait_plus_exp_within(t, nu);
                    let tag = format!("C c={c} rho={rho} nu={nu} t={t}");
                    assert_rel(&tag, got, want, 1e-10);
                }
            }
        }
    }
}

#[test]
fn erlang_a_served_plus_exp_matches_numerical_convolution() {
    for c in [1_u32, 2, 13, 200] {
        for rho in A_LOADS {
            for ratio in THETA_OVER_MU {
                let q = model_a(c, rho, ratio);
                for nu in [0.05, 1.0, 30.0] {
                    for t in [0.001, 0.2, 1.0, 3.0, 25.0] {
                        let want = convolved(|w| q.served_within(w), nu, t);
                        let got = q.served_plus_exp_within(t, nu);
                        let tag = format!("A c={c} rho={rho} theta/mu={ratio} nu={nu} t={t}");
                        assert_rel(&tag, got, want, 1e-9);
                    }
                }
            }
        }
    }
}

#[test]
fn erlang_a_served_plus_exp_tends_to_erlang_c() {
    for (c, rho) in [(1_u32, 0.5), (13, 0.9), (200, 0.95)] {
        let lambda = rho * f64::from(c);
        let erl_c = ErlangC::new(lambda, 1.0, c).expect("valid");
        let theta = 1e-7;
        let erl_a = ErlangA::new(lambda, 1.0, theta, c).expect("valid");
        let tol = 10.0 * theta / ((1.0 - rho) * (1.0 - rho));
        for nu in [0.2, 1.0, 5.0] {
            for t in [0.1, 1.0, 5.0] {
                assert_abs(
                    &format!("c={c} rho={rho} nu={nu} t={t}"),
                    erl_a.served_plus_exp_within(t, nu),
                    erl_c.wait_plus_exp_within(t, nu),
                    tol,
                );
            }
        }
    }
}

#[test]
fn answered_is_never_above_taken_and_grows_to_its_limit() {
    let check = |tag: &str,
                 answered: &dyn Fn(f64) -> f64,
                 taken: &dyn Fn(f64) -> f64,
                 limit: f64,
                 horizon: f64| {
        assert_eq!(answered(0.0), 0.0, "{tag}");
        assert_eq!(answered(-1.0), 0.0, "{tag}");
        assert!(answered(f64::NAN).is_nan(), "{tag}");
        assert_rel(
            &format!("{tag} limit"),
            answered(f64::INFINITY),
            limit,
            1e-14,
        );
        let mut previous = 0.0;
        for i in 1..=200 {
            let t = horizon * (f64::from(i) / 200.0).powi(3);
            let (a, w) = (answered(t), taken(t));
            assert!(a <= w, "{tag}: answered {a} > taken {w} at t={t}");
            // monotone up to the quadrature's relative tolerance
            assert!(a >= previous - 1e-13, "{tag}: not monotone at t={t}");
            assert!((0.0..=1.0).contains(&a), "{tag}: {a} at t={t}");
            previous = a;
        }
        assert_abs(&format!("{tag} at horizon"), answered(horizon), limit, 1e-9);
    };
    for c in [1_u32, 10, 2000] {
        for nu in [0.1, 1.0, 20.0] {
            for rho in A_LOADS {
                for ratio in THETA_OVER_MU {
                    let q = model_a(c, rho, ratio);
                    check(
                        &format!("A c={c} rho={rho} theta/mu={ratio} nu={nu}"),
                        &|t| q.served_plus_exp_within(t, nu),
                        &|t| q.served_within(t),
                        1.0 - q.p_abandon(),
                        100.0 / ratio + 40.0 / nu,
                    );
                }
            }
            for rho in [0.5, 0.9, 0.99] {
                let q = ErlangC::new(rho * f64::from(c), 1.0, c).expect("valid");
                check(
                    &format!("C c={c} rho={rho} nu={nu}"),
                    &|t| q.wait_plus_exp_within(t, nu),
                    &|t| q.service_level(t),
                    1.0,
                    100.0 / (f64::from(c) * (1.0 - rho)) + 40.0 / nu,
                );
            }
        }
    }
    // a bad rate is NaN, not a number
    let q = model_a(2, 1.0, 1.0);
    assert!(q.served_plus_exp_within(1.0, 0.0).is_nan());
    let q = ErlangC::new(1.0, 1.0, 2).expect("valid");
    assert!(q.wait_plus_exp_within(1.0, f64::INFINITY).is_nan());
}
