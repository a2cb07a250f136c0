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
//! [`plan_comparison`] (KPIs side by side with 95% CI error bars), [`plan_differences`]
//! (the paired differences to the baseline with their 95% CIs), [`heatmap`] (a value
//! over two parameters) and [`frontier`] (cost against recommend rate, with the
//! Pareto-optimal points highlighted and labelled). A new chart is one more function of
//! this kind.

use std::error::Error;
use std::sync::OnceLock;

use crate::format::{kpi_kind, thousands};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Size of every chart in pixels: 16:9, readable on a slide.
pub const SIZE: (u32, u32) = (1600, 900);

/// A rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem, e.g. `week-view` (written as `week-view.png` and `week-view.svg`).
    pub name: String,
    /// Title drawn on the chart.
    pub title: String,
    /// One-line caption for the report.
    pub caption: String,
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// The PNG file.
    pub png: Vec<u8>,
    /// The SVG file.
    pub svg: String,
}

/// A chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("cannot draw the chart `{chart}`: {message}")]
pub struct ChartError {
    /// File stem of the chart.
    pub chart: String,
    /// What went wrong.
    pub message: String,
}

/// A series with a spread: the mean and a lower and upper bound per point (NaN where
/// undefined, e.g. an hour without data).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Band {
    /// Central value per point.
    pub mean: Vec<f64>,
    /// Lower bound per point.
    pub low: Vec<f64>,
    /// Upper bound per point.
    pub high: Vec<f64>,
}

/// A labelled time window, in hours from the start of the run.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// Label drawn at the window.
    pub label: String,
    /// Start, hours from the start of the run.
    pub start_h: f64,
    /// End, hours from the start of the run.
    pub end_h: f64,
}

/// Data of the week view: hourly arrivals, agents on shift and the queue over the run.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekView {
    /// Chart title.
    pub title: String,
    /// Weekday of hour 0 (0 = Monday).
    pub start_day: usize,
    /// Mentions arriving per hour (mean over replications), one value per hour of the run.
    pub arrivals: Vec<f64>,
    /// Paid agents on shift per hour (time average, mean over replications).
    pub agents_on_shift: Vec<f64>,
    /// Mentions waiting for an agent (time average per hour) with its spread.
    pub queue: Band,
    /// Label of the queue's spread in the legend, e.g. "10th-90th percentile".
    pub spread_label: String,
    /// Incident windows, shaded.
    pub incidents: Vec<Window>,
    /// Warm-up excluded from the KPIs, hours (shaded when positive).
    pub warmup_h: f64,
}

/// Data of the SLA by hour of the week: 168 points from Monday 00:00.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaByHour {
    /// Chart title.
    pub title: String,
    /// Share answered within 30 minutes, by hour of arrival, with its spread.
    pub within_30: Band,
    /// Share answered within 60 minutes, by hour of arrival, with its spread.
    pub within_60: Band,
    /// Label of the spread in the legend.
    pub spread_label: String,
    /// Hours of the week (168 flags) with no agent on shift.
    pub unstaffed: Vec<bool>,
}

/// Data of the first-response time distribution against customers' expectations.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseCdf {
    /// Chart title.
    pub title: String,
    /// Time grid, minutes (increasing, positive).
    pub minutes: Vec<f64>,
    /// Share answered within each time, with its spread over replications.
    pub answered: Band,
    /// Share of customers expecting a reply within each time.
    pub expected: Vec<f64>,
    /// Label of the spread in the legend.
    pub spread_label: String,
}

/// One stacked bar of the outcome mix.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeBar {
    /// Bar label (plan or scenario name).
    pub label: String,
    /// Shares of quick-effective, quick-ineffective, slow-effective, slow-ineffective and
    /// ignored customers (summing to 1).
    pub shares: [f64; 5],
    /// Recommend rate (share).
    pub recommend_rate: f64,
    /// Half-width of its 95% confidence interval (NaN if unknown).
    pub recommend_half_width: f64,
    /// Share of all customers who are in each state and recommend the brand, drawn as a
    /// second, thinner bar (they sum to about the recommend rate), when known.
    pub recommenders: Option<[f64; 5]>,
}

/// Data of the outcome mix chart.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeMix {
    /// Chart title.
    pub title: String,
    /// One bar per plan.
    pub bars: Vec<OutcomeBar>,
    /// P(recommend) in each state, shown in the legend when known.
    pub recommend_given_state: Option<[f64; 5]>,
}

/// Names of the five outcome states, in report order, as shown on charts.
pub const OUTCOME_LABELS: [&str; 5] = [
    "quick & effective",
    "quick, ineffective",
    "slow, effective",
    "slow & ineffective",
    "ignored",
];

/// One KPI estimated for several plans: `(plan name, mean, ci_low, ci_high)` each.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiEstimates {
    /// KPI name (e.g. `sla_30m`); its kind (share, minutes, money, count) sets the axis.
    pub kpi: String,
    /// Per plan: name, mean, lower and upper end of the 95% CI.
    pub plans: Vec<(String, f64, f64, f64)>,
}

/// A value over a grid of two parameters, as `(x, y, value)` points.
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// Chart title.
    pub title: String,
    /// Name (with unit) of the first parameter, on the horizontal axis.
    pub x_label: String,
    /// Name (with unit) of the second parameter, on the vertical axis.
    pub y_label: String,
    /// Name (with unit) of the value.
    pub value_label: String,
    /// The value's KPI kind for number formatting: `share`, `minutes`, `money` or `number`.
    pub value_kind: String,
    /// The points; one per grid cell (a missing cell is left blank, NaN is blank too).
    pub points: Vec<(f64, f64, f64)>,
}

/// One plan on the cost / recommend-rate plane.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    /// Plan label.
    pub label: String,
    /// Total cost, in the currency.
    pub cost: f64,
    /// Recommend rate (share).
    pub recommend_rate: f64,
}

type DrawResult = Result<(), Box<dyn Error + Send + Sync>>;

/// A linear or logarithmic axis with ticks exactly at the given values (labels come from
/// the chart's formatter).
#[derive(Debug, Clone)]
struct Keyed {
    lo: f64,
    hi: f64,
    keys: Vec<f64>,
    log: bool,
}

impl Keyed {
    fn linear(range: std::ops::Range<f64>, keys: Vec<f64>) -> Self {
        Keyed {
            lo: range.start,
            hi: range.end,
            keys,
            log: false,
        }
    }

    fn log(range: std::ops::Range<f64>, keys: Vec<f64>) -> Self {
        Keyed {
            lo: range.start,
            hi: range.end,
            keys,
            log: true,
        }
    }
}

impl Ranged for Keyed {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let (a, b, v) = if self.log {
            (self.lo.ln(), self.hi.ln(), value.ln())
        } else {
            (self.lo, self.hi, *value)
        };
        let t = if b > a { (v - a) / (b - a) } else { 0.0 };
        let px = f64::from(limit.1 - limit.0) * t;
        limit.0 + if px.is_finite() { px.round() as i32 } else { 0 }
    }

    fn key_points<Hint: KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        let (lo, hi) = (self.lo.min(self.hi), self.lo.max(self.hi));
        self.keys
            .iter()
            .copied()
            .filter(|k| *k >= lo - 1e-9 * lo.abs().max(1.0) && *k <= hi + 1e-9 * hi.abs().max(1.0))
            .collect()
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

const TITLE: f64 = 40.0;
const PANEL_TITLE: f64 = 30.0;
const AXIS: f64 = 28.0;
const LABEL: f64 = 24.0;
const LEGEND: f64 = 24.0;
const NOTE: f64 = 22.0;

