//! Did customers get their first reply within what they expected? (section 6 of the model
//! description). The answer is one number, the share of customers answered within their
//! own expectation (the quick outcome states), written on the chart with its 95% CI. The
//! two curves behind it are drawn as what they are, two separate distributions on a log
//! time axis: how soon mentions were answered, and how soon customers expected a reply.
//! Where they cross is not marked: the curves do not pair a customer's reply with the same
//! customer's expectation, so a crossing says nothing about who was let down.

use crate::kpi::Unit;
use plotters::chart::ChartContext;
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::Keyed;
use super::canvas::{
    AXIS, BLUE, Chart, ChartError, Draw, DrawResult, GREY, LABEL, Mark, NOTE, VERMILION, bold,
    frame, legend, mesh, render, text,
};
use super::series::{Band, band_polygons, segments};
use crate::format::{human_minutes, pct_whole, pp, tick};

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
    /// The share of customers answered within their own expectation (and before their
    /// patience ran out): mean and half-width of its 95% CI (NaN when unknown); `None`
    /// leaves the answer off the chart.
    pub within_expectation: Option<(f64, f64)>,
}

/// The share of customers answered within their own expectation, written on the chart,
/// over the CDF of first-response times and the CDF of customers' expectations on a log
/// time axis (no crossing marked: the curves are not paired customer by customer).
pub fn response_cdf(data: &ResponseCdf, caption: String) -> Result<Chart, ChartError> {
    render("response-times", &data.title, caption, data)
}

/// Ticks of the time axis, minutes: from 6 seconds to 10 days.
const TIME_KEYS: [f64; 11] = [
    0.1, 1.0, 5.0, 15.0, 30.0, 60.0, 240.0, 480.0, 1440.0, 4320.0, 14_400.0,
];

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
        ];
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &items)?;
        // The answer, in its own strip between the legend and the plot.
        let plot = match self.within_expectation {
            Some((share, half)) => {
                let answer = if half.is_finite() {
                    format!(
                        "{} of customers got their first reply within what they expected (± {}, 95% CI)",
                        pct_whole(share),
                        pp(half)
                    )
                } else {
                    format!(
                        "{} of customers got their first reply within what they expected",
                        pct_whole(share)
                    )
                };
                let line = (LABEL * 1.4) as u32;
                let (top, plot) = plot.split_vertically(2 * line + 12);
                let (w, _) = top.dim_in_pixel();
                let mid = (w / 2) as i32;
                top.draw(&Text::new(
                    answer,
                    (mid, 4),
                    bold(LABEL + 2.0).pos(Pos::new(HPos::Center, VPos::Top)),
                ))?;
                top.draw(&Text::new(
                    "each customer's reply against their own expectation; the two curves below are separate distributions, not paired",
                    (mid, 4 + line as i32 + 4),
                    text(NOTE).color(&GREY).pos(Pos::new(HPos::Center, VPos::Top)),
                ))?;
                plot
            }
            None => plot,
        };
        let mut chart = time_axes(
            &plot,
            &self.minutes,
            "time since the mention arrived (log scale)",
            "share of mentions / customers (%)",
        )?;
        draw_band(&mut chart, &self.minutes, &self.answered, BLUE, 0.18)?;
        draw_line(&mut chart, &self.minutes, &self.expected, VERMILION)?;
        draw_line(&mut chart, &self.minutes, &self.answered.mean, BLUE)?;
        Ok(())
    }
}

/// Coordinates of a chart of shares over a log time axis.
pub(super) type TimeChart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<Keyed, plotters::coord::types::RangedCoordf64>>;

/// The axes of a chart of shares (0 to 100%, titled `y_desc`) over a log time axis
/// spanning the positive `minutes` (6 seconds to 10 days when they span nothing), ticked
/// at [`TIME_KEYS`] and titled `x_desc`: the axes of the response-time charts.
pub(super) fn time_axes<'a, DB: DrawingBackend>(
    plot: &'a DrawingArea<DB, Shift>,
    minutes: &[f64],
    x_desc: &str,
    y_desc: &str,
) -> Result<TimeChart<'a, DB>, Box<dyn std::error::Error + Send + Sync>>
where
    DB::ErrorType: 'static,
{
    let lo = minutes
        .iter()
        .copied()
        .filter(|m| *m > 0.0)
        .fold(f64::INFINITY, f64::min);
    let hi = minutes.iter().copied().fold(0.0, f64::max);
    let (lo, hi) = if lo.is_finite() && hi > lo {
        (lo, hi)
    } else {
        (0.1, 14_400.0)
    };
    let keys: Vec<f64> = TIME_KEYS
        .into_iter()
        .filter(|k| *k >= lo * 0.999 && *k <= hi * 1.001)
        .collect();
    let mut chart = ChartBuilder::on(plot)
        .margin_left(20)
        .margin_right(60)
        .margin_bottom(10)
        .x_label_area_size(80)
        .y_label_area_size(120)
        .build_cartesian_2d(Keyed::log(lo..hi, keys), 0.0..1.0)?;
    mesh(&mut chart, AXIS, LABEL)
        .x_desc(x_desc)
        .x_label_formatter(&|m| human_minutes(*m))
        .y_desc(y_desc)
        .y_label_formatter(&|v| tick(Unit::Share, *v))
        .draw()?;
    Ok(chart)
}

/// A band shaded in `color` at `opacity` over the time axis.
pub(super) fn draw_band<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    minutes: &[f64],
    band: &Band,
    color: RGBColor,
    opacity: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    for poly in band_polygons(minutes, &band.low, &band.high) {
        chart.draw_series(std::iter::once(Polygon::new(
            poly,
            color.mix(opacity).filled(),
        )))?;
    }
    Ok(())
}

/// A line in `color` over the time axis, broken where a value is undefined.
pub(super) fn draw_line<DB: DrawingBackend>(
    chart: &mut TimeChart<'_, DB>,
    minutes: &[f64],
    values: &[f64],
    color: RGBColor,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    for seg in segments(minutes, values) {
        chart.draw_series(std::iter::once(PathElement::new(
            seg,
            color.stroke_width(4),
        )))?;
    }
    Ok(())
}
