//! Self-excitation with known parents: every mention begets children as a Poisson
//! process of intensity `n beta exp(-beta s)` at age `s` (branching ratio `n`, decay rate
//! `beta`), observed until the end of the history `T`. With the parent of each child
//! known, the log-likelihood is
//! `C ln n + C ln beta - beta D - n S(beta)`, `S(beta) = sum_i (1 - exp(-beta (T - t_i)))`,
//! for `C` children with delays summing to `D`. It is maximised over `beta` with `n`
//! profiled out (`n = C / S`), by a grid and golden-section search on `ln beta`; the
//! uncertainty is the inverse of the observed information (a numerical Hessian).
//! The mentions' times `t_i` enter through hourly counts (each at its hour's middle).

/// The fitted self-excitation.
#[derive(Debug, Clone, PartialEq)]
pub struct HawkesFit {
    /// Mentions (parents at risk).
    pub mentions: u64,
    /// Children found.
    pub children: u64,
    /// Branching ratio: children per mention.
    pub branching: f64,
    /// Its standard error.
    pub branching_se: f64,
    /// Mean delay of a child after its parent, minutes (1 / beta).
    pub decay_min: f64,
    /// Its standard error (delta method).
    pub decay_se: f64,
}

impl HawkesFit {
    /// 95% interval of the branching ratio.
    pub fn branching_ci(&self) -> (f64, f64) {
        (
            (self.branching - 1.96 * self.branching_se).max(0.0),
            self.branching + 1.96 * self.branching_se,
        )
    }

    /// 95% interval of the mean delay, minutes.
    pub fn decay_ci(&self) -> (f64, f64) {
        (
            (self.decay_min - 1.96 * self.decay_se).max(0.0),
            self.decay_min + 1.96 * self.decay_se,
        )
    }
}

struct Data<'a> {
    children: f64,
    delay_sum: f64,
    hours: &'a [u32],
    end_min: f64,
}

impl Data<'_> {
    fn exposure(&self, beta: f64) -> f64 {
        self.hours
            .iter()
            .enumerate()
            .map(|(h, &c)| {
                let age = (self.end_min - (h as f64 + 0.5) * 60.0).max(0.0);
                f64::from(c) * -(-beta * age).exp_m1()
            })
            .sum()
    }

    fn loglik(&self, n: f64, beta: f64) -> f64 {
        self.children * (n.ln() + beta.ln()) - beta * self.delay_sum - n * self.exposure(beta)
    }

    fn profile(&self, ln_beta: f64) -> f64 {
        let beta = ln_beta.exp();
        let s = self.exposure(beta);
        self.loglik(self.children / s, beta)
    }
}

/// Maximum-likelihood fit from `children` found with delays summing to
/// `delay_sum_min`, all mentions per hour `hours`, the history ending at `end_min`.
/// `None` with fewer than 10 children (too few to say anything).
pub fn fit(children: u64, delay_sum_min: f64, hours: &[u32], end_min: f64) -> Option<HawkesFit> {
    let mentions: u64 = hours.iter().map(|&c| u64::from(c)).sum();
    if children < 10 || mentions == 0 || delay_sum_min <= 0.0 {
        return None;
    }
    let d = Data {
        children: children as f64,
        delay_sum: delay_sum_min,
        hours,
        end_min,
    };
    // Decay rates from one per 100 days to one per 6 seconds.
    let (lo, hi) = ((1.0f64 / 144_000.0).ln(), 10.0f64.ln());
    let steps = 120;
    let grid = |i: usize| lo + (hi - lo) * i as f64 / steps as f64;
    let best = (0..=steps)
        .map(|i| (grid(i), d.profile(grid(i))))
        .filter(|(_, l)| l.is_finite())
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    let step = (hi - lo) / steps as f64;
    let (mut a, mut b) = (best.0 - step, best.0 + step);
    let g = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..100 {
        let (x1, x2) = (b - g * (b - a), a + g * (b - a));
        if d.profile(x1) > d.profile(x2) {
            b = x2;
        } else {
            a = x1;
        }
    }
    let beta = ((a + b) / 2.0).exp();
    let n = d.children / d.exposure(beta);
    // Observed information: minus the Hessian of the log-likelihood at the maximum.
    let (hn, hb) = (n * 1e-4, beta * 1e-4);
    let f = |x: f64, y: f64| d.loglik(x, y);
    let fnn = (f(n + hn, beta) - 2.0 * f(n, beta) + f(n - hn, beta)) / (hn * hn);
    let fbb = (f(n, beta + hb) - 2.0 * f(n, beta) + f(n, beta - hb)) / (hb * hb);
    let fnb = (f(n + hn, beta + hb) - f(n + hn, beta - hb) - f(n - hn, beta + hb)
        + f(n - hn, beta - hb))
        / (4.0 * hn * hb);
    let det = fnn * fbb - fnb * fnb;
    if !(det > 0.0 && fnn < 0.0) {
        return None;
    }
    let var_n = -fbb / det;
    let var_b = -fnn / det;
    Some(HawkesFit {
        mentions,
        children,
        branching: n,
        branching_se: var_n.max(0.0).sqrt(),
        decay_min: 1.0 / beta,
        decay_se: var_b.max(0.0).sqrt() / (beta * beta),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_censoring_the_fit_is_the_closed_form() {
        // Mentions long before the end: every child is seen, so n = C / N, beta = C / D,
        // se(n) = sqrt(n / N), se(1/beta) = (1/beta) / sqrt(C).
        let mut hours = vec![0u32; 24 * 400];
        hours[0] = 1000;
        let f = fit(300, 300.0 * 45.0, &hours, hours.len() as f64 * 60.0).expect("fit");
        assert!((f.branching - 0.3).abs() < 1e-6, "{f:?}");
        assert!((f.decay_min - 45.0).abs() < 1e-3, "{f:?}");
        assert!(
            (f.branching_se - (0.3f64 / 1000.0).sqrt()).abs() < 1e-4,
            "{f:?}"
        );
        assert!((f.decay_se - 45.0 / 300f64.sqrt()).abs() < 0.05, "{f:?}");
        assert_eq!(fit(5, 10.0, &hours, 1e6), None);
    }
}
