//! How KPI values are shown to people: in the terminal tables, the HTML reports and on
//! charts. One place, so that they never disagree; every format derives from the KPI's
//! [`Unit`] in the registry ([`crate::kpi`]), never from its name.

use crate::kpi::{Unit, unit_of};

mod money;
pub use money::{Money, PER_WEEK, per_week};
pub(crate) use money::{axis_title, axis_unit};

/// The heading of the table section the KPI `name` opens after the KPI `previous` (the
/// one before it in report order, `None` for the first), if it opens one.
pub fn section(previous: Option<&str>, name: &str) -> Option<&'static str> {
    let def = crate::kpi::lookup(name)?;
    let before = previous.and_then(crate::kpi::lookup).map(|d| d.section);
    (before != Some(def.section)).then(|| def.section.title())
}

/// The per-class and per-channel KPIs ([`crate::kpi::Section::Segments`]) of a run as a
/// matrix: one row per class and channel, one column per measure, means over
/// replications (their confidence intervals are in the data files). Empty when the
/// scenario reports none.
pub fn segments_table(kpis: &[crate::kpi::Kpi], means: &[f64], currency: &str) -> String {
    let mut columns: Vec<String> = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    let mut cells: std::collections::HashMap<(String, String), String> = Default::default();
    for (k, &mean) in kpis.iter().zip(means) {
        if k.def.section != crate::kpi::Section::Segments {
            continue;
        }
        let Some(member) = &k.member else { continue };
        let column = compose_column(k);
        if !columns.contains(&column) {
            columns.push(column.clone());
        }
        if !rows.contains(member) {
            rows.push(member.clone());
        }
        cells.insert(
            (member.clone(), column),
            short_value(k.def.unit, mean, currency),
        );
    }
    if rows.is_empty() {
        return String::new();
    }
    let first = rows.iter().map(|r| r.chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = columns
        .iter()
        .map(|c| {
            rows.iter()
                .filter_map(|r| cells.get(&(r.clone(), c.clone())))
                .map(|v| v.chars().count())
                .chain([c.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = format!("  {:<first$}", "");
    for (c, w) in columns.iter().zip(&widths) {
        out.push_str(&format!("  {c:>w$}"));
    }
    out.push('\n');
    for r in &rows {
        out.push_str(&format!("  {r:<first$}"));
        for (c, w) in columns.iter().zip(&widths) {
            let v = cells
                .get(&(r.clone(), c.clone()))
                .map_or("", String::as_str);
            out.push_str(&format!("  {v:>w$}"));
        }
        out.push('\n');
    }
    out
}

/// A column heading of [`segments_table`]: the label without its member, short.
fn compose_column(k: &crate::kpi::Kpi) -> String {
    let label = k.label();
    let base = label.rsplit_once(": ").map_or(label.as_str(), |(b, _)| b);
    base.replace("First reply, 90th percentile", "First reply, p90")
        .replace("First reply of those answered, mean", "Answered ones, mean")
        .replace("Recommend the brand", "Recommend")
}

/// The most decimals a number is ever shown with (money: two, cents).
const MAX_DECIMALS: usize = 3;

/// The scale a unit is shown in: shares as percentages, the rest as they are.
fn scale(unit: Unit) -> f64 {
    if unit == Unit::Share { 100.0 } else { 1.0 }
}

/// The decimals a unit shows at least for a value of magnitude `x` (in the shown
/// scale): one for shares and minutes, none for money and large numbers.
fn base_decimals(unit: Unit, x: f64) -> usize {
    match unit {
        Unit::Share | Unit::Minutes => 1,
        Unit::Money | Unit::MoneyRate => 0,
        _ if x.abs() >= 100.0 => 0,
        Unit::Count | Unit::Hours | Unit::Impressions => 1,
        Unit::Average => 2,
    }
}

/// The decimals that show a confidence half-width `h` (in the shown scale) to one
/// significant digit, two when that digit is a 1: `0.03` → 2, `0.15` → 2, `2.4` → 0;
/// `None` when `h` is not a positive number.
pub(crate) fn ci_decimals(h: f64) -> Option<usize> {
    if !(h.is_finite() && h > 0.0) {
        return None;
    }
    let mut d = -(h.log10().floor() as i32);
    let lead = (h * 10f64.powi(d)).floor();
    if lead < 2.0 {
        d += 1;
    }
    Some(d.clamp(0, MAX_DECIMALS as i32) as usize)
}

/// The decimals that show `x` (in the shown scale) to two significant digits: `0.72`
/// → 2, `7.2` → 1, `72` → 0; 0 for zero.
fn magnitude_decimals(x: f64) -> usize {
    if !(x.is_finite() && x != 0.0) {
        return 0;
    }
    (1 - x.abs().log10().floor() as i32).clamp(0, MAX_DECIMALS as i32) as usize
}

/// The decimals a value and its 95% half-width `h` (stored scale) share: those of the
/// half-width ([`ci_decimals`]), at least one for shares and minutes, at most the
/// unit's [`cap`]: "48.6 ± 1.2", never "48.62 ± 1.2". `None` when `h` is not positive,
/// or so small that it would show as zero at those decimals (floating-point noise of a
/// value that is the same in every replication: "100.0%", not "100.000% ± 0.000 pp").
fn shared_decimals(unit: Unit, h: f64) -> Option<usize> {
    let least = match unit {
        Unit::Share | Unit::Minutes => 1,
        _ => 0,
    };
    let d = ci_decimals(h * scale(unit))?.max(least).min(cap(unit));
    let shown = (h * scale(unit) * 10f64.powi(d as i32)).round();
    (shown > 0.0).then_some(d)
}

/// The decimals of a value of `unit` (stored scale) given the half-width of its
/// interval: those the half-width asks, shared with it ("0.72 min ± 0.03"), or, without
/// one, as its magnitude asks (two significant digits), never coarser than the unit's
/// usual.
fn decimals(unit: Unit, x: f64, half: Option<f64>) -> usize {
    if let Some(d) = half.and_then(|h| shared_decimals(unit, h)) {
        return d;
    }
    let s = scale(unit);
    base_decimals(unit, x * s)
        .max(magnitude_decimals(x * s))
        .min(cap(unit))
}

/// Whether `x` with half-width `half` is exactly zero in every replication: shown as
/// a bare "0", with no interval.
fn exactly_zero(x: f64, half: f64) -> bool {
    x == 0.0 && half == 0.0
}

/// The most decimals a value of `unit` is shown with.
fn cap(unit: Unit) -> usize {
    match unit {
        Unit::Money | Unit::MoneyRate => 2,
        _ => MAX_DECIMALS,
    }
}

/// A number of `unit` (stored scale) with `d` decimals, signed (`+`/`-`, shares in
/// percentage points) or not.
fn shown(unit: Unit, x: f64, currency: &str, d: usize, signed: bool) -> String {
    if x.is_nan() {
        return "n/a".into();
    }
    let v = x * scale(unit);
    let body = thousands(v.abs(), d);
    let zero = all_zero(&body);
    let sign = match (signed, v < 0.0 && !zero) {
        (_, true) => "-",
        (true, false) => "+",
        (false, false) => "",
    };
    match unit {
        Unit::Share if signed => format!("{sign}{body} pp"),
        Unit::Share => format!("{sign}{body}%"),
        Unit::Minutes => format!("{sign}{body} min"),
        Unit::Money | Unit::MoneyRate => format!("{sign}{currency} {body}"),
        _ => format!("{sign}{body}"),
    }
}

/// A KPI value: shares as %, minutes, money with its currency; small values to two
/// significant digits (`0.72 min`).
pub fn fmt_value(unit: Unit, x: f64, currency: &str) -> String {
    shown(unit, x, currency, decimals(unit, x, None), false)
}

/// A KPI mean with as many decimals as the half-width `half` of its interval asks
/// (`0.72 min` for `0.72 ± 0.03`); as [`fmt_value`] when the half-width is unknown;
/// without decimals when it is zero in every replication (`0%`).
pub fn fmt_mean(unit: Unit, x: f64, half: f64, currency: &str) -> String {
    let d = if exactly_zero(x, half) {
        0
    } else {
        decimals(unit, x, Some(half))
    };
    shown(unit, x, currency, d, false)
}

/// A KPI mean and its 95% half-width, sharing decimals: `52.3% ± 1.2 pp`,
/// `0.72 min ± 0.03`; the mean alone where the half-width is exactly zero or unknown
/// (`USD 9,408`, `0.0%`).
pub fn fmt_mean_ci(unit: Unit, x: f64, half: f64, currency: &str) -> String {
    with_half(fmt_mean(unit, x, half, currency), unit, half)
}

/// `value`, then ` ± half` where the half-width shows ([`fmt_half`]).
fn with_half(value: String, unit: Unit, half: f64) -> String {
    match fmt_half(unit, half) {
        h if h.is_empty() => value,
        h => format!("{value} {h}"),
    }
}

/// A KPI value with the period it covers where its unit adds up over time: money, an
/// amount over the measured window `period_min`, per week ([`per_week`]) as "USD 85,694
/// per week"; other units as [`fmt_value`].
pub fn fmt_value_per(unit: Unit, x: f64, currency: &str, period_min: f64) -> String {
    fmt_mean_per(unit, x, f64::NAN, currency, period_min)
}

/// A KPI mean as [`fmt_mean`] with the period it covers where its unit adds up over
/// time, as [`fmt_value_per`]: "USD 85,694 per week", "0.72 min".
pub fn fmt_mean_per(unit: Unit, x: f64, half: f64, currency: &str, period_min: f64) -> String {
    if unit == Unit::Money && !x.is_nan() {
        let f = per_week(period_min);
        format!("{} {PER_WEEK}", fmt_mean(unit, x * f, half * f, currency))
    } else {
        fmt_mean(unit, x, half, currency)
    }
}

/// An estimate for tables: mean, 95% half-width (none where it is exactly zero) and,
/// for money (an amount over the measured window `period_min`), per week:
/// `USD 85,449 ± 3,011 per week`, `52.3% ± 1.2 pp`, `0.72 min ± 0.03`.
pub fn fmt_estimate(unit: Unit, mean: f64, half: f64, currency: &str, period_min: f64) -> String {
    if mean.is_nan() {
        fmt_mean(unit, mean, half, currency)
    } else if unit == Unit::Money {
        let f = per_week(period_min);
        format!(
            "{} {PER_WEEK}",
            fmt_mean_ci(unit, mean * f, half * f, currency)
        )
    } else {
        fmt_mean_ci(unit, mean, half, currency)
    }
}

/// A signed difference: percentage points for shares.
pub fn fmt_delta(unit: Unit, x: f64, currency: &str) -> String {
    let d = base_decimals(unit, x * scale(unit));
    shown(unit, x, currency, d, true)
}

/// A signed difference with the decimals it shares with the half-width `half` of its
/// interval: `+0.04 min` for `0.04 ± 0.01`; a bare `0` for a difference that is zero in
/// every replication (mean and half-width exactly zero).
pub fn fmt_delta_ci(unit: Unit, x: f64, half: f64, currency: &str) -> String {
    if exactly_zero(x, half) {
        return "0".into();
    }
    let d = shared_decimals(unit, half)
        .unwrap_or_else(|| base_decimals(unit, x * scale(unit)).min(cap(unit)));
    shown(unit, x, currency, d, true)
}

/// A signed difference and its 95% half-width, sharing decimals, as a table shows it:
/// `+3.4 pp ± 0.3 pp`; `0` for one that is zero in every replication; the difference
/// alone where the half-width is exactly zero (`+USD 9,408`: the same in every
/// replication).
pub fn fmt_delta_with_half(unit: Unit, x: f64, half: f64, currency: &str) -> String {
    with_half(fmt_delta_ci(unit, x, half, currency), unit, half)
}

/// A signed difference and its 95% half-width, as a sentence gives it: `+3.4 pp (± 0.3
/// pp)`; `0 (no difference in any replication)`; `+USD 9,408 (the same in every
/// replication)` where the half-width is exactly zero.
pub fn fmt_delta_in_words(unit: Unit, x: f64, half: f64, currency: &str) -> String {
    let delta = fmt_delta_ci(unit, x, half, currency);
    match fmt_half(unit, half) {
        _ if exactly_zero(x, half) => format!("{delta} (no difference in any replication)"),
        _ if half == 0.0 => format!("{delta} (the same in every replication)"),
        h if h.is_empty() => delta,
        h => format!("{delta} ({h})"),
    }
}

/// Whether a difference shown with its half-width (as [`fmt_delta_ci`]) displays as
/// zero: such a difference carries no significance mark, whatever its interval says.
pub fn displays_as_zero_ci(unit: Unit, x: f64, half: f64, currency: &str) -> bool {
    !x.is_nan() && all_zero(&fmt_delta_ci(unit, x, half, currency))
}

/// Whether the digits of a shown number are all zero.
fn all_zero(shown: &str) -> bool {
    shown.chars().filter(char::is_ascii_digit).all(|c| c == '0')
}

/// Whether a difference displays as zero ("+0.0 pp", "-USD 0"): such a difference carries
/// no significance mark, whatever its interval says.
pub fn displays_as_zero(unit: Unit, x: f64, currency: &str) -> bool {
    !x.is_nan() && all_zero(&fmt_delta(unit, x, currency))
}

/// A 95% half-width (`± ...`; percentage points for shares), to one significant digit
/// (two when it is a 1), with the decimals its value shares: `± 0.03`, `± 1.2 pp`,
/// `± 3,011`; empty when undefined or exactly zero (no spread over the replications:
/// a "± 0" would only say so in a misleading way).
pub fn fmt_half(unit: Unit, h: f64) -> String {
    let Some(d) = shared_decimals(unit, h) else {
        return String::new();
    };
    let s = scale(unit);
    let body = thousands((h * s).abs(), d);
    match unit {
        Unit::Share => format!("± {body} pp"),
        _ => format!("± {body}"),
    }
}

/// A text of minutes (from the `fmt_*` functions of [`Unit::Minutes`] given a duration
/// divided by 60) in hours: `7.7 min ± 0.4` as `7.7 h ± 0.4`.
pub(crate) fn in_hours(minutes_text: String) -> String {
    minutes_text.replacen(" min", " h", 1)
}

/// The text with its first letter in capitals: `misses ...` as `Misses ...`.
pub(crate) fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// A count with its noun, singular or plural: `1 replication`, `3 replications`.
pub fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
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
/// (± 310) per week`. `difference(kpi)` gives the mean and half-width; a KPI it has no
/// answer for is left out; money covers `period_min` and is shown per week. The terminal
/// and the comparison report both use it.
pub fn verdict_line(
    plan: &str,
    baseline: &str,
    difference: impl Fn(&str) -> Option<(f64, f64)>,
    currency: &str,
    period_min: f64,
) -> String {
    let parts: Vec<String> = crate::kpi::HEADLINE
        .iter()
        .filter_map(|&kpi| {
            let (mean, half) = difference(kpi)?;
            Some(format!(
                "{} {}",
                crate::kpi::label_of(kpi),
                fmt_delta_in_words_per(unit_of(kpi), mean, half, currency, period_min),
            ))
        })
        .collect();
    format!("{plan} vs {baseline}: {}", parts.join(", "))
}

/// [`fmt_delta_in_words`] with money, an amount over the measured window `period_min`,
/// per week: `+USD 2,140 (± 310) per week`.
pub fn fmt_delta_in_words_per(
    unit: Unit,
    x: f64,
    half: f64,
    currency: &str,
    period_min: f64,
) -> String {
    if unit == Unit::Money {
        let f = per_week(period_min);
        let delta = fmt_delta_in_words(unit, x * f, half * f, currency);
        format!("{delta} {PER_WEEK}")
    } else {
        fmt_delta_in_words(unit, x, half, currency)
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
pub fn money(x: f64, currency: &str) -> String {
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

/// A value of the given unit, short, for labels on charts; `n/a`
/// when not finite.
pub(crate) fn short_value(unit: Unit, x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    match unit {
        Unit::Share => format!("{:.1}%", x * 100.0),
        Unit::Minutes if x.abs() >= 100.0 => format!("{} min", thousands(x, 0)),
        Unit::Minutes => format!("{x:.1} min"),
        Unit::Money | Unit::MoneyRate => format!("{currency} {}", thousands(x, 0)),
        _ if x.abs() >= 100.0 => thousands(x, 0),
        _ => format!("{x:.2}"),
    }
}

/// A signed difference of the given unit, short, for labels on charts (percentage
/// points for shares, a true minus sign); `n/a` when not finite.
pub(crate) fn short_delta(unit: Unit, x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let sign = if x < 0.0 { "−" } else { "+" };
    match unit {
        Unit::Share => format!("{sign}{:.1} pp", x.abs() * 100.0),
        Unit::Minutes if x.abs() >= 100.0 => format!("{sign}{} min", thousands(x.abs(), 0)),
        Unit::Minutes => format!("{sign}{:.1} min", x.abs()),
        Unit::Money | Unit::MoneyRate => format!("{sign}{}", money(x.abs(), currency)),
        _ if x.abs() >= 100.0 => format!("{sign}{}", thousands(x.abs(), 0)),
        _ => format!("{sign}{:.2}", x.abs()),
    }
}

/// A tick label on an axis of the given unit (values as stored: shares as fractions,
/// shown as whole percentages).
pub(crate) fn tick(unit: Unit, x: f64) -> String {
    match unit {
        Unit::Share => pct_whole(x),
        _ if x.abs() >= 1000.0 => thousands(x, 0),
        _ if x.abs() >= 10.0 || x == x.round() => format!("{x:.0}"),
        _ => format!("{x:.1}"),
    }
}

/// A tick label on an axis of differences of the given unit: signed percentage points
/// for shares, a bare `0` at zero.
pub(crate) fn delta_tick(unit: Unit, x: f64) -> String {
    let pp = x * 100.0;
    let t = match unit {
        // Whole points without decimals, as the other units' ticks: "-10", "+2".
        Unit::Share if (pp - pp.round()).abs() < 1e-9 => format!("{pp:+.0}"),
        Unit::Share => format!("{pp:+.1}"),
        _ => tick(unit, x),
    };
    // A tick that rounds to zero is the zero line, unsigned.
    if all_zero(&t) { "0".to_string() } else { t }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_kind() {
        assert_eq!(thousands(1_234_567.0, 0), "1,234,567");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(-1234.5, 1), "-1,234.5");
        assert_eq!(thousands(-0.2, 0), "0");
        assert_eq!(
            fmt_value(unit_of("answered_within_30m"), 0.5234, "USD"),
            "52.3%"
        );
        assert_eq!(
            fmt_value(unit_of("cost_total"), 85_694.1, "USD"),
            "USD 85,694"
        );
        assert_eq!(
            fmt_value(unit_of("frt_mean_min.twitter"), 12.34, ""),
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
        assert_eq!(section(None, "mentions"), Some("Volume"));
        assert_eq!(section(Some("mentions"), "answered"), None);
        assert_eq!(section(Some("queue_mean"), "occupancy"), Some("Staff"));
        assert_eq!(section(Some("occupancy"), "occupancy.day"), None);
        assert_eq!(section(Some("frt_p95_min"), "answered_within_30m"), None);
    }

    #[test]
    fn digits_follow_the_half_width_and_the_magnitude() {
        // The Erlang A case: 0.72 ± 0.03 minutes was "0.7 min ± 0.0".
        assert_eq!(
            fmt_estimate(Unit::Minutes, 0.7234, 0.031, "", 10080.0),
            "0.72 min ± 0.03"
        );
        assert_eq!(fmt_half(Unit::Minutes, 0.15), "± 0.15");
        assert_eq!(fmt_half(Unit::Minutes, 2.4), "± 2.4");
        assert_eq!(fmt_half(Unit::Share, 0.00031), "± 0.03 pp");
        assert_eq!(fmt_half(Unit::Money, 3011.0), "± 3,011");
        assert_eq!(fmt_half(Unit::Count, 45.0), "± 45");
        assert_eq!(fmt_mean(Unit::Share, 0.52341, 0.00031, ""), "52.34%");
        assert_eq!(fmt_mean(Unit::Share, 0.5234, 0.012, ""), "52.3%");
        assert_eq!(fmt_mean(Unit::Money, 85_694.4, 3011.0, "USD"), "USD 85,694");
        // A half-width that would show as zero (floating-point noise of a value that is
        // the same in every replication) is left out, as an exact zero is.
        assert_eq!(fmt_mean_ci(Unit::Share, 1.0, 3e-15, ""), "100.0%");
        assert_eq!(fmt_half(Unit::Money, 0.001), "");
        assert_eq!(fmt_half(Unit::Share, 0.00001), "± 0.001 pp");
        assert_eq!(fmt_half(Unit::Share, 0.000001), "");
        // No interval (one replication, or no spread): two significant digits.
        assert_eq!(fmt_value(Unit::Minutes, 0.7234, ""), "0.72 min");
        assert_eq!(fmt_value(Unit::Minutes, 12.34, ""), "12.3 min");
        assert_eq!(fmt_mean(Unit::Minutes, 0.7234, f64::NAN, ""), "0.72 min");
        assert_eq!(fmt_value(Unit::Share, 0.0031, ""), "0.31%");
        assert_eq!(fmt_value(Unit::Minutes, 0.0, ""), "0.0 min");
        assert_eq!(fmt_value(Unit::MoneyRate, 2.345, "USD"), "USD 2.3");
        assert_eq!(fmt_value(Unit::Minutes, -0.001, ""), "-0.001 min");
        assert_eq!(fmt_delta_ci(Unit::Minutes, 0.043, 0.012, ""), "+0.043 min");
        assert_eq!(fmt_delta_ci(Unit::Share, -0.031, 0.004, ""), "-3.1 pp");
        assert!(displays_as_zero_ci(Unit::Share, 0.00001, 0.1, ""));
        assert!(!displays_as_zero_ci(Unit::Minutes, 0.04, 0.01, ""));
        assert_eq!(ci_decimals(0.0), None);
        assert_eq!(ci_decimals(0.1), Some(2));
        assert_eq!(ci_decimals(0.096), Some(2));
        assert_eq!(plural(1, "replication"), "1 replication");
        assert_eq!(plural(3, "replication"), "3 replications");
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
        assert_eq!(short_value(Unit::Minutes, 1234.0, ""), "1,234 min");
        assert_eq!(short_value(Unit::Share, f64::NAN, ""), "n/a");
        assert_eq!(short_delta(Unit::Share, -0.031, ""), "−3.1 pp");
        assert_eq!(short_delta(Unit::Money, 2140.0, "USD"), "+USD 2,140");
        assert_eq!(tick(Unit::Share, 0.25), "25%");
        assert_eq!(tick(Unit::Count, 2.5), "2.5");
        assert_eq!(tick(Unit::Count, 12_345.0), "12,345");
        assert_eq!(delta_tick(Unit::Share, 0.012), "+1.2");
        assert_eq!(delta_tick(Unit::Share, -0.1), "-10");
        assert_eq!(delta_tick(Unit::Minutes, 0.0), "0");
        assert_eq!(grid_value(24.0), "24");
        assert_eq!(grid_value(0.25), "0.25");
        assert_eq!(
            axis_title("answered_within_30m", Unit::Share, &Money::default()),
            "Answered within 30 min (%)"
        );
        assert_eq!(
            axis_title("cost_total", Unit::Money, &Money::default()),
            "Total cost"
        );
        assert_eq!(
            axis_title("cost_total", Unit::Money, &Money::new("USD", Some(10080.0))),
            "Total cost (USD per week)"
        );
    }
}