/// Okabe-Ito colours, distinguishable with colour-blindness.
const BLUE: RGBColor = RGBColor(0, 114, 178);
const ORANGE: RGBColor = RGBColor(230, 159, 0);
const GREEN: RGBColor = RGBColor(0, 158, 115);
const VERMILION: RGBColor = RGBColor(213, 94, 0);
const SKY: RGBColor = RGBColor(86, 180, 233);
const PURPLE: RGBColor = RGBColor(204, 121, 167);
const INK: RGBColor = RGBColor(33, 33, 33);
const GREY: RGBColor = RGBColor(140, 140, 140);
const LIGHT: RGBColor = RGBColor(225, 225, 225);

const OUTCOME_COLORS: [RGBColor; 5] = [GREEN, SKY, ORANGE, VERMILION, RGBColor(160, 160, 160)];
const PLAN_COLORS: [RGBColor; 7] = [BLUE, ORANGE, GREEN, VERMILION, PURPLE, SKY, GREY];

fn fonts() -> Result<(), String> {
    static FONTS: OnceLock<Result<(), String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let bad = |_| "the bundled DejaVu font could not be read".to_string();
            plotters::style::register_font(
                "sans-serif",
                FontStyle::Normal,
                dejavu::sans::regular(),
            )
            .map_err(bad)?;
            plotters::style::register_font("sans-serif", FontStyle::Bold, dejavu::sans::bold())
                .map_err(bad)
        })
        .clone()
}

fn text(size: f64) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size).into_font()).color(&INK)
}

fn bold(size: f64) -> TextStyle<'static> {
    TextStyle::from(("sans-serif", size, FontStyle::Bold).into_font()).color(&INK)
}

/// Draws `figure` on an SVG and a bitmap canvas of [`SIZE`] and encodes the PNG.
fn render(
    name: &str,
    title: &str,
    caption: String,
    figure: &impl Draw,
) -> Result<Chart, ChartError> {
    let fail = |message: String| ChartError {
        chart: name.to_string(),
        message,
    };
    fonts().map_err(fail)?;
    let (w, h) = SIZE;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        figure.draw(&root).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    let mut rgb = vec![255u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, SIZE).into_drawing_area();
        figure.draw(&root).map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    let png = encode_png(&rgb, w, h).map_err(|e| fail(e.to_string()))?;
    Ok(Chart {
        name: name.to_string(),
        title: title.to_string(),
        caption,
        size: SIZE,
        png,
        svg,
    })
}

fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Fast);
    let mut writer = enc.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}

/// A figure drawable on any backend.
trait Draw {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static;
}

// ---------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------

/// What a legend entry shows.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Line(RGBColor, u32),
    Fill(RGBAColor),
    Dot(RGBColor),
}

/// A centred legend in a strip, wrapped over rows as needed.
fn legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, items: &[(Mark, String)]) -> DrawResult
where
    DB::ErrorType: 'static,
{
    const SWATCH: i32 = 40;
    const GAP: i32 = 10;
    const BETWEEN: i32 = 36;
    let style = text(LEGEND);
    let (w, h) = area.dim_in_pixel();
    let mut widths = Vec::with_capacity(items.len());
    for (_, label) in items {
        let (tw, _) = area.estimate_text_size(label, &style)?;
        widths.push(SWATCH + GAP + tw as i32);
    }
    // Greedy rows.
    let mut rows: Vec<Vec<usize>> = Vec::new();
    let mut row: Vec<usize> = Vec::new();
    let mut used = 0;
    for (i, &iw) in widths.iter().enumerate() {
        let extra = if row.is_empty() { iw } else { BETWEEN + iw };
        if !row.is_empty() && used + extra > w as i32 - 40 {
            rows.push(std::mem::take(&mut row));
            used = iw;
        } else {
            used += extra;
        }
        row.push(i);
    }
    rows.push(row);
    let row_h = (LEGEND * 1.6) as i32;
    let top = (h as i32 - row_h * rows.len() as i32) / 2;
    for (r, row) in rows.iter().enumerate() {
        let total: i32 =
            row.iter().map(|&i| widths[i]).sum::<i32>() + BETWEEN * (row.len() as i32 - 1);
        let mut x = (w as i32 - total) / 2;
        let y = top + r as i32 * row_h + row_h / 2;
        for &i in row {
            let (mark, label) = &items[i];
            match *mark {
                Mark::Line(c, width) => {
                    area.draw(&PathElement::new(
                        vec![(x, y), (x + SWATCH, y)],
                        c.stroke_width(width),
                    ))?;
                }
                Mark::Fill(c) => {
                    area.draw(&Rectangle::new(
                        [(x, y - 11), (x + SWATCH, y + 11)],
                        c.filled(),
                    ))?;
                    area.draw(&Rectangle::new(
                        [(x, y - 11), (x + SWATCH, y + 11)],
                        GREY.stroke_width(1),
                    ))?;
                }
                Mark::Dot(c) => {
                    area.draw(&Circle::new((x + SWATCH / 2, y), 9, c.filled()))?;
                }
            }
            area.draw(&Text::new(
                label.clone(),
                (x + SWATCH + GAP, y),
                style.pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            x += widths[i] + BETWEEN;
        }
    }
    Ok(())
}

/// A legend strip and a plot area.
type Panes<DB> = (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>);

/// The root split into title, legend strip and plot area.
fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    legend_rows: u32,
) -> Result<Panes<DB>, Box<dyn Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    root.fill(&WHITE)?;
    let body = root.margin(14, 0, 0, 0).titled(title, bold(TITLE))?;
    let legend_h = legend_rows * (LEGEND * 1.6) as u32 + 16;
    let (strip, plot) = body.split_vertically(legend_h);
    Ok((strip, plot))
}

/// Runs of consecutive finite points, for lines with gaps.
fn segments(xs: &[f64], ys: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut cur = Vec::new();
    for (&x, &y) in xs.iter().zip(ys) {
        if x.is_finite() && y.is_finite() {
            cur.push((x, y));
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Closed polygons of a band (upper edge, then lower edge backwards), split at gaps.
fn band_polygons(xs: &[f64], low: &[f64], high: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut cur: Vec<(f64, f64, f64)> = Vec::new();
    let mut flush = |cur: &mut Vec<(f64, f64, f64)>| {
        if cur.len() >= 2 {
            let mut poly: Vec<(f64, f64)> = cur.iter().map(|&(x, _, h)| (x, h)).collect();
            poly.extend(cur.iter().rev().map(|&(x, l, _)| (x, l)));
            out.push(poly);
        }
        cur.clear();
    };
    for ((&x, &l), &h) in xs.iter().zip(low).zip(high) {
        if x.is_finite() && l.is_finite() && h.is_finite() {
            cur.push((x, l, h));
        } else {
            flush(&mut cur);
        }
    }
    flush(&mut cur);
    out
}

/// Step-line vertices for hourly values: each value holds for `[h, h + 1)`.
fn steps(ys: &[f64]) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(ys.len() * 2);
    for (h, &y) in ys.iter().enumerate() {
        if y.is_finite() {
            out.push((h as f64, y));
            out.push((h as f64 + 1.0, y));
        }
    }
    out
}

fn finite_max(values: impl IntoIterator<Item = f64>) -> f64 {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
}

/// An upper axis bound with some headroom, never zero.
fn headroom(max: f64) -> f64 {
    if max > 0.0 { max * 1.12 } else { 1.0 }
}

fn weekday(d: usize) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d % 7]
}

