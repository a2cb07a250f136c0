//! The outcome mix (section 6 of the model description): one stacked bar per plan of the
//! six outcome states of customers (quick or slow, effective or not, escalated to the
//! phone, ignored), with the
//! recommend rate annotated and, when known, a thinner bar of who recommends.

use crate::kpi::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{Keyed, label_at};
use super::canvas::{
    AXIS, Chart, ChartError, Draw, DrawResult, GREEN, LABEL, Mark, ORANGE, PURPLE, SKY, VERMILION,
    bold, frame, legend, mesh, render, text,
};
use crate::format::{pct, pct_whole, pp, tick};
use crate::scenario::OutcomeState;

/// One stacked bar of the outcome mix.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeBar {
    /// Bar label (plan or scenario name).
    pub label: String,
    /// Shares of customers in each [`OutcomeState`], in report order (summing to 1).
    pub shares: [f64; STATES],
    /// Recommend rate (share).
    pub recommend_rate: f64,
    /// Half-width of its 95% confidence interval (NaN if unknown).
    pub recommend_half_width: f64,
    /// Share of all customers who are in each state and recommend the brand, drawn as a
    /// second, thinner bar (they sum to about the recommend rate), when known.
    pub recommenders: Option<[f64; STATES]>,
}

/// Data of the outcome mix chart.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeMix {
    /// Chart title.
    pub title: String,
    /// One bar per plan.
    pub bars: Vec<OutcomeBar>,
    /// P(recommend) in each state, shown in the legend when known.
    pub recommend_given_state: Option<[f64; STATES]>,
}

/// The number of outcome states.
pub(super) const STATES: usize = OutcomeState::ALL.len();

/// Names of the outcome states, in report order, as shown on charts.
pub const OUTCOME_LABELS: [&str; STATES] = [
    "quick & effective",
    "quick, ineffective",
    "slow, effective",
    "slow & ineffective",
    "phoned instead",
    "ignored",
];

/// The colours of the outcome states, in report order.
const OUTCOME_COLORS: [RGBColor; STATES] = [
    GREEN,
    SKY,
    ORANGE,
    VERMILION,
    PURPLE,
    RGBColor(160, 160, 160),
];

/// Stacked bars of the outcome states, one per plan, with the recommend rate
/// annotated.
pub fn outcome_mix(data: &OutcomeMix, caption: String) -> Result<Chart, ChartError> {
    render("outcome-mix", &data.title, caption, data)
}

impl Draw for OutcomeMix {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let items: Vec<(Mark, String)> = (0..STATES)
            .map(|i| {
                let label = match self.recommend_given_state {
                    Some(p) => format!("{} ({} recommend)", OUTCOME_LABELS[i], pct_whole(p[i])),
                    None => OUTCOME_LABELS[i].to_string(),
                };
                (Mark::Fill(OUTCOME_COLORS[i].to_rgba()), label)
            })
            .collect();
        let (strip, plot) = frame(root, &self.title, 2)?;
        legend(&strip, &items)?;
        let n = self.bars.len().max(1);
        // Per bar, in its unit of height: the customers above, who recommends below (or
        // the customers alone, with the rate written above them).
        let layout = |b: &OutcomeBar| {
            if b.recommenders.is_some() {
                ((0.47, 0.93), Some((0.07, 0.38)))
            } else {
                ((0.12, 0.84), None)
            }
        };
        let mid = |(a, b): (f64, f64)| (a + b) / 2.0;
        let mut ticks: Vec<(f64, String)> = Vec::new();
        for (i, b) in self.bars.iter().enumerate() {
            let (customers, recommenders) = layout(b);
            ticks.push((i as f64 + mid(customers), b.label.clone()));
            if let Some(r) = recommenders {
                ticks.push((i as f64 + mid(r), "who recommends".to_string()));
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
        // The bars fill the canvas, however many there are.
        let pad = 0.03;
        let keys: Vec<f64> = ticks.iter().map(|(y, _)| *y).collect();
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(label_w + 30)
            .build_cartesian_2d(0.0..1.0, Keyed::linear((-pad)..(n as f64 + pad), keys))?;
        mesh(&mut chart, AXIS, LABEL)
            .disable_y_mesh()
            .x_desc("share of customers with an outcome (%)")
            .x_label_formatter(&|v| tick(Unit::Share, *v))
            .y_label_formatter(&|y| label_at(&ticks, *y))
            .draw()?;
        let stack = |shares: &[f64; STATES], y0: f64, y1: f64, size: f64| {
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
                            pct_whole(share),
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
            let ((c0, c1), recommenders) = layout(bar);
            let (elems, _) = stack(&bar.shares, y + c0, y + c1, LABEL + 4.0);
            chart.draw_series(elems)?;
            let ci = if bar.recommend_half_width.is_finite() {
                format!(" ± {}", pp(bar.recommend_half_width))
            } else {
                String::new()
            };
            let note = format!("recommend rate {}{ci}", pct(bar.recommend_rate));
            match (&bar.recommenders, recommenders) {
                (Some(r), Some((r0, r1))) => {
                    let (elems, end) = stack(r, y + r0, y + r1, LABEL);
                    chart.draw_series(elems)?;
                    chart.draw_series(std::iter::once(Text::new(
                        format!("= {note}"),
                        (end + 0.012, y + mid((r0, r1))),
                        bold(LABEL + 4.0).pos(Pos::new(HPos::Left, VPos::Center)),
                    )))?;
                }
                _ => {
                    chart.draw_series(std::iter::once(Text::new(
                        note,
                        (0.0, y + c1 + 0.02),
                        bold(LABEL + 2.0).pos(Pos::new(HPos::Left, VPos::Bottom)),
                    )))?;
                }
            }
        }
        Ok(())
    }
}
