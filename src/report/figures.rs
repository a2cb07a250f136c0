//! The charts of a single run: from [`RunResults`] and its [`Scenario`] to the plain data
//! of [`super::charts`], with data-driven captions.
//!
//! Hourly values are averaged over replications; the spread shown is the 10th to 90th
//! percentile across replications (linear interpolation between order statistics), which
//! with few replications is close to their range.

use super::charts::{
    self, Band, Chart, ChartError, OutcomeBar, OutcomeMix, OverlayPlan, ResponseCdf, SlaByHour,
    WeekOverlay, WeekView, Window,
};
use crate::experiment::RunResults;
use crate::format::{human_minutes, pct, pct_whole, pp, thousands, weekday_label};
use crate::results::PlanHourRow;
use crate::scenario::Scenario;
use crate::scenario::calendar::{self, DAY_MIN, WEEK_H, WEEK_MIN};

/// The `p` quantile (0..=1) of sorted finite values, linearly interpolated.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let pos = p * (n - 1) as f64;
            let i = (pos.floor() as usize).min(n - 2);
            let u = pos - i as f64;
            sorted[i] + u * (sorted[i + 1] - sorted[i])
        }
    }
}

/// Mean, 10th and 90th percentile of the finite values (NaN if there are none).
fn spread(values: &mut Vec<f64>) -> (f64, f64, f64) {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    values.sort_by(f64::total_cmp);
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (mean, quantile(values, 0.1), quantile(values, 0.9))
}

fn push(band: &mut Band, (m, l, h): (f64, f64, f64)) {
    band.mean.push(m);
    band.low.push(l);
    band.high.push(h);
}

/// "mean of 1 replication" or "mean of N replications".
fn mean_of(n: usize) -> String {
    if n == 1 {
        "one replication".to_string()
    } else {
        format!("mean of {n} replications")
    }
}

fn spread_label(n: usize) -> String {
    if n == 1 {
        "1 replication (no spread)".to_string()
    } else if n >= 10 {
        format!("10th–90th percentile of {n} replications")
    } else {
        format!("spread of {n} replications (10th–90th percentile)")
    }
}

/// A run time (minutes from the start) as weekday and clock, e.g. `Wed 10:00`, with the
/// day number when the run is longer than a week.
pub(crate) fn when(scenario: &Scenario, t_min: f64) -> String {
    let day = (t_min / DAY_MIN).floor().max(0.0) as usize;
    let clock = t_min - day as f64 * DAY_MIN;
    let base = format!(
        "{} {:02}:{:02}",
        weekday_label(scenario.start_day + day),
        (clock / 60.0).floor() as u32,
        (clock % 60.0).round() as u32
    );
    if scenario.horizon_min > WEEK_MIN {
        format!("{base} (day {})", day + 1)
    } else {
        base
    }
}

fn kpi(results: &RunResults, name: &str) -> (f64, f64) {
    results
        .kpi(name)
        .map_or((f64::NAN, f64::NAN), |s| (s.mean, s.half_width()))
}

/// Data of the week view.
pub(crate) fn week_view_data(scenario: &Scenario, results: &RunResults) -> WeekView {
    let hours = results
        .replications
        .iter()
        .map(|r| r.hourly.len())
        .max()
        .unwrap_or(0);
    let mut arrivals = Vec::with_capacity(hours);
    let mut agents = Vec::with_capacity(hours);
    let mut queue = Band::default();
    let mut buf = Vec::with_capacity(results.replications.len());
    for h in 0..hours {
        let rows = || results.replications.iter().filter_map(|r| r.hourly.get(h));
        let n = rows().count().max(1) as f64;
        arrivals.push(rows().map(|r| r.arrivals as f64).sum::<f64>() / n);
        agents.push(rows().map(|r| r.agents_on_shift).sum::<f64>() / n);
        buf.clear();
        buf.extend(rows().map(|r| r.queue_mean));
        push(&mut queue, spread(&mut buf));
    }
    WeekView {
        title: format!(
            "{}: arrivals, agents on shift and the queue, hour by hour",
            results.scenario
        ),
        start_day: scenario.start_day,
        arrivals,
        agents_on_shift: agents,
        queue,
        spread_label: spread_label(results.replications.len()),
        incidents: scenario
            .arrivals
            .incidents
            .iter()
            .map(|i| Window {
                label: format!("{} ×{}", i.name, i.multiplier),
                start_h: i.start_min / 60.0,
                end_h: i.end_min / 60.0,
            })
            .collect(),
        warmup_h: scenario.warmup_min / 60.0,
    }
}

