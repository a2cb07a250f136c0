//! How KPI values are shown to people: in the terminal tables, the HTML reports and on
//! charts. One place, so that they never disagree; every format derives from the KPI's
//! [`Unit`] in the registry ([`crate::kpi`]), never from its name.

use crate::kpi::Unit;

/// The unit of the KPI called `name`, from the registry.
pub fn kpi_kind(name: &str) -> Unit {
    crate::kpi::unit_of(name)
}

/// The heading of the table section a KPI opens, if it opens one (the first KPI of each
/// section in report order).
pub fn section(name: &str) -> Option<&'static str> {
    let def = crate::kpi::lookup(name)?;
    let first = crate::kpi::KPIS.iter().find(|d| d.section == def.section)?;
    (first.name == def.name && first.family == def.family && !name.contains('.'))
        .then(|| def.section.title())
}

/// A KPI value: shares as %, minutes, money with its currency.
pub fn fmt_value(unit: Unit, x: f64, currency: &str) -> String {
    if x.is_nan() {
        return "n/a".into();
    }
    match unit {
        Unit::Share => format!("{:.1}%", x * 100.0),
        Unit::Minutes => format!("{x:.1} min"),
        Unit::Money | Unit::MoneyRate => format!("{currency} {}", thousands(x, 0)),
        Unit::Count | Unit::Hours | Unit::Impressions if x.abs() < 100.0 => format!("{x:.1}"),
        _ if x.abs() >= 100.0 => thousands(x, 0),
        _ => format!("{x:.2}"),
    }
}

/// A KPI value with the period it covers where its unit adds up over time: money as
/// "USD 85,694 per week"; other units as [`fmt_value`].
pub fn fmt_value_per(unit: Unit, x: f64, currency: &str, period_min: f64) -> String {
    let v = fmt_value(unit, x, currency);
    if unit == Unit::Money && !x.is_nan() {
        format!("{v} {}", period(period_min))
    } else {
        v
    }
}

/// An estimate for tables: mean, 95% half-width and, for money, the period it covers:
/// `USD 85,449 ± 3,011 per week`, `52.3% ± 1.2 pp`.
pub fn fmt_estimate(unit: Unit, mean: f64, half: f64, currency: &str, period_min: f64) -> String {
    let mut s = fmt_value(unit, mean, currency);
    let h = fmt_half(unit, half);
    if !h.is_empty() && !mean.is_nan() {
        s.push(' ');
        s.push_str(&h);
    }
    if unit == Unit::Money && !mean.is_nan() {
        s.push(' ');
        s.push_str(&period(period_min));
    }
    s
}

/// A signed difference: percentage points for shares.
pub fn fmt_delta(unit: Unit, x: f64, currency: &str) -> String {
    if x.is_nan() {
        return "n/a".into();
    }
    let sign = if x < 0.0 { "-" } else { "+" };
    match unit {
        Unit::Share => format!("{:+.1} pp", x * 100.0),
        Unit::Minutes => format!("{x:+.1} min"),
        Unit::Money | Unit::MoneyRate => format!("{sign}{currency} {}", thousands(x.abs(), 0)),
        _ if x.abs() >= 100.0 => format!("{sign}{}", thousands(x.abs(), 0)),
        _ => format!("{x:+.2}"),
    }
}

/// Whether a difference displays as zero ("+0.0 pp", "-USD 0"): such a difference carries
/// no significance mark, whatever its interval says.
pub fn displays_as_zero(unit: Unit, x: f64, currency: &str) -> bool {
    !x.is_nan()
        && fmt_delta(unit, x, currency)
            .chars()
            .filter(char::is_ascii_digit)
            .all(|c| c == '0')
}

/// A 95% half-width (`± ...`; percentage points for shares), empty when undefined.
pub fn fmt_half(unit: Unit, h: f64) -> String {
    if h.is_nan() {
        return String::new();
    }
    match unit {
        Unit::Share => format!("± {:.1} pp", h * 100.0),
        Unit::Minutes => format!("± {h:.1}"),
        _ if h >= 100.0 => format!("± {}", thousands(h, 0)),
        _ => format!("± {h:.2}"),
    }
}

