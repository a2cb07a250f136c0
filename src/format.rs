//! How KPI values are shown to people: in the terminal table, the HTML report and on
//! charts. One place, so that the three never disagree.

/// How a KPI is displayed: `money`, `minutes`, `share` or `number`.
pub fn kpi_kind(name: &str) -> &'static str {
    match name {
        n if n.starts_with("cost") => "money",
        n if n.ends_with("_min") || n.contains("_min.") => "minutes",
        n if n.starts_with("occupancy") => "share",
        "response_rate"
        | "sla_30m"
        | "sla_60m"
        | "p_wait_pos"
        | "abandon_rate"
        | "quick_effective"
        | "quick_ineffective"
        | "slow_effective"
        | "slow_ineffective"
        | "ignored"
        | "recommend_rate"
        | "quick_effective_answered" => "share",
        _ => "number",
    }
}

/// The heading of the table section a KPI opens, if it opens one.
pub fn section(name: &str) -> Option<&'static str> {
    Some(match name {
        "mentions" => "Volume",
        "response_rate" => "Speed",
        "occupancy" => "Staff",
        "quick_effective" => "Customers",
        "agent_hours" => "Cost",
        _ => return None,
    })
}

/// A KPI value: shares as %, minutes, money with its currency.
pub fn fmt_value(kind: &str, x: f64, currency: &str) -> String {
    if x.is_nan() {
        return "n/a".into();
    }
    match kind {
        "share" => format!("{:.1}%", x * 100.0),
        "minutes" => format!("{x:.1} min"),
        "money" => format!("{currency} {}", thousands(x, 0)),
        _ if x.abs() >= 100.0 => thousands(x, 0),
        _ => format!("{x:.2}"),
    }
}

/// A signed difference: percentage points for shares.
pub fn fmt_delta(kind: &str, x: f64, currency: &str) -> String {
    if x.is_nan() {
        return "n/a".into();
    }
    let sign = if x < 0.0 { "-" } else { "+" };
    match kind {
        "share" => format!("{:+.1} pp", x * 100.0),
        "minutes" => format!("{x:+.1} min"),
        "money" => format!("{sign}{currency} {}", thousands(x.abs(), 0)),
        _ if x.abs() >= 100.0 => format!("{sign}{}", thousands(x.abs(), 0)),
        _ => format!("{x:+.2}"),
    }
}

/// A 95% half-width (`± ...`; percentage points for shares), empty when undefined.
pub fn fmt_half(kind: &str, h: f64) -> String {
    if h.is_nan() {
        return String::new();
    }
    match kind {
        "share" => format!("± {:.1} pp", h * 100.0),
        "minutes" => format!("± {h:.1}"),
        _ if h >= 100.0 => format!("± {}", thousands(h, 0)),
        _ => format!("± {h:.2}"),
    }
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

// ---------------------------------------------------------------------------------------
// Short forms for charts and pages: tick labels, value labels, axis titles, durations.
// ---------------------------------------------------------------------------------------

use crate::scenario::calendar::{DAY_MIN, WEEKDAYS};

/// A share as a percentage with one decimal, `n/a` when not finite: `0.523` as `52.3%`.
pub fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", x * 100.0)
    } else {
        "n/a".into()
    }
}