/// Day-of-run labels at midday, as key points, and their text.
fn day_keys(hours: usize, start_day: usize) -> (Vec<f64>, Vec<(f64, String)>) {
    let days = hours.div_ceil(24).max(1);
    let every = if days <= 14 { 1 } else { 7 };
    let mut keys = Vec::new();
    let mut labels = Vec::new();
    for d in (0..days).step_by(every) {
        let x = d as f64 * 24.0 + if every == 1 { 12.0 } else { 0.0 };
        let label = if every == 1 {
            weekday(start_day + d).to_string()
        } else {
            format!("{} (day {})", weekday(start_day + d), d + 1)
        };
        keys.push(x);
        labels.push((x, label));
    }
    (keys, labels)
}

fn label_at(labels: &[(f64, String)], x: f64) -> String {
    labels
        .iter()
        .find(|(k, _)| (k - x).abs() < 1e-6)
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

/// Formats a share as a percentage.
pub fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", x * 100.0)
    } else {
        "n/a".into()
    }
}

/// A value of the given kind, short, for axis ticks and labels on charts.
fn short_value(kind: &str, x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    match kind {
        "share" => format!("{:.1}%", x * 100.0),
        "minutes" if x.abs() >= 100.0 => format!("{} min", thousands(x, 0)),
        "minutes" => format!("{x:.1} min"),
        "money" => format!("{currency} {}", thousands(x, 0)),
        _ if x.abs() >= 100.0 => thousands(x, 0),
        _ => format!("{x:.2}"),
    }
}

/// Axis title for a KPI of the given kind.
fn axis_title(kpi: &str, kind: &str, currency: &str) -> String {
    match kind {
        "share" => format!("{kpi} (%)"),
        "minutes" => format!("{kpi} (minutes)"),
        "money" => format!("{kpi} ({currency})"),
        _ => kpi.to_string(),
    }
}

/// Tick labels for an axis of the given kind (values as stored: shares as fractions).
fn tick(kind: &str, x: f64) -> String {
    match kind {
        "share" => format!("{:.0}%", x * 100.0),
        _ if x.abs() >= 1000.0 => thousands(x, 0),
        _ if x.abs() >= 10.0 || x == x.round() => format!("{x:.0}"),
        _ => format!("{x:.1}"),
    }
}

// ---------------------------------------------------------------------------------------
// Week view
// ---------------------------------------------------------------------------------------

/// The week view: arrivals per hour against agents on shift (two axes) above the queue
/// length, with incidents and the warm-up shaded.
pub fn week_view(data: &WeekView, caption: String) -> Result<Chart, ChartError> {
    render("week-view", &data.title, caption, data)
}

