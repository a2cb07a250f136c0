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
}
