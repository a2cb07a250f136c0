//! The points table of the sweep report: the decisions and the headline KPIs of every
//! point, in [`table_order`], narrow enough for a page; every column (the assumptions'
//! values, the targets' verdicts in words) in a collapsible block below it.

use std::fmt::Write as _;

use super::figures::{role, standings};
use super::{Folder, Point, cheapest, show, table_order, targets_badge};
use crate::format::fmt_mean_ci;
use crate::kpi::{Unit, label_of, unit_of};
use crate::report::charts::Standing;
use crate::report::html::escape;
use crate::sustain::Verdict;
use crate::sweep::Role;

/// The section of the points: the narrow table, the wide one folded away when it shows
/// more, and why points are unsustainable or miss targets.
pub(super) fn section(f: &Folder) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<section id=\"points\">\n<h2>The points</h2>\n<p>Mean ± half-width of the 95% confidence interval{}. The points meeting every target come first, then by the number of targets missed (without targets: the sustainable ones first), each group cheapest first. Rows marked ◆ are Pareto-optimal: no other sustainable point facing the same assumptions costs less and recommends more, beyond the 95% confidence intervals; rows on the frontier of the means that the intervals cannot tell apart say so. An unsustainable point (its backlog grows or never empties, so its KPIs depend on how long the run was) is never optimal; the reasons are listed below the table. Every point's values are in <code>points.csv</code>.</p>",
        match f.money.unit() {
            u if u.is_empty() => String::new(),
            u => format!("; money in {}", escape(&u)),
        }
    );
    let decisions: Vec<usize> = (0..f.parameters.len())
        .filter(|&i| role(&f.parameters[i]) == Role::Decision)
        .collect();
    let all: Vec<usize> = (0..f.parameters.len()).collect();
    // Without a decision to show, the parameters are what tells the points apart.
    let narrow = if decisions.is_empty() {
        &all
    } else {
        &decisions
    };
    o.push_str(&table(f, narrow, false));
    if narrow.len() < all.len() || f.targets.is_some() {
        let _ = writeln!(
            o,
            "<details class=\"all-columns\">\n<summary>Every column: the assumptions' values{}</summary>",
            if f.targets.is_some() {
                " and each point's targets in words"
            } else {
                ""
            }
        );
        o.push_str(&table(f, &all, true));
        let _ = writeln!(o, "</details>");
    }
    let (mut why, mut missed) = (Vec::new(), Vec::new());
    for i in table_order(f) {
        let p = &f.points[i];
        match &p.verdict {
            Some(Verdict::Unsustainable { reasons }) => {
                why.push(format!(
                    "Point {}: {}.",
                    p.index,
                    escape(&reasons.join("; "))
                ));
            }
            Some(Verdict::NotAssessed { reason }) if !reason.is_empty() => {
                why.push(format!("Point {}: {}.", p.index, escape(reason)));
            }
            _ => {}
        }
        if let Some(t) = p.targets.as_ref().filter(|t| !t.not_met.is_empty()) {
            missed.push(format!(
                "Point {}: {}.",
                p.index,
                escape(&t.not_met.join("; "))
            ));
        }
    }
    for list in [&why, &missed] {
        if !list.is_empty() {
            let _ = writeln!(o, "<ul class=\"note\">");
            for w in list {
                let _ = writeln!(o, "<li>{w}</li>");
            }
            let _ = writeln!(o, "</ul>");
        }
    }
    let _ = writeln!(o, "</section>");
    o
}

/// The table of the points over the parameters `shown`, in [`table_order`]; `wide` adds
/// the targets' verdicts in words.
fn table(f: &Folder, shown: &[usize], wide: bool) -> String {
    let mut o = String::new();
    let front = standings(f);
    let _ = write!(
        o,
        "<table class=\"points{}\">\n<thead><tr><th>point</th>",
        if wide { " wide" } else { "" }
    );
    for &i in shown {
        let _ = write!(o, "<th>{}</th>", escape(&f.parameters[i].name));
    }
    let _ = write!(o, "<th>Sustainable</th>");
    if f.targets.is_some() {
        let _ = write!(o, "<th>Targets</th>");
    }
    for k in crate::kpi::HEADLINE {
        let unit = match (unit_of(k), f.money.unit()) {
            (Unit::Money, u) if !u.is_empty() => format!(" ({u})"),
            _ => String::new(),
        };
        let _ = write!(
            o,
            "<th class=\"num\">{}{}</th>",
            escape(&label_of(k)),
            escape(&unit)
        );
    }
    let _ = writeln!(o, "<th>Pareto-optimal</th></tr></thead>\n<tbody>");
    for i in table_order(f) {
        let (p, best) = (&f.points[i], &front[i]);
        row(&mut o, f, p, best, shown, wide);
    }
    let _ = writeln!(o, "</tbody>\n</table>");
    o
}

/// One point's row of [`table`].
fn row(o: &mut String, f: &Folder, p: &Point, best: &Standing, shown: &[usize], wide: bool) {
    let on_front = matches!(best, Standing::Optimal | Standing::NotDistinguishable);
    let class = match (cheapest(f) == Some(p.index), on_front) {
        (true, _) => " class=\"cheapest\"",
        (false, true) => " class=\"pareto\"",
        (false, false) => "",
    };
    let _ = write!(o, "<tr{class}><td class=\"num\">{}</td>", p.index);
    for &i in shown {
        let v = p.values.get(i).map_or_else(|| "—".to_string(), show);
        let _ = write!(o, "<td>{}</td>", escape(&v));
    }
    let status = match &p.verdict {
        Some(Verdict::Sustainable) => "yes",
        Some(Verdict::Unsustainable { .. }) => "<b>no</b>",
        Some(Verdict::NotAssessed { .. }) => "n/a",
        None => "?",
    };
    let _ = write!(o, "<td>{status}</td>");
    if f.targets.is_some() {
        let t = p.targets.as_ref();
        let words = if wide {
            t.map_or("", |t| t.headline.as_str())
        } else {
            ""
        };
        let _ = write!(
            o,
            "<td>{}</td>",
            format!("{} {}", targets_badge(t), escape(words)).trim_end()
        );
    }
    for k in crate::kpi::HEADLINE {
        let kind = unit_of(k);
        let cell = p.kpi(k).map_or_else(
            || "n/a".to_string(),
            |e| {
                let half = (e.ci95_high - e.ci95_low) / 2.0;
                fmt_mean_ci(kind, e.mean, half, &f.money.currency)
            },
        );
        let _ = write!(o, "<td class=\"num\">{}</td>", escape(&cell));
    }
    let mark = match best {
        Standing::Optimal => "◆",
        Standing::NotDistinguishable => "not distinguishable",
        Standing::Dominated | Standing::NotCompared => "",
    };
    let _ = writeln!(o, "<td>{mark}</td></tr>");
}