impl Draw for WeekView {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let hours = self.arrivals.len().max(self.agents_on_shift.len()).max(1);
        let mut items = vec![
            (
                Mark::Fill(BLUE.mix(0.25)),
                "mentions arriving per hour (left axis)".to_string(),
            ),
            (
                Mark::Line(ORANGE, 4),
                "agents on shift (right axis)".to_string(),
            ),
            (
                Mark::Line(VERMILION, 3),
                "mentions waiting (mean)".to_string(),
            ),
            (
                Mark::Fill(VERMILION.mix(0.2)),
                format!("waiting: {}", self.spread_label),
            ),
        ];
        if !self.incidents.is_empty() {
            items.push((Mark::Fill(PURPLE.mix(0.25)), "incident".to_string()));
        }
        if self.warmup_h > 0.0 {
            items.push((
                Mark::Fill(GREY.mix(0.2)),
                "warm-up (not in the KPIs)".to_string(),
            ));
        }
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &items)?;
        let (_, ph) = plot.dim_in_pixel();
        let (top, bottom) = plot.split_vertically(ph * 56 / 100);

        let x_end = hours as f64;
        let (keys, labels) = day_keys(hours, self.start_day);
        let y1 = headroom(finite_max(self.arrivals.iter().copied()));
        let y2 = headroom(finite_max(self.agents_on_shift.iter().copied()));
        let mut upper = ChartBuilder::on(&top)
            .margin_left(20)
            .margin_right(20)
            .margin_top(10)
            .x_label_area_size(10)
            .y_label_area_size(110)
            .right_y_label_area_size(110)
            .build_cartesian_2d(Keyed::linear(0.0..x_end, keys.clone()), 0.0..y1)?
            .set_secondary_coord(Keyed::linear(0.0..x_end, keys.clone()), 0.0..y2);
        upper
            .configure_mesh()
            .disable_x_mesh()
            .x_label_formatter(&|_| String::new())
            .y_desc("mentions per hour")
            .y_label_formatter(&|v| tick("number", *v))
            .axis_desc_style(text(AXIS))
            .label_style(text(LABEL))
            .light_line_style(WHITE)
            .bold_line_style(LIGHT)
            .draw()?;
        upper
            .configure_secondary_axes()
            .y_desc("agents on shift")
            .y_label_formatter(&|v| tick("number", *v))
            .axis_desc_style(text(AXIS).color(&ORANGE))
            .label_style(text(LABEL))
            .draw()?;
        // Shading first, then series on top.
        if self.warmup_h > 0.0 {
            upper.draw_series(std::iter::once(Rectangle::new(
                [(0.0, 0.0), (self.warmup_h.min(x_end), y1)],
                GREY.mix(0.2).filled(),
            )))?;
        }
        for inc in &self.incidents {
            let (s, e) = (inc.start_h.max(0.0), inc.end_h.min(x_end));
            if e <= s {
                continue;
            }
            upper.draw_series(std::iter::once(Rectangle::new(
                [(s, 0.0), (e, y1)],
                PURPLE.mix(0.25).filled(),
            )))?;
            upper.draw_series(std::iter::once(Text::new(
                inc.label.clone(),
                (e, y1 * 0.97),
                bold(NOTE)
                    .color(&PURPLE)
                    .pos(Pos::new(HPos::Left, VPos::Top)),
            )))?;
        }
        for d in 1..hours.div_ceil(24) {
            let x = d as f64 * 24.0;
            upper.draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, y1)],
                GREY.mix(0.5).stroke_width(1),
            )))?;
        }
        let arr = steps(&self.arrivals);
        upper.draw_series(std::iter::once(Polygon::new(
            {
                let mut p = arr.clone();
                if let (Some(&(x0, _)), Some(&(x1, _))) = (arr.first(), arr.last()) {
                    p.push((x1, 0.0));
                    p.push((x0, 0.0));
                }
                p
            },
            BLUE.mix(0.25).filled(),
        )))?;
        upper.draw_series(std::iter::once(PathElement::new(arr, BLUE.stroke_width(2))))?;
        upper.draw_secondary_series(std::iter::once(PathElement::new(
            steps(&self.agents_on_shift),
            ORANGE.stroke_width(4),
        )))?;

        let q_max = headroom(finite_max(
            self.queue.high.iter().chain(&self.queue.mean).copied(),
        ));
        let mut lower = ChartBuilder::on(&bottom)
            .margin_left(20)
            .margin_right(130)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(Keyed::linear(0.0..x_end, keys), 0.0..q_max)?;
        lower
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("day of the run (one step per hour)")
            .x_label_formatter(&|x| label_at(&labels, *x))
            .y_desc("mentions waiting")
            .y_label_formatter(&|v| tick("number", *v))
            .axis_desc_style(text(AXIS))
            .label_style(text(LABEL))
            .light_line_style(WHITE)
            .bold_line_style(LIGHT)
            .draw()?;
        if self.warmup_h > 0.0 {
            lower.draw_series(std::iter::once(Rectangle::new(
                [(0.0, 0.0), (self.warmup_h.min(x_end), q_max)],
                GREY.mix(0.2).filled(),
            )))?;
        }
        for inc in &self.incidents {
            let (s, e) = (inc.start_h.max(0.0), inc.end_h.min(x_end));
            if e > s {
                lower.draw_series(std::iter::once(Rectangle::new(
                    [(s, 0.0), (e, q_max)],
                    PURPLE.mix(0.25).filled(),
                )))?;
            }
        }
        for d in 1..hours.div_ceil(24) {
            let x = d as f64 * 24.0;
            lower.draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, q_max)],
                GREY.mix(0.5).stroke_width(1),
            )))?;
        }
        let xs: Vec<f64> = (0..self.queue.mean.len()).map(|h| h as f64 + 0.5).collect();
        for poly in band_polygons(&xs, &self.queue.low, &self.queue.high) {
            lower.draw_series(std::iter::once(Polygon::new(
                poly,
                VERMILION.mix(0.2).filled(),
            )))?;
        }
        for seg in segments(&xs, &self.queue.mean) {
            lower.draw_series(std::iter::once(PathElement::new(
                seg,
                VERMILION.stroke_width(3),
            )))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// SLA by hour of the week
// ---------------------------------------------------------------------------------------

/// The share answered within 30 and 60 minutes by hour of the week, with the spread over
/// replications, unstaffed hours and the weekend shaded.
pub fn sla_by_hour(data: &SlaByHour, caption: String) -> Result<Chart, ChartError> {
    render("sla-by-hour", &data.title, caption, data)
}

impl Draw for SlaByHour {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items = vec![
            (
                Mark::Line(BLUE, 4),
                "answered within 30 min (mean)".to_string(),
            ),
            (Mark::Line(GREEN, 4), "within 60 min (mean)".to_string()),
            (Mark::Fill(BLUE.mix(0.18)), self.spread_label.clone()),
            (Mark::Fill(GREY.mix(0.3)), "no agent on shift".to_string()),
            (Mark::Fill(SKY.mix(0.12)), "weekend".to_string()),
        ];
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &items)?;
        let (keys, labels) = day_keys(168, 0);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(40)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(Keyed::linear(0.0..168.0, keys), 0.0..1.02)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("hour of the week the mention arrived (Monday 00:00 to Sunday 24:00)")
            .x_label_formatter(&|x| label_at(&labels, *x))
            .y_desc("share of answerable mentions (%)")
            .y_label_formatter(&|v| tick("share", *v))
            .axis_desc_style(text(AXIS))
            .label_style(text(LABEL))
            .light_line_style(WHITE)
            .bold_line_style(LIGHT)
            .draw()?;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(120.0, 0.0), (168.0, 1.0)],
            SKY.mix(0.12).filled(),
        )))?;
        let mut h = 0;
        while h < self.unstaffed.len().min(168) {
            if self.unstaffed[h] {
                let start = h;
                while h < self.unstaffed.len().min(168) && self.unstaffed[h] {
                    h += 1;
                }
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(start as f64, 0.0), (h as f64, 1.0)],
                    GREY.mix(0.3).filled(),
                )))?;
            } else {
                h += 1;
            }
        }
        for d in 1..7 {
            let x = d as f64 * 24.0;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, 1.0)],
                GREY.mix(0.6).stroke_width(1),
            )))?;
        }
        let xs: Vec<f64> = (0..168).map(|h| h as f64 + 0.5).collect();
        for (band, color) in [(&self.within_60, GREEN), (&self.within_30, BLUE)] {
            for poly in band_polygons(&xs, &band.low, &band.high) {
                chart.draw_series(std::iter::once(Polygon::new(
                    poly,
                    color.mix(0.18).filled(),
                )))?;
            }
        }
        for (band, color) in [(&self.within_60, GREEN), (&self.within_30, BLUE)] {
            for seg in segments(&xs, &band.mean) {
                chart.draw_series(std::iter::once(PathElement::new(
                    seg,
                    color.stroke_width(4),
                )))?;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// First-response times against expectations
// ---------------------------------------------------------------------------------------

/// Where two curves on a common grid cross: `(minutes, share)` points, interpolated
/// linearly in log time. Points where either curve is undefined are skipped.
pub fn crossings(minutes: &[f64], a: &[f64], b: &[f64]) -> Vec<(f64, f64)> {
    let pts: Vec<(f64, f64, f64)> = minutes
        .iter()
        .zip(a)
        .zip(b)
        .filter(|((m, x), y)| **m > 0.0 && x.is_finite() && y.is_finite())
        .map(|((m, x), y)| (*m, *x, *y))
        .collect();
    let mut out = Vec::new();
    for w in pts.windows(2) {
        let (m0, a0, b0) = w[0];
        let (m1, a1, b1) = w[1];
        let (d0, d1) = (a0 - b0, a1 - b1);
        if d0 == 0.0 {
            if out.last().is_none_or(|&(m, _)| m != m0) && d1 != 0.0 {
                out.push((m0, a0));
            }
            continue;
        }
        if d0 * d1 < 0.0 {
            let t = d0 / (d0 - d1);
            let m = (m0.ln() + t * (m1.ln() - m0.ln())).exp();
            out.push((m, a0 + t * (a1 - a0)));
        }
    }
    out
}

/// Minutes, readably: `45 s`, `12 min`, `2.5 h`, `3 d`.
pub fn human_minutes(m: f64) -> String {
    if !m.is_finite() {
        "n/a".into()
    } else if m < 1.0 {
        format!("{:.0} s", m * 60.0)
    } else if m < 60.0 {
        format!("{m:.0} min")
    } else if m < 1440.0 {
        let h = m / 60.0;
        if (h - h.round()).abs() < 0.05 {
            format!("{h:.0} h")
        } else {
            format!("{h:.1} h")
        }
    } else {
        let d = m / 1440.0;
        if (d - d.round()).abs() < 0.05 {
            format!("{d:.0} d")
        } else {
            format!("{d:.1} d")
        }
    }
}

/// The CDF of first-response times against the CDF of customers' expectations, on a log
/// time axis, with the crossings marked.
pub fn response_cdf(data: &ResponseCdf, caption: String) -> Result<Chart, ChartError> {
    render("response-times", &data.title, caption, data)
}

impl Draw for ResponseCdf {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items = vec![
            (
                Mark::Line(BLUE, 4),
                "answered within the time (mean)".to_string(),
            ),
            (Mark::Fill(BLUE.mix(0.18)), self.spread_label.clone()),
            (
                Mark::Line(VERMILION, 4),
                "customers expecting a reply within the time".to_string(),
            ),
            (Mark::Dot(INK), "where the curves cross".to_string()),
        ];
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &items)?;
        let lo = self
            .minutes
            .iter()
            .copied()
            .filter(|m| *m > 0.0)
            .fold(f64::INFINITY, f64::min);
        let hi = self.minutes.iter().copied().fold(0.0, f64::max);
        let (lo, hi) = if lo.is_finite() && hi > lo {
            (lo, hi)
        } else {
            (0.1, 14_400.0)
        };
        let keys: Vec<f64> = [
            0.1, 1.0, 5.0, 15.0, 30.0, 60.0, 240.0, 480.0, 1440.0, 4320.0, 14_400.0,
        ]
        .into_iter()
        .filter(|k| *k >= lo * 0.999 && *k <= hi * 1.001)
        .collect();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(Keyed::log(lo..hi, keys), 0.0..1.0)?;
        chart
            .configure_mesh()
            .x_desc("time since the mention arrived (log scale)")
            .x_label_formatter(&|m| human_minutes(*m))
            .y_desc("share of mentions / customers (%)")
            .y_label_formatter(&|v| tick("share", *v))
            .axis_desc_style(text(AXIS))
            .label_style(text(LABEL))
            .light_line_style(WHITE)
            .bold_line_style(LIGHT)
            .draw()?;
        for poly in band_polygons(&self.minutes, &self.answered.low, &self.answered.high) {
            chart.draw_series(std::iter::once(Polygon::new(poly, BLUE.mix(0.18).filled())))?;
        }
        for seg in segments(&self.minutes, &self.expected) {
            chart.draw_series(std::iter::once(PathElement::new(
                seg,
                VERMILION.stroke_width(4),
            )))?;
        }
        for seg in segments(&self.minutes, &self.answered.mean) {
            chart.draw_series(std::iter::once(PathElement::new(seg, BLUE.stroke_width(4))))?;
        }
        for (m, y) in crossings(&self.minutes, &self.answered.mean, &self.expected) {
            chart.draw_series(std::iter::once(Circle::new((m, y), 10, INK.filled())))?;
            let above = y < 0.8;
            chart.draw_series(std::iter::once(Text::new(
                format!("{} · {:.0}%", human_minutes(m), y * 100.0),
                (m, if above { y + 0.04 } else { y - 0.04 }),
                bold(LABEL).pos(Pos::new(
                    HPos::Right,
                    if above { VPos::Bottom } else { VPos::Top },
                )),
            )))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Outcome mix
// ---------------------------------------------------------------------------------------

/// Stacked bars of the five outcome states, one per plan, with the recommend rate
/// annotated.
pub fn outcome_mix(data: &OutcomeMix, caption: String) -> Result<Chart, ChartError> {
    render("outcome-mix", &data.title, caption, data)
}

impl Draw for OutcomeMix {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items: Vec<(Mark, String)> = (0..5)
            .map(|i| {
                let label = match self.recommend_given_state {
                    Some(p) => format!("{} ({:.0}% recommend)", OUTCOME_LABELS[i], p[i] * 100.0),
                    None => OUTCOME_LABELS[i].to_string(),
                };
                (Mark::Fill(OUTCOME_COLORS[i].to_rgba()), label)
            })
            .collect();
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &items)?;
        let n = self.bars.len().max(1);
        // Per bar: the customers at y + 0.62, who recommends at y + 0.22.
        let mut ticks: Vec<(f64, String)> = Vec::new();
        for (i, b) in self.bars.iter().enumerate() {
            ticks.push((i as f64 + 0.62, b.label.clone()));
            if b.recommenders.is_some() {
                ticks.push((i as f64 + 0.22, "who recommends".to_string()));
            }
        }
        let label_w = ticks
            .iter()
            .map(|(_, l)| plot.estimate_text_size(l, &text(LABEL)).map(|(w, _)| w))
            .collect::<Result<Vec<u32>, _>>()?
            .into_iter()
            .max()
            .unwrap_or(0)
            .clamp(60, 400);
        let pad = if n == 1 { 0.25 } else { 0.05 };
        let keys: Vec<f64> = ticks.iter().map(|(y, _)| *y).collect();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(label_w + 30)
            .build_cartesian_2d(0.0..1.0, Keyed::linear((-pad)..(n as f64 + pad), keys))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc("share of customers with an outcome (%)")
            .x_label_formatter(&|v| tick("share", *v))
            .y_label_formatter(&|y| label_at(&ticks, *y))
            .axis_desc_style(text(AXIS))
            .label_style(text(LABEL))
            .light_line_style(WHITE)
            .bold_line_style(LIGHT)
            .draw()?;
        let stack = |shares: &[f64; 5], y0: f64, y1: f64, size: f64| {
            let mut elems: Vec<DynElement<'static, DB, (f64, f64)>> = Vec::new();
            let mut x = 0.0;
            for (s, &share) in shares.iter().enumerate() {
                if !share.is_finite() || share <= 0.0 {
                    continue;
                }
                elems.push(
                    Rectangle::new([(x, y0), (x + share, y1)], OUTCOME_COLORS[s].filled())
                        .into_dyn(),
                );
                elems.push(
                    Rectangle::new([(x, y0), (x + share, y1)], WHITE.stroke_width(2)).into_dyn(),
                );
                if share >= 0.035 {
                    elems.push(
                        Text::new(
                            format!("{:.0}%", share * 100.0),
                            (x + share / 2.0, (y0 + y1) / 2.0),
                            bold(size).pos(Pos::new(HPos::Center, VPos::Center)),
                        )
                        .into_dyn(),
                    );
                }
                x += share;
            }
            (elems, x)
        };
        for (i, bar) in self.bars.iter().enumerate() {
            let y = i as f64;
            let (elems, _) = stack(&bar.shares, y + 0.45, y + 0.79, LABEL + 4.0);
            chart.draw_series(elems)?;
            let ci = if bar.recommend_half_width.is_finite() {
                format!(" ± {:.1} pp", bar.recommend_half_width * 100.0)
            } else {
                String::new()
            };
            let note = format!("recommend rate {}{ci}", pct(bar.recommend_rate));
            match &bar.recommenders {
                Some(r) => {
                    let (elems, end) = stack(r, y + 0.1, y + 0.34, LABEL);
                    chart.draw_series(elems)?;
                    chart.draw_series(std::iter::once(Text::new(
                        format!("= {note}"),
                        (end + 0.012, y + 0.22),
                        bold(LABEL + 4.0).pos(Pos::new(HPos::Left, VPos::Center)),
                    )))?;
                }
                None => {
                    chart.draw_series(std::iter::once(Text::new(
                        note,
                        (0.0, y + 0.81),
                        bold(LABEL + 2.0).pos(Pos::new(HPos::Left, VPos::Bottom)),
                    )))?;
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Plan comparison
// ---------------------------------------------------------------------------------------

/// KPIs side by side, one panel per KPI and one bar per plan, with 95% CI error bars.
/// `currency` labels money KPIs.
pub fn plan_comparison(
    title: &str,
    kpis: &[KpiEstimates],
    currency: &str,
    caption: String,
) -> Result<Chart, ChartError> {
    let data = Comparison {
        title: title.to_string(),
        kpis: kpis.to_vec(),
        currency: currency.to_string(),
    };
    render("plan-comparison", title, caption, &data)
}

struct Comparison {
    title: String,
    kpis: Vec<KpiEstimates>,
    currency: String,
}

impl Draw for Comparison {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let mut plans: Vec<String> = Vec::new();
        for k in &self.kpis {
            for (p, ..) in &k.plans {
                if !plans.contains(p) {
                    plans.push(p.clone());
                }
            }
        }
        let mut items: Vec<(Mark, String)> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    Mark::Fill(PLAN_COLORS[i % PLAN_COLORS.len()].to_rgba()),
                    p.clone(),
                )
            })
            .collect();
        items.push((Mark::Line(INK, 3), "95% confidence interval".to_string()));
        let (strip, plot) = frame(root, &self.title, 1)?;
        legend(&strip, &items)?;
        let n = self.kpis.len().max(1);
        let cols = if n <= 3 { n } else { n.div_ceil(2).min(4) };
        let rows = n.div_ceil(cols);
        let panels = plot.split_evenly((rows, cols));
        for (k, panel) in self.kpis.iter().zip(&panels) {
            let kind = kpi_kind(&k.kpi).name();
            let mut lo = 0.0f64;
            let mut hi = 0.0f64;
            for &(_, m, l, h) in &k.plans {
                for v in [m, l, h] {
                    if v.is_finite() {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
            let span = (hi - lo).max(if kind == "share" { 0.01 } else { 1e-9 });
            let (y0, y1) = (
                if lo < 0.0 { lo - span * 0.12 } else { 0.0 },
                hi + span * 0.18,
            );
            let y1 = if y1 > y0 { y1 } else { y0 + 1.0 };
            let np = plans.len().max(1);
            let mut chart = ChartBuilder::on(panel)
                .caption(&k.kpi, bold(PANEL_TITLE))
                .margin(16)
                .x_label_area_size(20)
                .y_label_area_size(100)
                .build_cartesian_2d(0.0..np as f64, y0..y1)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .x_label_formatter(&|_| String::new())
                .y_desc(axis_title(&k.kpi, kind, &self.currency))
                .y_label_formatter(&|v| tick(kind, *v))
                .axis_desc_style(text(AXIS - 4.0))
                .label_style(text(LABEL - 2.0))
                .light_line_style(WHITE)
                .bold_line_style(LIGHT)
                .draw()?;
            for (p, m, l, h) in &k.plans {
                let Some(i) = plans.iter().position(|q| q == p) else {
                    continue;
                };
                let c = PLAN_COLORS[i % PLAN_COLORS.len()];
                let x = i as f64;
                if m.is_finite() {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(x + 0.15, 0.0f64.max(y0)), (x + 0.85, *m)],
                        c.mix(0.85).filled(),
                    )))?;
                }
                if l.is_finite() && h.is_finite() {
                    let mid = x + 0.5;
                    for seg in [
                        vec![(mid, *l), (mid, *h)],
                        vec![(mid - 0.12, *l), (mid + 0.12, *l)],
                        vec![(mid - 0.12, *h), (mid + 0.12, *h)],
                    ] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            seg,
                            INK.stroke_width(3),
                        )))?;
                    }
                }
                let top = if h.is_finite() { *h } else { *m };
                if top.is_finite() {
                    chart.draw_series(std::iter::once(Text::new(
                        short_value(kind, *m, &self.currency),
                        (x + 0.5, top + (y1 - y0) * 0.02),
                        text(LABEL - 2.0).pos(Pos::new(HPos::Center, VPos::Bottom)),
                    )))?;
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Paired differences to the baseline
// ---------------------------------------------------------------------------------------

/// The paired difference of one KPI between a plan and the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDifference {
    /// Plan name.
    pub plan: String,
    /// Mean of the paired differences (plan minus baseline).
    pub mean: f64,
    /// Lower end of its paired 95% CI.
    pub ci_low: f64,
    /// Upper end of its paired 95% CI.
    pub ci_high: f64,
    /// Whether the 95% CI excludes zero.
    pub significant: bool,
}

/// One KPI's paired differences to the baseline, one entry per non-baseline plan.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiDifferences {
    /// KPI name (e.g. `sla_30m`); its kind (share, minutes, money, count) sets the axis.
    pub kpi: String,
    /// Per plan, its difference to the baseline.
    pub plans: Vec<PlanDifference>,
}

