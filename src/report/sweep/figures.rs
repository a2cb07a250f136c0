//! The charts of a sweep, chosen by its design: a heatmap for a full grid of exactly two
//! numeric parameters, a line chart for a grid with one numeric parameter (or more than
//! two parameters: one line per level of the others), a coloured scatter for a
//! space-filling design (a Latin hypercube), where no two points share a combination and
//! nothing may be averaged. The frontier compares decisions only: points are compared
//! with the points that share their assumptions' values (see
//! [`crate::sweep::Role`]).

use std::collections::BTreeMap;

use super::{Folder, Point, cheapest, numeric_parameters, show};
use crate::format::axis_title;
use crate::kpi::{label_of, unit_of};
use crate::report::ReportError;
use crate::report::charts::{
    self, Chart, FrontierPoint, Heatmap, LineSeries, Standing, SweepLines,
};
use crate::results::SweepParameter;
use crate::sustain::Verdict;
use crate::sweep::Role;

/// The most lines a line chart draws; past it the chart is left out with a note.
const MAX_LINES: usize = 8;

/// The most frontier charts (one per combination of the assumptions).
const MAX_WORLDS: usize = 6;

/// A parameter's role: as `sweep.json` records it, else the default by path.
pub(super) fn role(p: &SweepParameter) -> Role {
    p.role
        .as_deref()
        .and_then(Role::parse)
        .unwrap_or_else(|| Role::default_for(&p.path))
}

/// Indices of the parameters taking more than one value over the points.
fn varied(f: &Folder) -> Vec<usize> {
    (0..f.parameters.len())
        .filter(|&i| {
            f.points
                .iter()
                .any(|p| f.points.first().is_some_and(|q| q.values[i] != p.values[i]))
        })
        .collect()
}

