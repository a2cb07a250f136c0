//! The cost / recommend-rate frontier of a sweep or a comparison: one point per plan,
//! the Pareto-optimal plans (no other costs no more and recommends no less, and is better
//! in one of the two) highlighted, joined and labelled. Where the plans have targets, those
//! missing one are drawn hollow and the cheapest meeting every target is marked with a
//! diamond.

use crate::format::{Money, axis_title};
use crate::kpi::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::{
    AXIS, BLUE, Chart, ChartError, Draw, DrawResult, GREEN, GREY, LABEL, Mark, VERMILION, bold,
    frame, legend, mesh, render,
};
use crate::format::{money, pct, thousands};

/// One plan on the cost / recommend-rate plane.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    /// Plan label.
    pub label: String,
    /// Total cost, in the currency.
    pub cost: f64,
    /// Recommend rate (share).
    pub recommend_rate: f64,
    /// Whether the plan keeps up ([`crate::sustain`]). An unsustainable plan's KPIs
    /// depend on how long the run was, so it is neither optimal nor dominates another.
    pub sustainable: bool,
    /// Whether the plan meets every target of its scenario (`None`: it sets none, or its
    /// verdicts are unknown). A plan missing a target is drawn hollow.
    pub meets_targets: Option<bool>,
    /// Whether it is the cheapest plan meeting every target: drawn as a diamond, labelled
    /// "cheapest meeting targets".
    pub cheapest: bool,
}

impl FrontierPoint {
    /// Whether the point takes part in the comparison: sustainable, with both values.
    fn compared(&self) -> bool {
        self.sustainable && self.cost.is_finite() && self.recommend_rate.is_finite()
    }
}

/// Which points are Pareto-optimal when cost is to be low and the recommend rate high: a
/// point is optimal unless another costs no more and recommends no less, and is strictly
/// better in one of the two. Points with a non-finite value or an unsustainable plan are
/// never optimal and dominate none.
pub fn pareto_front(points: &[FrontierPoint]) -> Vec<bool> {
    points
        .iter()
        .map(|p| {
            p.compared()
                && !points.iter().any(|q| {
                    q.compared()
                        && q.cost <= p.cost
                        && q.recommend_rate >= p.recommend_rate
                        && (q.cost < p.cost || q.recommend_rate > p.recommend_rate)
                })
        })
        .collect()
}

/// Cost against recommend rate, one point per plan; the Pareto-optimal plans are
/// highlighted, joined and labelled. An empty currency leaves amounts bare.
pub fn frontier(
    title: &str,
    points: &[FrontierPoint],
    money: &Money,
    caption: String,
) -> Result<Chart, ChartError> {
    let data = Frontier {
        title: title.to_string(),
        points: points.to_vec(),
        money: money.clone(),
    };
    render("frontier", title, caption, &data)
}

/// The data of [`frontier`].
#[derive(Debug)]
struct Frontier {
    title: String,
    points: Vec<FrontierPoint>,
    money: Money,
}

