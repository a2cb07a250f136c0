//! Erlang B (Erlang 1917): the blocking probability of `c` servers offered a Poisson load,
//! by the stable recursion `B(k) = aB(k−1)/(k + aB(k−1))`, continued in log space when `B`
//! underflows (see the numerics section of [`crate::erlang`]).

/// Below this value the Erlang B recursion continues in log space.
const ERLANG_B_LOG_SWITCH: f64 = 1e-250;

/// Erlang B blocking probability for `servers` servers offered `load = λ/μ` Erlangs.
///
/// Uses the stable recursion `B(0) = 1`, `B(k) = aB(k−1)/(k + aB(k−1))`, continuing in
/// log space when `B` becomes tiny, so it neither overflows nor loses precision for
/// thousands of servers (the result may underflow to `0.0` only when it is below `~1e-308`).
/// Returns `1.0` for zero servers, `0.0` for zero load with at least one server, and `NaN`
/// if `load` is negative, NaN or infinite.
pub fn erlang_b(load: f64, servers: u32) -> f64 {
    if !(load.is_finite() && load >= 0.0) {
        return f64::NAN;
    }
    if servers == 0 {
        return 1.0;
    }
    if load == 0.0 {
        return 0.0;
    }
    erlang_b_parts(load, servers).value
}

/// Erlang B as both value and natural logarithm (the log stays exact when the value underflows).
#[derive(Debug, Clone, Copy)]
pub(super) struct ErlangB {
    pub(super) value: f64,
    pub(super) ln: f64,
}

/// Erlang B for `load > 0`, `servers ≥ 1`.
pub(super) fn erlang_b_parts(load: f64, servers: u32) -> ErlangB {
    let mut b = 1.0_f64;
    for k in 1..=servers {
        if b < ERLANG_B_LOG_SWITCH {
            return erlang_b_log_space(load, b.ln(), k, servers);
        }
        let ab = load * b;
        b = ab / (f64::from(k) + ab);
    }
    ErlangB {
        value: b,
        ln: b.ln(),
    }
}

/// Continues the Erlang B recursion from `ln B(from − 1)` in log space:
/// `1/B(k) = 1 + (k/a)/B(k−1)`, i.e. `ln B(k) = −softplus(ln(k/a) − ln B(k−1))`.
pub(super) fn erlang_b_log_space(load: f64, ln_start: f64, from: u32, servers: u32) -> ErlangB {
    let ln_load = load.ln();
    let mut ln_b = ln_start;
    for k in from..=servers {
        ln_b = -softplus(f64::from(k).ln() - ln_load - ln_b);
    }
    ErlangB {
        value: ln_b.exp(),
        ln: ln_b,
    }
}

/// `ln(1 + eᶻ)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}