/// The caption's sentence on the shaded warm-up (empty without one).
fn warmup_note(scenario: &Scenario) -> String {
    if scenario.warmup_min > 0.0 {
        format!(
            " Grey: the warm-up ({}), simulated but not measured.",
            human_minutes(scenario.warmup_min)
        )
    } else {
        String::new()
    }
}

/// Data of the plans' week views overlaid, from a comparison's hourly means `rows`
/// ([`PlanHourRow`]): the plans named `names` in plan order (the baseline first; a plan
/// without rows is left out), the warm-up and weekday of the `baseline` scenario (a
/// comparison runs every plan over the same horizon and warm-up), averaged over
/// `replications` each. `None` when no plan has rows.
pub(crate) fn week_overlay_data(
    baseline: &Scenario,
    names: &[String],
    rows: &[PlanHourRow],
    replications: usize,
) -> Option<WeekOverlay> {
    let overlay: Vec<OverlayPlan> = names
        .iter()
        .filter_map(|name| {
            let mine: Vec<&PlanHourRow> = rows.iter().filter(|r| &r.plan == name).collect();
            let hours = mine.iter().map(|r| r.hour + 1).max()?;
            let (mut agents, mut queue) = (vec![f64::NAN; hours], vec![f64::NAN; hours]);
            for r in mine {
                agents[r.hour] = r.agents_on_shift.0;
                queue[r.hour] = r.queue_mean.0;
            }
            Some(OverlayPlan {
                name: name.clone(),
                agents_on_shift: agents,
                queue,
            })
        })
        .collect();
    (!overlay.is_empty()).then(|| WeekOverlay {
        title: "Plans hour by hour: agents on shift and mentions waiting".to_string(),
        start_day: baseline.start_day,
        plans: overlay,
        warmup_h: baseline.warmup_min / 60.0,
        mean_label: mean_of(replications),
    })
}

/// The chart of the plans' week views overlaid, for the comparison report, from the
/// comparison's hourly means (see [`week_overlay_data`]), with a data-driven caption;
/// `None` when no plan has rows.
pub(crate) fn week_overlay(
    baseline: &Scenario,
    names: &[String],
    rows: &[PlanHourRow],
    replications: usize,
) -> Result<Option<Chart>, ChartError> {
    let Some(data) = week_overlay_data(baseline, names, rows, replications) else {
        return Ok(None);
    };
    // The highest hourly queue of any plan after the warm-up, and when.
    let measured_from = data.warmup_h.ceil() as usize;
    let peak = data
        .plans
        .iter()
        .flat_map(|p| {
            p.queue
                .iter()
                .enumerate()
                .skip(measured_from)
                .filter(|(_, q)| q.is_finite())
                .map(move |(h, &q)| (p.name.as_str(), h, q))
        })
        .fold(None, |best: Option<(&str, usize, f64)>, x| match best {
            Some(b) if b.2 >= x.2 => Some(b),
            _ => Some(x),
        });
    let peak_note = match peak {
        Some((name, h, q)) => format!(
            " The longest queue after the warm-up: {} mentions waiting under {name} ({}).",
            thousands(q, 0),
            when(baseline, h as f64 * 60.0)
        ),
        None => String::new(),
    };
    let warmup = warmup_note(baseline);
    let caption = format!(
        "Each plan's paid agents on shift (top) and mentions waiting (bottom), hour by hour, {}; the baseline ({}) drawn thickest. All plans saw the same mentions (common random numbers).{peak_note}{warmup}",
        mean_of(replications),
        data.plans[0].name
    );
    charts::week_overlay(&data, caption).map(Some)
}

/// Hours of the week (168 flags) in which no agent of any group is on shift.
pub(crate) fn unstaffed_hours(scenario: &Scenario) -> Vec<bool> {
    let mut staffed = [false; WEEK_H];
    for g in scenario.groups.iter().filter(|g| g.agents > 0) {
        for (s, inside) in staffed.iter_mut().zip(calendar::hours_inside(&g.shifts)) {
            *s |= inside;
        }
    }
    staffed.iter().map(|s| !s).collect()
}