impl Draw for Frontier {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let mut items = vec![
            (Mark::Dot(BLUE), "Pareto-optimal plan".to_string()),
            (Mark::Line(BLUE, 3), "frontier".to_string()),
            (
                Mark::Dot(GREY),
                "dominated plan (another costs less and recommends more)".to_string(),
            ),
        ];
        if self.points.iter().any(|p| !p.sustainable) {
            items.push((
                Mark::Dot(VERMILION),
                "unsustainable plan (its backlog grows or never empties): not compared".to_string(),
            ));
        }
        let targets = self.points.iter().any(|p| p.meets_targets.is_some());
        if targets {
            items.push((
                Mark::Ring(GREY),
                "hollow: misses a target or cannot be told apart from it".to_string(),
            ));
        }
        if self.points.iter().any(|p| p.cheapest) {
            items.push((Mark::Diamond(GREEN), "cheapest meeting targets".to_string()));
        }
        let (strip, plot) = frame(root, &self.title, if targets { 2 } else { 1 })?;
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
        let currency = self.money.currency.clone();
        // Whether `label`, written from x = `cost` rightwards, would run past the right edge.
        let past_right =
            |label: &str, cost: f64| -> Result<bool, Box<dyn std::error::Error + Send + Sync>> {
                let (label_px, _) = plot.estimate_text_size(label, &bold(LABEL - 2.0))?;
                let (plot_px, _) = plot.dim_in_pixel();
                let per_px = (x1 - x0) / f64::from(plot_px.saturating_sub(200).max(1));
                Ok(cost + (f64::from(label_px) + 20.0) * per_px > x1)
            };
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(60)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        mesh(&mut chart, AXIS, LABEL)
            .x_desc(axis_title("cost_total", Unit::Money, &self.money))
            .y_desc(axis_title("recommend_rate", Unit::Share, &self.money))
            .x_label_formatter(&|v| thousands(*v, 0))
            .y_label_formatter(&|v| pct(*v))
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
        // A plan missing a target is a ring, the others a filled dot.
        let dot = |colour: RGBColor, size: i32, p: &FrontierPoint| {
            let style = if p.meets_targets == Some(false) {
                colour.stroke_width(3)
            } else {
                colour.mix(if size > 8 { 1.0 } else { 0.8 }).filled()
            };
            Circle::new((p.cost, p.recommend_rate), size, style)
        };
        for (p, f) in self.points.iter().zip(&front) {
            if !f && p.cost.is_finite() && p.recommend_rate.is_finite() {
                let colour = if p.sustainable { GREY } else { VERMILION };
                chart.draw_series(std::iter::once(dot(colour, 8, p)))?;
            }
        }
        for p in &best {
            chart.draw_series(std::iter::once(dot(BLUE, 12, p)))?;
            let label = format!(
                "{}: {}, {}",
                p.label,
                money(p.cost, &currency),
                pct(p.recommend_rate)
            );
            // Below right of the point, clear of a rising frontier; above and to the left
            // when the label would run past the right edge.
            let near_right = past_right(&label, p.cost)?;
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
        for p in self
            .points
            .iter()
            .filter(|p| p.cheapest && p.cost.is_finite() && p.recommend_rate.is_finite())
        {
            let at = (p.cost, p.recommend_rate);
            let diamond = vec![(0, -18), (18, 0), (0, 18), (-18, 0)];
            let mut outline = diamond.clone();
            outline.push((0, -18));
            chart.draw_series(std::iter::once(
                EmptyElement::at(at)
                    + Polygon::new(diamond, GREEN.filled())
                    + PathElement::new(outline, WHITE.stroke_width(2)),
            ))?;
            let label = if best.iter().any(|b| std::ptr::eq(*b, p)) {
                "cheapest meeting targets".to_string()
            } else {
                format!(
                    "cheapest meeting targets: {}, {}, {}",
                    p.label,
                    money(p.cost, &currency),
                    pct(p.recommend_rate)
                )
            };
            // Above the point, running right unless that would pass the right edge.
            let near_right = past_right(&label, p.cost)?;
            let h = if near_right { HPos::Right } else { HPos::Left };
            chart.draw_series(std::iter::once(Text::new(
                label,
                (
                    p.cost - (x1 - x0) * 0.008,
                    p.recommend_rate + (y1 - y0) * 0.035,
                ),
                bold(LABEL - 2.0)
                    .color(&GREEN)
                    .pos(Pos::new(h, VPos::Bottom)),
            )))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pareto_front_keeps_undominated_points() {
        let p = |label: &str, cost, r| FrontierPoint {
            label: label.into(),
            cost,
            recommend_rate: r,
            sustainable: true,
            meets_targets: None,
            cheapest: false,
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
        // A cheaper, better-looking plan that does not keep up is never optimal, and the
        // plans it would dominate stay optimal.
        let mut with_backlog = pts.to_vec();
        with_backlog.push(FrontierPoint {
            sustainable: false,
            ..p("g", 90.0, 0.60)
        });
        assert_eq!(
            pareto_front(&with_backlog),
            [true, true, false, false, true, false, false]
        );
    }
}
