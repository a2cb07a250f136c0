//! The report of a sweep folder written by `carecast sweep` or `carecast merge`.
//!
//! The folder is the contract: `sweep.json` (the sweep's description and, per point, its
//! parameter values and KPI summaries). The folder records no currency, so amounts are
//! shown without one.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Map, Value};

use super::charts::{self, Chart, FrontierPoint, Heatmap, pareto_front};
use super::folder::{garbled, read};
use super::html::escape;
use super::page::{Page, charts_section};
use super::{Report, ReportError};
use crate::format::{axis_title, kpi_kind};
use crate::format::{fmt_half, fmt_value};

/// KPIs drawn as heatmaps over the first two numeric parameters.
const HEATMAP_KPIS: [&str; 2] = ["sla_30m", "recommend_rate"];

/// KPIs in the table of points.
const TABLE_KPIS: [&str; 3] = ["sla_30m", "recommend_rate", "cost_total"];

/// One KPI of one point.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Estimate {
    mean: f64,
    ci95_low: f64,
    ci95_high: f64,
}

/// One point of the sweep.
#[derive(Debug, Clone)]
struct Point {
    index: u64,
    /// The value of each parameter, in the order of [`Folder::parameters`].
    values: Vec<Value>,
    kpis: Vec<(String, Estimate)>,
}

impl Point {
    fn kpi(&self, name: &str) -> Option<&Estimate> {
        self.kpis.iter().find(|(k, _)| k == name).map(|(_, e)| e)
    }

    fn mean(&self, name: &str) -> f64 {
        self.kpi(name).map_or(f64::NAN, |e| e.mean)
    }
}

/// A swept parameter.
#[derive(Debug, Clone)]
struct Parameter {
    name: String,
    path: String,
    /// The parameter's description as in `sweep.json` (values, or min, max, integer).
    spec: Map<String, Value>,
}

/// A sweep folder read back.
#[derive(Debug, Clone)]
struct Folder {
    name: String,
    base: String,
    design: Map<String, Value>,
    replications: Option<u64>,
    seed: Option<u64>,
    parameters: Vec<Parameter>,
    points: Vec<Point>,
}