/// Data of the SLA by hour of the week (hours of the warm-up left out).
pub(crate) fn sla_data(scenario: &Scenario, results: &RunResults) -> SlaByHour {
    // Per replication and hour of the week: mean over the weeks of the run.
    let per_rep: Vec<[(f64, f64); WEEK_H]> = results
        .replications
        .iter()
        .map(|r| {
            let mut sum = [(0.0, 0.0, 0u32, 0u32); WEEK_H];
            for row in &r.hourly {
                if row.warmup || scenario.in_warmup(row.hour) {
                    continue;
                }
                let s = &mut sum[row.hour_of_week % WEEK_H];
                if row.answered_within.is_finite() {
                    s.0 += row.answered_within;
                    s.2 += 1;
                }
                if row.taken_within.is_finite() {
                    s.1 += row.taken_within;
                    s.3 += 1;
                }
            }
            sum.map(|(a, b, na, nb)| {
                (
                    if na > 0 { a / f64::from(na) } else { f64::NAN },
                    if nb > 0 { b / f64::from(nb) } else { f64::NAN },
                )
            })
        })
        .collect();
    let mut answered = Band::default();
    let mut taken = Band::default();
    let mut buf = Vec::with_capacity(per_rep.len());
    for h in 0..WEEK_H {
        buf.clear();
        buf.extend(per_rep.iter().map(|r| r[h].0));
        push(&mut answered, spread(&mut buf));
        buf.clear();
        buf.extend(per_rep.iter().map(|r| r[h].1));
        push(&mut taken, spread(&mut buf));
    }
    let threshold = scenario
        .service_levels_min
        .first()
        .map_or_else(|| "n/a".to_string(), |&t| crate::format::human_minutes(t));
    SlaByHour {
        title: format!(
            "{}: answered and taken within {threshold}, by hour of the week",
            results.scenario
        ),
        threshold,
        answered,
        taken,
        spread_label: spread_label(results.replications.len()),
        unstaffed: unstaffed_hours(scenario),
        target: sla_target(scenario),
    }
}

/// The first `[[targets.service_level]]` on the scenario's first threshold, as the SLA
/// by hour draws it: its share and a legend label saying what it covers and where it
/// must hold.
fn sla_target(scenario: &Scenario) -> Option<(f64, String)> {
    use crate::scenario::targets::Scope;
    let first = *scenario.service_levels_min.first()?;
    let t = scenario
        .targets
        .service_levels
        .iter()
        .find(|t| (t.within_min - first).abs() < 1e-9)?;
    let mut only = Vec::new();
    if let Some(c) = t.class.and_then(|c| scenario.classes.get(c)) {
        only.push(c.name.clone());
    }
    if let Some(c) = t.channel.and_then(|c| scenario.channels.get(c)) {
        only.push(format!("on {}", c.name));
    }
    let only = if only.is_empty() {
        String::new()
    } else {
        format!(" ({} only)", only.join(" "))
    };
    let scope = match t.scope {
        Scope::Period => "over the measured period",
        Scope::EveryHour => "in every hour",
        Scope::BusinessHours => "over business hours",
    };
    Some((
        t.share,
        format!(
            "target: {} answered within {} {scope}{only}",
            pct_whole(t.share),
            human_minutes(first)
        ),
    ))
}

/// Data of the response-time distribution, or `None` when the folder has none.
pub(crate) fn response_data(results: &RunResults) -> Option<ResponseCdf> {
    let first = results
        .replications
        .iter()
        .find(|r| !r.distribution.is_empty())?;
    let minutes: Vec<f64> = first.distribution.iter().map(|d| d.minutes).collect();
    let mut answered = Band::default();
    let mut expected = Vec::with_capacity(minutes.len());
    let mut buf = Vec::new();
    for (i, m) in minutes.iter().enumerate() {
        let at = |r: &crate::kpi::ReplicationResult| {
            r.distribution
                .get(i)
                .filter(|d| (d.minutes - m).abs() <= 1e-9 * m.abs())
                .cloned()
        };
        buf.clear();
        buf.extend(
            results
                .replications
                .iter()
                .filter_map(|r| at(r).map(|d| d.frt_share)),
        );
        push(&mut answered, spread(&mut buf));
        buf.clear();
        buf.extend(
            results
                .replications
                .iter()
                .filter_map(|r| at(r).map(|d| d.expectation_share)),
        );
        expected.push(spread(&mut buf).0);
    }
    Some(ResponseCdf {
        title: format!(
            "{}: did customers get their first reply within what they expected?",
            results.scenario
        ),
        minutes,
        answered,
        expected,
        spread_label: format!("answered: {}", spread_label(results.replications.len())),
        within_expectation: within_expectation(results),
    })
}

/// The share of customers answered within their own expectation and before their
/// patience ran out (the two quick outcome states), per replication summed, with its 95%
/// CI: mean and half-width. `None` when the results lack the outcome shares.
pub(crate) fn within_expectation(results: &RunResults) -> Option<(f64, f64)> {
    use crate::scenario::OutcomeState;
    let effective = results.values(OutcomeState::QuickEffective.name())?;
    let ineffective = results.values(OutcomeState::QuickIneffective.name())?;
    let quick: Vec<f64> = effective
        .iter()
        .zip(&ineffective)
        .map(|(a, b)| a + b)
        .collect();
    let s = crate::stats::Summary::of(&quick);
    s.mean.is_finite().then(|| (s.mean, s.half_width()))
}