/// A share as a whole percentage: `0.523` as `52%`.
pub(crate) fn pct_whole(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A share (or a difference of shares) in percentage points, one decimal: `0.004` as
/// `0.4 pp`.
pub(crate) fn pp(x: f64) -> String {
    format!("{:.1} pp", x * 100.0)
}

/// An amount with its currency before it, or bare when the currency is unknown (empty).
pub(crate) fn money(x: f64, currency: &str) -> String {
    if currency.is_empty() {
        thousands(x, 0)
    } else {
        format!("{currency} {}", thousands(x, 0))
    }
}

/// Minutes, readably: `45 s`, `12 min`, `2.5 h`, `3 d`.
pub fn human_minutes(m: f64) -> String {
    if !m.is_finite() {
        "n/a".into()
    } else if m < 1.0 {
        format!("{:.0} s", m * 60.0)
    } else if m < 60.0 {
        format!("{m:.0} min")
    } else if m < DAY_MIN {
        let h = m / 60.0;
        if (h - h.round()).abs() < 0.05 {
            format!("{h:.0} h")
        } else {
            format!("{h:.1} h")
        }
    } else {
        let d = m / DAY_MIN;
        if (d - d.round()).abs() < 0.05 {
            format!("{d:.0} d")
        } else {
            format!("{d:.1} d")
        }
    }
}

/// Minutes as a duration in words, exact: `3 days`, `8 h`, `90 min`.
pub(crate) fn minutes_in_words(m: f64) -> String {
    if m >= DAY_MIN && (m / DAY_MIN).fract() == 0.0 {
        let d = m / DAY_MIN;
        format!("{d} day{}", if d == 1.0 { "" } else { "s" })
    } else if m >= 60.0 && (m / 60.0).fract() == 0.0 {
        format!("{} h", m / 60.0)
    } else {
        format!("{m} min")
    }
}

/// A weekday, short and capitalised, from its index (0 = Monday; taken modulo 7): `Mon`.
pub(crate) fn weekday_label(day: usize) -> String {
    let name = WEEKDAYS[day % 7];
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// A value of the given kind (see [`kpi_kind`]), short, for labels on charts; `n/a`
/// when not finite.
pub(crate) fn short_value(kind: &str, x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    match kind {
        "share" => format!("{:.1}%", x * 100.0),
        "minutes" if x.abs() >= 100.0 => format!("{} min", thousands(x, 0)),
        "minutes" => format!("{x:.1} min"),
        "money" => format!("{currency} {}", thousands(x, 0)),
        _ if x.abs() >= 100.0 => thousands(x, 0),
        _ => format!("{x:.2}"),
    }
}

/// A signed difference of the given kind, short, for labels on charts (percentage
/// points for shares, a true minus sign); `n/a` when not finite.
pub(crate) fn short_delta(kind: &str, x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let sign = if x < 0.0 { "−" } else { "+" };
    match kind {
        "share" => format!("{sign}{:.1} pp", x.abs() * 100.0),
        "minutes" if x.abs() >= 100.0 => format!("{sign}{} min", thousands(x.abs(), 0)),
        "minutes" => format!("{sign}{:.1} min", x.abs()),
        "money" => format!("{sign}{}", money(x.abs(), currency)),
        _ if x.abs() >= 100.0 => format!("{sign}{}", thousands(x.abs(), 0)),
        _ => format!("{sign}{:.2}", x.abs()),
    }
}

/// A tick label on an axis of the given kind (values as stored: shares as fractions,
/// shown as whole percentages).
pub(crate) fn tick(kind: &str, x: f64) -> String {
    match kind {
        "share" => pct_whole(x),
        _ if x.abs() >= 1000.0 => thousands(x, 0),
        _ if x.abs() >= 10.0 || x == x.round() => format!("{x:.0}"),
        _ => format!("{x:.1}"),
    }
}

/// A tick label on an axis of differences of the given kind: signed percentage points
/// for shares, a bare `0` at zero.
pub(crate) fn delta_tick(kind: &str, x: f64) -> String {
    match kind {
        _ if x.abs() < 1e-12 => "0".to_string(),
        "share" => format!("{:+.1}", x * 100.0),
        _ => tick(kind, x),
    }
}

/// A parameter value on a grid axis: whole numbers with thousands separators, others
/// as they are.
pub(crate) fn grid_value(x: f64) -> String {
    if x == x.round() && x.abs() < 1e15 {
        thousands(x, 0)
    } else {
        format!("{x}")
    }
}

/// An axis title for a KPI of the given kind: its name and unit, `sla_30m (%)`; money
/// bare when the currency is unknown (empty).
pub(crate) fn axis_title(kpi: &str, kind: &str, currency: &str) -> String {
    match kind {
        "share" => format!("{kpi} (%)"),
        "minutes" => format!("{kpi} (minutes)"),
        "money" if !currency.is_empty() => format!("{kpi} ({currency})"),
        _ => kpi.to_string(),
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
        assert_eq!(fmt_delta("share", -0.031, ""), "-3.1 pp");
        assert_eq!(fmt_delta("money", -2140.0, "USD"), "-USD 2,140");
        assert_eq!(fmt_half("share", 0.004), "± 0.4 pp");
        assert_eq!(fmt_half("number", f64::NAN), "");
    }

    #[test]
    fn short_forms_for_charts() {
        assert_eq!(pct(0.5234), "52.3%");
        assert_eq!(pct(f64::INFINITY), "n/a");
        assert_eq!(pct_whole(0.5234), "52%");
        assert_eq!(pp(0.004), "0.4 pp");
        assert_eq!(money(1234.0, ""), "1,234");
        assert_eq!(money(1234.0, "EUR"), "EUR 1,234");
        assert_eq!(human_minutes(30.0), "30 min");
        assert_eq!(human_minutes(0.5), "30 s");
        assert_eq!(human_minutes(90.0), "1.5 h");
        assert_eq!(human_minutes(4320.0), "3 d");
        assert_eq!(minutes_in_words(4320.0), "3 days");
        assert_eq!(minutes_in_words(1440.0), "1 day");
        assert_eq!(minutes_in_words(480.0), "8 h");
        assert_eq!(minutes_in_words(90.0), "90 min");
        assert_eq!(weekday_label(0), "Mon");
        assert_eq!(weekday_label(13), "Sun");
        assert_eq!(short_value("minutes", 1234.0, ""), "1,234 min");
        assert_eq!(short_value("share", f64::NAN, ""), "n/a");
        assert_eq!(short_delta("share", -0.031, ""), "−3.1 pp");
        assert_eq!(short_delta("money", 2140.0, "USD"), "+USD 2,140");
        assert_eq!(tick("share", 0.25), "25%");
        assert_eq!(tick("number", 2.5), "2.5");
        assert_eq!(tick("number", 12_345.0), "12,345");
        assert_eq!(delta_tick("share", 0.012), "+1.2");
        assert_eq!(delta_tick("minutes", 0.0), "0");
        assert_eq!(grid_value(24.0), "24");
        assert_eq!(grid_value(0.25), "0.25");
        assert_eq!(axis_title("sla_30m", "share", ""), "sla_30m (%)");
        assert_eq!(axis_title("cost_total", "money", ""), "cost_total");
        assert_eq!(axis_title("cost_total", "money", "USD"), "cost_total (USD)");
    }
}
