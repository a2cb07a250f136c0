//! What `carecast fit` writes beside the scenario: the fit as JSON (profile with bands,
//! incidents, variation, self-excitation, observed first-response times and their
//! comparison with a simulation). Its HTML report is drawn by [`crate::report`].

use serde_json::{Value, json};

use super::Fit;
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