/// A signed difference, short, for labels on charts (percentage points for shares).
fn short_delta(kind: &str, x: f64, currency: &str) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let sign = if x < 0.0 { "−" } else { "+" };
    match kind {
        "share" => format!("{sign}{:.1} pp", x.abs() * 100.0),
        "minutes" if x.abs() >= 100.0 => format!("{sign}{} min", thousands(x.abs(), 0)),
        "minutes" => format!("{sign}{:.1} min", x.abs()),
        "money" => format!("{sign}{}", money(x.abs(), currency)),
        _ if x.abs() >= 100.0 => format!("{sign}{}", thousands(x.abs(), 0)),
        _ => format!("{sign}{:.2}", x.abs()),
    }
}

/// An amount with its currency before it, or bare when the currency is unknown.
fn money(x: f64, currency: &str) -> String {
    if currency.is_empty() {
        thousands(x, 0)
    } else {
        format!("{currency} {}", thousands(x, 0))
    }
}

/// The paired differences to the baseline: one panel per KPI, in each a horizontal bar
/// per plan from zero to the mean difference with its paired 95% CI as a whisker, and a
/// zero line. Significant differences (the CI excludes zero) are drawn in full colour,
/// the others pale. Plans take the colours they have in [`plan_comparison`] when the
/// baseline is its first plan. `currency` labels money KPIs.
pub fn plan_differences(
    title: &str,
    kpis: &[KpiDifferences],
    currency: &str,
    caption: String,
) -> Result<Chart, ChartError> {
    let data = Differences {
        title: title.to_string(),
        kpis: kpis.to_vec(),
        currency: currency.to_string(),
    };
    render("plan-differences", title, caption, &data)
}

