//! The report of a sweep folder written by `carecast sweep` or `carecast merge`.
//!
//! The folder is the contract: `sweep.json` (the sweep's description and, per point, its
//! parameter values and KPI summaries), read through [`SweepSummary`]. The folder records no currency, so amounts are
//! shown without one.

use crate::format::Money;
use crate::scenario::calendar::WEEK_MIN;

use crate::results::Dictionary;
use std::fmt::Write as _;
use std::path::Path;

mod figures;
mod points;
use figures::figures;

use serde_json::Value;

use super::charts::Chart;
use super::folder::read_json;
use super::html::escape;
use super::page::{Page, charts_section};
use super::verdicts::badge;
use super::{Report, ReportError};
use crate::format::fmt_value;
use crate::kpi::{Unit, unit_of};
use crate::results::{
    KpiMap, PointTargets, Stat, SweepDesign, SweepParameter, SweepSummary, SweepTargets,
};
use crate::sustain::Verdict;
use crate::targets::Status;

/// One point of the sweep.
#[derive(Debug, Clone)]
struct Point {
    index: usize,
    /// The value of each parameter, in the order of [`Folder::parameters`].
    values: Vec<Value>,
    /// Its sustainability verdict (`None` in files written before it).
    verdict: Option<Verdict>,
    /// The verdicts on its targets (`None`: it sets none, or they are unknown).
    targets: Option<PointTargets>,
    kpis: KpiMap<Stat>,
}

impl Point {
    fn kpi(&self, name: &str) -> Option<&Stat> {
        self.kpis.get(name)
    }

    fn mean(&self, name: &str) -> f64 {
        self.kpi(name).map_or(f64::NAN, |e| e.mean)
    }
}

/// A sweep folder read back.
#[derive(Debug, Clone)]
struct Folder {
    name: String,
    base: String,
    design: SweepDesign,
    replications: Option<u32>,
    seed: Option<u64>,
    /// The swept parameters, as described in `sweep.json` (values, or min, max, integer).
    parameters: Vec<SweepParameter>,
    points: Vec<Point>,
    /// Currency and period of money, from `kpis.json` (unknown in folders without it):
    /// per week where every point measured the same window, the amounts scaled to it.
    money: Money,
    /// The points against their targets (`None` when no point has verdicts).
    targets: Option<SweepTargets>,
}

/// A parameter value as shown: strings without quotes.
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "—".into(),
        other => other.to_string(),
    }
}

fn load(dir: &Path) -> Result<Folder, ReportError> {
    let summary: SweepSummary = read_json(&dir.join("sweep.json"))?;
    let or_unknown = |s: String| if s.is_empty() { "?".to_string() } else { s };
    let mut parameters = summary.parameters;
    for p in &mut parameters {
        if p.path.is_empty() {
            p.path = p.name.clone();
        }
    }
    let dictionary = read_json::<Dictionary>(&dir.join("kpis.json")).ok();
    // Money per week, as everywhere, where every point measured the same window.
    let period_min = dictionary.as_ref().and_then(|d| d.period_min);
    let f = period_min.map_or(1.0, crate::format::per_week);
    let weekly = |(k, s): (&str, &Stat)| {
        let s = if unit_of(k) == Unit::Money {
            Stat {
                mean: s.mean * f,
                std: s.std * f,
                ci95_low: s.ci95_low * f,
                ci95_high: s.ci95_high * f,
                n: s.n,
            }
        } else {
            *s
        };
        (k.to_string(), s)
    };
    let points = summary
        .points
        .into_iter()
        .map(|p| Point {
            index: p.index,
            values: parameters
                .iter()
                .map(|q| p.parameters.get(&q.name).cloned().unwrap_or(Value::Null))
                .collect(),
            verdict: p.sustainability,
            targets: p.targets,
            kpis: p.kpis.iter().map(weekly).collect(),
        })
        .collect();
    let money = dictionary
        .map(|d| Money::new(&d.currency, period_min.map(|_| WEEK_MIN)))
        .unwrap_or_default();
    Ok(Folder {
        money,
        targets: summary.targets,
        name: or_unknown(summary.sweep),
        base: or_unknown(summary.base_scenario),
        design: summary.design,
        replications: summary.replications,
        seed: summary.seed,
        parameters,
        points,
    })
}

