//! Number, share and time formatting for the calculator's messages and tables.

/// A number with up to 4 decimals, trailing zeros trimmed (`12`, `0.1667`, `2880`).
pub(super) fn num(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x != 0.0 && x.abs() < 1e-3 {
        return format!("{x:.3e}");
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A share as a percentage, with more digits near 0 and 1.
pub(super) fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let p = 100.0 * x;
    if p == 0.0 {
        "0%".into()
    } else if p < 0.01 {
        "<0.01%".into()
    } else if p < 0.1 {
        format!("{p:.2}%")
    } else if p >= 100.0 {
        "100%".into()
    } else if p > 99.99 {
        ">99.99%".into()
    } else if p > 99.9 {
        format!("{p:.2}%")
    } else {
        format!("{p:.1}%")
    }
}

/// A time given in minutes, in seconds, minutes or hours as suits its size.
pub(super) fn fmt_minutes(m: f64) -> String {
    if !m.is_finite() {
        return "n/a".into();
    }
    if m == 0.0 {
        "0 s".into()
    } else if m < 1.0 {
        let s = m * 60.0;
        if s < 0.1 {
            "<0.1 s".into()
        } else {
            format!("{} s", trim_fixed(s, 1))
        }
    } else if m < 60.0 {
        format!("{} min", trim_fixed(m, 1))
    } else {
        format!("{} h", trim_fixed(m / 60.0, 1))
    }
}

/// A waiting time given in minutes, with one decimal, in seconds, minutes or hours.
pub(super) fn fmt_wait(m: f64) -> String {
    if !m.is_finite() {
        "n/a".into()
    } else if m == 0.0 {
        "0 s".into()
    } else if m * 60.0 < 0.05 {
        "<0.1 s".into()
    } else if m < 1.0 {
        format!("{:.1} s", m * 60.0)
    } else if m < 120.0 {
        format!("{m:.1} min")
    } else {
        format!("{:.1} h", m / 60.0)
    }
}

/// `x` with `decimals` decimals, a trailing `.0…` removed.
pub(super) fn trim_fixed(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}
