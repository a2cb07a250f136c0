//! What `carecast fit` writes beside the scenario: the fit as JSON (profile with bands,
//! incidents, variation, self-excitation, observed first-response times) and a small
//! self-contained HTML page (observed against fitted week, the incident list).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::Fit;
use super::profile::WEEK_H;
use super::response::Comparison;

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The fit as JSON.
pub fn json(fit: &Fit, response: Option<&Comparison>) -> Value {
    let p = &fit.profile;
    let o = &fit.observed;
    let quantiles = |h: &hdrhistogram::Histogram<u64>, scale: f64| {
        [0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]
            .iter()
            .map(|&q| json!({ "quantile": q, "value": h.value_at_quantile(q) as f64 / scale }))
            .collect::<Vec<_>>()
    };
    json!({
        "mentions": o.rows,
        "days": o.days,
        "start_weekday": DAYS[o.start_weekday % 7],
        "rate_per_h": p.rate_per_h,
        "weekly": {
            "fitted": p.multipliers,
            "low95": p.low,
            "high95": p.high,
            "observed": p.observed,
        },
        "incidents": fit.incidents.iter().map(|i| json!({
            "start_hour": i.start_hour,
            "hours": i.hours,
            "observed": i.observed,
            "expected": i.expected,
            "multiplier": i.multiplier(),
        })).collect::<Vec<_>>(),
        "daily_variation": {
            "days": fit.dispersion.days,
            "cv": fit.dispersion.cv,
            "p_value": fit.dispersion.p_value,
            "modelled": fit.dispersion.significant(),
        },
        "holdout": fit.holdout.as_ref().map(|h| json!({
            "hours": h.hours, "mae": h.mae, "poisson_mae": h.poisson_mae,
        })),
        "self_excitation": fit.hawkes.as_ref().map(|h| json!({
            "mentions": h.mentions,
            "children": h.children,
            "branching": h.branching,
            "branching_ci95": [h.branching_ci().0, h.branching_ci().1],
            "decay_min": h.decay_min,
            "decay_ci95_min": [h.decay_ci().0, h.decay_ci().1],
        })),
        "first_response_min": o.response_s.as_ref().map(|h| json!({
            "mentions": h.len(),
            "mean": h.mean() / 60.0,
            "quantiles": quantiles(h, 60.0),
        })),
        "response_comparison": response,
    })
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The observed and fitted week as an SVG: the band shaded, the fit as a line, the
/// observed hours as dots.
fn week_svg(fit: &Fit) -> String {
    let p = &fit.profile;
    let (w, h, left, bottom) = (900.0, 300.0, 40.0, 30.0);
    let top = p
        .high
        .iter()
        .chain(&p.observed)
        .copied()
        .fold(0.0, f64::max)
        .max(1e-9)
        * 1.05;
    let x = |i: f64| left + (w - left - 10.0) * i / WEEK_H as f64;
    let y = |v: f64| (h - bottom) * (1.0 - v / top) + 5.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"observed and fitted weekly profile\">"
    );
    let mut band = String::new();
    for i in 0..WEEK_H {
        let _ = write!(band, "{:.1},{:.1} ", x(i as f64 + 0.5), y(p.high[i]));
    }
    for i in (0..WEEK_H).rev() {
        let _ = write!(band, "{:.1},{:.1} ", x(i as f64 + 0.5), y(p.low[i]));
    }
    let _ = write!(
        s,
        "<polygon points=\"{band}\" fill=\"#56B4E9\" fill-opacity=\"0.3\" />"
    );
    let line: String = (0..WEEK_H)
        .map(|i| format!("{:.1},{:.1} ", x(i as f64 + 0.5), y(p.multipliers[i])))
        .collect();
    let _ = write!(
        s,
        "<polyline points=\"{line}\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\" />"
    );
    for i in 0..WEEK_H {
        let _ = write!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"#D55E00\" />",
            x(i as f64 + 0.5),
            y(p.observed[i])
        );
    }
    for d in 0..=7 {
        let xd = x(d as f64 * 24.0);
        let _ = write!(
            s,
            "<line x1=\"{xd:.1}\" x2=\"{xd:.1}\" y1=\"5\" y2=\"{:.1}\" stroke=\"#999\" stroke-width=\"0.5\" />",
            h - bottom + 5.0
        );
        if let Some(day) = DAYS.get(d) {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
                x(d as f64 * 24.0 + 12.0),
                h - 8.0,
                day
            );
        }
    }
    for v in [0.0, 1.0, 2.0, 3.0, 4.0].into_iter().filter(|v| *v <= top) {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">x{v}</text>",
            left - 4.0,
            y(v) + 4.0
        );
    }
    s.push_str("</svg>");
    s
}

/// The fit report: what was fitted, the week observed against fitted, the incidents.
pub fn html(fit: &Fit, source: &str) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>carecast fit: {0}</title>\n<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}}table{{border-collapse:collapse}}td,th{{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}}</style>\n</head>\n<body>\n<h1>Fit of {0}</h1>\n<ul>\n",
        escape(source)
    );
    for line in fit.summary() {
        let _ = writeln!(o, "<li>{}</li>", escape(line.trim()));
    }
    let _ = write!(
        o,
        "</ul>\n<h2>Weekly profile</h2>\n<p>Multipliers of the mean rate by hour of the week: observed (dots), fitted (line) and its 95% band (shaded).</p>\n<figure>{}</figure>\n<h2>Incidents</h2>\n",
        week_svg(fit)
    );
    if fit.incidents.is_empty() {
        o.push_str("<p>None found.</p>\n");
    } else {
        o.push_str("<table>\n<tr><th>#</th><th>day</th><th>start</th><th>hours</th><th>observed</th><th>expected</th><th>multiplier</th></tr>\n");
        for (i, inc) in fit.incidents.iter().enumerate() {
            let _ = writeln!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{:02}:00</td><td>{}</td><td>{:.0}</td><td>{:.1}</td><td>x{:.2}</td></tr>",
                i + 1,
                inc.start_hour / 24,
                inc.start_hour % 24,
                inc.hours,
                inc.observed,
                inc.expected,
                inc.multiplier()
            );
        }
        o.push_str("</table>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}