struct Differences {
    title: String,
    kpis: Vec<KpiDifferences>,
    currency: String,
}

impl Draw for Differences {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let mut plans: Vec<String> = Vec::new();
        for k in &self.kpis {
            for d in &k.plans {
                if !plans.contains(&d.plan) {
                    plans.push(d.plan.clone());
                }
            }
        }
        // Colour 0 is the baseline's in the plan comparison.
        let colour = |i: usize| PLAN_COLORS[(i + 1) % PLAN_COLORS.len()];
        let mut items: Vec<(Mark, String)> = plans
            .iter()
            .enumerate()
            .map(|(i, p)| (Mark::Fill(colour(i).to_rgba()), format!("{p} − baseline")))
            .collect();
        items.push((
            Mark::Fill(GREY.mix(0.25)),
            "pale: not significant (95% CI includes 0)".to_string(),
        ));
        items.push((Mark::Line(INK, 3), "paired 95% CI".to_string()));
        let rows_needed = if items.len() > 4 { 2 } else { 1 };
        let (strip, plot) = frame(root, &self.title, rows_needed)?;
        legend(&strip, &items)?;
        let n = self.kpis.len().max(1);
        let cols = if n <= 3 { n } else { n.div_ceil(2).min(4) };
        let rows = n.div_ceil(cols);
        let panels = plot.split_evenly((rows, cols));
        let np = plans.len().max(1) as f64;
        for (k, panel) in self.kpis.iter().zip(&panels) {
            let kind = kpi_kind(&k.kpi).name();
            let (mut lo, mut hi) = (0.0f64, 0.0f64);
            for d in &k.plans {
                for v in [d.mean, d.ci_low, d.ci_high] {
                    if v.is_finite() {
                        lo = lo.min(v);
                        hi = hi.max(v);
                    }
                }
            }
            let span = (hi - lo).max(if kind == "share" { 0.002 } else { 1e-6 });
            // Room for the value labels beyond the bars' ends.
            let x0 = if lo < 0.0 {
                lo - span * 0.6
            } else {
                -span * 0.08
            };
            let x1 = if hi > 0.0 {
                hi + span * 0.6
            } else {
                span * 0.08
            };
            let unit = match kind {
                "share" => " (pp)".to_string(),
                "minutes" => " (minutes)".to_string(),
                "money" if !self.currency.is_empty() => format!(" ({})", self.currency),
                _ => String::new(),
            };
            let mut chart = ChartBuilder::on(panel)
                .caption(format!("Δ {}", k.kpi), bold(PANEL_TITLE))
                .margin(16)
                .margin_right(30)
                .x_label_area_size(70)
                .y_label_area_size(10)
                .build_cartesian_2d(x0..x1, 0.0..np)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(0)
                .y_label_formatter(&|_| String::new())
                .x_labels(5)
                .x_desc(format!("difference to the baseline{unit}"))
                .x_label_formatter(&|v| match kind {
                    _ if v.abs() < 1e-12 => "0".to_string(),
                    "share" => format!("{:+.1}", v * 100.0),
                    _ if v.abs() >= 1000.0 => thousands(*v, 0),
                    _ if v.abs() >= 10.0 || *v == v.round() => format!("{v:.0}"),
                    _ => format!("{v:.1}"),
                })
                .axis_desc_style(text(AXIS - 6.0))
                .label_style(text(LABEL - 4.0))
                .light_line_style(WHITE)
                .bold_line_style(LIGHT)
                .draw()?;
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, 0.0), (0.0, np)],
                INK.stroke_width(2),
            )))?;
            for d in &k.plans {
                let Some(i) = plans.iter().position(|q| q == &d.plan) else {
                    continue;
                };
                // The first plan on top.
                let y = np - 1.0 - i as f64;
                let c = colour(i);
                if d.mean.is_finite() {
                    let fill = if d.significant {
                        c.mix(0.9).filled()
                    } else {
                        c.mix(0.25).filled()
                    };
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y + 0.25), (d.mean, y + 0.75)],
                        fill,
                    )))?;
                    if !d.significant {
                        chart.draw_series(std::iter::once(Rectangle::new(
                            [(0.0, y + 0.25), (d.mean, y + 0.75)],
                            c.stroke_width(2),
                        )))?;
                    }
                }
                if d.ci_low.is_finite() && d.ci_high.is_finite() {
                    for seg in [
                        vec![(d.ci_low, y + 0.5), (d.ci_high, y + 0.5)],
                        vec![(d.ci_low, y + 0.36), (d.ci_low, y + 0.64)],
                        vec![(d.ci_high, y + 0.36), (d.ci_high, y + 0.64)],
                    ] {
                        chart.draw_series(std::iter::once(PathElement::new(
                            seg,
                            INK.stroke_width(3),
                        )))?;
                    }
                }
                if d.mean.is_finite() {
                    let reach = if d.mean >= 0.0 {
                        d.mean.max(d.ci_high)
                    } else {
                        d.mean.min(d.ci_low)
                    };
                    let reach = if reach.is_finite() { reach } else { d.mean };
                    let (at, anchor) = if d.mean >= 0.0 {
                        (reach + (x1 - x0) * 0.02, HPos::Left)
                    } else {
                        (reach - (x1 - x0) * 0.02, HPos::Right)
                    };
                    let label = short_delta(kind, d.mean, &self.currency)
                        + if d.significant { " *" } else { "" };
                    let style = if d.significant {
                        bold(LABEL - 2.0)
                    } else {
                        text(LABEL - 2.0).color(&GREY)
                    };
                    chart.draw_series(std::iter::once(Text::new(
                        label,
                        (at, y + 0.5),
                        style.pos(Pos::new(anchor, VPos::Center)),
                    )))?;
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Heatmap
// ---------------------------------------------------------------------------------------

/// Viridis, by linear interpolation between five stops; `t` in `[0, 1]`.
fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 5] = [
        (68, 1, 84),
        (59, 82, 139),
        (33, 145, 140),
        (94, 201, 98),
        (253, 231, 37),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let f = t * 4.0;
    let i = (f.floor() as usize).min(3);
    let u = f - i as f64;
    let mix = |a: u8, b: u8| (f64::from(a) + u * (f64::from(b) - f64::from(a))).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

fn sorted_unique(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0));
    v
}

