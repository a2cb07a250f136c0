//! Charts over plain data, each rendered as PNG and SVG from one drawing routine.
//!
//! Every chart is a function from a plain data type (vectors of numbers and labels, no
//! simulator types) to a [`Chart`]: its PNG bytes and its SVG text, drawn by the same code
//! on plotters' bitmap and SVG backends. Text is set in DejaVu Sans, bundled in the binary
//! and registered with plotters as `sans-serif`, so rendering needs no system library and
//! no installed font; in SVG the text names the generic `sans-serif` family.
//!
//! The single-run charts are [`week_view`], [`sla_by_hour`], [`response_cdf`] and
//! [`outcome_mix`]. The charts for several plans or a sweep are generic:
//! [`plan_comparison`] (KPIs side by side, a dot per plan with its 95% CI), [`plan_differences`]
//! (the paired differences to the baseline with their 95% CIs), [`staffing_gap`] (an
//! optimized plan's available agents against the requirement, hour by hour),
//! [`week_overlay`] (the plans' agents on shift and queues hour by hour, overlaid),
//! [`heatmap`] (a value over a full grid of two parameters), [`sweep_lines`] (a value
//! against one numeric parameter, a line per level of the others), [`sweep_scatter`] (a
//! value over a space-filling design, one coloured dot per point) and [`frontier`] (cost
//! against recommend rate, with the
//! Pareto-optimal points highlighted and labelled).
//!
//! `carecast fit` has [`fitted_week`] (the fitted weekly profile with its band over the
//! observed hours) and [`response_fit`] (observed against simulated first-response times).
//!
//! Each chart is one file of `charts/`, with its data type, its function and its drawing
//! routine; they share the canvas (`charts/canvas.rs`: fonts, the PNG and SVG rendering,
//! palette, text sizes, legend, frame and the one mesh style), the keyed axes
//! (`charts/axis.rs`) and the series helpers (`charts/series.rs`). Numbers on charts are
//! formatted by [`crate::format`]. A new chart is one more file of this kind: a data type
//! implementing the canvas's drawing trait, a function calling its `render`, and a line
//! here re-exporting both.

mod axis;
mod canvas;
mod fitted_week;
mod frontier;
mod heatmap;
mod outcome_mix;
mod plan_comparison;
mod plan_differences;
mod response_fit;
mod response_times;
mod series;
mod sla_by_hour;
mod staffing_gap;
mod sweep_lines;
mod sweep_scatter;
mod week_overlay;
mod week_view;
mod whisker;

pub use canvas::{Chart, ChartError, SIZE};
pub use fitted_week::{FittedWeek, fitted_week};
pub use frontier::{FrontierPoint, Standing, frontier, pareto_front, standings};
pub use heatmap::{Heatmap, heatmap};
pub use outcome_mix::{OUTCOME_LABELS, OutcomeBar, OutcomeMix, outcome_mix};
pub use plan_comparison::{KpiEstimates, plan_comparison};
pub use plan_differences::{KpiDifferences, PlanDifference, plan_differences};
pub use response_fit::{ResponseFit, response_fit};
pub use response_times::{ResponseCdf, response_cdf};
pub use series::Band;
pub use sla_by_hour::{SlaByHour, sla_by_hour};
pub use staffing_gap::{StaffingGap, staffing_gap};
pub use sweep_lines::{LineSeries, SweepLines, sweep_lines};
pub use sweep_scatter::sweep_scatter;
pub use week_overlay::{OverlayPlan, WeekOverlay, week_overlay};
pub use week_view::{WeekView, Window, week_view};

pub use crate::format::{human_minutes, pct};