fn num(v: Option<&Value>) -> f64 {
    v.and_then(Value::as_f64).unwrap_or(f64::NAN)
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
    let path = dir.join("sweep.json");
    let json: Value = serde_json::from_str(&read(&path)?).map_err(|e| ReportError::Garbled {
        path: path.display().to_string(),
        line: Some(e.line()),
        message: e.to_string(),
    })?;
    let text = |k: &str| {
        json.get(k)
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string()
    };
    let parameters: Vec<Parameter> = json
        .get("parameters")
        .and_then(Value::as_array)
        .ok_or_else(|| garbled(&path, None, "no `parameters` array"))?
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let spec = p.as_object().cloned().unwrap_or_default();
            let name = spec
                .get("name")
                .and_then(Value::as_str)
                .ok_or_else(|| garbled(&path, None, &format!("parameter {} has no `name`", i + 1)))?
                .to_string();
            let path = spec
                .get("path")
                .and_then(Value::as_str)
                .unwrap_or(&name)
                .to_string();
            Ok(Parameter { name, path, spec })
        })
        .collect::<Result<_, ReportError>>()?;
    let list = json
        .get("points")
        .and_then(Value::as_array)
        .ok_or_else(|| garbled(&path, None, "no `points` array"))?;
    let mut points = Vec::with_capacity(list.len());
    for (i, p) in list.iter().enumerate() {
        let index = p.get("index").and_then(Value::as_u64).unwrap_or(i as u64);
        let values = parameters
            .iter()
            .map(|q| {
                p.get("parameters")
                    .and_then(|v| v.get(&q.name))
                    .cloned()
                    .unwrap_or(Value::Null)
            })
            .collect();
        let kpis = p
            .get("kpis")
            .and_then(Value::as_object)
            .ok_or_else(|| garbled(&path, None, &format!("point {index} has no `kpis` object")))?
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    Estimate {
                        mean: num(v.get("mean")),
                        ci95_low: num(v.get("ci95_low")),
                        ci95_high: num(v.get("ci95_high")),
                    },
                )
            })
            .collect();
        points.push(Point {
            index,
            values,
            kpis,
        });
    }
    Ok(Folder {
        name: text("sweep"),
        base: text("base_scenario"),
        design: json
            .get("design")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        replications: json.get("replications").and_then(Value::as_u64),
        seed: json.get("seed").and_then(Value::as_u64),
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

fn frontier_points(f: &Folder) -> Vec<FrontierPoint> {
    f.points
        .iter()
        .map(|p| FrontierPoint {
            label: label(f, p),
            cost: p.mean("cost_total"),
            recommend_rate: p.mean("recommend_rate"),
        })
        .collect()
}

/// The charts, and a note for the page when the heatmaps are left out.
fn figures(
    f: &Folder,
    heatmap_kpis: &[String],
) -> Result<(Vec<Chart>, Option<String>), ReportError> {
    let mut out = Vec::new();
    let mut note = None;
    let reps = f
        .replications
        .map_or_else(String::new, |r| format!(" over {r} replications"));
    let numeric = numeric_parameters(f);
    if let [xi, yi, ..] = numeric[..] {
        let (px, py) = (&f.parameters[xi], &f.parameters[yi]);
        let others = f.parameters.len() > 2;
        let defaults: Vec<String> = HEATMAP_KPIS.iter().map(|k| k.to_string()).collect();
        let kpis = if heatmap_kpis.is_empty() {
            &defaults[..]
        } else {
            heatmap_kpis
        };
        for kpi in kpis.iter().map(String::as_str) {
            // Mean per cell: the average of the points' means at that (x, y).
            let mut cells: Vec<(f64, f64, f64, usize)> = Vec::new();
            for p in &f.points {
                let (Some(x), Some(y)) = (p.values[xi].as_f64(), p.values[yi].as_f64()) else {
                    continue;
                };
                let v = p.mean(kpi);
                if !v.is_finite() {
                    continue;
                }
                match cells.iter_mut().find(|c| c.0 == x && c.1 == y) {
                    Some(c) => {
                        c.2 += v;
                        c.3 += 1;
                    }
                    None => cells.push((x, y, v, 1)),
                }
            }
            if cells.is_empty() {
                continue;
            }
            let data = Heatmap {
                title: format!("{kpi} over {} and {}", px.name, py.name),
                x_label: px.name.clone(),
                y_label: py.name.clone(),
                value_label: axis_title(kpi, kpi_kind(kpi), ""),
                value_kind: kpi_kind(kpi).to_string(),
                points: cells
                    .iter()
                    .map(|&(x, y, s, n)| (x, y, s / n as f64))
                    .collect(),
            };
            let caption = format!(
                "Mean {kpi}{reps} at each combination of {} ({}) and {} ({}){}.",
                px.name,
                px.path,
                py.name,
                py.path,
                if others {
                    ", averaged over the values of the other parameters"
                } else {
                    ""
                }
            );
            let mut chart = charts::heatmap(&data, caption)?;
            chart.name = format!("heatmap-{kpi}");
            out.push(chart);
        }
    } else {
        note = Some(format!(
            "No heatmap: the sweep varies {} numeric parameter{}, and a heatmap needs two.",
            numeric.len(),
            if numeric.len() == 1 { "" } else { "s" }
        ));
    }
    let points = frontier_points(f);
    if points
        .iter()
        .any(|p| p.cost.is_finite() && p.recommend_rate.is_finite())
    {
        out.push(charts::frontier(
            &format!("Cost against recommend rate: {} points", points.len()),
            &points,
            "",
            format!(
                "Every point of the sweep (mean{reps}). The Pareto-optimal points (no other point costs less and recommends more) are joined and labelled with their parameter values."
            ),
        )?);
    }
    Ok((out, note))
}

fn page(f: &Folder, charts: &[Chart], note: Option<&str>) -> String {
    let mut o =
        String::with_capacity(64 * 1024 + charts.iter().map(|c| c.svg.len()).sum::<usize>());
    let reps = f
        .replications
        .map_or_else(|| "?".to_string(), |r| r.to_string());
    let seed = f.seed.map_or_else(|| "?".to_string(), |s| s.to_string());

    // Description.
    let kind = f
        .design
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("grid");
    let design = match kind {
        "lhs" => format!(
            "a Latin hypercube of {} points{}",
            f.design
                .get("points")
                .and_then(Value::as_u64)
                .unwrap_or(f.points.len() as u64),
            f.design
                .get("lhs_seed")
                .and_then(Value::as_u64)
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
        let values = if let Some(v) = p.spec.get("values").and_then(Value::as_array) {
            v.iter().map(show).collect::<Vec<_>>().join(", ")
        } else {
            let (lo, hi) = (
                p.spec.get("min").map_or("?".into(), show),
                p.spec.get("max").map_or("?".into(), show),
            );
            let whole = p.spec.get("integer").and_then(Value::as_bool) == Some(true);
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

    // Points.
    let front = pareto_front(&frontier_points(f));
    let _ = writeln!(
        o,
        "<section id=\"points\">\n<h2>The points</h2>\n<p>Mean ± half-width of the 95% confidence interval. Rows marked ◆ are Pareto-optimal: no other point costs less and recommends more.</p>\n<table class=\"points\">\n<thead><tr><th>point</th>"
    );
    for p in &f.parameters {
        let _ = write!(o, "<th>{}</th>", escape(&p.name));
    }
    for k in TABLE_KPIS {
        let _ = write!(o, "<th class=\"num\">{k}</th>");
    }
    let _ = writeln!(o, "<th>Pareto-optimal</th></tr></thead>\n<tbody>");
    for (p, best) in f.points.iter().zip(&front) {
        let _ = write!(
            o,
            "<tr{}><td class=\"num\">{}</td>",
            if *best { " class=\"pareto\"" } else { "" },
            p.index
        );
        for v in &p.values {
            let _ = write!(o, "<td>{}</td>", escape(&show(v)));
        }
        for k in TABLE_KPIS {
            let kind = kpi_kind(k);
            let cell = p.kpi(k).map_or_else(
                || "n/a".to_string(),
                |e| {
                    format!(
                        "{} {}",
                        fmt_value(kind, e.mean, ""),
                        fmt_half(kind, (e.ci95_high - e.ci95_low) / 2.0)
                    )
                },
            );
            let _ = write!(o, "<td class=\"num\">{}</td>", escape(cell.trim()));
        }
        let _ = writeln!(o, "<td>{}</td></tr>", if *best { "◆" } else { "" });
    }
    let _ = writeln!(o, "</tbody>\n</table>\n</section>");
    Page {
        title: &format!("carecast sweep: {}", f.name),
        facts: &format!(
            "{} points · {reps} replications per point · seed {seed} · mean ± 95% confidence half-width over replications",
            f.points.len()
        ),
        source: "the sweep folder (<code>sweep.json</code>; every KPI of every point is in <code>points.csv</code>)",
        more: "The sweep folder records no currency: costs are in the base scenario's.",
    }
    .render(&o)
}

/// Reads the sweep folder `dir` and renders its charts and page in memory.
/// `heatmap_kpis`: the KPIs to map over the first two numeric parameters (default
/// `sla_30m` and `recommend_rate`); each must be a KPI of the sweep.
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
