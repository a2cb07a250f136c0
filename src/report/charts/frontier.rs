//! The cost / recommend-rate frontier of a sweep or a comparison: one point per plan with
//! the 95% confidence intervals of both means as whiskers, each point numbered and listed
//! in a key beside the plot (its label, cost and recommend rate), so no label covers a
//! point. The Pareto-optimal plans (no other costs no more and recommends no less, and is
//! better in one of the two) are joined; a plan is called Pareto-optimal only when no
//! other plan's intervals leave room for it to be both no dearer and no less
//! recommended, and "not distinguishable" otherwise. Where the plans have targets, those
//! missing one are drawn hollow and the cheapest meeting every target is marked with a
//! diamond.

use crate::format::{Money, axis_title};
use crate::kpi::Unit;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::{
    AXIS, BLUE, Chart, ChartError, Draw, DrawResult, GREEN, GREY, LABEL, Mark, ORANGE, VERMILION,
    bold, frame, legend, mesh, render, text,
};
use super::whisker;
use crate::format::{money, pct, thousands};

/// One plan on the cost / recommend-rate plane.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontierPoint {
    /// The number drawn beside the point and heading its line in the key.
    pub number: usize,
    /// Plan label.
    pub label: String,
    /// Total cost, in the currency.
    pub cost: f64,
    /// The 95% confidence interval of the cost (NaN ends when unknown).
    pub cost_ci: (f64, f64),
    /// Recommend rate (share).
    pub recommend_rate: f64,
    /// The 95% confidence interval of the recommend rate (NaN ends when unknown).
    pub recommend_ci: (f64, f64),
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

    /// A confidence interval, or the whole line when an end is unknown (nothing can be
    /// told apart then).
    fn interval((lo, hi): (f64, f64)) -> (f64, f64) {
        if lo.is_finite() && hi.is_finite() {
            (lo.min(hi), lo.max(hi))
        } else {
            (f64::NEG_INFINITY, f64::INFINITY)
        }
    }

    /// Whether `other`'s intervals leave room for it to cost no more and recommend no
    /// less than this point.
    fn could_be_beaten_by(&self, other: &FrontierPoint) -> bool {
        let (_, cost_hi) = Self::interval(self.cost_ci);
        let (rate_lo, _) = Self::interval(self.recommend_ci);
        let (other_cost_lo, _) = Self::interval(other.cost_ci);
        let (_, other_rate_hi) = Self::interval(other.recommend_ci);
        other_cost_lo <= cost_hi && other_rate_hi >= rate_lo
    }
}

/// Where a point stands on the frontier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// On the frontier of the means, and no other plan's 95% intervals leave room for it
    /// to be both no dearer and no less recommended.
    Optimal,
    /// On the frontier of the means, but another plan cannot be told apart from being
    /// no dearer and no less recommended.
    NotDistinguishable,
    /// Off the frontier of the means: another plan costs no more and recommends no less.
    Dominated,
    /// Not compared: unsustainable, or a value is missing.
    NotCompared,
}

/// Which points are Pareto-optimal when cost is to be low and the recommend rate high: a
/// point is optimal unless another costs no more and recommends no less, and is strictly
/// better in one of the two. Points with a non-finite value or an unsustainable plan are
/// never optimal and dominate none. Means only; [`standings`] says which can be told
/// apart.
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

/// Each point's [`Standing`]: a point on the frontier of the means is
/// [`Standing::Optimal`] only when every other compared plan's 95% intervals rule out its
/// being both no dearer and no less recommended. The intervals are the plans' own
/// (unpaired), which is conservative for plans simulated under common random numbers.
pub fn standings(points: &[FrontierPoint]) -> Vec<Standing> {
    let front = pareto_front(points);
    points
        .iter()
        .zip(&front)
        .enumerate()
        .map(|(i, (p, &on))| {
            if !p.compared() {
                Standing::NotCompared
            } else if !on {
                Standing::Dominated
            } else if points
                .iter()
                .enumerate()
                .any(|(j, q)| j != i && q.compared() && p.could_be_beaten_by(q))
            {
                Standing::NotDistinguishable
            } else {
                Standing::Optimal
            }
        })
        .collect()
}

/// Cost against recommend rate, one numbered point per plan with its 95% intervals and
/// a key of the numbers; the frontier is joined. An empty currency leaves amounts bare.
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

/// The most lines the key beside the plot lists; past it, only the frontier's points.
const KEY_LINES: usize = 26;

/// The colour of a point of the given standing.
fn colour(s: Standing) -> RGBColor {
    match s {
        Standing::Optimal => BLUE,
        Standing::NotDistinguishable => ORANGE,
        Standing::Dominated => GREY,
        Standing::NotCompared => VERMILION,
    }
}

