//! The verdicts on a scenario's targets in a report: a badge per verdict (meets, misses,
//! too close to call), the overall headline, and a row per target with its value and the
//! half-width of its confidence interval. The run report opens with them; the comparison
//! and sweep reports use the badges for their rankings.

use std::fmt::Write as _;

use super::page::escape;
use crate::results::Ranking;
use crate::targets::{Status, Verdicts};

/// The style of the badges and the verdict tables, added to a page that shows verdicts.
pub(crate) const CSS: &str = r#"
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 13px; font-weight: 600; white-space: nowrap; color: #fff; background: #757575; }
.badge.meets { background: #2e7d32; }
.badge.misses { background: #c62828; }
.badge.too_close { background: #f9a825; color: #212121; }
.targets .verdict { font-size: 17px; font-weight: 600; margin: 6px 0; }
.targets ul { margin: 0; padding-left: 0; list-style: none; }
tr.cheapest td { background: #edf7ee; }
table.ranking td.plan { white-space: nowrap; font-weight: 600; }
table.ranking td.headline, table.ranking td.num { white-space: nowrap; }
table.by-plan .v { white-space: nowrap; }
@media print { .badge, tr.cheapest td { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"#;

/// The overall verdict: meets when every target meets, misses when any misses, too close
/// to call when some cannot be told apart from their target, no data otherwise.
pub(crate) fn overall(v: &Verdicts) -> Status {
    if v.is_empty() {
        Status::NoData
    } else if v.all_met() {
        Status::Meets
    } else if v.missed() > 0 {
        Status::Misses
    } else if v.count(Status::TooClose) > 0 {
        Status::TooClose
    } else {
        Status::NoData
    }
}

/// A verdict as a coloured badge: `meets`, `misses`, `too close to call`, `no data`.
pub(crate) fn badge(status: Status) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        status.key(),
        status.word()
    )
}

/// How a verdict is decided, in one sentence for the page.
pub(crate) fn how(confidence: f64) -> String {
    format!(
        "A target is met when the whole {:.0}% confidence interval of its mean over replications clears it, missed when the mean does not, and too close to call otherwise (more replications would tell). A target in every hour is judged hour by hour of the week.",
        100.0 * confidence
    )
}

/// The section a run report opens with: the overall verdict, then one row per target
/// (badge, target, value ± half-width, the verdict in words). Empty without targets.
pub(crate) fn section(v: &Verdicts, currency: &str) -> String {
    if v.is_empty() {
        return String::new();
    }
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<section id=\"targets\" class=\"targets\" role=\"status\">\n<h2>Targets</h2>\n<p class=\"verdict\">{} {}, at {:.0}% confidence</p>\n<table class=\"targets\">\n<thead><tr><th>verdict</th><th>target</th><th class=\"num\">value ± CI half-width</th><th>in words</th></tr></thead>\n<tbody>",
        badge(overall(v)),
        escape(&v.headline()),
        100.0 * v.confidence
    );
    for item in &v.items {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            badge(item.status),
            escape(&item.target),
            escape(&item.value(currency)),
            escape(&item.sentence)
        );
    }
    let _ = writeln!(
        o,
        "</tbody>\n</table>\n<p class=\"meta\">{}</p>\n</section>",
        escape(&how(v.confidence))
    );
    o
}

/// The targets not met, each with its badge and sentence, as a list (empty when every
/// target meets).
pub(crate) fn not_met(v: &Verdicts) -> String {
    let items: Vec<String> = v
        .items
        .iter()
        .filter(|i| i.status != Status::Meets)
        .map(|i| format!("<li>{} {}</li>", badge(i.status), escape(&i.sentence)))
        .collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("<ul>{}</ul>", items.join(""))
    }
}

/// The section a comparison report opens with: the cheapest plan meeting every target
/// (or that none does), the plans ranked, and each target's verdict by plan. `plans`:
/// each plan's name and verdicts, in plan order; money over `period_min`.
pub(crate) fn ranking_section(
    ranking: &Ranking,
    plans: &[(&str, Option<&Verdicts>)],
    currency: &str,
    period_min: f64,
) -> String {
    let mut o = String::new();
    let cheapest = match &ranking.cheapest_meeting_targets {
        Some(p) => format!(
            "{} Cheapest plan meeting every target: <strong>{}</strong>",
            badge(Status::Meets),
            escape(p)
        ),
        None => format!("{} No plan meets every target", badge(Status::Misses)),
    };
    let _ = writeln!(
        o,
        "<section id=\"targets\" class=\"targets\" role=\"status\">\n<h2>Ranked by the targets</h2>\n<p class=\"verdict\">{cheapest}</p>\n<table class=\"targets ranking\">\n<thead><tr><th class=\"num\">rank</th><th>plan</th><th>verdict</th><th class=\"num\">total cost, {}</th><th>targets not met</th></tr></thead>\n<tbody>",
        escape(&crate::format::period(period_min))
    );
    let of = |name: &str| plans.iter().find(|(n, _)| *n == name).and_then(|(_, v)| *v);
    for (rank, r) in ranking.plans.iter().enumerate() {
        let v = of(&r.plan);
        let status = match v {
            Some(v) => overall(v),
            None if r.meets_targets => Status::Meets,
            None if r.targets_missed > 0 => Status::Misses,
            None => Status::NoData,
        };
        let cheapest = ranking.cheapest_meeting_targets.as_deref() == Some(r.plan.as_str());
        let _ = writeln!(
            o,
            "<tr{}><td class=\"num\">{}</td><td class=\"plan\">{}</td><td class=\"headline\">{} {}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            if cheapest { " class=\"cheapest\"" } else { "" },
            rank + 1,
            escape(&r.plan),
            badge(status),
            escape(&r.headline),
            escape(&crate::format::fmt_value(
                crate::kpi::Unit::Money,
                r.cost_total,
                currency
            )),
            v.map_or_else(String::new, not_met)
        );
    }
    let confidence = plans
        .iter()
        .find_map(|(_, v)| v.map(|v| v.confidence))
        .unwrap_or(crate::scenario::targets::DEFAULT_CONFIDENCE);
    let _ = writeln!(
        o,
        "</tbody>\n</table>\n<p class=\"meta\">Plans meeting every target come first, cheapest first; then the others, by the number of targets they miss, then by cost. Each plan is judged on its own scenario's targets. {}</p>",
        escape(&how(confidence))
    );
    // Each target by plan, in the order the plans first name them.
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for (_, v) in plans {
        for item in v.iter().flat_map(|v| &v.items) {
            if !keys.iter().any(|(k, _)| *k == item.key) {
                keys.push((&item.key, &item.target));
            }
        }
    }
    if !keys.is_empty() {
        o.push_str("<table class=\"targets by-plan\">\n<caption>Each target by plan: the verdict and the value ± its half-width</caption>\n<thead><tr><th>target</th>");
        for (name, _) in plans {
            let _ = write!(o, "<th>{}</th>", escape(name));
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for (key, target) in &keys {
            let _ = write!(o, "<tr><td>{}</td>", escape(target));
            for (_, v) in plans {
                match v.and_then(|v| v.items.iter().find(|i| i.key == *key)) {
                    Some(i) => {
                        let _ = write!(
                            o,
                            "<td>{}<br><span class=\"v\">{}</span></td>",
                            badge(i.status),
                            escape(&i.value(currency))
                        );
                    }
                    None => o.push_str("<td>—</td>"),
                }
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody>\n</table>\n");
    }
    o.push_str("</section>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::targets::{Bound, Estimate, Verdict};

    #[test]
    fn a_section_shows_the_headline_and_a_row_per_target() {
        let item = |key: &str, status, mean| Verdict {
            key: key.into(),
            target: format!("{key} <target>"),
            bound: Bound::AtMost,
            limit: 0.05,
            status,
            estimate: Estimate {
                n: 4,
                mean,
                half_width: 0.005,
            },
            hours: Vec::new(),
            sentence: format!("{} {key}", status.word()),
        };
        let v = Verdicts {
            confidence: 0.95,
            items: vec![
                item("max_abandonment", Status::Misses, 0.057),
                item("max_ignored", Status::Meets, 0.01),
            ],
        };
        let html = section(&v, "USD");
        assert!(html.contains("<span class=\"badge misses\">misses</span> misses 1 of 2 targets, at 95% confidence"), "{html}");
        assert!(html.contains("max_abandonment &lt;target&gt;"), "{html}");
        assert!(html.contains("5.7% ± 0.5 pp"), "{html}");
        assert_eq!(html.matches("<tr><td><span class=\"badge").count(), 2);
        assert!(
            not_met(&v).contains("misses max_abandonment") && !not_met(&v).contains("max_ignored")
        );
        assert_eq!(section(&Verdicts::default(), "USD"), "");
        assert_eq!(overall(&Verdicts::default()), Status::NoData);
    }
}