/// `name=value, ...` of the parameters `which` at point `p`.
fn describe(f: &Folder, p: &Point, which: &[usize]) -> String {
    which
        .iter()
        .map(|&i| format!("{}={}", f.parameters[i].name, show(&p.values[i])))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Names of the parameters `which`, joined in words.
fn names(f: &Folder, which: &[usize]) -> String {
    let n: Vec<&str> = which
        .iter()
        .map(|&i| f.parameters[i].name.as_str())
        .collect();
    match n.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The points grouped by their assumptions' values ("worlds"), in order of first
/// appearance; each with its description (empty when no assumption varies).
fn worlds(f: &Folder) -> Vec<(String, Vec<usize>)> {
    let assumptions: Vec<usize> = varied(f)
        .into_iter()
        .filter(|&i| role(&f.parameters[i]) == Role::Assumption)
        .collect();
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (k, p) in f.points.iter().enumerate() {
        let key = describe(f, p, &assumptions);
        match out.iter_mut().find(|w| w.0 == key) {
            Some(w) => w.1.push(k),
            None => out.push((key, vec![k])),
        }
    }
    out
}

/// The frontier points of the points `which` (indices into `f.points`), labelled by
/// their decisions.
fn frontier_points(f: &Folder, which: &[usize]) -> Vec<FrontierPoint> {
    let decisions: Vec<usize> = varied(f)
        .into_iter()
        .filter(|&i| role(&f.parameters[i]) == Role::Decision)
        .collect();
    which
        .iter()
        .map(|&k| {
            let p = &f.points[k];
            let ci = |name: &str| {
                p.kpi(name)
                    .map_or((f64::NAN, f64::NAN), |s| (s.ci95_low, s.ci95_high))
            };
            FrontierPoint {
                number: p.index,
                label: if decisions.is_empty() {
                    format!("point {}", p.index)
                } else {
                    describe(f, p, &decisions)
                },
                cost: p.mean("cost_total"),
                cost_ci: ci("cost_total"),
                recommend_rate: p.mean("recommend_rate"),
                recommend_ci: ci("recommend_rate"),
                sustainable: !matches!(p.verdict, Some(Verdict::Unsustainable { .. })),
                meets_targets: p.targets.as_ref().map(|t| t.meets_targets),
                cheapest: cheapest(f) == Some(p.index),
            }
        })
        .collect()
}

/// Each point's standing on the frontier of its world (a point alone in its world is
/// not compared).
pub(super) fn standings(f: &Folder) -> Vec<Standing> {
    let mut out = vec![Standing::NotCompared; f.points.len()];
    for (_, which) in worlds(f).into_iter().filter(|w| w.1.len() > 1) {
        let s = charts::standings(&frontier_points(f, &which));
        for (k, s) in which.into_iter().zip(s) {
            out[k] = s;
        }
    }
    out
}

/// The chart layout the design calls for.
enum Layout {
    /// Heatmap over parameters `x` and `y`.
    Heatmap { x: usize, y: usize },
    /// Lines against `x`, one per level of `by`.
    Lines { x: usize, by: Vec<usize> },
    /// Coloured dots over `x` and `y`; `others` vary too.
    Scatter {
        x: usize,
        y: usize,
        others: Vec<usize>,
    },
    /// No KPI chart, and why.
    None(String),
}

fn layout(f: &Folder) -> Layout {
    let numeric = numeric_parameters(f);
    let varied = varied(f);
    let num: Vec<usize> = varied
        .iter()
        .copied()
        .filter(|i| numeric.contains(i))
        .collect();
    if f.design.kind == "lhs" {
        return match num[..] {
            [x, y, ..] => Layout::Scatter {
                x,
                y,
                others: varied
                    .iter()
                    .copied()
                    .filter(|&i| i != x && i != y)
                    .collect(),
            },
            [x] => Layout::Lines {
                x,
                by: varied.iter().copied().filter(|&i| i != x).collect(),
            },
            [] => Layout::None("No KPI chart: the design varies no numeric parameter.".into()),
        };
    }
    match (varied.len(), &num[..]) {
        (2, [x, y]) => Layout::Heatmap { x: *x, y: *y },
        (_, [x, ..]) => Layout::Lines {
            x: *x,
            by: varied.iter().copied().filter(|i| i != x).collect(),
        },
        (_, []) => Layout::None(format!(
            "No KPI chart: the sweep varies no numeric parameter (only {}); the points table compares them.",
            names(f, &varied)
        )),
    }
}

/// The charts, and a note for the page on what is left out.
pub(super) fn figures(
    f: &Folder,
    heatmap_kpis: &[String],
) -> Result<(Vec<Chart>, Option<String>), ReportError> {
    let mut out = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let reps = f.replications.map_or_else(String::new, |r| {
        format!(" over {r} replication{}", if r == 1 { "" } else { "s" })
    });
    let defaults: Vec<String> = crate::kpi::HEATMAP_DEFAULT
        .iter()
        .map(|k| k.to_string())
        .collect();
    let kpis = if heatmap_kpis.is_empty() {
        &defaults[..]
    } else {
        heatmap_kpis
    };
    let param = |i: usize| &f.parameters[i];
    let at = |p: &Point, i: usize| p.values[i].as_f64();
    // A KPI's means over parameters `x` and `y`, one per point (`None` if none is known).
    let over_two = |kpi: &str, x: usize, y: usize| {
        let (px, py) = (param(x), param(y));
        let points: Vec<(f64, f64, f64)> = f
            .points
            .iter()
            .filter_map(|p| Some((at(p, x)?, at(p, y)?, p.mean(kpi))))
            .filter(|c| c.2.is_finite())
            .collect();
        (!points.is_empty()).then(|| Heatmap {
            title: format!("{} over {} and {}", label_of(kpi), px.name, py.name),
            x_label: px.name.clone(),
            y_label: py.name.clone(),
            value_label: axis_title(kpi, unit_of(kpi), &f.money),
            value_kind: unit_of(kpi),
            points,
        })
    };
    match layout(f) {
        Layout::Heatmap { x, y } => {
            let (px, py) = (param(x), param(y));
            for kpi in kpis.iter().map(String::as_str) {
                let Some(data) = over_two(kpi, x, y) else {
                    continue;
                };
                let caption = format!(
                    "Mean {}{reps} at each point of the full grid of {} ({}) and {} ({}): one cell per point.",
                    label_of(kpi).to_lowercase(),
                    px.name,
                    px.path,
                    py.name,
                    py.path,
                );
                let mut chart = charts::heatmap(&data, caption)?;
                chart.name = format!("heatmap-{kpi}");
                out.push(chart);
            }
        }
        Layout::Lines { x, by } => {
            let px = param(x);
            let mut series: BTreeMap<usize, LineSeries> = BTreeMap::new();
            let mut order: Vec<String> = Vec::new();
            for p in &f.points {
                let key = describe(f, p, &by);
                if !order.contains(&key) {
                    order.push(key);
                }
            }
            if order.len() > MAX_LINES {
                notes.push(format!(
                    "No line chart: {} levels of {} would be {} lines (at most {MAX_LINES} are legible); the points table has every point.",
                    names(f, &by),
                    px.name,
                    order.len()
                ));
            } else {
                for kpi in kpis.iter().map(String::as_str) {
                    series.clear();
                    for p in &f.points {
                        let (Some(xv), Some(s)) = (at(p, x), p.kpi(kpi)) else {
                            continue;
                        };
                        let key = describe(f, p, &by);
                        let line = order.iter().position(|k| *k == key).unwrap_or(0);
                        series
                            .entry(line)
                            .or_insert_with(|| LineSeries {
                                label: key,
                                points: Vec::new(),
                            })
                            .points
                            .push((xv, s.mean, s.ci95_low, s.ci95_high));
                    }
                    if series.is_empty() {
                        continue;
                    }
                    let data = SweepLines {
                        title: format!("{} against {}", label_of(kpi), px.name),
                        x_label: px.name.clone(),
                        y_label: axis_title(kpi, unit_of(kpi), &f.money),
                        value_kind: unit_of(kpi),
                        series: series.values().cloned().collect(),
                    };
                    let lines = if by.is_empty() {
                        String::new()
                    } else {
                        format!(", one line per level of {}", names(f, &by))
                    };
                    let caption = format!(
                        "Mean {}{reps} at each value of {} ({}){lines}; the bars are 95% confidence intervals of the mean. Every dot is one point of the sweep: nothing is averaged.",
                        label_of(kpi).to_lowercase(),
                        px.name,
                        px.path,
                    );
                    let mut chart = charts::sweep_lines(&data, caption)?;
                    chart.name = format!("lines-{kpi}");
                    out.push(chart);
                }
            }
        }
        Layout::Scatter { x, y, others } => {
            let (px, py) = (param(x), param(y));
            for kpi in kpis.iter().map(String::as_str) {
                let Some(data) = over_two(kpi, x, y) else {
                    continue;
                };
                let also = if others.is_empty() {
                    String::new()
                } else {
                    format!(
                        " {} varies too, from dot to dot, so neighbouring dots differ in it as well.",
                        names(f, &others)
                    )
                };
                let caption = format!(
                    "Each dot is one point of the space-filling design at its {} ({}) and {} ({}), coloured by its mean {}{reps}.{also} Nothing is averaged or interpolated.",
                    px.name,
                    px.path,
                    py.name,
                    py.path,
                    label_of(kpi).to_lowercase(),
                );
                let mut chart = charts::sweep_scatter(&data, caption)?;
                chart.name = format!("scatter-{kpi}");
                out.push(chart);
            }
        }
        Layout::None(why) => notes.push(why),
    }
    frontiers(f, &reps, &mut out, &mut notes)?;
    let note = (!notes.is_empty()).then(|| notes.join(" "));
    Ok((out, note))
}

/// The frontier charts: one per world (combination of the assumptions' values) holding
/// two points or more.
fn frontiers(
    f: &Folder,
    reps: &str,
    out: &mut Vec<Chart>,
    notes: &mut Vec<String>,
) -> Result<(), ReportError> {
    let assumptions: Vec<usize> = varied(f)
        .into_iter()
        .filter(|&i| role(&f.parameters[i]) == Role::Assumption)
        .collect();
    let all = worlds(f);
    let shared: Vec<&(String, Vec<usize>)> = all.iter().filter(|w| w.1.len() > 1).collect();
    if shared.is_empty() {
        if !assumptions.is_empty() {
            notes.push(format!(
                "No cost / recommend-rate frontier: the assumptions ({}) take their own values at every point, so no two plans face the same world. The frontier compares decisions (staffing, policy, bot) under the same assumptions: sweep the decisions on a grid with each assumption fixed, or at a few levels (mark a parameter with role = \"decision\" or \"assumption\" in the sweep file).",
                names(f, &assumptions)
            ));
        }
        return Ok(());
    }
    if shared.len() > MAX_WORLDS {
        notes.push(format!(
            "Frontiers drawn for the first {MAX_WORLDS} of {} combinations of the assumptions ({}).",
            shared.len(),
            names(f, &assumptions)
        ));
    }
    let several = shared.len() > 1;
    for (n, (world, which)) in shared.into_iter().take(MAX_WORLDS).enumerate() {
        let points = frontier_points(f, which);
        if !points
            .iter()
            .any(|p| p.cost.is_finite() && p.recommend_rate.is_finite())
        {
            continue;
        }
        let title = if world.is_empty() {
            format!("Cost against recommend rate: {} points", points.len())
        } else {
            format!("Cost against recommend rate at {world}")
        };
        let assumed = if world.is_empty() {
            String::new()
        } else {
            format!(
                " Only the points with {world} are compared: the assumptions are the world the plans face, not a choice."
            )
        };
        let mut chart = charts::frontier(
            &title,
            &points,
            &f.money,
            format!(
                "Every point{} (mean{reps}, whiskers the 95% confidence intervals), numbered as in the points table.{assumed} A point is called Pareto-optimal when no other point's intervals leave room for it to cost no more and recommend no less; points on the frontier of the means that cannot be told apart that way are \"not distinguishable\". The intervals are each point's own, which is conservative under the common random numbers the points share. Unsustainable points, whose backlog grows or never empties, are shown but not compared.{}",
                if world.is_empty() {
                    " of the sweep"
                } else {
                    " of this world"
                },
                if f.targets.is_some() {
                    " Points missing a target (or too close to call) are hollow; the cheapest point meeting every target is the green diamond."
                } else {
                    ""
                }
            ),
        )?;
        if several {
            chart.name = format!("frontier-{}", n + 1);
        }
        out.push(chart);
    }
    Ok(())
}
