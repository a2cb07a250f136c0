//! How the KPI table of a comparison marks a paired difference: bold only where it is
//! both significant and large enough to matter, so that bold reads as "look here".

use crate::format::{displays_as_zero, fmt_delta_with_half};
use crate::kpi::Unit;
use crate::results::ComparisonDiff;

use super::escape;

/// The smallest change in a share (service level, recommend rate) worth bolding: one
/// percentage point.
const MATERIAL_SHARE: f64 = 0.01;

/// The smallest change in any other KPI worth bolding, relative to the baseline's value.
const MATERIAL_RELATIVE: f64 = 0.05;

/// What a paired difference to the baseline says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    /// Its 95% interval contains zero (or it shows as zero): it could be noise.
    Noise,
    /// Its interval excludes zero but the change is small.
    Small,
    /// Its interval excludes zero and the change is at least the material size.
    Material,
}

impl Mark {
    /// The legend under the table, in the words of [`Mark::of`].
    pub(super) const LEGEND: &'static str = "<b>Bold</b>: the paired 95% interval excludes 0 and the change is material, at least 1 percentage point for a share and 5% of the baseline's value for anything else (a KPI's name is bold when any plan's change to it is). * without bold: a real but small change. <span class=\"noise\">Grey</span>: the interval includes 0, the difference could be noise.";

    /// The mark of the difference `d` in a KPI of `unit` whose baseline mean is
    /// `baseline` (NaN when unknown: then any significant change counts as material).
    pub(super) fn of(unit: Unit, d: &ComparisonDiff, baseline: f64, currency: &str) -> Mark {
        let x = d.paired.mean;
        if !d.significant || !x.is_finite() || displays_as_zero(unit, x, currency) {
            return Mark::Noise;
        }
        let material = match unit {
            Unit::Share => x.abs() >= MATERIAL_SHARE,
            _ if baseline.is_finite() && baseline != 0.0 => {
                x.abs() >= MATERIAL_RELATIVE * baseline.abs()
            }
            _ => true,
        };
        if material {
            Mark::Material
        } else {
            Mark::Small
        }
    }
}

/// The table cell of the difference `d` (a KPI of `unit`) with its mark: bold with a *
/// when material, a * when small, grey when it could be noise.
pub(super) fn delta_cell(unit: Unit, d: &ComparisonDiff, mark: Mark, currency: &str) -> String {
    let half = (d.paired.ci95_high - d.paired.ci95_low) / 2.0;
    let (class, star) = match mark {
        Mark::Material => (" sig", " *"),
        Mark::Small => ("", " *"),
        Mark::Noise => (" noise", ""),
    };
    format!(
        "<td class=\"num{class}\">{}{star}</td>",
        escape(&fmt_delta_with_half(unit, d.paired.mean, half, currency)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::Stat;

    fn diff(mean: f64, half: f64) -> ComparisonDiff {
        ComparisonDiff {
            paired: Stat {
                mean,
                std: half,
                ci95_low: mean - half,
                ci95_high: mean + half,
                n: 20,
            },
            significant: mean.abs() > half,
            unpaired_half_width: f64::NAN,
        }
    }

    #[test]
    fn a_difference_whose_interval_includes_zero_is_grey_not_bold() {
        let d = diff(-0.004, 0.006);
        let mark = Mark::of(Unit::Share, &d, 0.8, "USD");
        assert_eq!(mark, Mark::Noise);
        let cell = delta_cell(Unit::Share, &d, mark, "USD");
        assert!(cell.contains("noise"), "{cell}");
        assert!(!cell.contains("sig"), "{cell}");
        assert!(!cell.contains('*'), "{cell}");
    }

    #[test]
    fn significant_but_small_changes_get_a_star_and_no_bold() {
        // 0.4 percentage points, interval excludes zero: real, below one point.
        let d = diff(0.004, 0.001);
        assert_eq!(Mark::of(Unit::Share, &d, 0.8, "USD"), Mark::Small);
        let cell = delta_cell(Unit::Share, &d, Mark::Small, "USD");
        assert!(cell.contains('*') && !cell.contains("sig"), "{cell}");
        // 2 minutes on a 60 minute wait is 3.3%: below 5%.
        let d = diff(2.0, 0.5);
        assert_eq!(Mark::of(Unit::Minutes, &d, 60.0, "USD"), Mark::Small);
        // A negative change counts by its size.
        let d = diff(-4.0, 0.5);
        assert_eq!(Mark::of(Unit::Minutes, &d, 60.0, "USD"), Mark::Material);
    }

    #[test]
    fn significant_and_material_changes_are_bold() {
        let d = diff(0.03, 0.01);
        let mark = Mark::of(Unit::Share, &d, 0.8, "USD");
        assert_eq!(mark, Mark::Material);
        let cell = delta_cell(Unit::Share, &d, mark, "USD");
        assert!(
            cell.contains("num sig") && cell.ends_with(" *</td>"),
            "{cell}"
        );
        // Without a baseline value any significant change counts.
        assert_eq!(
            Mark::of(Unit::Money, &diff(10.0, 1.0), f64::NAN, "USD"),
            Mark::Material
        );
        assert_eq!(
            Mark::of(Unit::Money, &diff(10.0, 1.0), 0.0, "USD"),
            Mark::Material
        );
    }

    #[test]
    fn a_difference_that_shows_as_zero_is_noise_whatever_its_interval() {
        let d = diff(0.00001, 0.000001);
        assert!(d.significant);
        assert_eq!(Mark::of(Unit::Share, &d, 0.8, "USD"), Mark::Noise);
    }
}