impl Draw for Frontier {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult
    where
        DB::ErrorType: 'static,
    {
        let standing = standings(&self.points);
        let has = |s: Standing| standing.contains(&s);
        let mut items = vec![(Mark::Line(BLUE, 3), "frontier (means)".to_string())];
        if has(Standing::Optimal) {
            items.push((Mark::Dot(BLUE), "Pareto-optimal".to_string()));
        }
        if has(Standing::NotDistinguishable) {
            items.push((
                Mark::Dot(ORANGE),
                "on the frontier, but a cheaper plan may recommend as much: not distinguishable"
                    .to_string(),
            ));
        }
        if has(Standing::Dominated) {
            items.push((
                Mark::Dot(GREY),
                "dominated (another costs less and recommends more)".to_string(),
            ));
        }
        if has(Standing::NotCompared) {
            items.push((
                Mark::Dot(VERMILION),
                "unsustainable (backlog grows or never empties): not compared".to_string(),
            ));
        }
        let targets = self.points.iter().any(|p| p.meets_targets.is_some());
        if targets {
            items.push((
                Mark::Ring(GREY),
                "hollow: misses a target or too close to call".to_string(),
            ));
        }
        if self.points.iter().any(|p| p.cheapest) {
            items.push((Mark::Diamond(GREEN), "cheapest meeting targets".to_string()));
        }
        items.push((
            Mark::Line(GREY, 2),
            "whiskers: 95% confidence intervals".to_string(),
        ));
        let (strip, body) = frame(root, &self.title, if items.len() > 4 { 2 } else { 1 })?;
        legend(&strip, &items)?;
        let (bw, _) = body.dim_in_pixel();
        let (plot, key) = body.split_horizontally(bw.saturating_sub(560));
        let shown = |p: &FrontierPoint| p.cost.is_finite() && p.recommend_rate.is_finite();
        let finite = |v: f64| v.is_finite().then_some(v);
        let xs: Vec<f64> = self
            .points
            .iter()
            .filter(|p| shown(p))
            .flat_map(|p| [Some(p.cost), finite(p.cost_ci.0), finite(p.cost_ci.1)])
            .flatten()
            .collect();
        let ys: Vec<f64> = self
            .points
            .iter()
            .filter(|p| shown(p))
            .flat_map(|p| {
                [
                    Some(p.recommend_rate),
                    finite(p.recommend_ci.0),
                    finite(p.recommend_ci.1),
                ]
            })
            .flatten()
            .collect();
        let range = |v: &[f64], f: f64| {
            let (a, b) = v
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                    (a.min(x), b.max(x))
                });
            if !a.is_finite() {
                return (0.0, 1.0);
            }
            let s = if b > a { b - a } else { a.abs().max(1e-3) };
            (a - s * f, b + s * f)
        };
        let (x0, x1) = range(&xs, 0.08);
        let (y0, y1) = range(&ys, 0.1);
        let mut chart = ChartBuilder::on(&plot)
            .margin_left(20)
            .margin_right(30)
            .margin_bottom(10)
            .x_label_area_size(80)
            .y_label_area_size(120)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        mesh(&mut chart, AXIS, LABEL)
            .x_labels(6)
            .x_desc(axis_title("cost_total", Unit::Money, &self.money))
            .y_desc(axis_title("recommend_rate", Unit::Share, &self.money))
            .x_label_formatter(&|v| thousands(*v, 0))
            .y_label_formatter(&|v| pct(*v))
            .draw()?;
        let mut best: Vec<&FrontierPoint> = self
            .points
            .iter()
            .zip(&standing)
            .filter(|(_, s)| matches!(s, Standing::Optimal | Standing::NotDistinguishable))
            .map(|(p, _)| p)
            .collect();
        best.sort_by(|a, b| a.cost.total_cmp(&b.cost));
        chart.draw_series(std::iter::once(PathElement::new(
            best.iter()
                .map(|p| (p.cost, p.recommend_rate))
                .collect::<Vec<_>>(),
            BLUE.stroke_width(3),
        )))?;
        // Dominated and uncompared points first, the frontier's on top.
        let mut order: Vec<usize> = (0..self.points.len()).collect();
        order.sort_by_key(|&i| {
            matches!(
                standing[i],
                Standing::Optimal | Standing::NotDistinguishable
            )
        });
        for &i in &order {
            let p = &self.points[i];
            if !shown(p) {
                continue;
            }
            let c = colour(standing[i]);
            let whiskers = c.mix(0.7).stroke_width(2);
            let (lo, hi) = p.cost_ci;
            if lo.is_finite() && hi.is_finite() {
                whisker::whisker(&mut chart, false, p.recommend_rate, lo, hi, whiskers)?;
            }
            let (lo, hi) = p.recommend_ci;
            if lo.is_finite() && hi.is_finite() {
                whisker::whisker(&mut chart, true, p.cost, lo, hi, whiskers)?;
            }
            let at = (p.cost, p.recommend_rate);
            if p.cheapest {
                let diamond = vec![(0, -16), (16, 0), (0, 16), (-16, 0)];
                let mut outline = diamond.clone();
                outline.push((0, -16));
                chart.draw_series(std::iter::once(
                    EmptyElement::at(at)
                        + Polygon::new(diamond, GREEN.filled())
                        + PathElement::new(outline, WHITE.stroke_width(2)),
                ))?;
            } else if p.meets_targets == Some(false) {
                chart.draw_series(std::iter::once(Circle::new(at, 10, c.stroke_width(3))))?;
            } else {
                chart.draw_series(std::iter::once(Circle::new(at, 10, c.filled())))?;
            }
            chart.draw_series(std::iter::once(
                EmptyElement::at(at)
                    + Text::new(
                        p.number.to_string(),
                        (12, -12),
                        bold(LABEL - 4.0)
                            .color(&c)
                            .pos(Pos::new(HPos::Left, VPos::Bottom)),
                    ),
            ))?;
        }
        // The key: one line per point (the frontier's only, when there are many).
        let listed: Vec<usize> = if self.points.len() <= KEY_LINES {
            (0..self.points.len()).collect()
        } else {
            (0..self.points.len())
                .filter(|&i| {
                    matches!(
                        standing[i],
                        Standing::Optimal | Standing::NotDistinguishable
                    ) || self.points[i].cheapest
                })
                .take(KEY_LINES)
                .collect()
        };
        let size = if listed.len() > 18 { 16.0 } else { 19.0 };
        let line_h = (size * 1.45) as i32;
        let mut y = 30;
        if listed.len() < self.points.len() {
            key.draw(&Text::new(
                format!(
                    "{} of {} points: the frontier's",
                    listed.len(),
                    self.points.len()
                ),
                (10, y),
                bold(size).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            y += line_h;
        }
        let currency = &self.money.currency;
        for i in listed {
            let p = &self.points[i];
            let c = colour(standing[i]);
            let head = format!("{}", p.number);
            key.draw(&Text::new(
                head,
                (10, y),
                bold(size).color(&c).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            let mut line = format!(
                "{}: {}, {}",
                p.label,
                money(p.cost, currency),
                pct(p.recommend_rate)
            );
            if p.cheapest {
                line.push_str(" (cheapest meeting targets)");
            }
            key.draw(&Text::new(
                line,
                (52, y),
                text(size).pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
            y += line_h;
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
            number: 0,
            label: label.into(),
            cost,
            cost_ci: (cost, cost),
            recommend_rate: r,
            recommend_ci: (r, r),
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

    #[test]
    fn optimal_only_where_the_intervals_tell_the_plans_apart() {
        let p = |cost: f64, r: f64, half: f64| FrontierPoint {
            number: 0,
            label: String::new(),
            cost,
            cost_ci: (cost - 10.0, cost + 10.0),
            recommend_rate: r,
            recommend_ci: (r - half, r + half),
            sustainable: true,
            meets_targets: None,
            cheapest: false,
        };
        // Cheap, middle and dear plans, each clearly better recommended than the cheaper.
        let clear = [
            p(100.0, 0.40, 0.01),
            p(200.0, 0.45, 0.01),
            p(300.0, 0.50, 0.01),
        ];
        assert_eq!(standings(&clear), [Standing::Optimal; 3]);
        // 0.1 pp apart with 2 pp intervals: the dearer one cannot be told apart from the
        // cheaper; the cheaper stays optimal (nothing cheaper could beat it).
        let close = [
            p(100.0, 0.400, 0.02),
            p(200.0, 0.401, 0.02),
            p(300.0, 0.30, 0.01),
        ];
        assert_eq!(
            standings(&close),
            [
                Standing::Optimal,
                Standing::NotDistinguishable,
                Standing::Dominated
            ]
        );
        // An unknown interval (one replication) leaves room for anything: the cheapest
        // stays optimal (nothing could cost less), the next cannot be told from it.
        let mut unknown = clear.to_vec();
        unknown[0].recommend_ci = (f64::NAN, f64::NAN);
        assert_eq!(
            standings(&unknown)[..2],
            [Standing::Optimal, Standing::NotDistinguishable]
        );
        unknown[0].cost_ci = (f64::NAN, f64::NAN);
        assert_eq!(standings(&unknown)[0], Standing::NotDistinguishable);
        // Costs overlapping: the cheaper by the mean may cost as much as the better
        // recommended one, which stays optimal.
        let costs_close = [p(100.0, 0.40, 0.01), p(105.0, 0.45, 0.01)];
        assert_eq!(
            standings(&costs_close),
            [Standing::NotDistinguishable, Standing::Optimal]
        );
    }
}