/// Data of the outcome mix.
pub(crate) fn outcome_data(scenario: &Scenario, results: &RunResults) -> OutcomeMix {
    let shares = crate::scenario::OutcomeState::ALL.map(|s| kpi(results, s.name()).0);
    let (rate, half) = kpi(results, "recommend_rate");
    OutcomeMix {
        title: format!(
            "{}: what customers got, and how many recommend the brand",
            results.scenario
        ),
        bars: vec![OutcomeBar {
            label: results.scenario.clone(),
            shares,
            recommend_rate: rate,
            recommend_half_width: half,
            recommenders: Some(std::array::from_fn(|i| {
                shares[i] * scenario.outcomes.recommend[i]
            })),
        }],
        recommend_given_state: Some(scenario.outcomes.recommend),
    }
}

/// Renders every single-run chart, in report order.
pub(crate) fn all(scenario: &Scenario, results: &RunResults) -> Result<Vec<Chart>, ChartError> {
    let n = results.replications.len();
    let mut out = Vec::with_capacity(4);

    let week = week_view_data(scenario, results);
    let (peak_h, peak_q) = week
        .queue
        .mean
        .iter()
        .enumerate()
        .filter(|(_, q)| q.is_finite())
        .fold((0, f64::NEG_INFINITY), |best, (h, &q)| {
            if q > best.1 { (h, q) } else { best }
        });
    let incidents = if week.incidents.is_empty() {
        String::new()
    } else {
        " Purple: incidents.".to_string()
    };
    let warmup = warmup_note(scenario);
    let queue_note = if peak_q.is_finite() {
        format!(
            " The queue peaks at {} mentions waiting ({}).",
            thousands(peak_q, 0),
            when(scenario, peak_h as f64 * 60.0)
        )
    } else {
        String::new()
    };
    out.push(charts::week_view(
        &week,
        format!(
            "Mentions arriving per hour against the paid agents on shift, and the mentions waiting, {}.{queue_note}{incidents}{warmup}",
            mean_of(n)
        ),
    )?);

    let sla = sla_data(scenario, results);
    let first = scenario.service_levels_min.first().copied();
    let (s_first, _) = first.map_or((f64::NAN, f64::NAN), |t| {
        kpi(
            results,
            &format!("answered_within_{}", crate::scenario::threshold_name(t)),
        )
    });
    let with_data = sla.answered.mean.iter().filter(|v| v.is_finite()).count();
    let poor = sla
        .answered
        .mean
        .iter()
        .filter(|v| v.is_finite() && **v < 0.5)
        .count();
    let unstaffed = sla.unstaffed.iter().filter(|u| **u).count();
    let within = &sla.threshold;
    let worst_note = format!(
        "; in {poor} of the {with_data} hours with arrivals, fewer than half are answered within {within}"
    );
    let target_note = match &sla.target {
        Some((share, _)) => format!(" Dashed red: the target of {}.", pct_whole(*share)),
        None => String::new(),
    };
    out.push(charts::sla_by_hour(
        &sla,
        format!(
            "Of the mentions arriving in each hour of the week, the share answered (blue) and taken by an agent (green) within {within}: {} answered within {within} overall{worst_note}. Grey: the {unstaffed} hours a week with nobody on shift; pale orange: the weekend.{target_note}",
            pct(s_first)
        ),
    )?);

    if let Some(cdf) = response_data(results) {
        let note = match cdf.within_expectation {
            Some((share, _)) => format!(
                "{} of customers were answered within their own expectation (and before their patience ran out). ",
                pct(share)
            ),
            None => String::new(),
        };
        out.push(charts::response_cdf(
            &cdf,
            format!(
                "{note}Behind it, two separate distributions on a log time axis: the share of answerable mentions answered within a time (blue) and the share of customers expecting a reply within it (red). They are not paired customer by customer, so where they cross says nothing about who was let down."
            ),
        )?);
    }

    let mix = outcome_data(scenario, results);
    let (rate, half) = kpi(results, "recommend_rate");
    out.push(charts::outcome_mix(
        &mix,
        format!(
            "Customers by outcome state, {}; {} recommend the brand (± {}, 95% CI).",
            mean_of(n),
            pct(rate),
            pp(half)
        ),
    )?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert!((quantile(&v, 0.1) - 1.4).abs() < 1e-12);
        assert_eq!(quantile(&[7.0], 0.9), 7.0);
        let mut w = vec![f64::NAN, 2.0, 4.0];
        assert_eq!(spread(&mut w).0, 3.0);
    }
}