/// A span of time in words: "7 days", "3 weeks", "36 h", "0 days".
pub fn span(min: f64) -> String {
    let p = period(min);
    match p.strip_prefix("per ") {
        Some("week") => "1 week".into(),
        Some("day") => "1 day".into(),
        Some("run") | None => "0 days".into(),
        Some(rest) => rest.to_string(),
    }
}

/// The period a measured window covers, for money and counts: "per week", "per 3 weeks",
/// "per 10 days", "per 36 h".
pub fn period(window_min: f64) -> String {
    const DAY: f64 = 1440.0;
    let days = window_min / DAY;
    if !days.is_finite() || days <= 0.0 {
        return "per run".into();
    }
    let whole = |x: f64| (x - x.round()).abs() < 1e-9;
    if whole(days / 7.0) {
        match (days / 7.0).round() as u64 {
            1 => "per week".into(),
            w => format!("per {w} weeks"),
        }
    } else if whole(days) {
        match days.round() as u64 {
            1 => "per day".into(),
            d => format!("per {d} days"),
        }
    } else {
        format!(
            "per {} h",
            thousands(window_min / 60.0, 1).trim_end_matches(".0")
        )
    }
}

/// The verdict line of a plan against the baseline, for managers: the headline KPIs
/// ([`crate::kpi::HEADLINE`]) by their labels, each with its paired difference and the
/// half-width of its 95% CI, e.g. `night-shift vs retail-week: Answered within 30 min
/// +3.4 pp (± 0.3 pp), Recommend the brand +1.2 pp (± 0.2 pp), Total cost +USD 2,140
/// (± 310)`. `difference(kpi)` gives the mean and half-width; a KPI it has no answer
/// for is left out. The terminal and the comparison report both use it.
pub fn verdict_line(
    plan: &str,
    baseline: &str,
    difference: impl Fn(&str) -> Option<(f64, f64)>,
    currency: &str,
) -> String {
    let parts: Vec<String> = crate::kpi::HEADLINE
        .iter()
        .filter_map(|&kpi| {
            let (mean, half) = difference(kpi)?;
            let unit = kpi_kind(kpi);
            Some(format!(
                "{} {} ({})",
                crate::kpi::label_of(kpi),
                fmt_delta(unit, mean, currency),
                fmt_half(unit, half)
            ))
        })
        .collect();
    format!("{plan} vs {baseline}: {}", parts.join(", "))
}

/// A number with thousands separators: `1234567.0` as `1,234,567`.
pub fn thousands(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if x < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("-{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_kind() {
        assert_eq!(thousands(1_234_567.0, 0), "1,234,567");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(-1234.5, 1), "-1,234.5");
        assert_eq!(thousands(-0.2, 0), "0");
        assert_eq!(fmt_value(kpi_kind("sla_30m"), 0.5234, "USD"), "52.3%");
        assert_eq!(
            fmt_value(kpi_kind("cost_total"), 85_694.1, "USD"),
            "USD 85,694"
        );
        assert_eq!(
            fmt_value(kpi_kind("frt_mean_min.twitter"), 12.34, ""),
            "12.3 min"
        );
        assert_eq!(fmt_delta(Unit::Share, -0.031, ""), "-3.1 pp");
        assert_eq!(fmt_delta(Unit::Money, -2140.0, "USD"), "-USD 2,140");
        assert_eq!(fmt_half(Unit::Share, 0.004), "± 0.4 pp");
        assert_eq!(fmt_half(Unit::Count, f64::NAN), "");
        assert!(displays_as_zero(Unit::Share, 0.0004, ""));
        assert!(!displays_as_zero(Unit::Share, 0.004, ""));
        assert!(displays_as_zero(Unit::Money, -0.3, "USD"));
        assert_eq!(period(7.0 * 1440.0), "per week");
        assert_eq!(period(21.0 * 1440.0), "per 3 weeks");
        assert_eq!(period(10.0 * 1440.0), "per 10 days");
        assert_eq!(period(36.0 * 60.0), "per 36 h");
        assert_eq!(
            fmt_value_per(Unit::Money, 85_694.1, "USD", 7.0 * 1440.0),
            "USD 85,694 per week"
        );
        assert_eq!(section("mentions"), Some("Volume"));
        assert_eq!(section("occupancy"), Some("Staff"));
        assert_eq!(section("occupancy.day"), None);
        assert_eq!(section("sla_30m"), None);
    }
}
