//! Numerical building blocks: adaptive Gauss–Kronrod 7/15 quadrature of a positive
//! function and Neumaier compensated summation.

/// Gauss–Kronrod 7/15 nodes (positive half, last one is the centre).
const GK15_NODES: [f64; 8] = [
    0.991_455_371_120_812_6,
    0.949_107_912_342_758_5,
    0.864_864_423_359_769_1,
    0.741_531_185_599_394_4,
    0.586_087_235_467_691_1,
    0.405_845_151_377_397_2,
    0.207_784_955_007_898_5,
    0.0,
];
/// Kronrod weights for [`GK15_NODES`].
const GK15_WEIGHTS: [f64; 8] = [
    0.022_935_322_010_529_22,
    0.063_092_092_629_978_55,
    0.104_790_010_322_250_18,
    0.140_653_259_715_525_92,
    0.169_004_726_639_267_9,
    0.190_350_578_064_785_4,
    0.204_432_940_075_298_9,
    0.209_482_141_084_727_83,
];
/// Gauss weights for the odd-indexed [`GK15_NODES`] (indices 1, 3, 5, 7).
const G7_WEIGHTS: [f64; 4] = [
    0.129_484_966_168_869_7,
    0.279_705_391_489_276_7,
    0.381_830_050_505_118_9,
    0.417_959_183_673_469_4,
];

/// One Gauss–Kronrod panel: (Kronrod estimate, |Kronrod − Gauss|).
fn gauss_kronrod_panel(f: &impl Fn(f64) -> f64, a: f64, b: f64) -> (f64, f64) {
    let centre = 0.5 * (a + b);
    let half = 0.5 * (b - a);
    let mut kronrod = 0.0;
    let mut gauss = 0.0;
    for (i, (&node, &weight)) in GK15_NODES.iter().zip(&GK15_WEIGHTS).enumerate() {
        let values = if node == 0.0 {
            f(centre)
        } else {
            f(centre - half * node) + f(centre + half * node)
        };
        kronrod += weight * values;
        if i % 2 == 1 {
            gauss += G7_WEIGHTS[i / 2] * values;
        }
    }
    (kronrod * half, (kronrod - gauss).abs() * half)
}

/// Globally adaptive Gauss–Kronrod quadrature of a positive function over consecutive
/// panels `breaks[i]..breaks[i+1]`, to a relative error estimate of 1e-14.
pub(super) fn adaptive_gauss_kronrod(f: impl Fn(f64) -> f64, breaks: &[f64]) -> f64 {
    const RELATIVE_TOLERANCE: f64 = 1e-14;
    const MAX_PANELS: usize = 2_000;
    let mut panels: Vec<(f64, f64, f64, f64)> = breaks
        .windows(2)
        .map(|w| {
            let (value, error) = gauss_kronrod_panel(&f, w[0], w[1]);
            (w[0], w[1], value, error)
        })
        .collect();
    while panels.len() < MAX_PANELS {
        let total: f64 = panels.iter().map(|p| p.2).sum();
        let error: f64 = panels.iter().map(|p| p.3).sum();
        if error <= RELATIVE_TOLERANCE * total {
            break;
        }
        let worst = panels
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.3.total_cmp(&b.1.3))
            .map_or(0, |(i, _)| i);
        let (a, b, _, _) = panels.swap_remove(worst);
        let mid = 0.5 * (a + b);
        for (lo, hi) in [(a, mid), (mid, b)] {
            let (value, error) = gauss_kronrod_panel(&f, lo, hi);
            panels.push((lo, hi, value, error));
        }
    }
    let mut sum = CompensatedSum::default();
    for panel in &panels {
        sum.add(panel.2);
    }
    sum.value()
}

/// Neumaier compensated summation.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct CompensatedSum {
    sum: f64,
    compensation: f64,
}

impl CompensatedSum {
    /// Adds one term.
    pub(super) fn add(&mut self, value: f64) {
        let next = self.sum + value;
        if self.sum.abs() >= value.abs() {
            self.compensation += (self.sum - next) + value;
        } else {
            self.compensation += (value - next) + self.sum;
        }
        self.sum = next;
    }

    /// The compensated total.
    pub(super) fn value(&self) -> f64 {
        self.sum + self.compensation
    }
}