fn grid_label(x: f64) -> String {
    if x == x.round() && x.abs() < 1e15 {
        thousands(x, 0)
    } else {
        format!("{x}")
    }
}

/// A value over two parameters: one coloured cell per grid point, with its value written
/// in the cell (when the grid is small enough to read) and a colour bar.
pub fn heatmap(data: &Heatmap, caption: String) -> Result<Chart, ChartError> {
    render("heatmap", &data.title, caption, data)
}

impl Draw for Heatmap {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        root.fill(&WHITE)?;
        let body = root.margin(14, 0, 0, 0).titled(&self.title, bold(TITLE))?;
        let (bw, _) = body.dim_in_pixel();
        let (main, bar) = body.split_horizontally(bw.saturating_sub(260));
        let xs = sorted_unique(self.points.iter().map(|p| p.0));
        let ys = sorted_unique(self.points.iter().map(|p| p.1));
        let values: Vec<f64> = self
            .points
            .iter()
            .map(|p| p.2)
            .filter(|v| v.is_finite())
            .collect();
        let vmin = values.iter().copied().fold(f64::INFINITY, f64::min);
        let vmax = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (vmin, vmax) = if vmin.is_finite() && vmax > vmin {
            (vmin, vmax)
        } else if vmin.is_finite() {
            (vmin - 0.5, vmin + 0.5)
        } else {
            (0.0, 1.0)
        };
        let (nx, ny) = (xs.len().max(1), ys.len().max(1));
        let xkeys: Vec<f64> = (0..nx).map(|i| i as f64 + 0.5).collect();
        let ykeys: Vec<f64> = (0..ny).map(|i| i as f64 + 0.5).collect();
        let idx_label = |grid: &[f64], v: f64| {
            let i = (v - 0.5).round();
            if i >= 0.0 && (i as usize) < grid.len() && (v - 0.5 - i).abs() < 1e-6 {
                grid_label(grid[i as usize])
            } else {
                String::new()
            }
        };
        let mut chart = ChartBuilder::on(&main)
            .margin(20)
            .x_label_area_size(80)
            .y_label_area_size(130)
            .build_cartesian_2d(
                Keyed::linear(0.0..nx as f64, xkeys),
                Keyed::linear(0.0..ny as f64, ykeys),
            )?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .x_label_formatter(&|v| idx_label(&xs, *v))
            .y_label_formatter(&|v| idx_label(&ys, *v))
            .axis_desc_style(text(AXIS))
            .label_style(text(LABEL))
            .draw()?;
        let find = |grid: &[f64], v: f64| {
            grid.iter()
                .position(|g| (g - v).abs() <= 1e-12 * g.abs().max(v.abs()).max(1.0))
        };
        let show_values = nx * ny <= 200;
        let (cw, _) = main.dim_in_pixel();
        let cell_px = (cw as f64 - 170.0) / nx as f64;
        let value_size = (cell_px / 5.0).clamp(14.0, LABEL);
        for &(x, y, v) in &self.points {
            let (Some(i), Some(j)) = (find(&xs, x), find(&ys, y)) else {
                continue;
            };
            if !v.is_finite() {
                continue;
            }
            let t = (v - vmin) / (vmax - vmin);
            let (x0, y0) = (i as f64, j as f64);
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x0 + 1.0, y0 + 1.0)],
                viridis(t).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x0, y0), (x0 + 1.0, y0 + 1.0)],
                WHITE.stroke_width(1),
            )))?;
            if show_values {
                let ink = if t > 0.6 { INK } else { WHITE };
                chart.draw_series(std::iter::once(Text::new(
                    short_value(&self.value_kind, v, ""),
                    (x0 + 0.5, y0 + 0.5),
                    text(value_size)
                        .color(&ink)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )))?;
            }
        }
        // Colour bar.
        let mut cb = ChartBuilder::on(&bar)
            .margin_top(40)
            .margin_bottom(100)
            .margin_right(20)
            .y_label_area_size(0)
            .right_y_label_area_size(130)
            .caption(&self.value_label, text(LABEL))
            .build_cartesian_2d(0.0..1.0, vmin..vmax)?;
        let kind = self.value_kind.clone();
        cb.configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&|v| short_value(&kind, *v, ""))
            .label_style(text(LABEL - 4.0))
            .draw()?;
        let steps = 64;
        for s in 0..steps {
            let a = vmin + (vmax - vmin) * s as f64 / steps as f64;
            let b = vmin + (vmax - vmin) * (s + 1) as f64 / steps as f64;
            cb.draw_series(std::iter::once(Rectangle::new(
                [(0.0, a), (1.0, b)],
                viridis((s as f64 + 0.5) / steps as f64).filled(),
            )))?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// Cost / recommend-rate frontier
// ---------------------------------------------------------------------------------------

/// Which points are Pareto-optimal when cost is to be low and the recommend rate high: a
/// point is optimal unless another costs no more and recommends no less, and is strictly
/// better in one of the two. Points with a non-finite value are never optimal.
pub fn pareto_front(points: &[FrontierPoint]) -> Vec<bool> {
    points
        .iter()
        .map(|p| {
            p.cost.is_finite()
                && p.recommend_rate.is_finite()
                && !points.iter().any(|q| {
                    q.cost.is_finite()
                        && q.recommend_rate.is_finite()
                        && q.cost <= p.cost
                        && q.recommend_rate >= p.recommend_rate
                        && (q.cost < p.cost || q.recommend_rate > p.recommend_rate)
                })
        })
        .collect()
}

/// Cost against recommend rate, one point per plan; the Pareto-optimal plans are
/// highlighted, joined and labelled. An empty `currency` leaves amounts bare.
pub fn frontier(
    title: &str,
    points: &[FrontierPoint],
    currency: &str,
    caption: String,
) -> Result<Chart, ChartError> {
    let data = Frontier {
        title: title.to_string(),
        points: points.to_vec(),
        currency: currency.to_string(),
    };
    render("frontier", title, caption, &data)
}

struct Frontier {
    title: String,
    points: Vec<FrontierPoint>,
    currency: String,
}

impl Draw for Frontier {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items = vec![
            (Mark::Dot(BLUE), "Pareto-optimal plan".to_string()),
            (Mark::Line(BLUE, 3), "frontier".to_string()),
            (
                Mark::Dot(GREY),
                "dominated plan (another costs less and recommends more)".to_string(),
            ),
        ];
        let (strip, plot) = frame(root, &self.title, 1)?;
        legend(&strip, &items)?;
        let ok: Vec<&FrontierPoint> = self
            .points
            .iter()
            .filter(|p| p.cost.is_finite() && p.recommend_rate.is_finite())
            .collect();
        let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY);
        for p in &ok {
            x0 = x0.min(p.cost);
            x1 = x1.max(p.cost);
            y0 = y0.min(p.recommend_rate);
            y1 = y1.max(p.recommend_rate);
        }
        if !x0.is_finite() {
            (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
        }
        let pad = |a: f64, b: f64, f: f64| {
            let s = if b > a { b - a } else { a.abs().max(1e-3) };
            (a - s * f, b + s * f)
        };
        let (x0, x1) = pad(x0, x1, 0.12);
        let (y0, y1) = pad(y0, y1, 0.15);
        let currency = self.currency.clone();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        chart
            .configure_mesh()
            .x_desc(if currency.is_empty() {
                "total cost".to_string()
            } else {
                format!("total cost ({currency})")
            })
            .y_desc("recommend rate (%)")
            .x_label_formatter(&|v| thousands(*v, 0))
            .y_label_formatter(&|v| format!("{:.1}%", v * 100.0))
            .axis_desc_style(text(AXIS))
            .label_style(text(LABEL))
            .light_line_style(WHITE)
            .bold_line_style(LIGHT)
            .draw()?;
        let front = pareto_front(&self.points);
        let mut best: Vec<&FrontierPoint> = self
            .points
            .iter()
            .zip(&front)
            .filter(|(_, f)| **f)
            .map(|(p, _)| p)
            .collect();
        best.sort_by(|a, b| a.cost.total_cmp(&b.cost));
        chart.draw_series(std::iter::once(PathElement::new(
            best.iter()
                .map(|p| (p.cost, p.recommend_rate))
                .collect::<Vec<_>>(),
            BLUE.stroke_width(3),
        )))?;
        for (p, f) in self.points.iter().zip(&front) {
            if !f && p.cost.is_finite() && p.recommend_rate.is_finite() {
                chart.draw_series(std::iter::once(Circle::new(
                    (p.cost, p.recommend_rate),
                    8,
                    GREY.mix(0.8).filled(),
                )))?;
            }
        }
        for p in &best {
            chart.draw_series(std::iter::once(Circle::new(
                (p.cost, p.recommend_rate),
                12,
                BLUE.filled(),
            )))?;
            let label = format!(
                "{}: {}, {}",
                p.label,
                money(p.cost, &currency),
                pct(p.recommend_rate)
            );
            // Below right of the point, clear of a rising frontier; above and to the left
            // when the label would run past the right edge.
            let (label_px, _) = plot.estimate_text_size(&label, &bold(LABEL - 2.0))?;
            let (plot_px, _) = plot.dim_in_pixel();
            let per_px = (x1 - x0) / f64::from(plot_px.saturating_sub(200).max(1));
            let near_right = p.cost + (f64::from(label_px) + 20.0) * per_px > x1;
            let (at, anchor) = if near_right {
                (
                    (p.cost, p.recommend_rate + (y1 - y0) * 0.03),
                    Pos::new(HPos::Right, VPos::Bottom),
                )
            } else {
                (
                    (
                        p.cost + (x1 - x0) * 0.012,
                        p.recommend_rate - (y1 - y0) * 0.025,
                    ),
                    Pos::new(HPos::Left, VPos::Top),
                )
            };
            chart.draw_series(std::iter::once(Text::new(
                label,
                at,
                bold(LABEL - 2.0).pos(anchor),
            )))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_interpolate_in_log_time() {
        let m = [1.0, 10.0, 100.0];
        let a = [0.0, 0.2, 0.6];
        let b = [0.1, 0.3, 0.4];
        let c = crossings(&m, &a, &b);
        assert_eq!(c.len(), 1);
        // d goes from -0.1 to +0.2 between 10 and 100: a third of the way in log time.
        assert!((c[0].0 - 10f64.powf(1.0 + 1.0 / 3.0)).abs() < 1e-9);
        assert!((c[0].1 - (0.2 + 0.4 / 3.0)).abs() < 1e-12);
        assert!(crossings(&m, &b, &b).is_empty() || crossings(&m, &b, &b).len() <= 1);
    }

    #[test]
    fn pareto_front_keeps_undominated_points() {
        let p = |label: &str, cost, r| FrontierPoint {
            label: label.into(),
            cost,
            recommend_rate: r,
        };
        let pts = [
            p("a", 100.0, 0.40),
            p("b", 120.0, 0.45),
            p("c", 130.0, 0.44), // dominated by b
            p("d", 100.0, 0.39), // dominated by a (same cost, lower rate)
            p("e", 200.0, 0.50),
            p("f", f64::NAN, 0.9),
        ];
        assert_eq!(pareto_front(&pts), [true, true, false, false, true, false]);
    }

    #[test]
    fn formats() {
        assert_eq!(thousands(1234567.0, 0), "1,234,567");
        assert_eq!(thousands(-1234.5, 1), "-1,234.5");
        assert_eq!(human_minutes(30.0), "30 min");
        assert_eq!(human_minutes(0.5), "30 s");
        assert_eq!(human_minutes(90.0), "1.5 h");
        assert_eq!(human_minutes(4320.0), "3 d");
        assert_eq!(kpi_kind("cost_total").name(), "money");
        assert_eq!(kpi_kind("frt_mean_min.twitter").name(), "minutes");
        assert_eq!(kpi_kind("occupancy.day").name(), "share");
    }

    #[test]
    fn viridis_runs_from_purple_to_yellow() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(f64::NAN), RGBColor(68, 1, 84));
    }
}