/// Indices of the parameters whose value is a number at every point.
fn numeric_parameters(f: &Folder) -> Vec<usize> {
    (0..f.parameters.len())
        .filter(|&i| !f.points.is_empty() && f.points.iter().all(|p| p.values[i].is_number()))
        .collect()
}

/// A point's parameter values in words: `day=24, discipline=lifo`.
fn label(f: &Folder, p: &Point) -> String {
    f.parameters
        .iter()
        .zip(&p.values)
        .map(|(q, v)| format!("{}={}", q.name, show(v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The cheapest point meeting every target, as `sweep.json` names it.
fn cheapest(f: &Folder) -> Option<usize> {
    f.targets.as_ref().and_then(|t| t.cheapest_meeting)
}

/// A point's verdict on its targets as a badge: meets, misses, too close to call, or
/// unknown.
fn targets_badge(t: Option<&PointTargets>) -> String {
    match t {
        Some(t) if t.meets_targets => badge(Status::Meets),
        Some(t) if t.targets_missed > 0 => badge(Status::Misses),
        Some(_) => badge(Status::TooClose),
        None => "?".to_string(),
    }
}

/// A point's mean total cost with its currency and period: `USD 85,694 per week`.
fn point_cost(f: &Folder, p: &Point) -> String {
    [
        fmt_value(Unit::Money, p.mean("cost_total"), &f.money.currency),
        f.money.period.clone(),
    ]
    .join(" ")
    .trim_end()
    .to_string()
}

/// The order of the points table: meeting every target first, then by targets missed
/// (without targets: sustainable first), each group by mean total cost, cheapest first.
fn table_order(f: &Folder) -> Vec<usize> {
    let key = |p: &Point| {
        let targets = p.targets.as_ref().map_or((1, usize::MAX), |t| {
            (usize::from(!t.meets_targets), t.targets_missed)
        });
        let unsustainable = usize::from(!matches!(p.verdict, Some(Verdict::Sustainable)));
        (targets, unsustainable)
    };
    let mut order: Vec<usize> = (0..f.points.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&f.points[a], &f.points[b]);
        key(pa).cmp(&key(pb)).then(
            pa.mean("cost_total")
                .total_cmp(&pb.mean("cost_total"))
                .then(pa.index.cmp(&pb.index)),
        )
    });
    order
}

/// The sentence a sweep without targets opens with: no point can be called best against
/// targets; the cheapest sustainable point, or that none is sustainable.
fn no_targets_answer(f: &Folder) -> String {
    let best = table_order(f)
        .into_iter()
        .map(|i| &f.points[i])
        .find(|p| matches!(p.verdict, Some(Verdict::Sustainable)));
    let lead = match best {
        Some(p) => format!(
            "The sweep sets no targets, so no point is judged against them; the cheapest sustainable point is <strong>point {}</strong> ({}), {}.",
            p.index,
            escape(&label(f, p)),
            escape(&point_cost(f, p))
        ),
        None => "The sweep sets no targets, and no point is known to be sustainable.".to_string(),
    };
    format!(
        "<section id=\"answer\" class=\"answer\" role=\"status\">\n<p class=\"verdict\">{lead}</p>\n</section>\n"
    )
}

/// The section the report opens with when the points have verdicts: the cheapest point
/// meeting every target, or that none does.
fn targets_section(f: &Folder, t: &SweepTargets) -> String {
    let unknown = match t.points_unknown {
        0 => String::new(),
        n => format!(
            "; {n} without verdicts (journaled by a carecast that had none, or setting no target)"
        ),
    };
    let lead = match t
        .cheapest_meeting
        .and_then(|i| f.points.iter().find(|p| p.index == i))
    {
        Some(p) => format!(
            "{} Cheapest point meeting every target: <strong>point {}</strong> ({}), {}",
            badge(Status::Meets),
            p.index,
            escape(&label(f, p)),
            escape(&point_cost(f, p))
        ),
        None => format!("{} No point meets every target", badge(Status::Misses)),
    };
    format!(
        "<section id=\"targets\" class=\"targets\" role=\"status\">\n<h2>Targets</h2>\n<p class=\"verdict\">{lead}</p>\n<p>{} of {} points meet every target{unknown}. The cheapest is the one of least mean total cost; it is marked on the frontier chart with a diamond, and the points missing a target are drawn hollow.</p>\n<p class=\"meta\">A target is met when the whole confidence interval of its mean over replications (at the scenario's <code>targets.confidence</code>) clears it, missed when the mean does not, and too close to call otherwise.</p>\n</section>\n",
        t.points_meeting,
        f.points.len()
    )
}

fn page(f: &Folder, charts: &[Chart], note: Option<&str>) -> String {
    let mut o =
        String::with_capacity(64 * 1024 + charts.iter().map(|c| c.svg.len()).sum::<usize>());
    let reps = f
        .replications
        .map_or_else(|| "?".to_string(), |r| r.to_string());
    let seed = f.seed.map_or_else(|| "?".to_string(), |s| s.to_string());

    match &f.targets {
        Some(t) => o.push_str(&targets_section(f, t)),
        None => o.push_str(&no_targets_answer(f)),
    }

    // Description.
    let design = match f.design.kind.as_str() {
        "lhs" => format!(
            "a Latin hypercube of {} points{}",
            if f.design.points > 0 {
                f.design.points
            } else {
                f.points.len()
            },
            f.design
                .lhs_seed
                .map_or(String::new(), |s| format!(" (design seed {s})"))
        ),
        _ => format!("a full grid of {} points", f.points.len()),
    };
    let _ = writeln!(
        o,
        "<section id=\"sweep\">\n<h2>The sweep</h2>\n<p>Base scenario <strong>{}</strong>, varied over {design}. Every point runs {reps} replications with seed {seed}, the same for every point, so the points are compared under common random numbers.</p>\n<table class=\"parameters\">\n<thead><tr><th>parameter</th><th>scenario path</th><th>values</th></tr></thead>\n<tbody>",
        escape(&f.base)
    );
    for p in &f.parameters {
        let values = if let Some(v) = &p.values {
            v.iter().map(show).collect::<Vec<_>>().join(", ")
        } else {
            let (lo, hi) = (
                p.min.as_ref().map_or("?".into(), show),
                p.max.as_ref().map_or("?".into(), show),
            );
            let whole = p.integer == Some(true);
            format!("{lo} to {hi}{}", if whole { ", whole numbers" } else { "" })
        };
        let _ = writeln!(
            o,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td>{}</td></tr>",
            escape(&p.name),
            escape(&p.path),
            escape(&values)
        );
    }
    let _ = writeln!(o, "</tbody>\n</table>\n</section>");

    // Charts.
    let note = note.map_or_else(String::new, |n| {
        format!("<p class=\"note\">{}</p>\n", escape(n))
    });
    o.push_str(&charts_section(charts, &note, ""));

    o.push_str(&points::section(f));
    Page {
        title: &format!("carecast sweep: {}", f.name),
        facts: &format!(
            "{} points · {reps} replications per point · seed {seed} · mean ± 95% confidence half-width over replications",
            f.points.len()
        ),
        source: "the sweep folder (<code>sweep.json</code>; every KPI of every point is in <code>points.csv</code>)",
        more: "The sweep folder records no currency: costs are in the base scenario's.",
        css: if f.targets.is_some() {
            super::verdicts::CSS
        } else {
            ""
        },
    }
    .render(&o)
}

/// Reads the sweep folder `dir` and renders its charts and page in memory.
/// `heatmap_kpis`: the KPIs to map over the first two numeric parameters (default
/// `answered_within_30m` and `recommend_rate`); each must be a KPI of the sweep.
pub(crate) fn build(dir: &Path, heatmap_kpis: &[String]) -> Result<Report, ReportError> {
    let folder = load(dir)?;
    if let Some(unknown) = heatmap_kpis
        .iter()
        .find(|k| !folder.points.iter().any(|p| p.kpi(k).is_some()))
    {
        return Err(ReportError::Garbled {
            path: "--heatmap".into(),
            line: None,
            message: format!(
                "`{unknown}` is not a KPI of this sweep (see the KPI glossary in the README)"
            ),
        });
    }
    let (charts, note) = figures(&folder, heatmap_kpis)?;
    let html = page(&folder, &charts, note.as_deref());
    Ok(Report { charts, html })
}
